"""Serial schedule-generation scheme over per-day resource profiles and period budgets."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from roadmap_cli.scheduling.calendar import WorkCalendar

Pred = tuple[int, int]
QuorumBound = tuple[tuple[int, ...], int]

BUDGET_CHECK_WORK = 16
"""Work units charged per budget check (exact fractions cost about 16 profile probes)."""


class Unplaceable(Exception):
    """No start day lets a budget pay for a task, given the tasks already placed."""

    def __init__(self, task: int, budget: int) -> None:
        super().__init__(task, budget)
        self.task = task
        self.budget = budget


def budget_charges(periods: Sequence[int], start: int, duration: int, amount: int) -> list[tuple[int, Fraction]]:
    """Charge per budget period of `amount` spread evenly over days [start, start+duration).

    A 0-day task charges everything on its start day. Days before the first period start are
    outside every period and not charged; the last period never ends.
    """
    first = bisect_right(periods, start) - 1
    if duration == 0:
        return [(first, Fraction(amount))] if first >= 0 else []
    end = start + duration
    last = len(periods) - 1
    charges: list[tuple[int, Fraction]] = []
    i = max(first, 0)
    while i <= last and periods[i] < end:
        lo = max(start, periods[i])
        hi = end if i == last else min(end, periods[i + 1])
        if hi > lo:
            charges.append((i, Fraction(amount * (hi - lo), duration)))
        i += 1
    return charges


@dataclass(frozen=True, slots=True)
class SgsData:
    """What one serial SGS pass needs, as lists indexed by task.

    Renewable profiles are per-day lists of free capacity from day `origin`, grown on demand
    (days past a list's end are fully free). `base` and `base_budget` hold what fixed tasks use.
    """

    release: list[int]
    span: list[int]
    zero_preds: list[list[int]]
    lag_preds: list[list[Pred]]
    quorums_of: list[list[QuorumBound]]
    demands: list[list[tuple[int, int]]]
    capacities: list[int]
    base: list[list[int]]
    origin: int
    budget_demands: list[list[tuple[int, int]]]
    budget_periods: list[list[int]]
    base_budget: list[list[Fraction]]
    start0: list[int]
    finish0: list[int]
    placement_work: int
    """Work units of placing every movable task once: one each, plus one per predecessor or quorum member read."""
    working: list[bool] = field(default_factory=list)
    """Per task, True when its `span` counts working days of `calendar` (empty: none does)."""
    calendar: WorkCalendar | None = None

    def span_at(self, j: int, t: int) -> int:
        """Days task `j` occupies when it starts on day `t`."""
        if self.calendar is not None and self.working and self.working[j]:
            return self.calendar.finish(t, self.span[j]) - t
        return self.span[j]


def budget_pays(periods: Sequence[int], left: Sequence[Fraction], start: int, duration: int, amount: int) -> bool:
    """True when `left` per period covers `amount` spread over days [start, start+duration), exactly."""
    i = bisect_right(periods, start) - 1
    if duration == 0:
        return i < 0 or left[i] >= amount
    end = start + duration
    last = len(periods) - 1
    i = max(i, 0)
    while i <= last and periods[i] < end:
        lo = max(start, periods[i])
        hi = end if i == last else min(end, periods[i + 1])
        if hi > lo:
            room = left[i]
            if amount * (hi - lo) * room.denominator > room.numerator * duration:
                return False
        i += 1
    return True


def budget_fits(data: SgsData, left: list[list[Fraction]], j: int, t: int) -> int:
    """Index of the first budget that cannot pay for task `j` starting at `t`, or -1."""
    d = data.span_at(j, t)
    for b, amount in data.budget_demands[j]:
        if not budget_pays(data.budget_periods[b], left[b], t, d, amount):
            return b
    return -1


def _first_fit(data: SgsData, prof: list[list[int]], left: list[list[Fraction]], j: int, ready: int) -> tuple[int, int]:
    """The earliest start from `ready` at which task `j`'s capacities and budgets all hold, and the work it cost.

    Each probe reads the task's window in one profile; on a short day it jumps past the last one in the window,
    and the other resources are probed again from there. Raises Unplaceable when a budget can never pay.
    """
    origin, duration = data.origin, data.span[j]
    wants, pays, periods = data.demands[j], data.budget_demands[j], data.budget_periods
    working = data.calendar is not None and bool(data.working) and data.working[j]
    offset = ready - origin
    work = 0
    while True:
        moved = True
        while moved:
            moved = False
            if working:
                duration = data.span_at(j, offset + origin)
            probe = 1 + (duration >> 5)
            for r, amount in wants:
                window = prof[r][offset : offset + duration]
                work += probe
                if window and min(window) < amount:
                    last_short = len(window) - 1
                    while window[last_short] >= amount:
                        last_short -= 1
                    offset += last_short + 1
                    moved = True
                    break
        if not pays:
            return offset + origin, work
        blocked = budget_fits(data, left, j, offset + origin)
        work += BUDGET_CHECK_WORK
        if blocked < 0:
            return offset + origin, work
        if offset + origin >= max(periods[b][-1] for b, _ in pays):
            raise Unplaceable(j, blocked)
        offset += 1


def serial_sgs(data: SgsData, order: Sequence[int]) -> tuple[list[int], list[int], int]:
    """Place tasks of the topological `order` one by one at their earliest feasible start.

    Returns (starts, finishes, work units); work counts placements and the predecessors they
    read, profile probes (one more per 32 days probed) and budget checks: a deterministic
    measure of effort. Raises Unplaceable when a budget can never pay for a task.
    """
    start = list(data.start0)
    fin = list(data.finish0)
    prof = [list(a) for a in data.base]
    left = [list(r) for r in data.base_budget]
    capacities, origin = data.capacities, data.origin
    release, span, zero_preds, lag_preds, quorums_of = data.release, data.span, data.zero_preds, data.lag_preds, data.quorums_of
    demands, budget_demands, periods = data.demands, data.budget_demands, data.budget_periods
    finish_of = fin.__getitem__
    work = data.placement_work
    span_at = data.span_at if data.calendar is not None else None
    for j in order:
        ready = release[j]  # the precedence-feasible start: release, predecessors' finishes (+ lags), quorums
        if zero_preds[j]:
            ready = max(ready, *map(finish_of, zero_preds[j]))
        for p, lag in lag_preds[j]:
            ready = max(ready, fin[p] + lag)
        for members, k in quorums_of[j]:
            ready = max(ready, sorted(map(finish_of, members))[k - 1])
        wants, pays = demands[j], budget_demands[j]
        if wants or pays:
            ready, probed = _first_fit(data, prof, left, j, ready)
            work += probed
        duration = span[j] if span_at is None else span_at(j, ready)
        if wants or pays:
            lo, hi = ready - origin, ready - origin + duration
            for r, amount in wants:
                row = prof[r]
                if len(row) < hi:
                    row.extend([capacities[r]] * (hi - len(row)))
                row[lo:hi] = map(amount.__rsub__, row[lo:hi])
            for b, amount in pays:
                row_left = left[b]
                for period, charge in budget_charges(periods[b], ready, duration, amount):
                    row_left[period] -= charge
        start[j] = ready
        fin[j] = ready + duration
    return start, fin, work
