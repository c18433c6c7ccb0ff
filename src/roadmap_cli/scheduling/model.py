"""Scheduling input model: tasks, precedences, quorums and resources in integer days."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap_cli.scheduling.calendar import WorkCalendar


@dataclass(frozen=True, slots=True)
class Task:
    """Work to schedule; finish is exclusive (a 10-day task starting at 0 finishes at 10)."""

    id: str
    duration: int
    release: int = 0
    fixed_start: int | None = None
    fixed_finish: int | None = None
    demands: tuple[tuple[str, int], ...] = ()
    working: bool = False
    """True when `duration` counts working days of the problem's calendar (planned work only)."""

    @property
    def is_fixed(self) -> bool:
        """True for active or done work, which is never moved."""
        return self.fixed_start is not None

    @property
    def span(self) -> int:
        """Days the task occupies: actual length for done work, else its duration (its working days, if `working`)."""
        if self.fixed_start is not None and self.fixed_finish is not None:
            return self.fixed_finish - self.fixed_start
        return self.duration


@dataclass(frozen=True, slots=True)
class Precedence:
    """`succ` starts no earlier than `lag` days after `pred` finishes (lag may be negative).

    With `working`, the lag counts working days of the problem's calendar (0 or more): `succ` starts no earlier
    than the day after the lag's last working day.
    """

    pred: str
    succ: str
    lag: int = 0
    working: bool = False


@dataclass(frozen=True, slots=True)
class Quorum:
    """`target` starts no earlier than the k-th smallest finish among `members`."""

    target: str
    members: tuple[str, ...]
    k: int


@dataclass(frozen=True, slots=True)
class Resource:
    """A renewable capacity per day (periods None) or a budget per period starting at `periods`.

    A budget charges each task's demand spread evenly over its days (a 0-day task: all on its
    start day), in exact fractions. Days before the first period start are not charged; the
    last period never ends, so list period starts past any plausible plan.
    """

    id: str
    capacity: int
    periods: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Everything the scheduler needs: tasks and the constraints between them."""

    tasks: tuple[Task, ...]
    precedences: tuple[Precedence, ...]
    quorums: tuple[Quorum, ...] = ()
    resources: tuple[Resource, ...] = ()
    calendar: WorkCalendar | None = None
    """The working days that `working` tasks and lags count; required when any is present."""
