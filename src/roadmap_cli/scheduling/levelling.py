"""Resource levelling: a resource-feasible schedule, why tasks waited, and a schedule checker."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import compress, count
from math import ceil

from roadmap_cli.collector import collector_paused
from roadmap_cli.scheduling.cpm import backward_pass, forward_pass
from roadmap_cli.scheduling.graph import Graph, compile_graph
from roadmap_cli.scheduling.model import Problem, Resource
from roadmap_cli.scheduling.search import Budget, Model, Schedule, objective, priority_order, search
from roadmap_cli.scheduling.sgs import SgsData, Unplaceable, _first_fit, budget_charges, budget_pays, serial_sgs
from roadmap_cli.vocabulary import DEFAULT_EFFORT, MAX_EFFORT

WORK_PER_EFFORT = 150_000
"""SGS work units each step of effort buys at least (about 0.1 s of CPU on the reference machine)."""

PASSES_PER_EFFORT = 3
"""SGS passes (of the first pass's work) each step of effort buys at least, so big roadmaps search too."""

SHIFT_WORK_PER_EFFORT = 150_000
"""SGS work units each step of effort buys, after the search, for later starts of budget-paid work (when any)."""

DELAY_WORK_PER_EFFORT = 15_000
"""SGS work units each step of effort buys, after the search, for less total delay at the same finish."""

SHIFT_CANDIDATES = 16
"""Later starts tried per task and period boundary before refining around the best of them, one day apart."""


@dataclass(frozen=True, slots=True)
class ResourceDelay:
    """On `days` of the start days `task` waited through, `resource` alone could not hold it."""

    task: str
    resource: str
    days: int


@dataclass(frozen=True, slots=True)
class Levelled:
    """A resource-feasible schedule: start and exclusive finish per task id.

    `delays` lists, per task that starts later than its levelled predecessors allow, each
    resource that blocked some of those start days; `slack` is free slack (see `level`);
    `schedules` counts SGS passes run (0 when nothing demands a resource: the CPM schedule).
    """

    start: Mapping[str, int]
    finish: Mapping[str, int]
    makespan: int
    delays: tuple[ResourceDelay, ...]
    slack: Mapping[str, int]
    schedules: int


class InfeasibleError(ValueError):
    """No schedule keeps a task within a capacity or budget."""

    def __init__(self, task: str, resource: str, message: str) -> None:
        super().__init__(message)
        self.task = task
        self.resource = resource


def _check_resources(problem: Problem) -> dict[str, Resource]:
    """Resources by id after validating capacities, periods and every task's demands."""
    resources: dict[str, Resource] = {}
    for res in problem.resources:
        if res.id in resources:
            raise ValueError(f"duplicate resource id {res.id!r}")
        if res.capacity < 0:
            raise ValueError(f"resource {res.id!r}: negative capacity {res.capacity}")
        if res.periods is not None and (not res.periods or any(a >= b for a, b in zip(res.periods, res.periods[1:]))):
            raise ValueError(f"resource {res.id!r}: periods must be a non-empty strictly increasing tuple")
        resources[res.id] = res
    for task in problem.tasks:
        seen: set[str] = set()
        for rid, amount in task.demands:
            if rid not in resources:
                raise ValueError(f"task {task.id!r}: unknown resource {rid!r}")
            if rid in seen:
                raise ValueError(f"task {task.id!r}: resource {rid!r} demanded twice")
            if amount < 0:
                raise ValueError(f"task {task.id!r}: negative demand {amount} of {rid!r}")
            seen.add(rid)
    return resources


def _reserve(row: list[int], lo: int, hi: int, capacity: int, amount: int) -> None:
    """Take `amount` from a renewable profile on days [lo, hi) (offsets from the origin), growing it as needed."""
    if len(row) < hi:
        row.extend([capacity] * (hi - len(row)))
    row[lo:hi] = [v - amount for v in row[lo:hi]]


@dataclass(slots=True)
class _Demands:
    """The resource side of the forward SGS data: what movable tasks want and what fixed tasks already use."""

    renewable: list[Resource]
    budgets: list[Resource]
    origin: int
    demands: list[list[tuple[int, int]]]
    budget_demands: list[list[tuple[int, int]]]
    base: list[list[int]]
    base_budget: list[list[Fraction]]


def _demands(problem: Problem, graph: Graph, es: list[int], ef: list[int]) -> _Demands:
    """Step 1: each movable task's (resource, amount) pairs; fixed tasks' use taken from the profiles up front."""
    _check_resources(problem)
    renewable = [r for r in problem.resources if r.periods is None]
    budgets = [r for r in problem.resources if r.periods is not None]
    renewable_index = {r.id: i for i, r in enumerate(renewable)}
    budget_index = {r.id: i for i, r in enumerate(budgets)}
    n, span, fixed = len(graph.ids), graph.span, graph.fixed
    out = _Demands(
        renewable,
        budgets,
        min(es, default=0),
        [[] for _ in range(n)],
        [[] for _ in range(n)],
        [[] for _ in renewable],
        [[Fraction(r.capacity)] * len(r.periods or ()) for r in budgets],
    )
    for i, task in enumerate(problem.tasks):
        for rid, amount in task.demands:
            if amount == 0 or (rid in renewable_index and span[i] == 0):
                continue
            if rid in renewable_index:
                r = renewable_index[rid]
                capacity = renewable[r].capacity
                if fixed[i]:
                    _reserve(out.base[r], es[i] - out.origin, ef[i] - out.origin, capacity, amount)
                elif amount > capacity:
                    raise InfeasibleError(task.id, rid, f"task {task.id!r} needs {amount} of {rid!r}, whose capacity is {capacity}")
                else:
                    out.demands[i].append((r, amount))
            elif fixed[i]:
                b = budget_index[rid]
                for period, charge in budget_charges(budgets[b].periods or (), es[i], span[i], amount):
                    out.base_budget[b][period] -= charge
            else:
                out.budget_demands[i].append((budget_index[rid], amount))
    for wants in out.demands:  # tightest resource first: it fails most often, so probes stop sooner
        wants.sort(key=lambda want: -want[1] / renewable[want[0]].capacity)
    return out


@dataclass(slots=True)
class _Links:
    """The constraints among movable tasks, as the SGS reads them, and the search's successor lists."""

    zero_preds: list[list[int]]
    lag_preds: list[list[tuple[int, int]]]
    quorums_of: list[list[tuple[tuple[int, ...], int]]]
    succ: list[list[int]]
    needs_repair: bool


def _links(graph: Graph) -> _Links:
    """Step 2: predecessors of each movable task (plain, lagged, quorums) and successors among movable tasks.

    `needs_repair` says whether a list sorted by a priority rule may not be topological (a negative lag or a
    quorum among movable tasks), so the search must repair its sorted lists.
    """
    n, fixed = len(graph.ids), graph.fixed
    links = _Links([[] for _ in range(n)], [[] for _ in range(n)], [[] for _ in range(n)], [[] for _ in range(n)], False)
    for pred in range(n):
        for succ, lag in zip(graph.succ[pred], graph.succ_lag[pred]):
            if fixed[succ]:
                continue
            if lag == 0:
                links.zero_preds[succ].append(pred)
            else:
                links.lag_preds[succ].append((pred, lag))
            if not fixed[pred]:
                links.succ[pred].append(succ)
                links.needs_repair = links.needs_repair or lag < 0
    for target, members, k in graph.quorums:
        if fixed[target]:
            continue
        links.quorums_of[target].append((members, k))
        for member in members:
            if not fixed[member]:
                links.needs_repair = True
                links.succ[member].append(target)
    return links


def _lower_bound(es: list[int], ef: list[int], free: list[int], any_fixed: bool, demands: _Demands, span: list[int]) -> int:
    """Step 4: a makespan no schedule can beat: the CPM finish, or each resource's total work packed from the first start."""
    lower = max(ef, default=0)
    if not free or any_fixed:
        return lower
    first = min(es[j] for j in free)
    energy = [0] * len(demands.renewable)
    for j in free:
        for r, amount in demands.demands[j]:
            energy[r] += amount * span[j]
    for r, resource in enumerate(demands.renewable):
        if energy[r]:
            lower = max(lower, first - (-energy[r] // resource.capacity))
    return lower


def _compile(problem: Problem, graph: Graph, es: list[int], ef: list[int], ls: list[int], lf: list[int]) -> Model:
    """The search model: resource demands, links among movable tasks, the forward SGS data and a makespan lower bound."""
    demands = _demands(problem, graph, es, ef)
    links = _links(graph)
    fixed, span, n = graph.fixed, graph.span, len(graph.ids)
    free = [i for i in graph.order if not fixed[i]]
    forward = SgsData(  # step 3
        release=list(graph.release),
        span=span,
        zero_preds=links.zero_preds,
        lag_preds=links.lag_preds,
        quorums_of=links.quorums_of,
        demands=demands.demands,
        capacities=[r.capacity for r in demands.renewable],
        base=demands.base,
        origin=demands.origin,
        budget_demands=demands.budget_demands,
        budget_periods=[list(r.periods or ()) for r in demands.budgets],
        base_budget=demands.base_budget,
        start0=[es[i] if fixed[i] else 0 for i in range(n)],
        finish0=[ef[i] if fixed[i] else 0 for i in range(n)],
        placement_work=sum(1 + len(links.zero_preds[j]) + len(links.lag_preds[j]) + sum(len(m) for m, _ in links.quorums_of[j]) for j in free),
        working=graph.working,
        calendar=graph.calendar,
    )
    lower = _lower_bound(es, ef, free, any(fixed), demands, span)
    return Model(graph, forward, free, links.succ, links.needs_repair, lower, (es, ls, lf))


@collector_paused()
def level(problem: Problem, *, effort: int = DEFAULT_EFFORT, seed: int = 0, end: int | None = None) -> Levelled:
    """Resource-constrained schedule of minimal makespan found within a deterministic allowance.

    Fixed tasks stay put and are placed first; where they alone exceed a capacity, other tasks
    wait for what is left. The search stops only when it reaches the makespan lower bound, stalls,
    or spends `effort` times the larger of WORK_PER_EFFORT SGS work units and PASSES_PER_EFFORT
    passes; no clock is read, so a problem, effort and seed always give the same schedule. At
    least one schedule is always built; effort 0 builds only that one. `slack` is each task's free slack: days it can slip
    alone, everything else fixed, staying feasible and finishing by `end` (default: the
    makespan). Raises ValueError on bad input or a cycle and InfeasibleError when a demand
    exceeds a capacity or no start lets a budget pay.
    """
    if not 0 <= effort <= MAX_EFFORT:
        raise ValueError(f"effort must be 0 (one priority-rule pass) to {MAX_EFFORT}, got {effort}")
    graph = compile_graph(problem)
    es, ef = forward_pass(graph)
    finish = max(ef, default=0)
    ls, lf = backward_pass(graph, ef, finish)
    model = _compile(problem, graph, es, ef, ls, lf)
    if not any(model.forward.demands) and not any(model.forward.budget_demands):
        start, fin, passes = es, ef, 0
    else:
        budget = Budget(effort, WORK_PER_EFFORT, PASSES_PER_EFFORT)
        try:
            best = search(model, budget, seed)
        except Unplaceable as exc:
            tid = graph.ids[exc.task]
            rid = [r for r in problem.resources if r.periods is not None][exc.budget].id
            raise InfeasibleError(tid, rid, f"task {tid!r}: budget {rid!r} cannot pay for it in any period") from None
        passes = budget.passes
        if effort:
            release = list(model.forward.release)
            if any(model.forward.budget_demands):
                shifts = Budget(effort, SHIFT_WORK_PER_EFFORT, 1)
                best, release = _shift_budget_work(model, shifts, best)
                passes += shifts.passes
            reorders = Budget(effort, DELAY_WORK_PER_EFFORT, 0)
            best = _less_delay(model, reorders, best, release)
            passes += reorders.passes
            if release != model.forward.release:
                best = _left_justified(model, best)
        _, start, fin = best
    makespan = max(fin, default=0)
    horizon = makespan if end is None else end
    ids = graph.ids[: graph.real]
    delays, slack = _explain(problem, graph, model, start, fin, horizon)
    return Levelled(
        start=dict(zip(ids, start)),
        finish=dict(zip(ids, fin)),
        makespan=makespan,
        delays=tuple(delays),
        slack=dict(zip(ids, slack)),
        schedules=passes,
    )


def _shift_budget_work(model: Model, budget: Budget, best: Schedule) -> tuple[Schedule, list[int]]:
    """Later starts for budget-paid work: the best schedule after delaying single tasks past their earliest fit, and the releases that give it.

    Serial levelling starts each task on the first day it fits, but a task paid from a budget may finish the roadmap
    sooner when it starts later and straddles a period boundary, leaving money in the earlier period for other work.
    For each such task (in topological order, repeated while one improves) this tries the starts straddling each
    boundary before the makespan as a release, the other tasks re-placed in the order of their current starts, and
    keeps a release that lowers the objective (makespan, then total delay). Stops when `budget` runs out.
    """
    data = model.forward
    payers = [j for j in model.free if data.budget_demands[j]]
    release = list(data.release)
    score = objective(model, best)
    improved = True
    while improved and budget.allows(1):
        improved = False
        for j in payers:
            order = priority_order(model.succ, model.indeg, model.free, best[1], model.rank)
            found = _best_release(model, budget, order, release, j, best)
            if found is not None and objective(model, found[1]) < score:
                release[j], best = found
                score, improved = objective(model, best), True
    return best, release


def _less_delay(model: Model, budget: Budget, best: Schedule, release: list[int]) -> Schedule:
    """The schedule after moving single tasks earlier in the activity list while that lowers the objective.

    The search stops when it reaches the makespan lower bound, which says nothing of the total delay; moving a task
    before tasks it does not depend on (the first move that helps, repeated) lowers the delay at the same finish.
    Tasks keep the `release` given (later starts chosen for budgets). Stops when `budget` runs out.
    """
    data = replace(model.forward, release=release)
    order = priority_order(model.succ, model.indeg, model.free, best[1], model.rank)
    preds: list[set[int]] = [set() for _ in model.succ]
    for j, targets in enumerate(model.succ):
        for t in targets:
            preds[t].add(j)
    score = objective(model, best)
    improved = True
    while improved:
        improved = False
        for i in range(1, len(order)):
            j = order[i]
            for k in range(i - 1, -1, -1):  # one place earlier first, never before a predecessor
                if order[k] in preds[j]:
                    break
                if not budget.allows(1):
                    return best
                trial = [*order[:k], j, *order[k:i], *order[i + 1 :]]
                sched = _charged_pass(data, budget, trial)
                if sched is not None and objective(model, sched) < score:
                    best, order, score, improved = sched, trial, objective(model, sched), True
                    break
    return best


def _best_release(model: Model, budget: Budget, order: list[int], release: list[int], j: int, best: Schedule) -> tuple[int, Schedule] | None:
    """The release of task `j`, among the later starts straddling a period boundary, whose schedule has the least objective.

    Up to SHIFT_CANDIDATES starts per boundary, evenly spaced, then every day around the best of them; None when
    no start lets the budgets pay.
    """
    data = model.forward
    s, makespan = best[1][j], best[0]
    d = data.span_at(j, s)
    boundaries = sorted({p for b, _ in data.budget_demands[j] for p in data.budget_periods[b] if s < p <= makespan})
    found: tuple[tuple[int, int], int, Schedule] | None = None
    for boundary in boundaries:
        starts = range(max(s + 1, boundary - d + 1), min(boundary, makespan - d) + 1)
        stride = ceil(len(starts) / SHIFT_CANDIDATES)
        tried = list(starts[::stride]) if starts else []
        near: tuple[tuple[int, int], int] | None = None
        while tried:
            for t in tried:
                if not budget.allows(1):
                    return None if found is None else (found[1], found[2])
                sched = _release_pass(model, budget, order, release, j, t)
                if sched is None:
                    continue
                score = objective(model, sched)
                if near is None or score < near[0]:
                    near = (score, t)
                if found is None or score < found[0]:
                    found = (score, t, sched)
            if stride == 1 or near is None:
                break
            tried = [t for t in starts if 0 < abs(t - near[1]) < stride]
            stride = 1
    return None if found is None else (found[1], found[2])


def _release_pass(model: Model, budget: Budget, order: list[int], release: list[int], j: int, t: int) -> Schedule | None:
    """One serial SGS pass with task `j` released at day `t` (None when a budget cannot pay)."""
    trial = list(release)
    trial[j] = max(trial[j], t)
    return _charged_pass(replace(model.forward, release=trial), budget, order)


def _charged_pass(data: SgsData, budget: Budget, order: list[int]) -> Schedule | None:
    """One serial SGS pass over `order`, its work charged to `budget` (None when a budget cannot pay)."""
    try:
        start, fin, work = serial_sgs(data, order)
    except Unplaceable:
        budget.charge(data.placement_work)
        return None
    budget.charge(work)
    return max(fin, default=0), start, fin


def _left_justified(model: Model, best: Schedule) -> Schedule:
    """The schedule with each movable task, in start order, moved to the earliest day the others and its own release allow."""
    data = model.forward
    _, start, fin = best
    start, fin = list(start), list(fin)
    prof, left = _free_profiles(model, start, fin)
    origin = data.origin
    for j in sorted(model.free, key=lambda j: (start[j], model.rank[j])):
        ready = _ready(data, j, fin)
        if ready >= start[j]:
            continue
        lo, hi = start[j] - origin, fin[j] - origin
        for r, q in data.demands[j]:
            _reserve(prof[r], lo, hi, data.capacities[r], -q)
        for b, amount in data.budget_demands[j]:
            for p, charge in budget_charges(data.budget_periods[b], start[j], fin[j] - start[j], amount):
                left[b][p] += charge
        t, _ = _first_fit(data, prof, left, j, ready) if data.demands[j] or data.budget_demands[j] else (ready, 0)
        start[j], fin[j] = t, t + data.span_at(j, t)
        lo, hi = t - origin, fin[j] - origin
        for r, q in data.demands[j]:
            _reserve(prof[r], lo, hi, data.capacities[r], q)
        for b, amount in data.budget_demands[j]:
            for p, charge in budget_charges(data.budget_periods[b], t, fin[j] - t, amount):
                left[b][p] -= charge
    return max(fin, default=0), start, fin


def _free_profiles(model: Model, start: list[int], fin: list[int]) -> tuple[list[list[int]], list[list[Fraction]]]:
    """Free renewable capacity per day and budget left per period once every task is placed."""
    data = model.forward
    prof = [list(a) for a in data.base]
    left = [list(r) for r in data.base_budget]
    origin = data.origin
    for j in model.free:
        lo, hi = start[j] - origin, fin[j] - origin
        for r, q in data.demands[j]:
            _reserve(prof[r], lo, hi, data.capacities[r], q)
        for b, amount in data.budget_demands[j]:
            for p, charge in budget_charges(data.budget_periods[b], start[j], fin[j] - start[j], amount):
                left[b][p] -= charge
    return prof, left


def _budget_blocks(data: SgsData, left: list[list[Fraction]], j: int, own: int, b: int, amount: int) -> Callable[[int], bool]:
    """Test whether budget `b`, less task `j`'s own charges (start `own`), cannot pay for `j` at a start."""
    periods = data.budget_periods[b]
    row = list(left[b])
    for p, charge in budget_charges(periods, own, data.span_at(j, own), amount):
        row[p] += charge
    return lambda t: not budget_pays(periods, row, t, data.span_at(j, t), amount)


def _open_starts(good: bytes, d: int) -> int:
    """Starts whose `d`-day window meets no bad day, given a 0/1 mask of good days before the start.

    The window may run past the mask into the task's own days, which are good.
    """
    body = good.rstrip(b"\1")
    runs = re.finditer(b"\1{%d,}" % d, body)
    return len(good) - len(body) + sum(m.end() - m.start() - d + 1 for m in runs)


def _first_below(row: list[int], start: int, limit: int, q: int) -> int:
    """Offset of the first day from `start` with less than `q` free, or `limit` if none before it."""
    pos, size = 0, 64
    while pos < limit:
        window = row[start + pos : start + min(limit, pos + size)]
        if not window:
            break
        hit = next(compress(count(), map(q.__gt__, window)), None)
        if hit is not None:
            return pos + hit
        pos += size
        size *= 2
    return limit


def _ready(data: SgsData, j: int, fin: list[int]) -> int:
    """The day task `j` could start given only its release and its predecessors' levelled finishes."""
    ready = data.release[j]
    for p in data.zero_preds[j]:
        ready = max(ready, fin[p])
    for p, lag in data.lag_preds[j]:
        ready = max(ready, fin[p] + lag)
    for members, k in data.quorums_of[j]:
        ready = max(ready, sorted(fin[m] for m in members)[k - 1])
    return ready


@dataclass(slots=True)
class _Levelling:
    """A levelled schedule with what explaining it reads: free capacity left and resource names."""

    graph: Graph
    model: Model
    start: list[int]
    fin: list[int]
    prof: list[list[int]]
    left: list[list[Fraction]]
    renewable: list[str]
    budgets: list[str]


def _delays(lev: _Levelling, j: int, ready: int) -> list[ResourceDelay]:
    """Why task `j` starts after `ready`: each resource and the start days on which it alone blocked the task."""
    data, s, tid = lev.model.forward, lev.start[j], lev.graph.ids[j]
    if s <= ready:
        return []
    if len(data.demands[j]) + len(data.budget_demands[j]) == 1:
        name = lev.renewable[data.demands[j][0][0]] if data.demands[j] else lev.budgets[data.budget_demands[j][0][0]]
        return [ResourceDelay(tid, name, s - ready)]
    delays: list[ResourceDelay] = []
    lo, own = ready - data.origin, s - data.origin
    for r, q in data.demands[j]:
        blocked = own - lo - _open_starts(bytes(map(q.__le__, lev.prof[r][lo:own])), data.span_at(j, s))
        if blocked:
            delays.append(ResourceDelay(tid, lev.renewable[r], blocked))
    for b, amount in data.budget_demands[j]:
        blocked = sum(map(_budget_blocks(data, lev.left, j, s, b, amount), range(ready, s)))
        if blocked:
            delays.append(ResourceDelay(tid, lev.budgets[b], blocked))
    return delays


def _free_slack(lev: _Levelling, j: int, horizon: int, member_of: dict[int, list[tuple[int, tuple[int, ...], int]]]) -> int:
    """Days task `j` can slip alone, everything else fixed, keeping successors, quorums, capacities and budgets."""
    data, graph, start, fin = lev.model.forward, lev.graph, lev.start, lev.fin
    s, f = start[j], fin[j]
    limit = horizon - f
    for t, lag in zip(graph.succ[j], graph.succ_lag[j]):
        if not graph.fixed[t]:
            limit = min(limit, start[t] - lag - f)
    for target, members, k in member_of.get(j, ()):
        if sum(1 for m in members if m != j and fin[m] <= start[target]) < k:
            limit = min(limit, start[target] - f)
    for r, q in data.demands[j]:
        if limit <= 0:
            break
        limit = _first_below(lev.prof[r], f - data.origin, limit, q)
    for b, amount in data.budget_demands[j]:
        blocks = _budget_blocks(data, lev.left, j, s, b, amount)
        limit = next((t - 1 for t in range(1, limit + 1) if blocks(s + t)), limit)
    return limit


def _explain(problem: Problem, graph: Graph, model: Model, start: list[int], fin: list[int], horizon: int) -> tuple[list[ResourceDelay], list[int]]:
    """Resource delays (blocked start days per resource) and free slack of every task."""
    prof, left = _free_profiles(model, start, fin)
    renewable = [r.id for r in problem.resources if r.periods is None]
    budgets = [r.id for r in problem.resources if r.periods is not None]
    lev = _Levelling(graph, model, start, fin, prof, left, renewable, budgets)
    member_of: dict[int, list[tuple[int, tuple[int, ...], int]]] = {}
    for target, members, k in graph.quorums:
        if not graph.fixed[target]:
            for m in members:
                member_of.setdefault(m, []).append((target, members, k))
    delays: list[ResourceDelay] = []
    slack = [0] * len(start)
    for j in model.free:
        delays += _delays(lev, j, _ready(model.forward, j, fin))
        slack[j] = _free_slack(lev, j, horizon, member_of)
    return delays, slack


def _overloads(rid: str, cap: int, events: dict[int, list[int]]) -> list[str]:
    """Day ranges where usage exceeds `cap` with some movable task involved, from usage deltas."""
    out: list[str] = []
    total = movable = prev = 0
    run: tuple[int, int, int] | None = None
    for day in sorted(events):
        if total > cap and movable:
            run = (prev, day, total) if run is None else (run[0], day, max(run[2], total))
        elif run is not None:
            out.append(f"resource {rid!r}: usage up to {run[2]} exceeds capacity {cap} on days {run[0]}..{run[1] - 1}")
            run = None
        total += events[day][0]
        movable += events[day][1]
        prev = day
    if run is not None:
        out.append(f"resource {rid!r}: usage up to {run[2]} exceeds capacity {cap} on days {run[0]}..{run[1] - 1}")
    return out


def _timing_problems(problem: Problem, graph: Graph, start: list[int], fin: list[int]) -> list[str]:
    """Fixed starts moved, releases ignored, precedences and quorums broken."""
    problems: list[str] = []
    for i, task in enumerate(problem.tasks):
        if task.fixed_start is not None and start[i] != task.fixed_start:
            problems.append(f"task {task.id!r}: fixed at {task.fixed_start} but starts at {start[i]}")
        elif task.fixed_start is None and start[i] < task.release:
            problems.append(f"task {task.id!r}: starts at {start[i]}, before its release {task.release}")
    index = graph.index
    for prec in problem.precedences:
        p, s = index[prec.pred], index[prec.succ]
        ready = graph.calendar.finish(fin[p], prec.lag) if prec.working and graph.calendar is not None else fin[p] + prec.lag
        if not graph.fixed[s] and start[s] < ready:
            problems.append(f"precedence {prec.pred!r} -> {prec.succ!r} (lag {prec.lag}): {prec.succ!r} starts at {start[s]}, before {ready}")
    for target, members, k in graph.quorums:
        need = sorted(fin[m] for m in members)[k - 1]
        if not graph.fixed[target] and start[target] < need:
            problems.append(f"quorum of {graph.ids[target]!r} (k={k}): starts at {start[target]}, before {need}")
    return problems


def _resource_problems(problem: Problem, graph: Graph, resources: dict[str, Resource], start: list[int], fin: list[int]) -> list[str]:
    """Capacities and budgets exceeded where a movable task adds to the overload."""
    usage: dict[str, dict[int, list[int]]] = {rid: {} for rid, r in resources.items() if r.periods is None}
    charged: dict[str, dict[int, list[Fraction]]] = {rid: {} for rid, r in resources.items() if r.periods is not None}
    for i, task in enumerate(problem.tasks):
        movable = 0 if graph.fixed[i] else 1
        for rid, amount in task.demands:
            if rid not in usage:
                for p, charge in budget_charges(resources[rid].periods or (), start[i], fin[i] - start[i], amount):
                    totals = charged[rid].setdefault(p, [Fraction(0), Fraction(0)])
                    totals[0] += charge
                    totals[1] += charge * movable
            elif graph.span[i] and amount:
                for day, sign in ((start[i], 1), (fin[i], -1)):
                    deltas = usage[rid].setdefault(day, [0, 0])
                    deltas[0] += sign * amount
                    deltas[1] += sign * amount * movable
    problems: list[str] = []
    for rid, events in usage.items():
        problems += _overloads(rid, resources[rid].capacity, events)
    for rid, per_period in charged.items():
        res = resources[rid]
        for p, (total, movable_total) in sorted(per_period.items()):
            if total > res.capacity and movable_total:
                since = (res.periods or ())[p]
                problems.append(f"budget {rid!r}: period from day {since} charged {total} > capacity {res.capacity}")
    return problems


@collector_paused()
def check_schedule(problem: Problem, starts: Mapping[str, int]) -> list[str]:
    """Every violated constraint of `starts` (task id -> start day), as messages; empty when valid.

    Capacity and budgets count as violated only where a movable task adds to an overload,
    so fixed tasks alone may exceed them.
    """
    graph = compile_graph(problem)
    resources = _check_resources(problem)
    ids, index = graph.ids, graph.index
    problems = [f"task {tid!r}: no start" for tid in ids[: graph.real] if tid not in starts]
    problems += [f"task {tid!r}: not in the problem" for tid in sorted(starts) if tid not in index]
    if problems:
        return problems
    start = [starts[tid] for tid in ids[: graph.real]]
    fin = [graph.finish_at(i, s) for i, s in enumerate(start)]
    return _timing_problems(problem, graph, start, fin) + _resource_problems(problem, graph, resources, start, fin)
