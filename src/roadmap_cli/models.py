"""The roadmap format, version 1, as frozen pydantic models (the JSON Schema comes from here)."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)

from roadmap_cli.durations import BARE_DAYS_LIMIT, WorkingDays, bare_days, parse_duration
from roadmap_cli.fields import FormatModel, Id, RegionKind, Tag
from roadmap_cli.funding import DEFAULT_APBD_BY, DEFAULT_APBD_P_BY, month_day
from roadmap_cli.i18n import _
from roadmap_cli.rules import Rule
from roadmap_cli.vocabulary import (
    CODE_PATTERN,
    DEFAULT_EFFORT,
    DURATION_PATTERN,
    MAX_EFFORT,
    MONTH_DAY_PATTERN,
    SHARE_PERCENT_PATTERN,
    Authority,
    Language,
    Period,
    PhaseMode,
    Status,
    Weekday,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _duration_days(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Turn duration text into days; whole numbers are days already (with the digit limit of a written part).

    Working days (`20hk`) stay WorkingDays once the number is validated, so planning knows to count them.
    """
    if isinstance(value, str):
        days = parse_duration(value)
        return WorkingDays(handler(days)) if isinstance(days, WorkingDays) else handler(days)
    if isinstance(value, int) and not isinstance(value, bool):
        return handler(bare_days(value))
    return handler(value)


class DateTextError(ValueError):
    """A date that is not written as YYYY-MM-DD (reported as `invalid-date`)."""


def _iso_date(value: Any) -> Any:
    """Accept only `YYYY-MM-DD` text for dates, so numbers are never read as timestamps."""
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise DateTextError(_("`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15").format(value=value))
    if not isinstance(value, (str, date)):
        raise DateTextError(_("`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15").format(value=value))
    return value


def _percentage(value: Any) -> Any:
    """Read a share of work done: a whole number from 0 to 100, with or without `%`."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    match = re.fullmatch(r"(-?\s*\d{1,9})\s*%?", text) if text is not None else None
    if match is None:
        raise ValueError(_("`{value}` is not a progress; write the share done, e.g. `progress: 40%`").format(value=value))
    number = int(match.group(1).replace(" ", ""))
    if not 0 <= number <= 100:
        raise ValueError(_("`{value}` is not a progress between 0% and 100%; write the share done, e.g. `progress: 40%`").format(value=value))
    return number


RegionCode = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
AT_RISK_SLACK_DAYS = 30
"""Slack below which work whose slack shrank is at risk, when the roadmap sets no `at_risk_slack`."""

Days = Annotated[
    int,
    WrapValidator(_duration_days),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN},
                {"type": "integer", "minimum": -BARE_DAYS_LIMIT, "maximum": BARE_DAYS_LIMIT},
            ],
            "description": "A duration: `90d`, `6w`, `6m` (30 days), `2q` (91 days), `1y` (365 days), `1y 6m`, `20hk` or `20wd` (working days of the roadmap's calendar), or whole days (at most 6 digits).",
            "examples": ["90d", "6w", "6m", "2q", "1y"],
        }
    ),
]
Duration = Annotated[Days, Field(ge=0)]
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "A date, YYYY-MM-DD."}),
]
Progress = Annotated[
    int,
    BeforeValidator(_percentage),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer", "minimum": 0, "maximum": 100}, {"type": "string", "pattern": r"^\d{1,3}\s*%$"}],
            "description": "Share of the work done on the status date, 0-100, e.g. `40%`.",
        }
    ),
]

REGION_LEVEL = {
    RegionKind.COUNTRY: 0,
    RegionKind.PROVINCE: 1,
    RegionKind.KABUPATEN: 2,
    RegionKind.KOTA: 2,
    RegionKind.KECAMATAN: 3,
    RegionKind.DESA: 4,
    RegionKind.KELURAHAN: 4,
}


class ResourceKind(str, Enum):
    """What a resource is: people working at once, or money per period."""

    TEAM = "team"
    CREW = "crew"
    BUDGET = "budget"


class Levelling(FormatModel):
    """How hard levelling searches for an earlier finish; every effort gives the same plan on every run."""

    effort: int = Field(
        default=DEFAULT_EFFORT,
        ge=0,
        le=MAX_EFFORT,
        description="Search effort, 0 (one priority-rule pass) to 1000; default 10. Higher is slower and may finish earlier.",
    )


class PhaseWindow(FormatModel):
    """A named phase in time, e.g. an RPJMD stage: it runs from the day after the previous window's `until`."""

    name: str = Field(min_length=1, description="Name of the phase, e.g. `Tahap 1 - Fondasi`.")
    until: IsoDate = Field(description="Last day of the phase; the first phase starts with the roadmap.")


