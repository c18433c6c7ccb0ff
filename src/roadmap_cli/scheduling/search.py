"""Search over activity lists: priority rules, double justification and a genetic algorithm."""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from functools import cached_property

from roadmap_cli.scheduling.graph import Graph
from roadmap_cli.scheduling.sgs import SgsData, Unplaceable, serial_sgs

Schedule = tuple[int, list[int], list[int]]

STALL = 100
"""Stop after this many evaluations in a row that find no new schedule (small search spaces)."""

POPULATION = 30
"""Genetic algorithm population size."""

MUTATION = 0.1
"""Probability of swapping each pair of unrelated neighbours in a child's activity list."""

RESTART = 20
"""Generations without a better best schedule before the population is re-seeded."""

KEEP = 5
"""Best individuals kept across a re-seeding."""


MTS_LIMIT = 3000
"""Above this many tasks the most-total-successors rule (quadratic memory) is skipped."""


class Model:
    """A levelling problem compiled for search; tasks are indices, `free` the movable ones.

    The mirrored problem (for right-justification) and the priority rules after LFT are built
    on first use, so a big problem whose budget allows only one pass never pays for them.
    """

    def __init__(
        self,
        graph: Graph,
        forward: SgsData,
        free: list[int],
        succ: list[list[int]],
        needs_repair: bool,
        lower_bound: int,
        cpm: tuple[list[int], list[int], list[int]],
    ) -> None:
        self.graph = graph
        self.forward = forward
        self.free = free
        self.succ = succ
        self.indeg = [0] * len(succ)
        for targets in succ:
            for s in targets:
                self.indeg[s] += 1
        self.rank = [0] * len(succ)
        for r, i in enumerate(graph.order):
            self.rank[i] = r
        self.needs_repair = needs_repair
        self.es, self.ls, self.lft = cpm
        self.lower_bound = max(lower_bound, self.energy_bound())

    def energy_bound(self) -> int:
        """The largest `energy_bound` over the renewable resources, for the movable tasks' heads (CPM earliest starts) and tails."""
        data, tail = self.forward, tails(self.graph)
        users: list[list[int]] = [[] for _ in data.capacities]
        for j in self.free:
            for r, _ in data.demands[j]:
                users[r].append(j)
        lower = 0
        for r, tasks in enumerate(users):
            if tasks and data.capacities[r] > 0:
                work = [next(q for s, q in data.demands[j] if s == r) * data.span[j] for j in tasks]
                lower = max(lower, energy_bound([self.es[j] for j in tasks], [tail[j] for j in tasks], work, data.capacities[r]))
        return lower

    @cached_property
    def rules(self) -> list[list[int]]:
        """Keys (smaller first) of the LST, GRPW, minimum slack and MTS priority rules."""
        span, succ = self.forward.span, self.succ
        rules = [
            self.ls,
            [-(span[j] + sum(span[s] for s in succ[j])) for j in range(len(succ))],
            [a - b for a, b in zip(self.ls, self.es)],
        ]
        if len(succ) <= MTS_LIMIT:
            reach = [0] * len(succ)
            for i in reversed(self.graph.order):
                bits = 0
                for s in succ[i]:
                    bits |= reach[s] | (1 << s)
                reach[i] = bits
            rules.append([-b.bit_count() for b in reach])
        return rules

    @cached_property
    def backward(self) -> tuple[SgsData, list[list[int]], list[int]]:
        """SGS data and eligibility graph (successors, in-degrees) of the mirrored problem.

        Releases, fixed tasks and budgets are left out: right-justified schedules only
        propose activity lists, which the forward pass then schedules under every constraint.
        """
        graph, n = self.graph, len(self.succ)
        fixed = graph.fixed
        zero: list[list[int]] = [[] for _ in range(n)]
        lagged: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        back_succ: list[list[int]] = [[] for _ in range(n)]
        for p in self.free:
            for s, lag in zip(graph.succ[p], graph.succ_lag[p]):
                if not fixed[s]:
                    back_succ[s].append(p)
                    if lag:
                        lagged[p].append((s, lag))
                    else:
                        zero[p].append(s)
        for target, members, _ in graph.quorums:
            if not fixed[target]:
                for m in members:
                    if not fixed[m]:
                        back_succ[target].append(m)
                        zero[m].append(target)
        indeg = [0] * n
        for targets in back_succ:
            for s in targets:
                indeg[s] += 1
        data = SgsData(
            release=[0] * n,
            span=self.forward.span,
            zero_preds=zero,
            lag_preds=lagged,
            quorums_of=[[]] * n,
            demands=self.forward.demands,
            capacities=self.forward.capacities,
            base=[[] for _ in self.forward.capacities],
            origin=0,
            budget_demands=[[]] * n,
            budget_periods=[],
            base_budget=[],
            start0=[0] * n,
            finish0=[0] * n,
            placement_work=len(self.free) + sum(len(z) + len(g) for z, g in zip(zero, lagged)),
        )
        return data, back_succ, indeg


