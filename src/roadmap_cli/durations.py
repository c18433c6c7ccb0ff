"""Durations and calendar periods: `90d`, `6w`, `6m`, `2q`, `1y`, `20hk` (working days), and period labels such as `2026-H2`."""

from __future__ import annotations

import re
from datetime import date

from roadmap_cli.i18n import _
from roadmap_cli.vocabulary import (
    DAYS_PER_UNIT,
    DURATION_PART_PATTERN,
    DURATION_PATTERN,
    WORKING_DAY_UNITS,
)


class DurationError(ValueError):
    """A duration text that does not parse (reported as `invalid-duration`)."""


class WorkingDays(int):
    """A duration counted in working days (`20hk`): the roadmap calendar decides how many days it spans."""

    def __repr__(self) -> str:
        return f"WorkingDays({int(self)})"


_PART = re.compile(DURATION_PART_PATTERN)
_WHOLE = re.compile(DURATION_PATTERN)
FIRST_DAY = date(2, 1, 1)
"""The earliest date a plan may use: a year after the calendar's first, so every report can show the period before."""
LAST_DAY = date(9998, 12, 31)
"""The latest date a plan may use: a year before the calendar's last (9999-12-31), so every report can show the next period."""
MAX_SPAN_DAYS = 36_500
"""The longest one duration or lag may be (100 years): it keeps levelling's work bounded; sums are checked against the calendar."""
MAX_BARE_DIGITS = 6
"""A duration written as a bare number (days) has at most as many digits as one part of `90d`, `6m` ... may have."""
BARE_DAYS_LIMIT = 10**MAX_BARE_DIGITS - 1
"""The largest bare number of days (either sign), for the JSON Schema."""


UNIT_WORDS = {
    "d": ("day", "days", "hari", "hr"),
    "w": ("week", "weeks", "wk", "minggu", "mgg", "pekan"),
    "m": ("month", "months", "mo", "mon", "bulan", "bln"),
    "q": ("quarter", "quarters", "qtr", "triwulan", "kuartal"),
    "y": ("year", "years", "yr", "yrs", "tahun", "thn", "th"),
    "hk": ("workday", "workdays", "working-day", "working-days", "workingday", "workingdays", "harikerja", "hari-kerja"),
}
"""Unit words, English and Indonesian, that people write for each one-letter unit."""
_UNIT_OF_WORD = {word: unit for unit, words in UNIT_WORDS.items() for word in words}
_WORDED_PART = re.compile(r"\s*([0-9]{1,6})\s*([A-Za-z-]+)\s*")
_TWO_WORD_UNIT = re.compile(r"\b(hari|working|work)\s+(kerja|days?)\b", re.IGNORECASE)


def suggest_duration(text: str) -> str | None:
    """`3m` for `3 bulan` or `3 months`, `1y 6m` for `1 tahun 6 bulan`, `20hk` for `20 hari kerja`: the duration meant by unit words, if any."""
    body = _TWO_WORD_UNIT.sub(lambda m: m.group(1) + m.group(2), text.strip())
    sign = "-" if body.startswith("-") else ""
    body = body[len(sign) :]
    parts, position = [], 0
    while position < len(body):
        match = _WORDED_PART.match(body, position)
        if match is None:
            return None
        unit = _UNIT_OF_WORD.get(match.group(2).lower())
        if unit is None:
            return None
        parts.append(f"{match.group(1)}{unit}")
        position = match.end()
    return sign + " ".join(parts) if parts else None


def parse_duration(text: str) -> int:
    """Days in a duration such as `90d`, `6w`, `1y 6m` or `-5d`; raise DurationError when malformed."""
    if not _WHOLE.match(text):
        units = _("d (days), w (weeks), m (months of 30 days), q (quarters of 91 days), y (years of 365 days) or hk (working days, also wd)")
        meant = suggest_duration(text)
        if meant is not None:
            raise DurationError(_("`{text}` is not a duration: did you mean `{meant}`?; a unit follows the number: {units}").format(text=text, meant=meant, units=units))
        raise DurationError(_("`{text}` is not a duration; write a number and a unit: {units}, e.g. `90d`, `6m`, `1y 6m`").format(text=text, units=units))
    parts = [(int(n), unit.lower()) for n, unit in _PART.findall(text)]
    working = [unit in WORKING_DAY_UNITS for _, unit in parts]
    if any(working):
        if not all(working):
            raise DurationError(_("`{text}` mixes working days with calendar units; write it all in working days (`25hk`) or all in calendar days (`1m 5d`)").format(text=text))
        if text.strip().startswith("-"):
            raise DurationError(_("`{text}` is a negative lag in working days, which cannot be counted back; write it in calendar days, e.g. `-7d`").format(text=text))
        return WorkingDays(sum(n for n, _ in parts))
    days = sum(n * DAYS_PER_UNIT[unit] for n, unit in parts)
    return -days if text.strip().startswith("-") else days


def bare_days(value: int) -> int:
    """A duration written as a bare whole number of days; raise DurationError when it has too many digits for one."""
    if abs(value) > BARE_DAYS_LIMIT:
        raise DurationError(
            _("`{value}` is not a duration: a number without a unit is read as days, and has at most {digits} digits; write a number and a unit, e.g. `90d`, `6m` or `2y`").format(
                value=value, digits=MAX_BARE_DIGITS
            )
        )
    return value


def period_label(day: date, period: str) -> str:
    """The calendar period that contains `day`, e.g. `2026`, `2026-H2`, `2026-Q3`, `2026-07`."""
    if period == "year":
        return f"{day.year}"
    if period == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_span(first: date, last: date, period: str) -> tuple[str, str]:
    """Labels of the periods holding `first` and `last`, e.g. (`2025-H1`, `2026-H2`)."""
    return period_label(first, period), period_label(last, period)


def period_start(day: date, period: str) -> date:
    """The first day of the period that contains `day`."""
    if period == "year":
        return date(day.year, 1, 1)
    if period == "half":
        return date(day.year, 1 if day.month <= 6 else 7, 1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def next_period_start(day: date, period: str) -> date:
    """The first day of the period after the one that contains `day`."""
    first = period_start(day, period)
    months = {"year": 12, "half": 6, "quarter": 3, "month": 1}[period]
    month_index = first.year * 12 + first.month - 1 + months
    return date(month_index // 12, month_index % 12 + 1, 1)


def period_starts(first: date, last: date, period: str) -> list[date]:
    """Start dates of every period from the one holding `first` to the one holding `last`."""
    starts = [period_start(first, period)]
    while next_period_start(starts[-1], period) <= last:
        starts.append(next_period_start(starts[-1], period))
    return starts