def _month_day(value: str) -> str:
    """Accept only a day that every year has (`11-30`; not `02-30` or `02-29`)."""
    if month_day(value) is None:
        raise ValueError(_("`{value}` is not a day of every year; write it as MM-DD, e.g. `11-30`").format(value=value))
    return value


MonthDay = Annotated[str, StringConstraints(pattern=MONTH_DAY_PATTERN), AfterValidator(_month_day)]


class BudgetCalendarSpec(FormatModel):
    """When the regional budgets are fixed; the fiscal year is the calendar year."""

    apbd_by: MonthDay = Field(default=DEFAULT_APBD_BY, description="Day (MM-DD) of year N-1 by which the APBD of year N is fixed; default `11-30`.")
    apbd_p_by: MonthDay | None = Field(
        default=DEFAULT_APBD_P_BY,
        description="Day (MM-DD) of year N by which the APBD-P (budget revision) of year N is fixed; default `09-30`; null: new work waits for a full APBD.",
    )


def _some_working_weekday(value: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
    """Refuse a weekend of every day of the week: working days could never be counted."""
    if len(set(value)) == len(Weekday):
        raise ValueError(_("a weekend of all seven days leaves no working day; list only the days off, e.g. `[sat, sun]`"))
    return value


class WorkCalendarSpec(FormatModel):
    """The working days that durations and lags in working days (`20hk`) count."""

    weekend: Annotated[tuple[Weekday, ...], AfterValidator(_some_working_weekday)] = Field(default=(Weekday.SAT, Weekday.SUN), description="Days of the week not worked; default `[sat, sun]`.")
    national_holidays: bool = Field(default=True, description="Indonesia's national holidays (hari libur nasional) are days off; default true.")
    cuti_bersama: bool = Field(default=True, description="The government's collective leave days (cuti bersama) are days off; default true.")
    holidays: tuple[IsoDate, ...] = Field(default=(), description="More days off, e.g. the regency's anniversary (HUT kabupaten): `[2027-09-17]`.")
    working: tuple[IsoDate, ...] = Field(default=(), description="Days worked although the rules above make them days off, e.g. a cuti bersama revoked.")


class RoadmapHeader(FormatModel):
    """The roadmap itself: what it is called, when it starts, how phases are named."""

    id: Id = Field(description="Short id of the roadmap, e.g. `kaltara-smart-province`.")
    name: str = Field(min_length=1, description="Title shown on the plan.")
    start: IsoDate = Field(description="Day the plan starts; planned work never starts earlier.")
    period: Period = Field(default=Period.QUARTER, description="Calendar period used for phase labels and the timeline.")
    horizon: IsoDate | None = Field(default=None, description="Last day of the planning horizon; the buffer to the horizon is measured to it.")
    owner: str | None = Field(default=None, description="Office that owns the roadmap, e.g. `Diskominfo Kaltara`.")
    language: Language | None = Field(
        default=None,
        description="Language this roadmap's messages and reports are written in (`en` or `id`); `--lang` and ROADMAP_LANG win over it.",
    )
    status_date: IsoDate | None = Field(
        default=None,
        description="Day the statuses and progress were last brought up to date; `--as-of` overrides it, today is the default.",
    )
    at_risk_slack: Duration | None = Field(default=None, description="Work whose slack shrank below this is at risk (default 30d).")
    description: str | None = None
    levelling: Levelling = Field(default_factory=Levelling, description="Levelling settings, e.g. `{effort: 20}`.")
    budget_calendar: BudgetCalendarSpec = Field(
        default_factory=BudgetCalendarSpec,
        description="When the APBD and APBD-P are fixed; work funded from an APBD starts in the first budget it can still enter.",
    )
    calendar: WorkCalendarSpec = Field(
        default_factory=WorkCalendarSpec,
        description="Working days for durations and lags written in working days (`20hk`): weekend, national holidays, cuti bersama, more days off.",
    )
    phases: PhaseMode | tuple[PhaseWindow, ...] = Field(
        default=PhaseMode.STAGES,
        description=(
            "`stages` (phases are dependency stages), `calendar` (phases are the roadmap's periods), or named windows "
            "`[{name: ..., until: YYYY-MM-DD}, ...]`; in calendar mode each initiative is in the phase where it starts."
        ),
    )


class Category(FormatModel):
    """A track or pillar (connectivity, SPBE, digital literacy, ...); list order is track order."""

    id: Id
    name: str = Field(min_length=1)
    color: str | None = Field(default=None, description="Timeline colour (a rich colour name such as `cyan` or `#1f77b4`).")
    description: str | None = None


class Direction(str, Enum):
    """Which way an indicator improves."""

    HIGHER = "higher"
    LOWER = "lower"


class Band(FormatModel):
    """A named band of an indicator's scale (a predikat), from its lowest value up to the next band."""

    name: str = Field(min_length=1, description="Name of the band, e.g. `Baik`.")
    min: float = Field(description="Lowest value in the band (inclusive); the band ends where the next higher one starts.")


class IndicatorDomain(FormatModel):
    """A weighted part of a composite indicator, e.g. a domain of the SPBE index."""

    id: Id
    name: str = Field(min_length=1)
    weight: float = Field(gt=0, le=100, description="Weight in percent; the weights of an indicator add up to 100.")


def _indicator_entry(value: Any) -> Any:
    """Let a built-in indicator be declared by its bare id."""
    return {"id": value} if isinstance(value, str) else value


class Indicator(FormatModel):
    """Something a roadmap measures each year; a bare built-in id (`indeks-spbe`) takes the built-in's definition."""

    id: Id
    name: str | None = Field(default=None, min_length=1, description="Name shown in reports; required unless the id is built in.")
    unit: str | None = Field(default=None, min_length=1, description="What a value counts, e.g. `index 0-5` or `%`; required unless the id is built in.")
    direction: Direction | None = Field(default=None, description="`higher` (default) or `lower` is better.")
    min: float | None = Field(default=None, description="Lowest possible value.")
    max: float | None = Field(default=None, description="Highest possible value.")
    bands: tuple[Band, ...] | None = Field(default=None, description="Named bands of the scale, e.g. `[{name: Baik, min: 2.6}, ...]`.")
    domains: tuple[IndicatorDomain, ...] | None = Field(default=None, description="Weighted parts whose scores make the value (weights in percent).")
    source: str | None = Field(default=None, description="Where the indicator is defined, e.g. a regulation.")
    description: str | None = None


IndicatorEntry = Annotated[Indicator, BeforeValidator(_indicator_entry, json_schema_input_type=Id | Indicator)]
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _year(value: Any) -> Any:
    """Accept a year from 1900 to 2100, written as a whole number."""
    number = int(value) if isinstance(value, str) and value.strip().isdigit() else value
    if isinstance(number, int) and not isinstance(number, bool) and FIRST_YEAR <= number <= LAST_YEAR:
        return number
    raise ValueError(_("`{value}` is not a year from {first} to {last}; write the year, e.g. `2026: 3.1`").format(value=value, first=FIRST_YEAR, last=LAST_YEAR))


def _indicator_value(value: Any) -> Any:
    """Accept a number only: `2,45` (a decimal comma) is text to YAML."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(_("`{value}` is not a number; write decimals with a point, e.g. `2.45`").format(value=value))
    return value


Year = Annotated[int, BeforeValidator(_year), WithJsonSchema({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})]
Value = Annotated[float, BeforeValidator(_indicator_value), WithJsonSchema({"type": "number"})]


def _reading_entry(value: Any) -> Any:
    """Let a yearly value be written as a bare number."""
    return {"value": value} if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class Reading(FormatModel):
    """A measured value: the number, its domain scores, or both (then they must agree)."""

    value: Value | None = Field(default=None, description="The indicator's value.")
    domains: dict[Id, Value] = Field(default_factory=dict, description="Domain id -> score; the weighted sum is the value.")
    source: str | None = Field(default=None, description="Where the figure is published.")


ReadingEntry = Annotated[Reading, BeforeValidator(_reading_entry, json_schema_input_type=float | Reading)]


class Baseline(Reading):
    """The value an indicator starts from, and the year it was measured."""

    year: Year


class Target(FormatModel):
    """Yearly targets of one indicator for a region or an initiative, from a baseline, with actuals as they come in."""

    indicator: Id = Field(description="Id of an indicator under `indicators:`.")
    baseline: Baseline = Field(description="Starting value: `{year: 2024, value: 2.45}`.")
    yearly: dict[Year, Value] = Field(min_length=1, description="Year -> value to reach, e.g. `{2026: 2.8, 2027: 3.1}`.")
    actuals: dict[Year, ReadingEntry] = Field(default_factory=dict, description="Year -> measured value (a number, or `{value, domains, source}`).")
    description: str | None = None


class Region(FormatModel):
    """A node of the region tree: country > province > kabupaten/kota > kecamatan > desa."""

    id: Id
    name: str = Field(min_length=1)
    kind: RegionKind
    parent: Id | None = Field(default=None, description="Id of the parent region; none for the top of the tree.")
    code: RegionCode | None = Field(default=None, description='Kemendagri code as text, e.g. "65.71".')
    wave: int | None = Field(default=None, ge=1, description="Wave in which this region starts (1 first), for wave rules.")
    cohort: int | None = Field(default=None, ge=1900, le=2100, description="Year the region joined a national programme.")
    capital: str | None = None
    description: str | None = None
    targets: tuple[Target, ...] = Field(default=(), description="Yearly targets of the region's indicators, e.g. its SPBE index.")


class FundingSource(FormatModel):
    """A source of money beyond the built-in ones (APBD, APBN, DAK, BAKTI, ...), or a new name for one."""

    id: Id
    name: str = Field(min_length=1)
    apbd: bool | None = Field(
        default=None,
        description="True when the money passes through a regional budget (APBD), so the budget-year rule applies; default: as the built-in source of the same id, else false.",
    )
    description: str | None = None


class Resource(FormatModel):
    """Something initiatives compete for: a team, a vendor crew, or a budget per period."""

    id: Id
    name: str = Field(min_length=1)
    kind: ResourceKind = ResourceKind.TEAM
    capacity: int = Field(gt=0, strict=True, description="Units available at once (team, crew) or money per period (budget).")
    per: Literal["year"] | None = Field(default=None, description="For a budget: the period the capacity renews in.")
    unit: str | None = Field(default=None, description="What capacity counts, e.g. `people` or `IDR`.")
    funding: Id | None = Field(
        default=None,
        description="For a budget: the funding source it is the yearly budget of (`apbd-provinsi`); every initiative funded from that source draws its share of its `cost` from it, without `demands:`.",
    )
    description: str | None = None


def _dependency_entry(value: Any) -> Any:
    """Let a dependency be written as a bare id."""
    return {"id": value} if isinstance(value, str) else value


class Dependency(FormatModel):
    """An explicit dependency: this initiative starts after `id` finishes, plus an optional lag."""

    id: Id
    lag: Days = Field(default=0, description="Extra wait after the predecessor finishes, e.g. `30d`.")


DependencyEntry = Annotated[Dependency, BeforeValidator(_dependency_entry, json_schema_input_type=Id | Dependency)]
FundingShare = Annotated[str, StringConstraints(pattern=SHARE_PERCENT_PATTERN)] | Annotated[int, Field(ge=0, strict=True)]
"""One source's part: a percent (`60%`) or an amount in rupiah."""


class Initiative(FormatModel):
    """A piece of work in one region and one category."""

    id: Id
    name: str = Field(min_length=1)
    region: Id
    category: Id
    duration: Duration | None = Field(default=None, description="How long it takes; milestones take no time.")
    cost: int | None = Field(default=None, ge=0, strict=True, description="Estimated cost in rupiah.")
    owner: str | None = Field(default=None, description="Responsible office (OPD).")
    funding: Id | dict[Id, FundingShare] | None = Field(
        default=None,
        description="Who pays: one source id (`apbd-provinsi`), or a split by percent (`{apbd-provinsi: 60%, dak: 40%}`, adding up to 100%) or by rupiah (adding up to `cost`).",
    )
    authority: Authority = Field(
        default=Authority.OWN,
        description="Who decides the work: `own` (this roadmap's region, the default), `central` (central government, e.g. BAKTI) or `partner` (operators, companies); others' work is an external dependency and its cost is not the region's.",
    )
    budgeted_in: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        description="Year of an APBD (or APBD-P) already fixed with this work in it; the budget-year rule then lets it start in that year.",
    )
    status: Status = Status.PLANNED
    started: IsoDate | None = Field(default=None, description="Actual start of active or done work.")
    finished: IsoDate | None = Field(default=None, description="Actual last day of done work.")
    progress: Progress | None = Field(default=None, description="Share of active work done on the status date, e.g. `40%`.")
    remaining: Duration | None = Field(default=None, description="Active work still to do after the status date, e.g. `2m`.")
    earliest_start: IsoDate | None = None
    milestone: bool = False
    tags: tuple[Tag, ...] = ()
    description: str | None = None
    depends_on: tuple[DependencyEntry, ...] = ()
    demands: dict[Id, Annotated[int, Field(ge=0)]] = Field(default_factory=dict, description="Resource id -> units (team, crew) or money (budget) this initiative needs.")
    targets: tuple[Target, ...] = Field(default=(), description="Yearly targets of the indicators this initiative moves.")


