"""The roadmap's working-day calendar: weekend, Indonesia's national holidays and cuti bersama, the roadmap's own days off."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import partial

from roadmap_cli.models import WorkCalendarSpec
from roadmap_cli.scheduling.calendar import WorkCalendar
from roadmap_cli.vocabulary import WEEKDAYS


def days_off(spec: WorkCalendarSpec, year: int) -> frozenset[date]:
    """Every day off in `year` besides the weekend: national holidays and cuti bersama (from the `holidays` package), the roadmap's own, less its working days."""
    off = {day for day in spec.holidays if day.year == year}
    categories = (("public",) if spec.national_holidays else ()) + (("government",) if spec.cuti_bersama else ())
    if categories:
        import holidays

        off |= set(holidays.country_holidays("ID", years=year, categories=categories))
    return frozenset(off - set(spec.working))


def work_calendar(spec: WorkCalendarSpec, origin: date) -> WorkCalendar:
    """The calendar that durations and lags in working days count, with day 0 on `origin`."""
    weekend: Collection[int] = {WEEKDAYS.index(day.value) for day in spec.weekend}
    return WorkCalendar(origin, weekend, partial(days_off, spec))
