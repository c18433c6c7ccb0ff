"""`roadmap status`: the quarterly page of a plan as of its status date, as data (renderers in render/status.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from roadmap_cli.plan import SCHEDULE_STATES, Plan, PlannedIndicator, PlannedInitiative, PlannedTarget
from roadmap_cli.render.common import cost_per_year

PERIOD_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
"""Length of each roadmap period in months: the window `status` looks back and ahead."""


@dataclass(frozen=True)
class LateItem:
    """Late work and what waits for it."""

    item: PlannedInitiative
    blocks: tuple[PlannedInitiative, ...]


@dataclass(frozen=True)
class GateWait:
    """Work not started that waits on a quorum gate not yet met."""

    item: PlannedInitiative
    rule: str
    k: int
    members: int
    met: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Budget:
    """Money of the status date's year: planned for the whole year, and spent up to the status date."""

    year: int
    planned: int
    spent: int


TARGET_STATES = ("on-target", "behind", "not-measured")
"""Where a target stands on the status date: the latest actual against that year's target, or no actual yet."""


@dataclass(frozen=True)
class TargetProgress:
    """One target on the status date: its latest actual against the year's target, and the next target."""

    target: PlannedTarget
    indicator: PlannedIndicator
    owner_name: str
    actual: tuple[int, float] | None
    """The latest actual (year, value) up to the status date's year, if any."""
    expected: float | None
    """The target for the actual's year: as written, or on the straight line between the written years."""
    state: str
    """One of TARGET_STATES."""
    next: tuple[int, float] | None
    """The first yearly target after the latest actual (or the baseline) and not before the status date's year, if any."""


@dataclass(frozen=True)
class StatusReport:
    """What a head of office reads each quarter about one roadmap."""

    plan: Plan
    status_date: date
    since: date
    """First day of the look-back window (one roadmap period before the status date)."""
    until: date
    """Last day of the look-ahead window (one roadmap period after the status date)."""
    counts: dict[str, int]
    done: tuple[PlannedInitiative, ...]
    late: tuple[LateItem, ...]
    at_risk: tuple[PlannedInitiative, ...]
    starting: tuple[PlannedInitiative, ...]
    gates: tuple[GateWait, ...]
    budget: Budget | None
    targets: tuple[TargetProgress, ...] = ()


def _months(day: date, months: int) -> date:
    """`day` moved by whole months, the day of the month clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def status_report(plan: Plan, status_date: date) -> StatusReport:
    """The status page of `plan` as of `status_date` (its own status date, normally)."""
    months = PERIOD_MONTHS.get(plan.roadmap.period, 3)
    since = _months(status_date, -months) + timedelta(days=1)
    until = _months(status_date, months) - timedelta(days=1)
    items = {item.id: item for item in plan.initiatives}
    counts = Counter(item.state for item in plan.initiatives)
    counts["dropped"] = len(plan.dropped)
    done = tuple(sorted((i for i in plan.initiatives if i.status == "done" and since <= i.finish <= status_date), key=lambda i: (i.finish, i.id)))
    late = tuple(LateItem(item, tuple(items[d] for d in item.dependents if d in items)) for item in sorted((i for i in plan.initiatives if i.state == "late"), key=lambda i: (-i.days_late, i.id)))
    at_risk = tuple(sorted((i for i in plan.initiatives if i.state == "at-risk"), key=lambda i: (i.slack_days, i.id)))
    starting = tuple(sorted((i for i in plan.initiatives if i.status == "planned" and status_date <= i.start <= until), key=lambda i: (i.start, i.id)))
    gates = []
    for item in plan.initiatives:
        if item.status != "planned":
            continue
        for gate in item.gates:
            finished = [m for m in gate.members if m in items and items[m].status == "done"]
            if len(finished) < gate.k:
                missing = tuple(m for m in gate.members if m not in finished)
                gates.append(GateWait(item, gate.rule, gate.k, len(gate.members), len(finished), missing))
    return StatusReport(
        plan,
        status_date,
        since,
        until,
        {state: counts[state] for state in SCHEDULE_STATES},
        done,
        late,
        at_risk,
        starting,
        tuple(gates),
        _budget(plan, status_date),
        target_progresses(plan, status_date),
    )


def expected_value(target: PlannedTarget, year: int) -> float:
    """The target for `year`: as written, on the straight line between the written years, or the last one after them."""
    points = [(target.baseline_year, target.baseline), *target.yearly]
    for (year0, value0), (year1, value1) in pairwise(points):
        if year0 <= year <= year1:
            return value0 + (value1 - value0) * (year - year0) / (year1 - year0)
    return points[-1][1] if year > points[-1][0] else points[0][1]


def target_progress(target: PlannedTarget, indicator: PlannedIndicator, owner_name: str, status_date: date) -> TargetProgress:
    """Where one target stands on `status_date`."""
    measured = [(year, value) for year, value in target.actuals if year <= status_date.year]
    actual = measured[-1] if measured else None
    last_year = actual[0] if actual else target.baseline_year
    upcoming = next(((year, value) for year, value in target.yearly if year > last_year and year >= status_date.year), None)
    if actual is None:
        return TargetProgress(target, indicator, owner_name, None, None, "not-measured", upcoming)
    expected = expected_value(target, actual[0])
    state = "on-target" if indicator.better(round(actual[1], 6), round(expected, 6)) else "behind"
    return TargetProgress(target, indicator, owner_name, actual, expected, state, upcoming)


def target_progresses(plan: Plan, status_date: date) -> tuple[TargetProgress, ...]:
    """Every target of the plan on the status date, in plan order."""
    indicators = {indicator.id: indicator for indicator in plan.indicators}
    names = {region.id: region.name for region in plan.regions} | {item.id: item.name for item in plan.initiatives}
    return tuple(target_progress(t, indicators[t.indicator], names.get(t.owner_id, t.owner_id), status_date) for t in plan.targets)


def _budget(plan: Plan, status_date: date) -> Budget | None:
    """Planned and spent money of the status date's year; None when no initiative has a cost."""
    if not any(item.cost for item in plan.initiatives):
        return None
    year = status_date.year
    first = date(year, 1, 1)
    spent = 0
    for item in plan.initiatives:
        if not item.cost or item.status == "planned" or item.start > status_date:
            continue
        days = max(1, (item.finish - item.start).days + 1)
        begin, end = max(item.start, first), min(item.finish, status_date)
        if end >= begin:
            spent += item.cost * ((end - begin).days + 1) // days
    return Budget(year, cost_per_year(plan).get(year, 0), spent)
