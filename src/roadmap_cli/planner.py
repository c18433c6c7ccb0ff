"""The planner: phases, a dated schedule and capacity levelling, as pure functions into a frozen Plan."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import accumulate
from math import ceil

from roadmap_cli.budgets import with_source_demands
from roadmap_cli.durations import FIRST_DAY, LAST_DAY, WorkingDays, next_period_start, period_label, period_start
from roadmap_cli.errors import Diagnostic, ScheduleError, Severity
from roadmap_cli.funding import BudgetCalendar, BudgetEntry, Source, first_budget, month_day, shares, sources
from roadmap_cli.graph import DependencyGraph, topological_order
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.indicators import planned_targets, resolve_indicators
from roadmap_cli.models import AT_RISK_SLACK_DAYS, Initiative, PhaseWindow, Region, ResourceKind, Roadmap
from roadmap_cli.models import Resource as ResourceSpec
from roadmap_cli.plan import (
    PHASE_HISTORY,
    BudgetDelay,
    CapacityDelay,
    Phase,
    Plan,
    PlannedCategory,
    PlannedDependency,
    PlannedGate,
    PlannedInitiative,
    PlannedRegion,
    PlannedSource,
    PlannedTarget,
    ResourceUse,
    RoadmapInfo,
)
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.rules import Expansion, Gate
from roadmap_cli.scheduling import (
    Cpm,
    InfeasibleError,
    Precedence,
    Problem,
    Quorum,
    Resource,
    Task,
    compute_cpm,
    level,
)
from roadmap_cli.scheduling.calendar import WorkCalendar
from roadmap_cli.source import SourceSpan
from roadmap_cli.validate import CheckedRoadmap
from roadmap_cli.vocabulary import PhaseMode, Status
from roadmap_cli.workdays import work_calendar


@dataclass(frozen=True)
class PlanOptions:
    """How to plan: level resources or not, and how hard to search."""

    level: bool = True
    effort: int | None = None
    """Levelling search effort (0: one priority-rule pass; None: the roadmap's `levelling.effort`); every value gives the same plan on every run."""
    as_of: date | None = None
    """The status date (`--as-of`); None: the roadmap's `status_date`, else today."""
    phases: PhaseMode | None = None
    """`--phases`: stages or calendar (the header's named windows, else its periods); None: the header's `phases`."""


def _offset(start: date, day: date) -> int:
    """Days from the roadmap start to `day`."""
    return (day - start).days


def _task(item: Initiative, start: date, status: int | None, budget: int | None, calendar: WorkCalendar) -> Task:
    """The scheduling task of an initiative, `status` days after the roadmap start (None: no status date).

    A milestone is the only zero-length item. Done work spans its actual days, `started` to
    `finished` inclusive, whatever its `duration` says; only a done milestone with `started` =
    `finished` takes no time. Active work keeps its start and ends no earlier than the status date
    plus its remaining work (or its planned finish, or the status date once that has passed). Work
    not started yet lasts its `duration`, at least a day (in working days of `calendar` when written so), and
    starts on the status date at the earliest (and, when `budget` is given, on that day at the earliest: the
    first budget it can enter).
    """
    duration = 0 if item.milestone else max(1, int(item.duration or 0))
    working = isinstance(item.duration, WorkingDays) and not item.milestone
    demands = tuple(sorted(item.demands.items()))
    if item.status is Status.DONE and item.started and item.finished:
        finish = _offset(start, item.finished) + (0 if item.milestone and item.started == item.finished else 1)
        begun = _offset(start, item.started)
        return Task(item.id, finish - begun, fixed_start=begun, fixed_finish=finish, demands=demands)
    if item.status is Status.ACTIVE and item.started:
        begun = _offset(start, item.started)
        if status is None:
            if working:
                return Task(item.id, duration, fixed_start=begun, fixed_finish=calendar.finish(begun, duration), demands=demands)
            return Task(item.id, duration, fixed_start=begun, demands=demands)
        if item.milestone:
            return Task(item.id, 0, fixed_start=max(begun, status), demands=demands)
        remaining = _remaining_days(item, duration)
        planned = calendar.finish(begun, duration) if working else begun + duration
        if remaining is None:
            finish = max(planned, status + 1)
        else:
            finish = calendar.finish(status, max(remaining, 1)) if isinstance(item.remaining, WorkingDays) else status + max(remaining, 1)
        return Task(item.id, finish - begun, fixed_start=begun, fixed_finish=finish, demands=demands)
    release = max(0, _offset(start, item.earliest_start)) if item.earliest_start else 0
    if status is not None:
        release = max(release, status)
    if budget is not None:
        release = max(release, budget)
    return Task(item.id, duration, release=release, demands=demands, working=working)


def _remaining_days(item: Initiative, duration: int) -> int | None:
    """Days of work left after the status date: `remaining`, or the share of the duration `progress` leaves."""
    if item.remaining is not None:
        return int(item.remaining)
    if item.progress is not None:
        return ceil(duration * (100 - item.progress) / 100)
    return None


WORKING_SPAN_FACTOR = 8
"""Calendar days per working day when estimating how far a plan reaches: a week of one working day spans 7, and a holiday a week one more (Indonesia's 5-day week with its holidays and cuti bersama spans about 1.5)."""


def _year_starts(start: date, tasks: list[Task], lags: Iterable[int], budgets: set[str]) -> tuple[int, ...]:
    """Offsets of every 1 January from before the earliest fixed work to past any levelled plan.

    Serial levelling places each task after everything placed before it at worst, and a task
    paid from a budget may need up to two more years to find a year with money left, so the
    last budget period (which never ends) starts after every task could have been placed.
    """
    first_year = min([start.year] + [(start + timedelta(days=t.fixed_start)).year for t in tasks if t.fixed_start is not None])
    reach = max([0] + [t.release for t in tasks] + [t.fixed_start + t.span for t in tasks if t.fixed_start is not None])
    reach += sum(t.span * (WORKING_SPAN_FACTOR if t.working else 1) for t in tasks)
    reach += sum(max(0, lag) * (WORKING_SPAN_FACTOR if isinstance(lag, WorkingDays) else 1) for lag in lags)
    paid = sum(1 for t in tasks if any(rid in budgets and amount for rid, amount in t.demands))
    last_year = min(date.max.year, start.year + reach // 365 + 2 * paid + 2)
    return tuple(_offset(start, date(year, 1, 1)) for year in range(first_year, last_year + 1))


def budget_entries(model: Roadmap, status_date: date | None, known: dict[str, Source] | None = None) -> dict[str, BudgetEntry]:
    """Planned work paid (wholly or partly) from an APBD, and the first budget it can enter as of the status date.

    `known` is the roadmap's funding sources (`sources`) when the caller has them already.
    """
    if status_date is None:
        return {}
    known = _sources(model) if known is None else known
    header = model.roadmap.budget_calendar
    calendar = BudgetCalendar(_month_day(header.apbd_by), None if header.apbd_p_by is None else _month_day(header.apbd_p_by))
    entry = first_budget(status_date, calendar)
    return {
        item.id: entry if item.budgeted_in is None else BudgetEntry("apbd", item.budgeted_in, date(item.budgeted_in, 1, 1))
        for item in model.initiatives
        if item.status is Status.PLANNED and any(known[share.source].apbd and share.percent != 0 and share.amount != 0 for share in shares(item.funding, item.cost))
    }


def _month_day(text: str) -> tuple[int, int]:
    """(month, day) of a validated `MM-DD`."""
    parsed = month_day(text)
    assert parsed is not None
    return parsed


def _sources(model: Roadmap) -> dict[str, Source]:
    """The funding sources a roadmap can name: the built-in ones and its declared ones."""
    return sources(tuple((s.id, s.name, s.apbd) for s in model.funding_sources))


Links = tuple[tuple[Precedence, ...], tuple[Quorum, ...]]
"""The precedences and quorum gates of an expansion, as scheduling reads them (`scheduling_links`)."""


def scheduling_problem(
    model: Roadmap,
    expansion: Expansion,
    ids: list[str],
    status_date: date | None = None,
    *,
    budget_year: bool = True,
    links: Links | None = None,
    entries: dict[str, BudgetEntry] | None = None,
) -> Problem:
    """The roadmap as a scheduling problem as of `status_date`: tasks, precedences, quorum gates and resources.

    With `budget_year`, planned APBD-funded work starts in the first budget it can enter (see `budget_entries`).
    `links` (`scheduling_links`) and `entries` (`budget_entries`) spare a caller that has them computing them again.
    """
    start = model.roadmap.start
    by_id = {item.id: item for item in model.initiatives}
    status = None if status_date is None else _offset(start, status_date)
    if not budget_year:
        entries = {}
    elif entries is None:
        entries = budget_entries(model, status_date)
    calendar = work_calendar(model.roadmap.calendar, start)
    tasks = [_task(by_id[i], start, status, _offset(start, entries[i].start) if i in entries else None, calendar) for i in ids]
    precedences, quorums = links or scheduling_links(expansion)
    budgets = {r.id for r in model.resources if _is_budget(r)}
    years = _year_starts(start, tasks, (link.lag for link in precedences), budgets) if budgets else ()
    resources = tuple(Resource(r.id, r.capacity, years if r.id in budgets else None) for r in sorted(model.resources, key=lambda r: r.id))
    counts_working_days = any(task.working for task in tasks) or any(link.working for link in precedences)
    return Problem(tuple(tasks), precedences, quorums, resources, calendar if counts_working_days else None)


def scheduling_links(expansion: Expansion) -> Links:
    """The expansion's strict edges as precedences, one per pair and kind of lag with its largest lag, sorted, and its gates as quorums."""
    lags: dict[tuple[str, str, bool], int] = {}
    for edge in expansion.edges:
        if edge.gate is None:
            pair = (edge.source, edge.target, isinstance(edge.lag, WorkingDays))
            lags[pair] = max(lags.get(pair, edge.lag), edge.lag)
    if any(working for _, _, working in lags):  # a pair with a lag in working days keeps its calendar-day lag too
        for a, b, working in list(lags):
            if working and (a, b, False) not in lags:
                lags[(a, b, False)] = 0
    precedences = tuple(Precedence(a, b, lag, working) for (a, b, working), lag in sorted(lags.items()))
    return precedences, tuple(Quorum(g.target, g.members, g.k) for g in expansion.gates)


def _is_budget(resource: ResourceSpec) -> bool:
    """True for money per year rather than units at once."""
    return resource.kind is ResourceKind.BUDGET or resource.per == "year"


def compute_phases(graph: DependencyGraph, gates: tuple[Gate, ...], history: frozenset[str] = frozenset()) -> dict[str, int]:
    """Dependency stages of the remaining work; the `history` (done work) is phase 0.

    Phase = 1 + the largest phase among strict predecessors, or the k-th smallest among a gate's members.
    """
    gate_by_target: dict[str, list[Gate]] = defaultdict(list)
    for gate in gates:
        gate_by_target[gate.target].append(gate)
    phase: dict[str, int] = {}
    for node in topological_order(graph):  # any order gives the same phases
        if node in history:
            phase[node] = PHASE_HISTORY
            continue
        best = 0
        for pred, edges in graph.pred[node].items():
            if phase[pred] > best and any(edge.gate is None for edge in edges):
                best = phase[pred]
        for gate in gate_by_target.get(node, []):
            best = max(best, sorted(phase[m] for m in gate.members)[gate.k - 1])
        phase[node] = best + 1
    return phase


def make_plan(checked: CheckedRoadmap, expansion: Expansion, graph: DependencyGraph, options: PlanOptions) -> tuple[Plan, list[Diagnostic]]:
    """Schedule a checked roadmap into a Plan; return it with planning warnings."""
    checked = replace(checked, model=with_source_demands(checked.model))
    model = checked.model
    start = model.roadmap.start
    ids = sorted(graph.nodes)
    known = _sources(model)
    links = scheduling_links(expansion)
    entries = budget_entries(model, checked.status_date, known)
    problem = scheduling_problem(model, expansion, ids, checked.status_date, links=links, entries=entries)
    end = _offset(start, model.roadmap.horizon) + 1 if model.roadmap.horizon else None
    unconstrained = compute_cpm(problem, end)
    _check_calendar(checked, unconstrained, levelled=False)
    budget_delays = _budget_delays(checked, expansion, ids, unconstrained, end, links, entries)
    delays: dict[str, list[CapacityDelay]] = defaultdict(list)
    if options.level and any(task.demands for task in problem.tasks) and problem.resources:
        try:
            levelled = level(problem, effort=model.roadmap.levelling.effort if options.effort is None else options.effort, seed=0, end=end)
        except InfeasibleError as error:
            raise _infeasible(checked, error) from None
        starts, finishes = dict(levelled.start), dict(levelled.finish)
        for delay in levelled.delays:
            delays[delay.task].append(CapacityDelay(delay.resource, delay.days))
        pinned = Problem(
            tuple(_pin(task, starts[task.id], finishes[task.id]) for task in problem.tasks),
            problem.precedences + _capacity_links(problem, graph, starts, finishes, delays),
            problem.quorums,
            (),
            problem.calendar,
        )
        cpm = compute_cpm(pinned, end)
        _check_calendar(checked, cpm, levelled=True)
    else:
        cpm = unconstrained
        starts, finishes = dict(cpm.earliest_start), dict(cpm.earliest_finish)
    history = frozenset(item.id for item in model.initiatives if item.status is Status.DONE and item.id in graph)
    phases = compute_phases(graph, expansion.gates, history)
    mode = options.phases or (model.roadmap.phases if isinstance(model.roadmap.phases, PhaseMode) else PhaseMode.CALENDAR)
    windows: tuple[Window, ...] = ()
    if mode is PhaseMode.CALENDAR:
        windows = _windows(model, [start + timedelta(days=starts[node]) for node in ids if node not in history])
        phases = {node: PHASE_HISTORY if node in history else _window_of(windows, start + timedelta(days=starts[node])) for node in ids}
    states = _states(checked, expansion, ids, problem, unconstrained, starts, finishes, links)
    plan = _assemble(checked, expansion, graph, (phases, windows), starts, finishes, cpm, unconstrained, delays, problem, states)
    plan = replace(
        plan,
        initiatives=tuple(item if item.id not in budget_delays else replace(item, budget_delay=budget_delays[item.id]) for item in plan.initiatives),
        funding_sources=_used_sources(known, plan),
        phase_mode=mode.value,
        critical_by_resource=_critical_by_resource(plan, problem, starts, finishes, cpm, end) if delays else (),
    )
    return plan, _plan_warnings(checked, plan)


def _budget_delays(checked: CheckedRoadmap, expansion: Expansion, ids: list[str], cpm: Cpm, end: int | None, links: Links, entries: dict[str, BudgetEntry]) -> dict[str, BudgetDelay]:
    """APBD-funded work (`entries`) whose earliest start the budget-year rule decided, with the days it added over the dependencies alone."""
    if not entries:
        return {}
    model = checked.model
    start = model.roadmap.start
    without = compute_cpm(scheduling_problem(model, expansion, ids, checked.status_date, budget_year=False, links=links), end)
    delays = {}
    for node, entry in entries.items():
        if node not in cpm.earliest_start:
            continue
        release = _offset(start, entry.start)
        if cpm.earliest_start[node] == release and release > without.earliest_start[node]:
            delays[node] = BudgetDelay(entry.budget, entry.year, entry.start, release - without.earliest_start[node])
    return delays


def _used_sources(known: dict[str, Source], plan: Plan) -> tuple[PlannedSource, ...]:
    """The sources (of `known`) the plan's initiatives use: built-in ones in their order, then the declared ones in theirs."""
    used = {share.source for item in plan.initiatives for share in item.funding}
    return tuple(PlannedSource(s.id, s.name, s.apbd, s.builtin) for s in known.values() if s.id in used)


@dataclass(frozen=True)
class Window:
    """A calendar phase: its number, name and first and last day."""

    number: int
    name: str | None
    first: date
    last: date


def _windows(model: Roadmap, starts: list[date]) -> tuple[Window, ...]:
    """The calendar phases: the header's named windows (and one after them if work starts later), else the periods with work."""
    header = model.roadmap
    if isinstance(header.phases, tuple):
        named: list[PhaseWindow] = list(header.phases)
        windows, first = [], min([header.start, *starts])
        for number, window in enumerate(named, 1):
            windows.append(Window(number, window.name, first, window.until))
            first = window.until + timedelta(days=1)
        if any(day > named[-1].until for day in starts):
            windows.append(Window(len(named) + 1, None, first, max(starts)))
        return tuple(windows)
    period = header.period.value
    firsts = sorted({period_start(day, period) for day in starts})
    return tuple(Window(number, period_label(day, period), day, next_period_start(day, period) - timedelta(days=1)) for number, day in enumerate(firsts, 1))


def _window_of(windows: tuple[Window, ...], day: date) -> int:
    """The number of the calendar phase in which `day` falls (the first one for earlier days)."""
    index = bisect_left([window.last for window in windows], day)
    return windows[min(index, len(windows) - 1)].number


def _critical_by_resource(plan: Plan, problem: Problem, starts: dict[str, int], finishes: dict[str, int], cpm: Cpm, end: int | None) -> tuple[tuple[str, int], ...]:
    """Per team or crew, the critical initiatives using it that the dependencies alone would leave some float."""
    pinned = Problem(tuple(_pin(task, starts[task.id], finishes[task.id]) for task in problem.tasks), problem.precedences, problem.quorums, (), problem.calendar)
    alone = compute_cpm(pinned, end)
    shift = alone.end - alone.finish
    counts: dict[str, int] = defaultdict(int)
    waited = {resource.id for resource in plan.resources if resource.binding and resource.per is None and resource.kind != "budget"}
    for item in plan.initiatives:
        if item.critical and alone.slack[item.id] - shift > 0:
            for resource_id, amount in item.demands:
                if amount and resource_id in waited:
                    counts[resource_id] += 1
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


@dataclass(frozen=True)
class _State:
    """An initiative's schedule state and how late it is."""

    state: str
    days_late: int = 0


def _states(
    checked: CheckedRoadmap,
    expansion: Expansion,
    ids: list[str],
    problem: Problem,
    now: Cpm,
    starts: dict[str, int],
    finishes: dict[str, int],
    links: Links,
) -> dict[str, _State]:
    """Each initiative's state on the status date, judged on the dependencies alone (capacity aside).

    The reference is the plan as written, as if every date had been kept. Work is late when it is
    active past its planned finish, or not started although its latest start in the reference (which
    keeps the reference finish, or the horizon) has passed. It is at risk when its slack against that
    same finish shrank below the threshold.
    """
    model = checked.model
    status_date = checked.status_date
    if status_date is None:
        return {}
    day0 = model.roadmap.start
    status = _offset(day0, status_date)
    threshold = AT_RISK_SLACK_DAYS if model.roadmap.at_risk_slack is None else int(model.roadmap.at_risk_slack)
    reference = compute_cpm(scheduling_problem(model, expansion, ids, links=links), now.end if model.roadmap.horizon else None)
    against = now if model.roadmap.horizon else compute_cpm(problem, reference.end)
    by_id = {item.id: item for item in model.initiatives}
    states = {}
    for node in ids:
        item = by_id[node]
        if item.status is Status.DONE:
            states[node] = _State("done")
            continue
        if item.status is Status.ACTIVE and item.started and not item.milestone:
            planned_finish = _offset(day0, item.started) + int(item.duration or 0)
            if planned_finish <= status:
                states[node] = _State("late", finishes[node] - planned_finish)
                continue
        elif item.status is Status.PLANNED and reference.latest_start[node] < status:
            states[node] = _State("late", starts[node] - reference.latest_start[node])
            continue
        shrank = against.slack[node] < reference.slack[node]
        states[node] = _State("at-risk" if shrank and against.slack[node] < threshold else "on-track")
    return states


def _check_calendar(checked: CheckedRoadmap, cpm: Cpm, *, levelled: bool) -> None:
    """Raise ScheduleError when a date of the schedule would fall outside FIRST_DAY .. LAST_DAY.

    Durations and lags are whole numbers until here; this check keeps every date computed from
    them (and from the horizon) inside the calendar, and names the first initiative, in dependency
    order, where a chain of work and lags leaves it.
    """
    start = checked.model.roadmap.start
    first, last = _offset(start, FIRST_DAY), _offset(start, LAST_DAY) + 1
    for task_id in cpm.order:
        if max(cpm.earliest_finish[task_id], cpm.latest_finish[task_id]) > last:
            late = True
        elif min(cpm.earliest_start[task_id], cpm.latest_start[task_id]) < first:
            late = False
        else:
            continue
        raise ScheduleError([_calendar_diagnostic(checked, task_id, late, levelled)])


def _calendar_diagnostic(checked: CheckedRoadmap, task_id: str, late: bool, levelled: bool) -> Diagnostic:
    """Where and why initiative `task_id` leaves the calendar: at its longest lag or duration, whichever is larger."""
    position = next(n for n, item in enumerate(checked.model.initiatives) if item.id == task_id)
    item = checked.model.initiatives[position]
    path: tuple[str | int, ...] = ("initiatives", position, "duration") if item.duration else ("initiatives", position)
    longest = item.duration or 0
    # a late finish comes from the lags into this initiative, an early latest start from the lags out of it
    lags = (
        [(position, j, dep.lag) for j, dep in enumerate(item.depends_on)]
        if late
        else [(n, j, dep.lag) for n, other in enumerate(checked.model.initiatives) for j, dep in enumerate(other.depends_on) if dep.id == task_id]
    )
    for n, j, lag in lags:
        if abs(lag) > longest:
            path, longest = ("initiatives", n, "depends_on", j, "lag"), abs(lag)
    span = checked.span(path)
    values = {"initiative": task_id, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat(), "start": checked.model.roadmap.start.isoformat()}
    if late and levelled:
        message = _("waiting for resources pushes initiative `{initiative}` past {last}, the last day a plan can use")
    elif late:
        message = _("initiative `{initiative}` would finish after {last}, the last day a plan can use: its duration and the work and lags before it are too long, counted from the start {start}")
    else:
        message = _("initiative `{initiative}` would have to start before {first}, the first day a plan can use: the durations and lags after it are too long for the horizon")
    hint = _("shorten the durations and lags on this chain (is a unit missing or wrong, e.g. `90y` for `90d`?)")
    return Diagnostic(span.path, span.line, span.col, "outside-calendar", message.format(**values), hint)


def _infeasible(checked: CheckedRoadmap, error: InfeasibleError) -> ScheduleError:
    """A schedule error at the initiative that no capacity or budget can hold."""
    position = next(n for n, item in enumerate(checked.model.initiatives) if item.id == error.task)
    item = checked.model.initiatives[position]
    resource = next(r for r in checked.model.resources if r.id == error.resource)
    span = checked.span(("initiatives", position, "funding", resource.funding) if resource.funding else ("initiatives", position, "demands", error.resource))
    values = {"initiative": error.task, "resource": error.resource, "amount": item.demands.get(error.resource, 0), "capacity": resource.capacity, "source": resource.funding}
    if resource.funding:
        message = _(
            "initiative `{initiative}` draws {amount} from budget `{resource}` (its share paid by `{source}`), and no year can pay for it: the budget is {capacity} a year and other work may already spend it"
        )
        hint = _("lower its cost or the share `{source}` pays, raise the budget's `capacity`, or lengthen the initiative so its cost spreads over more years")
    elif _is_budget(resource):
        message = _("initiative `{initiative}` needs {amount} of budget `{resource}`, and no year can pay for it: the budget is {capacity} a year and other work may already spend it")
        hint = _("lower the demand, raise the budget's `capacity`, or lengthen the initiative so its cost spreads over more years")
    else:
        message = _("initiative `{initiative}` needs {amount} of `{resource}`, whose capacity is {capacity}, at every moment it runs; it can never be scheduled")
        hint = _("lower the demand, raise the capacity, or split the initiative")
    return ScheduleError([Diagnostic(span.path, span.line, span.col, "cannot-schedule", message.format(**values), hint.format(**values))])


def _capacity_links(problem: Problem, graph: DependencyGraph, starts: dict[str, int], finishes: dict[str, int], delays: dict[str, list[CapacityDelay]]) -> tuple[Precedence, ...]:
    """Edges from work holding a team or crew to work that waited for it and starts the day it finishes.

    They make slack after levelling count the work that would be pushed if the holder slipped. The
    units freed that day go to the waiting work in id order, each unit from the holders in id order;
    only edges forward in a topological order of the dependencies are kept, so none closes a cycle.
    """
    if not delays:
        return ()
    rank = _start_order(graph, starts)
    capacity = {resource.id: resource.capacity for resource in problem.resources if resource.periods is None}
    demands = {task.id: dict(task.demands) for task in problem.tasks}
    holders: dict[tuple[str, int], list[str]] = defaultdict(list)
    changes: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for task in problem.tasks:
        if finishes[task.id] > starts[task.id]:
            for resource_id, amount in task.demands:
                if amount and resource_id in capacity:
                    holders[resource_id, finishes[task.id]].append(task.id)
                    changes[resource_id][starts[task.id]] += amount
                    changes[resource_id][finishes[task.id]] -= amount
    waiters: dict[tuple[str, int], list[str]] = defaultdict(list)
    for waiter, waits in delays.items():
        for resource_id in {delay.resource for delay in waits} & capacity.keys():
            waiters[resource_id, starts[waiter]].append(waiter)
    days = {resource_id: sorted(change) for resource_id, change in changes.items()}
    in_use = {resource_id: list(accumulate(changes[resource_id][day] for day in days[resource_id])) for resource_id in days}
    links = []
    for (resource_id, day), waiting in sorted(waiters.items()):
        position = bisect_right(days[resource_id], day - 1) - 1
        short = (in_use[resource_id][position] if position >= 0 else 0) - capacity[resource_id]
        freeing = sorted(holders.get((resource_id, day), ()))
        freed = list(accumulate(demands[h][resource_id] for h in freeing))
        for waiter in sorted(waiting):
            low, short = max(short, 0), short + demands[waiter][resource_id]
            if short > 0:  # it took units low+1 .. short of those freed this day
                first, last = bisect_right(freed, low), bisect_left(freed, short)
                links += [Precedence(h, waiter) for h in freeing[first : last + 1] if rank[h] < rank[waiter]]
    return tuple(links)


def _start_order(graph: DependencyGraph, starts: dict[str, int]) -> dict[str, int]:
    """Position of each initiative in a topological order that takes the earliest start first."""
    waiting = {node: graph.in_degree(node) for node in graph}
    ready = [(starts[node], node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    rank: dict[str, int] = {}
    while ready:
        _, node = heapq.heappop(ready)
        rank[node] = len(rank)
        for successor in graph.successors(node):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, (starts[successor], successor))
    return rank


def _lag_days(calendar: WorkCalendar | None, finish: int, lag: int) -> int:
    """Calendar days a lag spans after a predecessor's exclusive `finish`: a lag in working days counts the calendar."""
    if isinstance(lag, WorkingDays) and calendar is not None:
        return calendar.finish(finish, lag) - finish
    return lag


def _pin(task: Task, start: int, finish: int) -> Task:
    """A task whose earliest start is its levelled start, for slack after levelling."""
    if task.fixed_start is not None:
        return task
    return Task(task.id, task.duration, release=start, demands=task.demands, working=task.working)


def _finish_date(start: date, begin: int, finish: int) -> date:
    """Inclusive last day from exclusive offsets; a zero-length item finishes the day it starts."""
    return start + timedelta(days=max(begin, finish - 1))


def _assemble(
    checked: CheckedRoadmap,
    expansion: Expansion,
    graph: DependencyGraph,
    phasing: tuple[dict[str, int], tuple[Window, ...]],
    starts: dict[str, int],
    finishes: dict[str, int],
    cpm: Cpm,
    unconstrained: Cpm,
    delays: dict[str, list[CapacityDelay]],
    problem: Problem,
    states: dict[str, _State],
) -> Plan:
    """Build the frozen Plan from the schedule."""
    model = checked.model
    day0 = model.roadmap.start
    phases, windows = phasing
    category_rank = {c.id: n for n, c in enumerate(model.categories)}
    regions = {region.id: region for region in model.regions}
    ordered_regions = [(regions[region_id], depth) for region_id, depth in RegionTree.of(model.regions).walk()]
    region_rank = {region.id: n for n, (region, _) in enumerate(ordered_regions)}
    indicators = resolve_indicators(model.indicators)
    by_id = {item.id: (n, item) for n, item in enumerate(model.initiatives)}
    shift = cpm.end - cpm.finish  # slack and latest starts to the roadmap's finish, not to the horizon
    slack, critical, latest = cpm.slack, cpm.critical, cpm.latest_start
    early = unconstrained.earliest_start
    planned_gates = {gate.key: _planned_gate(gate, finishes) for gate in expansion.gates}
    fixed = {task.id for task in problem.tasks if task.fixed_start is not None}
    gates_by_target: dict[str, list[Gate]] = defaultdict(list)
    for gate in expansion.gates:
        gates_by_target[gate.target].append(gate)
    planned = []
    for node in graph.nodes:
        position, item = by_id[node]
        dependencies = []
        for pred, edges in sorted(graph.pred[node].items()):
            first = edges[0]
            strict = [(_lag_days(problem.calendar, finishes[pred], e.lag), e.lag) for e in edges if e.gate is None]
            lag, written = max(strict, default=(0, 0))
            binding = (bool(strict) and finishes[pred] + lag == starts[node]) or (
                finishes[pred] == starts[node] and any(e.gate is not None and planned_gates[e.gate].counted[-1] == pred for e in edges)
            )
            working = int(written) if isinstance(written, WorkingDays) else None
            dependencies.append(PlannedDependency(pred, first.reason, lag, binding and node not in fixed, not strict, working))
        span = checked.span(("initiatives", position))
        state = states.get(node, _State("done" if item.status is Status.DONE else "on-track"))
        active = item.status is Status.ACTIVE and checked.status_date is not None
        planned.append(
            PlannedInitiative(
                id=item.id,
                name=item.name,
                region=item.region,
                category=item.category,
                status=item.status.value,
                phase=phases[node],
                start=day0 + timedelta(days=starts[node]),
                finish=_finish_date(day0, starts[node], finishes[node]),
                duration_days=finishes[node] - starts[node],
                working_days=int(item.duration) if isinstance(item.duration, WorkingDays) and item.status is Status.PLANNED and not item.milestone else None,
                slack_days=int(slack[node]) - shift,
                critical=node in critical and item.status is not Status.DONE,
                milestone=item.milestone,
                cost=item.cost,
                owner=item.owner,
                tags=item.tags,
                description=item.description,
                earliest_start=day0 + timedelta(days=early[node]),
                latest_start=day0 + timedelta(days=latest[node] - shift),
                dependencies=tuple(dependencies),
                dependents=tuple(sorted(graph.successors(node))),
                capacity_delays=tuple(sorted(delays.get(node, []), key=lambda d: d.resource)),
                gates=tuple(planned_gates[gate.key] for gate in gates_by_target.get(node, [])),
                demands=tuple(sorted(item.demands.items())),
                where=f"{span.path}:{span.line}",
                state=state.state,
                days_late=state.days_late,
                progress=item.progress if item.status is Status.ACTIVE else None,
                remaining_days=_remaining_after(checked.status_date, day0, finishes[node]) if active else None,
                not_before=item.earliest_start if item.status is Status.PLANNED else None,
                funding=shares(item.funding, item.cost),
                authority=item.authority.value,
            )
        )
    planned.sort(key=lambda p: (p.phase, category_rank.get(p.category, 0), region_rank.get(p.region, 0), p.id))
    return Plan(
        roadmap=RoadmapInfo(
            model.roadmap.id,
            model.roadmap.name,
            day0,
            model.roadmap.period.value,
            model.roadmap.horizon,
            model.roadmap.owner,
            model.roadmap.description,
            checked.status_date,
            AT_RISK_SLACK_DAYS if model.roadmap.at_risk_slack is None else int(model.roadmap.at_risk_slack),
        ),
        categories=tuple(PlannedCategory(c.id, c.name, c.color) for c in model.categories),
        regions=tuple(PlannedRegion(r.id, r.name, r.kind.value, r.parent, depth, r.code, r.wave) for r, depth in ordered_regions),
        initiatives=tuple(planned),
        phases=_phases(planned, windows),
        resources=_resource_use(model, problem, starts, finishes, delays),
        finish=(finish := max((p.finish for p in planned), default=day0)),
        critical_path=_critical_path(planned),
        dropped=tuple(sorted(item.id for item in model.initiatives if item.status is Status.DROPPED)),
        horizon_buffer_days=(model.roadmap.horizon - finish).days if model.roadmap.horizon else None,
        indicators=tuple(indicators.values()),
        targets=_ordered_targets(planned_targets(model, indicators, lambda path: _where(checked.span(path))), ordered_regions, planned),
    )


def _where(span: SourceSpan) -> str:
    """`file:line` of a span."""
    return f"{span.path}:{span.line}"


def _ordered_targets(targets: tuple[PlannedTarget, ...], regions: list[tuple[Region, int]], planned: list[PlannedInitiative]) -> tuple[PlannedTarget, ...]:
    """Region targets in tree order, then initiative targets in plan order (dropped work's last)."""
    region_rank = {region.id: rank for rank, (region, _depth) in enumerate(regions)}
    item_rank = {item.id: rank for rank, item in enumerate(planned)}
    return tuple(sorted(targets, key=lambda t: (t.owner != "region", region_rank.get(t.owner_id, 0) if t.owner == "region" else item_rank.get(t.owner_id, len(item_rank)), t.indicator)))


def _remaining_after(status_date: date | None, day0: date, finish: int) -> int:
    """Days from the status date to the last day of work (exclusive offset `finish`), counting both."""
    assert status_date is not None
    return max(0, finish - _offset(day0, status_date))


def _planned_gate(gate: Gate, finishes: dict[str, int]) -> PlannedGate:
    """A gate as the plan shows it, with the members whose finishes it counted."""
    counted = sorted(gate.members, key=lambda member: (finishes[member], member))[: gate.k]
    return PlannedGate(gate.rule, gate.k, gate.members, tuple(counted))


def _phases(planned: list[PlannedInitiative], windows: tuple[Window, ...]) -> tuple[Phase, ...]:
    """History and the phases with work, their initiatives in plan order: a stage spans its work, a calendar phase its window."""
    grouped: dict[int, list[PlannedInitiative]] = defaultdict(list)
    for item in planned:
        grouped[item.phase].append(item)
    by_number = {window.number: window for window in windows}
    phases = []
    for number, items in sorted(grouped.items()):
        ids = tuple(i.id for i in items)
        window = by_number.get(number)
        if window is None or number == PHASE_HISTORY:
            phases.append(Phase(number, ids, min(i.start for i in items), max(i.finish for i in items)))
        else:
            phases.append(Phase(number, ids, window.first, window.last, window.name))
    return tuple(phases)


def _critical_path(planned: list[PlannedInitiative]) -> tuple[str, ...]:
    """One chain of critical initiatives from the start to the end of the plan.

    Each link is a binding dependency or, for work that waited for capacity, critical work that
    held the same resource until the day it started.
    """
    by_id = {p.id: p for p in planned}
    critical = [p for p in planned if p.critical]
    if not critical:
        return ()
    holders: dict[date, list[PlannedInitiative]] = defaultdict(list)
    for p in critical:
        holders[p.start + timedelta(days=p.duration_days)].append(p)
    current: PlannedInitiative | None = max(critical, key=lambda p: (p.finish, p.id))
    chain: dict[str, None] = {}
    while current is not None and current.id not in chain:
        chain[current.id] = None
        options = [by_id[d.id] for d in current.dependencies if d.binding and d.id in by_id and by_id[d.id].critical]
        if not options and current.capacity_delays:
            waited = {delay.resource for delay in current.capacity_delays}
            options = [p for p in holders.get(current.start, []) if p.duration_days and waited & {r for r, _ in p.demands}]
        current = min(options, key=lambda p: p.id) if options else None
    return tuple(reversed(chain))


def _resource_use(model: Roadmap, problem: Problem, starts: dict[str, int], finishes: dict[str, int], delays: dict[str, list[CapacityDelay]]) -> tuple[ResourceUse, ...]:
    """Peak use of each resource (per day for teams, per year for budgets) and who waited for it."""
    uses = []
    for resource in sorted(model.resources, key=lambda r: r.id):
        users = [t for t in problem.tasks if dict(t.demands).get(resource.id)]
        if _is_budget(resource):
            per_year: dict[int, float] = defaultdict(float)
            for task in users:
                amount = dict(task.demands)[resource.id]
                first = model.roadmap.start + timedelta(days=starts[task.id])
                days = max(1, finishes[task.id] - starts[task.id])
                last = first + timedelta(days=days)
                for year in range(first.year, (last - timedelta(days=1)).year + 1):
                    share = min(last, date(year + 1, 1, 1)) - max(first, date(year, 1, 1))
                    per_year[year] += amount * share.days / days
            peak = round(max(per_year.values(), default=0))
        else:
            events: dict[int, int] = defaultdict(int)
            for task in users:
                if finishes[task.id] > starts[task.id]:
                    events[starts[task.id]] += dict(task.demands)[resource.id]
                    events[finishes[task.id]] -= dict(task.demands)[resource.id]
            level_now, peak = 0, 0
            for day in sorted(events):
                level_now += events[day]
                peak = max(peak, level_now)
        delayed = sorted(task for task, items in delays.items() if any(d.resource == resource.id for d in items))
        total = sum(d.days for items in delays.values() for d in items if d.resource == resource.id)
        uses.append(ResourceUse(resource.id, resource.name, resource.kind.value, resource.capacity, resource.per, peak, tuple(delayed), total, resource.funding))
    return tuple(uses)


def _plan_warnings(checked: CheckedRoadmap, plan: Plan) -> list[Diagnostic]:
    """Planning problems worth a warning, e.g. work that ends after the horizon."""
    horizon = checked.model.roadmap.horizon
    if horizon is None or plan.finish <= horizon:
        return []
    span = checked.span(("roadmap", "horizon"))
    late = sum(1 for p in plan.initiatives if p.finish > horizon)
    return [
        Diagnostic(
            span.path,
            span.line,
            span.col,
            "past-horizon",
            ngettext(
                "the plan ends on {finish}, after the horizon {horizon} ({count} initiative finishes later)",
                "the plan ends on {finish}, after the horizon {horizon} ({count} initiatives finish later)",
                late,
            ).format(finish=plan.finish, horizon=horizon, count=late),
            _("move the horizon, shorten work, add capacity or drop initiatives"),
            Severity.WARNING,
        )
    ]
