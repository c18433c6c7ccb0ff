"""Select part of a plan by region subtree, category and status, keeping phase numbers and reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from roadmap_cli.plan import Plan, ResourceUse
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import unknown_message
from roadmap_cli.vocabulary import STATUSES, Status


def filter_plan(
    plan: Plan,
    *,
    regions: Iterable[str] = (),
    categories: Iterable[str] = (),
    statuses: Iterable[str] = (),
) -> Plan:
    """The plan cut down to the region subtrees, categories and statuses given (each empty means all)."""
    region_ids, category_ids, status_ids = _ids(regions), _ids(categories), _ids(statuses)
    _check("region", region_ids, [region.id for region in plan.regions])
    _check("category", category_ids, [category.id for category in plan.categories])
    _check("status", status_ids, STATUSES)
    if not (region_ids or category_ids or status_ids):
        return plan

    tree = RegionTree.of(plan.regions, sort_siblings=False)
    kept_regions = tree.below(region_ids) if region_ids else {region.id for region in plan.regions}
    initiatives = tuple(
        item for item in plan.initiatives if (not region_ids or item.region in kept_regions) and (not category_ids or item.category in category_ids) and (not status_ids or item.status in status_ids)
    )
    kept = {item.id for item in initiatives}
    by_id = {item.id: item for item in initiatives}
    phases = []
    for phase in plan.phases:
        members = tuple(initiative for initiative in phase.initiatives if initiative in kept)
        if members:
            dated = plan.phase_mode == "calendar" and not phase.history  # a window keeps its days; a stage spans what is left
            phases.append(
                replace(
                    phase,
                    initiatives=members,
                    start=phase.start if dated else min(by_id[member].start for member in members),
                    finish=phase.finish if dated else max(by_id[member].finish for member in members),
                )
            )
    shown_regions = tree.with_ancestors(kept_regions)
    return replace(
        plan,
        categories=tuple(c for c in plan.categories if not category_ids or c.id in category_ids),
        regions=tuple(region for region in plan.regions if region.id in shown_regions),
        initiatives=initiatives,
        phases=tuple(phases),
        resources=tuple(_resource_use(resource, plan, kept) for resource in plan.resources),
        finish=max((item.finish for item in initiatives), default=plan.roadmap.start),
        critical_path=tuple(initiative for initiative in plan.critical_path if initiative in kept),
        dropped=plan.dropped if Status.DROPPED.value in status_ids and not (region_ids or category_ids) else (),
        targets=tuple(target for target in plan.targets if target.owner_id in (kept if target.owner == "initiative" else kept_regions)),
    )


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    """The ids given, once each, in order (a lone string is one id, not its characters)."""
    return (values,) if isinstance(values, str) else tuple(dict.fromkeys(values))


def _check(kind: str, given: tuple[str, ...], known: Iterable[str]) -> None:
    """Raise ValueError with a suggestion for the first id that is not known."""
    known_ids = set(known)
    for name in given:
        if name not in known_ids:
            raise ValueError(unknown_message(kind, name, known_ids))


def _resource_use(resource: ResourceUse, plan: Plan, kept: set[str]) -> ResourceUse:
    """The resource's delays counted over the kept initiatives only."""
    delayed = []
    days = 0
    for item in plan.initiatives:
        if item.id not in kept:
            continue
        waited = sum(delay.days for delay in item.capacity_delays if delay.resource == resource.id)
        if waited:
            delayed.append(item.id)
            days += waited
    return replace(resource, delayed=tuple(delayed), delay_days=days)
