"""The plan as data: frozen result types that renderers and exporters take (no networkx inside)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from roadmap_cli.funding import Share
from roadmap_cli.i18n import _


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a dependency edge exists: written explicitly, or made by a rule."""

    kind: str
    """`explicit`, or the rule kind: `category-order`, `hierarchy`, `gate`, `wave`."""
    where: str
    """`file:line` of the explicit dependency, or of the rule's declaration."""
    detail: str
    """What the rule matched, in words, e.g. `services after connectivity in bulungan`."""
    rule: str | None = None
    """The rule id for a rule-made edge."""

    def text(self) -> str:
        """The reason in one line, e.g. `rule city-first (rules.yaml:12): ...`."""
        if self.rule is None:
            return _("explicit ({where})").format(where=self.where)
        return _("rule {rule} ({where}): {detail}").format(rule=self.rule, where=self.where, detail=self.detail)


@dataclass(frozen=True, slots=True)
class PlannedDependency:
    """One predecessor of an initiative."""

    id: str
    reason: Reason
    lag_days: int = 0
    binding: bool = False
    """True when this predecessor (plus lag) decides the earliest start."""
    quorum: bool = False
    """True when the edge belongs to a quorum gate (only the k earliest are needed)."""
    lag_working_days: int | None = None
    """The lag as written in working days (`10hk`), when it was; `lag_days` is then the calendar days it spans in this plan."""


@dataclass(frozen=True, slots=True)
class PlannedGate:
    """A quorum gate on an initiative: it waits until `k` of `members` have finished."""

    rule: str
    k: int
    members: tuple[str, ...]
    counted: tuple[str, ...]
    """The `k` members that finish first (ties by id): the last of them sets the earliest start."""


SCHEDULE_STATES = ("on-track", "at-risk", "late", "done", "dropped")
"""Where an initiative stands against the plan on the status date (dropped work is not in the schedule)."""


@dataclass(frozen=True, slots=True)
class CapacityDelay:
    """Days an initiative waited for a resource's capacity."""

    resource: str
    days: int


@dataclass(frozen=True)
class BudgetDelay:
    """Days the budget-year rule held APBD-funded work back: it waited for the first budget it could enter."""

    budget: str
    """`apbd` or `apbd-p`."""
    year: int
    start: date
    """The first day that budget lets the work start."""
    days: int


@dataclass(frozen=True)
class PlannedSource:
    """A funding source the plan uses, with its name (a built-in name is English, translated when shown)."""

    id: str
    name: str
    apbd: bool
    builtin: bool


AUTHORITIES_EXTERNAL = ("central", "partner")
"""Authorities of work the region does not decide: an external dependency whose cost is not the region's."""


@dataclass(frozen=True, slots=True)
class PlannedInitiative:
    """An initiative with its phase, dates and slack."""

    id: str
    name: str
    region: str
    category: str
    status: str
    phase: int
    """Phase number, 1-based; 0 for history (work done before the status date, not in any phase)."""
    start: date
    finish: date
    """Last day of work (inclusive); for a milestone the day it is reached."""
    duration_days: int
    slack_days: int
    """Total float: days the initiative can slip without moving the roadmap's finish (capacity links count after levelling)."""
    critical: bool
    """Zero total float and not done: any slip moves the roadmap's finish."""
    milestone: bool = False
    cost: int | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    earliest_start: date | None = None
    """Earliest start allowed by dependencies alone (before capacity levelling)."""
    latest_start: date | None = None
    dependencies: tuple[PlannedDependency, ...] = ()
    dependents: tuple[str, ...] = ()
    capacity_delays: tuple[CapacityDelay, ...] = ()
    gates: tuple[PlannedGate, ...] = ()
    demands: tuple[tuple[str, int], ...] = ()
    where: str = ""
    """`file:line` where the initiative is declared."""
    state: str = "on-track"
    """One of SCHEDULE_STATES except `dropped`: on track, at risk, late or done, as of the status date."""
    days_late: int = 0
    """For late work: days its finish (active) or start (not started) lies behind the latest one the plan allowed."""
    progress: int | None = None
    """Percentage done on the status date, as recorded for active work."""
    remaining_days: int | None = None
    """For active work: days from the status date to its last day, inclusive."""
    not_before: date | None = None
    """For planned work: its own `earliest_start` (the day it may start at the earliest), as written."""
    funding: tuple[Share, ...] = ()
    """Who pays, in the order written; the rupiah of each share when the initiative has a cost."""
    authority: str = "own"
    """`own` (the region decides), `central` (central government) or `partner` (operators, companies)."""
    budget_delay: BudgetDelay | None = None
    working_days: int | None = None
    """The duration as written in working days (`30hk`), when it was; `duration_days` is then the calendar days it spans."""
    """Set when the budget-year rule, not the dependencies, decided the earliest start."""

    @property
    def external(self) -> bool:
        """True for work the region does not decide (central government or a partner)."""
        return self.authority in AUTHORITIES_EXTERNAL


