"""The format's words and patterns, defined once: models, JSON Schema, CLI choices, renderers and docs use these.

Patterns are written so that Python's `re`, pydantic and a JSON Schema (ECMA-262) editor read them alike:
`[0-9]` rather than `\\d` (which is any Unicode digit in Python), and no look-arounds.
"""

from __future__ import annotations

from enum import Enum


class Period(str, Enum):
    """The calendar period that names phases and timeline columns, longest first."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"


PERIODS: tuple[str, ...] = tuple(period.value for period in Period)
"""Period names, longest first."""


class PhaseMode(str, Enum):
    """How initiatives are grouped into phases: dependency stages, or windows in time."""

    STAGES = "stages"
    CALENDAR = "calendar"


PHASE_MODES: tuple[str, ...] = tuple(mode.value for mode in PhaseMode)
"""Phase mode names, the default first."""


class Language(str, Enum):
    """A language the messages and reports are written in (`--lang`, ROADMAP_LANG, the header's `language`)."""

    EN = "en"
    ID = "id"


LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
"""Language codes, English (the default) first."""


class Weekday(str, Enum):
    """A day of the week, numbered as `date.weekday()` orders them (Monday first)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


WEEKDAYS: tuple[str, ...] = tuple(day.value for day in Weekday)
"""Weekday codes, Monday first: a code's position is its `date.weekday()`."""


class Status(str, Enum):
    """Where an initiative stands."""

    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


STATUSES: tuple[str, ...] = tuple(status.value for status in Status)
"""Every status an initiative may have."""
SCHEDULED_STATUSES: tuple[str, ...] = tuple(status.value for status in Status if status is not Status.DROPPED)
"""Statuses of work in the schedule (dropped work is left out of it)."""


class Authority(str, Enum):
    """Who decides an initiative: the region itself, the central government, or a partner (operator, company)."""

    OWN = "own"
    CENTRAL = "central"
    PARTNER = "partner"


AUTHORITIES: tuple[str, ...] = tuple(authority.value for authority in Authority)
"""Authority names, the default (`own`) first."""


class ExportFormat(str, Enum):
    """`roadmap export --format NAME`: every format the exporters can write."""

    MARKDOWN = "markdown"
    MERMAID = "mermaid"
    MERMAID_FLOWCHART = "mermaid-flowchart"
    CSV = "csv"
    JSON = "json"
    SVG = "svg"
    TERMINAL_SVG = "terminal-svg"
    HTML = "html"
    XLSX = "xlsx"


EXPORT_FORMATS: tuple[str, ...] = tuple(fmt.value for fmt in ExportFormat)
"""Export format names, in the order the help and the docs list them."""
FILE_EXTENSIONS: dict[str, str] = {
    ExportFormat.MARKDOWN.value: ".md",
    ExportFormat.MERMAID.value: ".mmd",
    ExportFormat.MERMAID_FLOWCHART.value: ".mmd",
    ExportFormat.CSV.value: ".csv",
    ExportFormat.JSON.value: ".json",
    ExportFormat.SVG.value: ".svg",
    ExportFormat.TERMINAL_SVG.value: ".svg",
    ExportFormat.HTML.value: ".html",
    ExportFormat.XLSX.value: ".xlsx",
}
"""File extension per export format."""

DAYS_PER_UNIT: dict[str, int] = {"d": 1, "w": 7, "m": 30, "q": 91, "y": 365}
"""Calendar days in one duration unit: a month is 30 days, a quarter 91 (13 weeks), a year 365."""
_UNITS = "".join(DAYS_PER_UNIT) + "".join(DAYS_PER_UNIT).upper()

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
"""Ids and tags: a letter or digit, then letters, digits, `.`, `_` or `-`; at most 100 characters."""
CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4,5})?)?)?$"
"""Kemendagri region codes: `65`, `65.71`, `65.71.01`, `65.71.01.1001`."""
WORKING_DAY_UNITS: tuple[str, ...] = ("hk", "wd")
"""Units of working days (hari kerja, working days): `20hk` or `20wd` counts the roadmap calendar's working days."""
_WORKING = "|".join(f"[{u[0]}{u[0].upper()}][{u[1]}{u[1].upper()}]" for u in WORKING_DAY_UNITS)
DURATION_PART_PATTERN = rf"\s*([0-9]{{1,6}})\s*({_WORKING}|[{_UNITS}])"
"""One part of a duration, `90d`, `6 m` or `20hk`: at most six digits and a unit."""
DURATION_PATTERN = rf"^\s*-?\s*([0-9]{{1,6}}\s*({_WORKING}|[{_UNITS}])\s*)+$"
"""A whole duration text: `90d`, `1y 6m`, `-5d` (a negative lag), `20hk` (working days)."""
QUORUM_COUNT_PATTERN = r"^\s*[1-9][0-9]{0,8}\s*$"
"""A quorum written as text that counts initiatives: `"4"` (whole number, 1 or more)."""
QUORUM_SHARE_PATTERN = r"^\s*([1-9][0-9]?|100)\s*%\s*$"
"""A quorum written as a share of the required initiatives: `80%`, from `1%` to `100%`."""

SHARE_PERCENT_PATTERN = r"^\s*[0-9]{1,3}\s*%\s*$"
"""A funding share written in percent: a whole number and `%`, e.g. `60%`."""
MONTH_DAY_PATTERN = r"^[0-9]{2}-[0-9]{2}$"
"""A day of every year written MM-DD, e.g. `11-30`."""


DEFAULT_EFFORT = 10
"""Levelling effort when neither `--effort` nor the roadmap's `levelling: {effort: N}` gives one."""

MAX_EFFORT = 1000
"""The largest levelling effort a roadmap or `--effort` may ask for (100 times the default's work)."""
