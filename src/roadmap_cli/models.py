"""The roadmap format, version 1, as frozen pydantic models (the JSON Schema comes from here)."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from roadmap_cli.durations import BARE_DAYS_LIMIT, bare_days, parse_duration
from roadmap_cli.i18n import _
from roadmap_cli.vocabulary import (
    CODE_PATTERN,
    DEFAULT_EFFORT,
    DURATION_PATTERN,
    ID_PATTERN,
    MAX_EFFORT,
    QUORUM_COUNT_PATTERN,
    QUORUM_SHARE_PATTERN,
    Period,
    Status,
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _duration_days(value: Any) -> Any:
    """Turn duration text into days; whole numbers are days already (with the digit limit of a written part)."""
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return bare_days(value)
    return value


class DateTextError(ValueError):
    """A date that is not written as YYYY-MM-DD (reported as `invalid-date`)."""


def _iso_date(value: Any) -> Any:
    """Accept only `YYYY-MM-DD` text for dates, so numbers are never read as timestamps."""
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise DateTextError(_("`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15").format(value=value))
    if not isinstance(value, (str, date)):
        raise DateTextError(_("`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15").format(value=value))
    return value


_QUORUM_COUNT = re.compile(QUORUM_COUNT_PATTERN)
_QUORUM_SHARE = re.compile(QUORUM_SHARE_PATTERN)


def _quorum(value: Any) -> Any:
    """Check a quorum: a whole number of initiatives (1 or more) or a percentage from `1%` to `100%`."""
    if isinstance(value, bool):
        raise ValueError(_("a quorum is a number such as `4` or a percentage such as `80%`"))
    if isinstance(value, int):
        if value < 1:
            raise ValueError(_("a quorum must be at least 1"))
        return str(value)
    if isinstance(value, str) and (_QUORUM_COUNT.match(value) or _QUORUM_SHARE.match(value)):
        return value.strip().replace(" ", "")
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*%\s*", value):
        raise ValueError(_("`{value}` is not a percentage between 1% and 100%").format(value=value))
    if isinstance(value, str) and re.fullmatch(r"\s*0+\s*", value):
        raise ValueError(_("a quorum must be at least 1"))
    raise ValueError(_("`{value}` is not a quorum; write a number such as `4` or a percentage such as `80%`").format(value=value))


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
RegionCode = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
Days = Annotated[
    int,
    BeforeValidator(_duration_days),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN},
                {"type": "integer", "minimum": -BARE_DAYS_LIMIT, "maximum": BARE_DAYS_LIMIT},
            ],
            "description": "A duration: `90d`, `6w`, `6m` (30 days), `2q` (91 days), `1y` (365 days), `1y 6m`, or whole days (at most 6 digits).",
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
Quorum = Annotated[
    str,
    BeforeValidator(_quorum),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": QUORUM_COUNT_PATTERN},
                {"type": "string", "pattern": QUORUM_SHARE_PATTERN},
            ],
            "description": "How many of the required initiatives must finish: a count such as `4` or a share such as `80%`.",
        }
    ),
]


class RegionKind(str, Enum):
    """Levels of the Indonesian administrative hierarchy."""

    COUNTRY = "country"
    PROVINCE = "province"
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    DESA = "desa"
    KELURAHAN = "kelurahan"


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


class _Model(BaseModel):
    """Base of every format model: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Levelling(_Model):
    """How hard levelling searches for an earlier finish; every effort gives the same plan on every run."""

    effort: int = Field(
        default=DEFAULT_EFFORT,
        ge=0,
        le=MAX_EFFORT,
        description="Search effort, 0 (one priority-rule pass) to 1000; default 10. Higher is slower and may finish earlier.",
    )


class RoadmapHeader(_Model):
    """The roadmap itself: what it is called, when it starts, how phases are named."""

    id: Id = Field(description="Short id of the roadmap, e.g. `kaltara-smart-province`.")
    name: str = Field(min_length=1, description="Title shown on the plan.")
    start: IsoDate = Field(description="Day the plan starts; planned work never starts earlier.")
    period: Period = Field(default=Period.QUARTER, description="Calendar period used for phase labels and the timeline.")
    horizon: IsoDate | None = Field(default=None, description="Last day of the planning horizon; slack is measured to it.")
    owner: str | None = Field(default=None, description="Office that owns the roadmap, e.g. `Diskominfo Kaltara`.")
    description: str | None = None
    levelling: Levelling = Field(default_factory=Levelling, description="Levelling settings, e.g. `{effort: 20}`.")


class Category(_Model):
    """A track or pillar (connectivity, SPBE, digital literacy, ...); list order is track order."""

    id: Id
    name: str = Field(min_length=1)
    color: str | None = Field(default=None, description="Timeline colour (a rich colour name such as `cyan` or `#1f77b4`).")
    description: str | None = None


class Region(_Model):
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


