"""Baseline diffs: what a change does to a plan, computed from two plans' JSON records (renderers in render/diff.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from roadmap_cli.plan import Plan, PlannedDependency, PlannedInitiative, binding_link
from roadmap_cli.render.common import cost_per_region, cost_per_year
from roadmap_cli.render.json_ import plan_from_dict

COMPARED_FIELDS = (
    "region",
    "category",
    "status",
    "state",
    "duration_days",
    "milestone",
    "cost",
    "owner",
    "tags",
    "description",
    "depends_on",
    "demands",
    "progress",
    "not_before",
)
"""The initiative fields a diff compares (the name is a rename; dates are shifts)."""


@dataclass(frozen=True)
class Ref:
    """An initiative on one side of the diff."""

    id: str
    name: str
    start: date
    finish: date


@dataclass(frozen=True)
class Rename:
    """An initiative kept under its id with a new name."""

    id: str
    before: str
    after: str


@dataclass(frozen=True)
class FieldChange:
    """One compared field of an initiative, before and after (JSON values)."""

    id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Shift:
    """An initiative whose start or finish moved, with what moved it."""

    id: str
    name: str
    before: Ref
    after: Ref
    start_days: int
    finish_days: int
    binding: PlannedDependency | None
    """The edge that decides its start after the change (explain's first link), if any."""
    origin: str
    """The first moved initiative on its binding chain after the change: where the move comes from (may be itself)."""
    why: tuple[str, ...]
    """What changed at the origin: compared field names, `gate` (its gate counts other members), `binding` (another edge
    decides), `capacity`, `status-date`."""

    @property
    def size(self) -> int:
        """The larger of the two moves, in days."""
        return max(abs(self.start_days), abs(self.finish_days))


@dataclass(frozen=True)
class Amounts:
    """A number before and after the change (None where that side has none)."""

    key: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int:
        """After minus before, a missing side counting as 0."""
        return (self.after or 0) - (self.before or 0)


@dataclass(frozen=True)
class GateChange:
    """A quorum gate whose outcome changed: which members it counts, or when it opens."""

    id: str
    rule: str
    k_before: int | None
    k_after: int | None
    counted_before: tuple[str, ...]
    counted_after: tuple[str, ...]
    opens_before: date | None
    opens_after: date | None


@dataclass(frozen=True)
class PlanDiff:
    """What the change from `base` to `head` does to the plan."""

    roadmap: str
    name: str
    base_status_date: date | None
    head_status_date: date | None
    added: tuple[Ref, ...]
    removed: tuple[Ref, ...]
    renamed: tuple[Rename, ...]
    changed: tuple[FieldChange, ...]
    shifts: tuple[Shift, ...]
    """Largest move first, ties by id."""
    finish_before: date
    finish_after: date
    last: str | None
    """The initiative that ends the plan after the change (the end of its critical path)."""
    critical_before: tuple[str, ...]
    critical_after: tuple[str, ...]
    cost_per_year: tuple[Amounts, ...]
    cost_per_region: tuple[Amounts, ...]
    region_names: Mapping[str, str]
    peaks: tuple[Amounts, ...]
    """Resource peaks; keys are resource ids."""
    resource_names: Mapping[str, str]
    gates: tuple[GateChange, ...]

    @property
    def finish_days(self) -> int:
        """How many days the roadmap finish moved (positive: later)."""
        return (self.finish_after - self.finish_before).days

    @property
    def critical_joined(self) -> tuple[str, ...]:
        """Ids on the critical path after the change only."""
        before = set(self.critical_before)
        return tuple(i for i in self.critical_after if i not in before)

    @property
    def critical_left(self) -> tuple[str, ...]:
        """Ids on the critical path before the change only."""
        after = set(self.critical_after)
        return tuple(i for i in self.critical_before if i not in after)

    @property
    def empty(self) -> bool:
        """True when the change does nothing to the plan."""
        return not (
            self.added
            or self.removed
            or self.renamed
            or self.changed
            or self.shifts
            or self.gates
            or self.finish_days
            or self.critical_before != self.critical_after
            or any(a.before != a.after for a in (*self.cost_per_year, *self.cost_per_region, *self.peaks))
        )


def diff_records(base: Any, head: Any) -> PlanDiff:
    """The diff of two plans' JSON records (`roadmap export --format json`); ValueError when one is not such a record."""
    return diff_plans(plan_from_dict(base), plan_from_dict(head))


def _ref(item: PlannedInitiative) -> Ref:
    """The initiative as a diff reference."""
    return Ref(item.id, item.name, item.start, item.finish)


def _fields(item: PlannedInitiative) -> dict[str, Any]:
    """The compared fields of an initiative as JSON values."""
    return {
        "region": item.region,
        "category": item.category,
        "status": item.status,
        "state": item.state,
        "duration_days": item.duration_days,
        "milestone": item.milestone,
        "cost": item.cost,
        "owner": item.owner,
        "tags": list(item.tags),
        "description": item.description,
        "depends_on": sorted(dependency.id for dependency in item.dependencies if dependency.reason.kind == "explicit"),
        "demands": [[resource, amount] for resource, amount in sorted(item.demands)],
        "progress": item.progress,
        "not_before": item.not_before.isoformat() if item.not_before else None,
    }


def diff_plans(base: Plan, head: Plan) -> PlanDiff:
    """The diff of two plans: added, removed, renamed, changed, moved, and the roadmap-wide figures before and after."""
    old = {item.id: item for item in base.initiatives}
    new = {item.id: item for item in head.initiatives}
    common = [item_id for item_id in new if item_id in old]
    changed = []
    for item_id in sorted(common):
        before, after = _fields(old[item_id]), _fields(new[item_id])
        changed += [FieldChange(item_id, name, before[name], after[name]) for name in COMPARED_FIELDS if before[name] != after[name]]
    changed_at: dict[str, list[str]] = {}
    for change in changed:
        changed_at.setdefault(change.id, []).append(change.field)
    moved = {i: ((new[i].start - old[i].start).days, (new[i].finish - old[i].finish).days) for i in common}
    moved = {i: days for i, days in moved.items() if days != (0, 0)}
    origins = _origins(moved, new)
    status_moved = base.roadmap.status_date != head.roadmap.status_date

    def why(item_id: str) -> tuple[str, ...]:
        reasons = list(changed_at.get(item_id, []))
        if {g.rule: g.counted for g in old[item_id].gates} != {g.rule: g.counted for g in new[item_id].gates}:
            reasons.append("gate")
        link_before, link_after = binding_link(old[item_id], old), binding_link(new[item_id], new)
        if (link_before and link_before.dependency.id) != (link_after and link_after.dependency.id):
            reasons.append("binding")
        if sum(d.days for d in old[item_id].capacity_delays) != sum(d.days for d in new[item_id].capacity_delays):
            reasons.append("capacity")
        if status_moved and new[item_id].start == head.roadmap.status_date:
            reasons.append("status-date")
        return tuple(reasons)

    shifts = []
    for item_id, (start_days, finish_days) in moved.items():
        link = binding_link(new[item_id], new)
        origin = origins[item_id]
        shifts.append(Shift(item_id, new[item_id].name, _ref(old[item_id]), _ref(new[item_id]), start_days, finish_days, link.dependency if link else None, origin, why(origin)))
    shifts.sort(key=lambda s: (-s.size, -abs(s.finish_days), s.id))
    regions = {region.id: region.name for region in (*base.regions, *head.regions)}
    return PlanDiff(
        roadmap=head.roadmap.id,
        name=head.roadmap.name,
        base_status_date=base.roadmap.status_date,
        head_status_date=head.roadmap.status_date,
        added=tuple(_ref(new[i]) for i in sorted(new) if i not in old),
        removed=tuple(_ref(old[i]) for i in sorted(old) if i not in new),
        renamed=tuple(Rename(i, old[i].name, new[i].name) for i in sorted(common) if old[i].name != new[i].name),
        changed=tuple(changed),
        shifts=tuple(shifts),
        finish_before=base.finish,
        finish_after=head.finish,
        last=_last(head),
        critical_before=base.critical_path,
        critical_after=head.critical_path,
        cost_per_year=_amounts({str(y): c for y, c in cost_per_year(base).items()}, {str(y): c for y, c in cost_per_year(head).items()}),
        cost_per_region=_amounts({r: cost for r, (_count, cost) in cost_per_region(base).items()}, {r: cost for r, (_count, cost) in cost_per_region(head).items()}),
        region_names=regions,
        peaks=_amounts({r.id: r.peak for r in base.resources}, {r.id: r.peak for r in head.resources}),
        resource_names={r.id: r.name for r in (*base.resources, *head.resources)},
        gates=_gates(old, new),
    )


def _origins(moved: Mapping[str, tuple[int, int]], items: Mapping[str, PlannedInitiative]) -> dict[str, str]:
    """For each moved initiative, the first moved one up its binding chain (memoised: linear in the plan)."""
    origins: dict[str, str] = {}
    for first in moved:
        path: list[str] = []
        on_path: set[str] = set()
        current = first
        while current not in origins:
            path.append(current)
            on_path.add(current)
            link = binding_link(items[current], items)
            upstream = link.predecessor.id if link and link.predecessor else None
            if upstream is None or upstream not in moved or upstream in on_path:
                origins[current] = current
                break
            current = upstream
        root = origins[current]
        for item_id in path:
            origins[item_id] = root
    return origins


def _last(plan: Plan) -> str | None:
    """The initiative that ends the plan: the end of the critical path, else the latest finish (ties by id)."""
    if plan.critical_path:
        return plan.critical_path[-1]
    if not plan.initiatives:
        return None
    return max(plan.initiatives, key=lambda item: (item.finish, item.id)).id


def _amounts(before: Mapping[str, int], after: Mapping[str, int]) -> tuple[Amounts, ...]:
    """Keys of either side in order (the head's first, then the base's), each with both values."""
    keys = list(after) + [key for key in before if key not in after]
    if all(key.isdigit() for key in keys):
        keys.sort(key=int)
    return tuple(Amounts(key, before.get(key), after.get(key)) for key in keys)


def _opens(counted: tuple[str, ...], items: Mapping[str, PlannedInitiative]) -> date | None:
    """The day the last counted member of a gate finishes, if all are planned."""
    finishes = [items[m].finish for m in counted if m in items]
    return max(finishes) if finishes and len(finishes) == len(counted) else None


def _gates(old: Mapping[str, PlannedInitiative], new: Mapping[str, PlannedInitiative]) -> tuple[GateChange, ...]:
    """Quorum gates, per gated initiative and rule, whose k, counted members or opening day changed."""
    changes = []
    for item_id in sorted(set(old) | set(new)):
        before = {gate.rule: gate for gate in old[item_id].gates} if item_id in old else {}
        after = {gate.rule: gate for gate in new[item_id].gates} if item_id in new else {}
        for rule in sorted(set(before) | set(after)):
            was, now = before.get(rule), after.get(rule)
            counted_before = was.counted if was else ()
            counted_after = now.counted if now else ()
            change = GateChange(
                item_id,
                rule,
                was.k if was else None,
                now.k if now else None,
                counted_before,
                counted_after,
                _opens(counted_before, old) if was else None,
                _opens(counted_after, new) if now else None,
            )
            if (change.k_before, change.counted_before, change.opens_before) != (change.k_after, change.counted_after, change.opens_after):
                changes.append(change)
    return tuple(changes)
