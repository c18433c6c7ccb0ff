"""Who pays and when regional money can start: funding sources, cost shares and the budget-year rule (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from roadmap_cli.i18n import N_
from roadmap_cli.vocabulary import MONTH_DAY_PATTERN, SHARE_PERCENT_PATTERN

DEFAULT_APBD_BY = "11-30"
"""The APBD of year N is approved jointly by 30 November of N-1 (UU 23/2014: one month before the budget year starts)."""
DEFAULT_APBD_P_BY = "09-30"
"""The APBD-P of year N is approved by the end of September of N (PP 12/2019: three months before the year ends)."""


@dataclass(frozen=True)
class BuiltinSource:
    """A funding source every roadmap may use without declaring it."""

    id: str
    name: str
    """English name, marked for the catalog (translated when shown)."""
    apbd: bool
    """True when the money passes through a regional budget (APBD), so the budget-year rule applies."""


BUILTIN_SOURCES: tuple[BuiltinSource, ...] = (
    BuiltinSource("apbd-provinsi", N_("provincial APBD"), True),
    BuiltinSource("apbd-kabkota", N_("kabupaten/kota APBD"), True),
    BuiltinSource("apbn", N_("APBN (central)"), False),
    BuiltinSource("dak", N_("DAK"), True),
    BuiltinSource("bakti", N_("BAKTI"), False),
    BuiltinSource("dana-desa", N_("village fund"), False),
    BuiltinSource("csr", N_("CSR"), False),
    BuiltinSource("kpbu", N_("KPBU (PPP)"), False),
    BuiltinSource("lainnya", N_("other"), False),
)
"""The default sources; DAK is a transfer that is spent through the APBD, so it follows the APBD calendar."""


@dataclass(frozen=True)
class Source:
    """A funding source a roadmap can use: built in or declared under `funding_sources:`."""

    id: str
    name: str
    apbd: bool
    builtin: bool


def sources(declared: tuple[tuple[str, str, bool | None], ...]) -> dict[str, Source]:
    """The built-in sources, then the declared ones (id, name, apbd); a declared id replaces the built-in one."""
    known = {s.id: Source(s.id, s.name, s.apbd, True) for s in BUILTIN_SOURCES}
    for source_id, name, apbd in declared:
        builtin = known.get(source_id)
        known[source_id] = Source(source_id, name, (builtin.apbd if builtin and builtin.builtin else False) if apbd is None else apbd, False)
    return known


def percent_value(text: str) -> int | None:
    """The whole number of a percent share (`60%` -> 60), or None when the text is not one."""
    match = re.fullmatch(SHARE_PERCENT_PATTERN, text)
    return int(text.strip().rstrip("%").strip()) if match else None


@dataclass(frozen=True)
class Share:
    """One source's part of an initiative's cost: the percent written (None for an amount) and the rupiah (None without a cost)."""

    source: str
    percent: int | None
    amount: int | None


def shares(funding: str | dict[str, int | str] | None, cost: int | None) -> tuple[Share, ...]:
    """The cost split of a valid `funding:` value, in the order written; percents of a cost give whole rupiah that add up.

    Rupiah of a percent split are rounded down and the rupiah left over go one each to the largest remainders
    (ties to the earlier source), so the parts always add up to the cost.
    """
    if funding is None:
        return ()
    if isinstance(funding, str):
        return (Share(funding, 100, cost),)
    if all(isinstance(value, int) for value in funding.values()):
        return tuple(Share(source, None, int(value)) for source, value in funding.items())
    percents = [(source, percent_value(str(value)) or 0) for source, value in funding.items()]
    if cost is None:
        return tuple(Share(source, percent, None) for source, percent in percents)
    floors = [cost * percent // 100 for _source, percent in percents]
    left = cost - sum(floors)
    order = sorted(range(len(percents)), key=lambda n: (-(cost * percents[n][1] % 100), n))
    for n in order[:left]:
        floors[n] += 1
    return tuple(Share(source, percent, amount) for (source, percent), amount in zip(percents, floors))


@dataclass(frozen=True)
class BudgetCalendar:
    """When regional budgets are fixed: the APBD of year N by a day of N-1, the APBD-P of N by a day of N (or none)."""

    apbd_by: tuple[int, int] = (11, 30)
    apbd_p_by: tuple[int, int] | None = (9, 30)


def month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of `MM-DD` text when it is a day of every year (29 February is not), else None."""
    if not re.fullmatch(MONTH_DAY_PATTERN, text):
        return None
    month, day = int(text[:2]), int(text[3:])
    try:
        date(2001, month, day)
    except ValueError:
        return None
    return month, day


@dataclass(frozen=True)
class BudgetEntry:
    """The first regional budget new work can enter, and the first day that budget lets it start."""

    budget: str
    """`apbd` or `apbd-p`."""
    year: int
    """The budget year."""
    start: date
    """1 January of the year for an APBD; the day after the APBD-P is fixed for an APBD-P."""


def first_budget(status_date: date, calendar: BudgetCalendar) -> BudgetEntry:
    """The first budget that work not yet in any budget can enter, counted from the status date.

    On or before the APBD-P day of year N the work can go into the APBD-P of N and start the next day.
    Otherwise, on or before the APBD day of N (for the APBD of N+1) it starts on 1 January N+1. Later in
    N it misses both: the APBD-P of N+1 if there is one (start the day after its day), else 1 January N+2.
    """
    year = status_date.year
    if calendar.apbd_p_by is not None and status_date <= date(year, *calendar.apbd_p_by):
        return BudgetEntry("apbd-p", year, date(year, *calendar.apbd_p_by) + timedelta(days=1))
    if status_date <= date(year, *calendar.apbd_by):
        return BudgetEntry("apbd", year + 1, date(year + 1, 1, 1))
    if calendar.apbd_p_by is not None:
        return BudgetEntry("apbd-p", year + 1, date(year + 1, *calendar.apbd_p_by) + timedelta(days=1))
    return BudgetEntry("apbd", year + 2, date(year + 2, 1, 1))