def tails(graph: Graph) -> list[int]:
    """Days that must follow each task's finish in any schedule: its longest chain of movable successors (plain precedences only)."""
    span, fixed = graph.span, graph.fixed
    tail = [0] * len(span)
    for i in reversed(graph.order):
        for s, lag in zip(graph.succ[i], graph.succ_lag[i]):
            if not fixed[s]:
                tail[i] = max(tail[i], lag + span[s] + tail[s])
    return tail


def energy_bound(heads: Sequence[int], tail: Sequence[int], energies: Sequence[int], capacity: int) -> int:
    """The largest a + b + ceil(E / capacity) over thresholds a, b, where E is the work of the tasks with head >= a and tail >= b.

    Those tasks all run between day a and b days before the finish, on a resource of `capacity` per day.
    One sweep over heads, descending, with a segment tree over the distinct tails holding b * capacity + E(b):
    O(n log n).
    """
    values = sorted(set(tail))
    pos = {t: i for i, t in enumerate(values)}
    size = 1
    while size < len(values):
        size *= 2
    low = -(1 << 62)
    best = [low] * (2 * size)
    pending = [0] * (2 * size)
    best[size : size + len(values)] = [t * capacity for t in values]
    for node in range(size - 1, 0, -1):
        best[node] = max(best[2 * node], best[2 * node + 1])

    def add(node: int, lo: int, hi: int, last: int, amount: int) -> None:
        """Add `amount` to leaves 0..last under `node`, which spans leaves lo..hi."""
        if hi <= last:
            best[node] += amount
            pending[node] += amount
            return
        mid = (lo + hi) // 2
        add(2 * node, lo, mid, last, amount)
        if mid < last:
            add(2 * node + 1, mid + 1, hi, last, amount)
        best[node] = max(best[2 * node], best[2 * node + 1]) + pending[node]

    def peak(node: int, lo: int, hi: int, last: int) -> int:
        """Largest leaf among 0..last under `node`, which spans leaves lo..hi."""
        if hi <= last:
            return best[node]
        mid = (lo + hi) // 2
        found = peak(2 * node, lo, mid, last)
        if mid < last:
            found = max(found, peak(2 * node + 1, mid + 1, hi, last))
        return found + pending[node]

    lower = top = 0
    order = sorted(range(len(heads)), key=lambda j: -heads[j])
    for k, j in enumerate(order):
        add(1, 0, size - 1, pos[tail[j]], energies[j])
        top = max(top, pos[tail[j]])
        if k + 1 == len(order) or heads[order[k + 1]] != heads[j]:
            lower = max(lower, heads[j] - (-peak(1, 0, size - 1, top) // capacity))
    return lower


class Budget:
    """Deterministic effort allowance in SGS work units: the only thing that stops the search.

    The allowance is `effort` times the larger of `work_per_effort` units and `passes_per_effort`
    times the work of the first pass, so a big roadmap still gets a number of improvement passes
    that grows with the effort. No clock is read: the same problem and effort give the same plan.
    """

    def __init__(self, effort: int, work_per_effort: int, passes_per_effort: int) -> None:
        self.effort = effort
        self.work_per_effort = work_per_effort
        self.passes_per_effort = passes_per_effort
        self.allowance = effort * work_per_effort
        self.used = 0
        self.passes = 0
        self.work_per_pass = 0

    def charge(self, work: int) -> None:
        """Record one SGS pass of `work` units."""
        if self.passes == 0:
            self.allowance = self.effort * max(self.work_per_effort, self.passes_per_effort * work)
        self.used += work
        self.passes += 1
        self.work_per_pass = max(self.work_per_pass, work)

    def allows(self, passes: int) -> bool:
        """True when `passes` more SGS passes fit in the allowance."""
        return self.used + passes * self.work_per_pass <= self.allowance


def priority_order(succ: list[list[int]], indeg: list[int], tasks: Sequence[int], key: Sequence[float] | Sequence[int], rank: Sequence[int]) -> list[int]:
    """Topological order of `tasks` taking the smallest key (then topological rank) among ready tasks.

    Ties go by `rank`, a position in the id-ordered topological order, never by task index: the
    same roadmap gives the same plan whatever order its tasks were listed in.
    """
    deg = list(indeg)
    ready = [(key[j], rank[j], j) for j in tasks if deg[j] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    pop, push = heapq.heappop, heapq.heappush
    while ready:
        j = pop(ready)[2]
        order.append(j)
        for s in succ[j]:
            deg[s] -= 1
            if deg[s] == 0:
                push(ready, (key[s], rank[s], s))
    return order


def _sorted_order(model: Model, key: list[int], backward: bool) -> list[int]:
    """Tasks by ascending `key`, ties by topological rank, repaired into a topological order."""
    rank = model.rank
    sign = -1 if backward else 1
    order = sorted(model.free, key=lambda j: (key[j], sign * rank[j]))
    if not model.needs_repair:
        return order
    pos = [0] * len(rank)
    for i, j in enumerate(order):
        pos[j] = i
    if backward:
        _, back_succ, back_indeg = model.backward
        return priority_order(back_succ, back_indeg, model.free, pos, rank)
    return priority_order(model.succ, model.indeg, model.free, pos, rank)


def evaluate(model: Model, order: list[int], budget: Budget) -> Schedule:
    """Forward SGS, then one double justification (a backward pass, then a forward pass), keeping the shorter.

    One justification per list, not repeated while it helps: the later rounds rarely gain, and the
    passes they cost buy more lists (J30 at the default effort: 467 optima of 480 instead of 460).
    Raises Unplaceable when the forward pass cannot place a task within its budgets.
    """
    start, fin, work = serial_sgs(model.forward, order)
    budget.charge(work)
    best: Schedule = (max(fin, default=0), start, fin)
    if best[0] <= model.lower_bound or not budget.allows(2):
        return best
    back = serial_sgs(model.backward[0], _sorted_order(model, [-f for f in fin], True))
    budget.charge(back[2])
    try:
        res = serial_sgs(model.forward, _sorted_order(model, [-f for f in back[1]], False))
    except Unplaceable:
        return best
    budget.charge(res[2])
    if max(res[1], default=0) < best[0]:
        best = (max(res[1], default=0), res[0], res[1])
    return best


def objective(model: Model, sched: Schedule) -> tuple[int, int]:
    """What levelling minimises, in this order: the makespan, then the total delay (days movable tasks start after their CPM earliest start)."""
    es, start = model.es, sched[1]
    return sched[0], sum(start[j] - es[j] for j in model.free)


def _crossover(mother: list[int], father: list[int], q1: int, q2: int) -> list[int]:
    """Two-point crossover on activity lists (Hartmann 1998); keeps precedence feasibility."""
    child = mother[:q1]
    taken = set(child)
    for j in father:
        if len(child) >= q2:
            break
        if j not in taken:
            child.append(j)
            taken.add(j)
    child.extend(j for j in mother if j not in taken)
    return child


def _mutate(order: list[int], succ_sets: list[set[int]], rate: float, rng: random.Random) -> None:
    """Swap neighbours that are not precedence-related, each with probability `rate`."""
    for i in range(len(order) - 1):
        if rng.random() < rate and order[i + 1] not in succ_sets[order[i]]:
            order[i], order[i + 1] = order[i + 1], order[i]


def _sample(model: Model, base: list[int], spread: float, rng: random.Random) -> list[int]:
    """Activity list from a priority rule with random noise of width `spread` on each key."""
    key = [float(v) for v in base]
    for j in model.free:
        key[j] += spread * rng.random()
    return priority_order(model.succ, model.indeg, model.free, key, model.rank)


class _Search:
    """State of one search: best schedule, GA population and the schedules already seen."""

    def __init__(self, model: Model, budget: Budget, seed: int) -> None:
        self.model = model
        self.budget = budget
        self.rng = random.Random(seed)
        self.best: Schedule | None = None
        self.best_key = (0, 0)
        self.failure: Unplaceable | None = None
        self.population: list[tuple[int, int, list[int]]] = []
        self.seen: set[tuple[int, ...]] = set()
        self.stale = 0

    def consider(self, order: list[int]) -> bool:
        """Evaluate `order`; True when the search should stop (lower bound reached or stalled)."""
        self.stale += 1
        try:
            sched = evaluate(self.model, order, self.budget)
        except Unplaceable as exc:
            self.failure = self.failure or exc
            return self.stale >= STALL
        if self.best is None or sched[0] < self.best[0]:
            sched = self.justified(sched)
        score = objective(self.model, sched)
        if self.best is None or score < self.best_key:
            self.best, self.best_key = sched, score
        key = tuple(sched[1])
        if key not in self.seen:
            self.seen.add(key)
            self.stale = 0
            if self.budget.allows(3):
                self.population.append((sched[0], len(self.seen), _sorted_order(self.model, sched[1], False)))
        return sched[0] <= self.model.lower_bound or self.stale >= STALL

    def justified(self, sched: Schedule) -> Schedule:
        """`sched` after more rounds of double justification while they shorten it (for a new best only: they rarely gain)."""
        model = self.model
        while sched[0] > model.lower_bound and self.budget.allows(3):
            try:
                again = evaluate(model, _sorted_order(model, sched[1], False), self.budget)
            except Unplaceable:
                return sched
            if again[0] >= sched[0]:
                return sched
            sched = again
        return sched

    def run(self) -> None:
        """Priority rules, then a GA seeded by biased sampling and re-seeded when it stagnates."""
        model, budget, rng, population = self.model, self.budget, self.rng, self.population
        if self.consider(priority_order(model.succ, model.indeg, model.free, model.lft, model.rank)):
            return
        for prio in model.rules:
            if not budget.allows(1) or self.consider(priority_order(model.succ, model.indeg, model.free, prio, model.rank)):
                return
        lft = model.lft
        spread = max(1.0, max(lft) - min(lft))
        succ_sets = [set(s) for s in model.succ]
        n = len(model.free)
        while budget.allows(3):
            while len(population) < POPULATION and budget.allows(3):
                if self.consider(_sample(model, lft, spread, rng)):
                    return
            idle = 0
            while len(population) >= 2 and idle < RESTART and budget.allows(3):
                population.sort()
                del population[POPULATION:]
                before = population[0][0]
                parents = [p[2] for p in population]
                rng.shuffle(parents)
                for mother, father in zip(parents[::2], parents[1::2]):
                    q1, q2 = sorted((rng.randrange(n + 1), rng.randrange(n + 1)))
                    for a, b in ((mother, father), (father, mother)):
                        if not budget.allows(3):
                            return
                        child = _crossover(a, b, q1, q2)
                        _mutate(child, succ_sets, MUTATION, rng)
                        if self.consider(child):
                            return
                population.sort()
                idle = idle + 1 if population[0][0] >= before else 0
            population.sort()
            del population[KEEP:]


def search(model: Model, budget: Budget, seed: int) -> Schedule:
    """Best schedule found by priority rules, biased sampling and a GA with justification.

    Raises Unplaceable when no order tried lets the budgets pay for every task.
    """
    state = _Search(model, budget, seed)
    state.run()
    if state.best is None:
        assert state.failure is not None
        raise state.failure
    return state.best