@dataclass(frozen=True, slots=True)
class PlannedRegion:
    """A region of the tree, in tree order."""

    id: str
    name: str
    kind: str
    parent: str | None
    depth: int
    code: str | None = None
    wave: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedCategory:
    """A category in track order."""

    id: str
    name: str
    color: str | None = None


WEIGHT_TOTAL = 100.0
"""Domain weights are percentages and add up to this."""


@dataclass(frozen=True)
class PlannedIndicator:
    """An indicator as the plan shows it: scale, direction, bands (lowest first) and weighted domains."""

    id: str
    name: str
    unit: str
    direction: str = "higher"
    """`higher` or `lower` is better."""
    min: float | None = None
    max: float | None = None
    bands: tuple[tuple[str, float], ...] = ()
    """(name, lowest value) of each band, lowest first."""
    domains: tuple[tuple[str, str, float], ...] = ()
    """(id, name, weight in percent) of each domain."""
    builtin: bool = False
    """True for a built-in whose names are translated when shown."""
    source: str | None = None

    def band(self, value: float) -> str | None:
        """Name of the band `value` lies in, or None when the scale has no bands or it lies below them all."""
        name = None
        for band_name, lowest in self.bands:
            if value >= lowest:
                name = band_name
        return name

    def weighted(self, scores: Mapping[str, float]) -> float | None:
        """The value that domain scores give, or None unless every domain has a score."""
        if not self.domains or any(domain_id not in scores for domain_id, _name, _weight in self.domains):
            return None
        return sum(weight * scores[domain_id] for domain_id, _name, weight in self.domains) / WEIGHT_TOTAL

    def better(self, value: float, than: float) -> bool:
        """True when `value` is at least as good as `than`, in the indicator's direction."""
        return value >= than if self.direction == "higher" else value <= than


@dataclass(frozen=True)
class PlannedTarget:
    """Yearly targets of one indicator for a region or an initiative, with the actuals so far."""

    indicator: str
    owner: str
    """`region` or `initiative`."""
    owner_id: str
    region: str
    """The region: the owner itself, or the initiative's region."""
    baseline_year: int
    baseline: float
    yearly: tuple[tuple[int, float], ...]
    """(year, value to reach), by year."""
    actuals: tuple[tuple[int, float], ...] = ()
    """(year, value measured), by year."""
    where: str = ""
    """`file:line` of the target."""


PHASE_HISTORY = 0
"""The phase number of history: done work, shown once and not numbered."""


@dataclass(frozen=True, slots=True)
class Phase:
    """A phase: a dependency stage of the remaining work, a window in time, or history (number 0, done work)."""

    number: int
    initiatives: tuple[str, ...]
    start: date
    """First day of the window: a stage's (or history's) first start, a calendar phase's first day."""
    finish: date
    """Last day of the window: a stage's (or history's) last finish, a calendar phase's last day."""
    name: str | None = None
    """The window's name: a named window's own, or the period label (`2027-H1`) of a calendar phase."""

    @property
    def history(self) -> bool:
        """True for the history of done work."""
        return self.number == PHASE_HISTORY