class Roadmap(FormatModel):
    """A whole roadmap, merged from all its files."""

    version: Literal[1]
    roadmap: RoadmapHeader
    categories: tuple[Category, ...] = ()
    indicators: tuple[IndicatorEntry, ...] = Field(default=(), description="Indicators targets may use: built-in ids (`indeks-spbe`, `desa-terhubung`) or definitions.")
    regions: tuple[Region, ...] = ()
    funding_sources: tuple[FundingSource, ...] = ()
    resources: tuple[Resource, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    rules: tuple[Rule, ...] = ()


class RoadmapFile(FormatModel):
    """One roadmap file: the header and version once per roadmap, lists in any file, and includes."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,
        title="roadmap file, version 1",
        json_schema_extra={"$id": "https://roadmap-cli.invalid/schema/roadmap-v1.json"},
    )

    version: Literal[1] | None = Field(default=None, description="Format version; always 1.")
    roadmap: RoadmapHeader | None = None
    include: tuple[str, ...] = Field(default=(), description="Other files of this roadmap, relative to this file; globs allowed.")
    categories: tuple[Category, ...] = ()
    indicators: tuple[IndicatorEntry, ...] = Field(default=(), description="Indicators targets may use: built-in ids (`indeks-spbe`, `desa-terhubung`) or definitions.")
    regions: tuple[Region, ...] = ()
    funding_sources: tuple[FundingSource, ...] = ()
    resources: tuple[Resource, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    rules: tuple[Rule, ...] = ()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one roadmap file."""
    schema = RoadmapFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
