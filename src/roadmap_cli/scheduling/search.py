"""Search over activity lists: priority rules, double justification and a genetic algorithm."""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_cli.scheduling.sgs import SgsData, Unplaceable, serial_sgs

Schedule = tuple[int, list[int], list[int]]

STALL = 100
"""Stop after this many evaluations in a row that find no new schedule (small search spaces)."""

import os
POPULATION = int(os.environ.get("GA_POP", 30))
MUTATION = float(os.environ.get("GA_MUT", 0.05))
SPREAD = float(os.environ.get("GA_SPREAD", 4))
RESTART = int(os.environ.get("GA_RESTART", 10**9))
KEEP = int(os.environ.get("GA_KEEP", 1))


@dataclass(frozen=True)
class Model:
    """A levelling problem compiled for search; tasks are indices, `free` the movable ones."""

    forward: SgsData
    backward: SgsData
    free: list[int]
    rank: list[int]
    succ: list[list[int]]
    indeg: list[int]
    back_succ: list[list[int]]
    back_indeg: list[int]
    needs_repair: bool
    lower_bound: int
    priorities: list[list[float]]


class Budget:
    """Deterministic effort allowance in SGS work units, with a wall-clock safety net."""

    def __init__(self, allowance: int, deadline: float) -> None:
        self.allowance = allowance
        self.deadline = deadline
        self.used = 0
        self.passes = 0
        self.work_per_pass = 0

    def charge(self, work: int) -> None:
        """Record one SGS pass of `work` units."""
        self.used += work
        self.passes += 1
        self.work_per_pass = max(self.work_per_pass, work)

    def allows(self, passes: int) -> bool:
        """True when `passes` more SGS passes fit in the allowance and the deadline."""
        return self.used + passes * self.work_per_pass <= self.allowance and time.perf_counter() < self.deadline


def priority_order(succ: list[list[int]], indeg: list[int], tasks: Sequence[int], key: Sequence[float]) -> list[int]:
    """Topological order of `tasks` taking the smallest key (then index) among ready tasks."""
    deg = list(indeg)
    ready = [(key[j], j) for j in tasks if deg[j] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    pop, push = heapq.heappop, heapq.heappush
    while ready:
        j = pop(ready)[1]
        order.append(j)
        for s in succ[j]:
            deg[s] -= 1
            if deg[s] == 0:
                push(ready, (key[s], s))
    return order


def _sorted_order(model: Model, key: list[int], backward: bool) -> list[int]:
    """Tasks by ascending `key`, ties by topological rank, repaired into a topological order."""
    rank = model.rank
    if backward:
        order = sorted(model.free, key=lambda j: (key[j], -rank[j]))
    else:
        order = sorted(model.free, key=lambda j: (key[j], rank[j]))
    if not model.needs_repair:
        return order
    pos = [0] * len(rank)
    for i, j in enumerate(order):
        pos[j] = i
    if backward:
        return priority_order(model.back_succ, model.back_indeg, model.free, pos)
    return priority_order(model.succ, model.indeg, model.free, pos)


def evaluate(model: Model, order: list[int], budget: Budget) -> tuple[Schedule, list[int]] | None:
    """Forward SGS then double justification while it helps; the schedule and its activity list."""
    try:
        start, fin, work = serial_sgs(model.forward, order)
    except Unplaceable:
        return None
    budget.charge(work)
    best: Schedule = (max(fin, default=0), start, fin)
    while best[0] > model.lower_bound and budget.allows(2):
        fin = best[2]
        back = serial_sgs(model.backward, _sorted_order(model, [-f for f in fin], True))
        budget.charge(back[2])
        try:
            res = serial_sgs(model.forward, _sorted_order(model, [-f for f in back[1]], False))
        except Unplaceable:
            break
        budget.charge(res[2])
        if max(res[1], default=0) >= best[0]:
            break
        best = (max(res[1], default=0), res[0], res[1])
    return best, _sorted_order(model, best[1], False)


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


def _sample(model: Model, base: list[float], spread: float, rng: random.Random) -> list[int]:
    """Activity list from a priority rule with random noise of width `spread` on each key."""
    key = list(base)
    for j in model.free:
        key[j] += spread * rng.random()
    return priority_order(model.succ, model.indeg, model.free, key)


def search(model: Model, budget: Budget, seed: int) -> Schedule | None:
    """Best schedule found by priority rules, biased sampling and a GA with justification."""
    best: Schedule | None = None
    population: list[tuple[int, int, list[int]]] = []
    seen: set[tuple[int, ...]] = set()
    counter = stale = 0

    def consider(order: list[int]) -> bool:
        """Evaluate `order`; True when the search should stop (lower bound reached or stalled)."""
        nonlocal best, counter, stale
        got = evaluate(model, order, budget)
        stale += 1
        if got is None:
            return stale >= STALL
        sched, genotype = got
        if best is None or sched[0] < best[0]:
            best = sched
        key = tuple(sched[1])
        if key not in seen:
            seen.add(key)
            population.append((sched[0], counter, genotype))
            counter += 1
            stale = 0
        return sched[0] <= model.lower_bound or stale >= STALL

    for prio in model.priorities:
        if (best is not None and not budget.allows(1)) or consider(priority_order(model.succ, model.indeg, model.free, prio)):
            return best
    rng = random.Random(seed)
    lft = model.priorities[0]
    spread = max(1.0, (max(lft) - min(lft)) / SPREAD) if lft else 1.0
    succ_sets = [set(s) for s in model.succ]
    n = len(model.free)
    while budget.allows(3):
        while len(population) < POPULATION and budget.allows(3):
            if consider(_sample(model, lft, spread, rng)):
                return best
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
                        return best
                    child = _crossover(a, b, q1, q2)
                    _mutate(child, succ_sets, MUTATION, rng)
                    if consider(child):
                        return best
            population.sort()
            idle = idle + 1 if population[0][0] >= before else 0
        population.sort()
        del population[KEEP:]
    return best