@dataclass(frozen=True, slots=True)
class ResourceUse:
    """How a resource was used and whether its capacity delayed anything."""

    id: str
    name: str
    kind: str
    capacity: int
    per: str | None
    peak: int
    delayed: tuple[str, ...] = ()
    delay_days: int = 0
    funding: str | None = None
    """For the yearly budget of a funding source: the source, whose shares of the initiatives' costs it pays."""

    @property
    def binding(self) -> bool:
        """True when the capacity delayed at least one initiative."""
        return bool(self.delayed)


@dataclass(frozen=True, slots=True)
class RoadmapInfo:
    """The roadmap header as the plan shows it."""

    id: str
    name: str
    start: date
    period: str
    horizon: date | None = None
    owner: str | None = None
    description: str | None = None
    status_date: date | None = None
    """The day the plan is as of: `--as-of`, the header's `status_date`, or the day it was made."""
    at_risk_slack_days: int = 30
    """Work whose slack shrank below this many days is at risk."""


@dataclass(frozen=True, slots=True)
class BindingLink:
    """One link of a binding chain: the edge that decided a start, and the predecessor at its other end."""

    dependency: PlannedDependency
    predecessor: PlannedInitiative | None
    """None when the predecessor is not in this plan (filtered out)."""
    also: tuple[str, ...] = ()
    """Other predecessors that bind the same start."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a renderer needs: phases, dated initiatives, regions, categories and resources."""

    roadmap: RoadmapInfo
    categories: tuple[PlannedCategory, ...]
    regions: tuple[PlannedRegion, ...]
    initiatives: tuple[PlannedInitiative, ...]
    """Sorted by phase, then category order, region order and id."""
    phases: tuple[Phase, ...]
    resources: tuple[ResourceUse, ...]
    finish: date
    """Last day of the last initiative."""
    critical_path: tuple[str, ...]
    dropped: tuple[str, ...] = ()
    """Ids of dropped initiatives, left out of the schedule."""
    phase_mode: str = "stages"
    """`stages` (dependency stages) or `calendar` (periods or named windows, each initiative where it starts)."""
    horizon_buffer_days: int | None = None
    """Buffer to the horizon: days the roadmap's finish may slip before the horizon (negative: past it); None without a horizon."""
    critical_by_resource: tuple[tuple[str, int], ...] = ()
    """Per resource, the critical initiatives that are critical only because of its capacity (none without levelling)."""
    funding_sources: tuple[PlannedSource, ...] = ()
    """The funding sources initiatives of the plan use, built-in ones first in their order, then declared ones."""
    indicators: tuple[PlannedIndicator, ...] = ()
    """The indicators the roadmap declares, in declaration order."""
    targets: tuple[PlannedTarget, ...] = ()
    """Targets of regions (in tree order), then of initiatives (in plan order)."""

    @property
    def numbered_phases(self) -> tuple[Phase, ...]:
        """The phases without history."""
        return tuple(phase for phase in self.phases if not phase.history)

    @property
    def history(self) -> Phase | None:
        """The history of done work, if any."""
        return next((phase for phase in self.phases if phase.history), None)

    def initiative(self, initiative_id: str) -> PlannedInitiative:
        """The planned initiative with this id."""
        for item in self.initiatives:
            if item.id == initiative_id:
                return item
        raise KeyError(initiative_id)


def binding_link(item: PlannedInitiative, items: Mapping[str, PlannedInitiative]) -> BindingLink | None:
    """The edge that decided an initiative's start, or None when no predecessor holds it back."""
    binding = [dependency for dependency in item.dependencies if dependency.binding]
    if not binding:
        return None
    return BindingLink(binding[0], items.get(binding[0].id), tuple(other.id for other in binding[1:]))


def binding_chain(item: PlannedInitiative, items: Mapping[str, PlannedInitiative]) -> tuple[BindingLink, ...]:
    """The chain of binding predecessors from an initiative back to the first, link by link (stops at a repeat)."""
    links: list[BindingLink] = []
    seen = {item.id}
    current: PlannedInitiative | None = item
    while current is not None and (link := binding_link(current, items)) is not None:
        links.append(link)
        current = link.predecessor
        if current is not None and current.id in seen:
            break
        if current is not None:
            seen.add(current.id)
    return tuple(links)