class Resource(_Model):
    """Something initiatives compete for: a team, a vendor crew, or a budget per period."""

    id: Id
    name: str = Field(min_length=1)
    kind: ResourceKind = ResourceKind.TEAM
    capacity: int = Field(gt=0, description="Units available at once (team, crew) or money per period (budget).")
    per: Literal["year"] | None = Field(default=None, description="For a budget: the period the capacity renews in.")
    unit: str | None = Field(default=None, description="What capacity counts, e.g. `people` or `IDR`.")
    description: str | None = None


def _dependency_entry(value: Any) -> Any:
    """Let a dependency be written as a bare id."""
    return {"id": value} if isinstance(value, str) else value


class Dependency(_Model):
    """An explicit dependency: this initiative starts after `id` finishes, plus an optional lag."""

    id: Id
    lag: Days = Field(default=0, description="Extra wait after the predecessor finishes, e.g. `30d`.")


DependencyEntry = Annotated[Dependency, BeforeValidator(_dependency_entry, json_schema_input_type=Id | Dependency)]


class Initiative(_Model):
    """A piece of work in one region and one category."""

    id: Id
    name: str = Field(min_length=1)
    region: Id
    category: Id
    duration: Duration | None = Field(default=None, description="How long it takes; milestones take no time.")
    cost: int | None = Field(default=None, ge=0, description="Estimated cost in rupiah.")
    owner: str | None = Field(default=None, description="Responsible office (OPD).")
    status: Status = Status.PLANNED
    started: IsoDate | None = Field(default=None, description="Actual start of active or done work.")
    finished: IsoDate | None = Field(default=None, description="Actual last day of done work.")
    earliest_start: IsoDate | None = None
    milestone: bool = False
    tags: tuple[Tag, ...] = ()
    description: str | None = None
    depends_on: tuple[DependencyEntry, ...] = ()
    demands: dict[Id, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Resource id -> units (team, crew) or money (budget) this initiative needs."
    )


class Selector(_Model):
    """Which initiatives a rule applies to; every field given must match, a list means any of."""

    initiatives: tuple[Id, ...] | None = None
    regions: tuple[Id, ...] | None = Field(default=None, description="Initiatives in these regions.")
    within: tuple[Id, ...] | None = Field(default=None, description="Initiatives anywhere below these regions.")
    region_kinds: tuple[RegionKind, ...] | None = None
    categories: tuple[Id, ...] | None = None
    tags: tuple[Tag, ...] | None = None
    milestone: bool | None = None


Stage = Id | tuple[Id, ...]


class CategoryOrderRule(_Model):
    """Within each region, initiatives of a later stage wait for those of the nearest earlier stage."""

    kind: Literal["category-order"]
    id: Id
    stages: tuple[Stage, ...] = Field(min_length=2, description="Categories in order; a list groups categories into one stage.")
    match: Selector | None = None
    description: str | None = None


class HierarchyRule(_Model):
    """A region's initiatives wait for the matching initiatives of the regions below it."""

    kind: Literal["hierarchy"]
    id: Id
    by: Literal["category", "all"] = Field(default="category", description="Match child work of the same category, or all of it.")
    match: Selector | None = None
    description: str | None = None


class GateRule(_Model):
    """The target waits until a quorum of the required initiatives has finished."""

    kind: Literal["gate"]
    id: Id
    target: Selector
    require: Selector
    within: Literal["children", "descendants", "any"] = Field(
        default="any", description="Count only required work in the target's child regions, its subtree, or anywhere."
    )
    quorum: Quorum = "100%"
    description: str | None = None


class WaveRule(_Model):
    """Regions of wave N+1 start once their sibling regions of wave N reach the milestone."""

    kind: Literal["wave"]
    id: Id
    milestone: Selector = Field(description="What marks a region of a wave as ready, e.g. its smart-city launch.")
    match: Selector | None = Field(default=None, description="Which initiatives of later waves wait; all by default.")
    description: str | None = None


Rule = Annotated[CategoryOrderRule | HierarchyRule | GateRule | WaveRule, Field(discriminator="kind")]
RULE_MODELS: dict[str, type[_Model]] = {
    "category-order": CategoryOrderRule,
    "hierarchy": HierarchyRule,
    "gate": GateRule,
    "wave": WaveRule,
}


class Roadmap(_Model):
    """A whole roadmap, merged from all its files."""

    version: Literal[1]
    roadmap: RoadmapHeader
    categories: tuple[Category, ...] = ()
    regions: tuple[Region, ...] = ()
    resources: tuple[Resource, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    rules: tuple[Rule, ...] = ()


class RoadmapFile(_Model):
    """One roadmap file: the header and version once per roadmap, lists in any file, and includes."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="roadmap file, version 1",
        json_schema_extra={"$id": "https://roadmap-cli.invalid/schema/roadmap-v1.json"},
    )

    version: Literal[1] | None = Field(default=None, description="Format version; always 1.")
    roadmap: RoadmapHeader | None = None
    include: tuple[str, ...] = Field(default=(), description="Other files of this roadmap, relative to this file; globs allowed.")
    categories: tuple[Category, ...] = ()
    regions: tuple[Region, ...] = ()
    resources: tuple[Resource, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    rules: tuple[Rule, ...] = ()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one roadmap file."""
    schema = RoadmapFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
