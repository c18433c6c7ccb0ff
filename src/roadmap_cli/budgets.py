"""Yearly budgets of funding sources: the budget demands an initiative's `funding:` adds to its own (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from roadmap_cli.funding import shares
from roadmap_cli.models import Initiative, Roadmap


def source_budgets(model: Roadmap) -> dict[str, str]:
    """The budget resource of each funding source that has one (source id -> resource id), the first declared winning."""
    found: dict[str, str] = {}
    for resource in model.resources:
        if resource.funding is not None:
            found.setdefault(resource.funding, resource.id)
    return found


def source_demands(item: Initiative, budgets: Mapping[str, str]) -> dict[str, int]:
    """What an initiative draws from its sources' budgets: each share's rupiah (nothing without a `cost`)."""
    drawn: dict[str, int] = {}
    for share in shares(item.funding, item.cost):
        resource_id = budgets.get(share.source)
        if resource_id is not None and share.amount:
            drawn[resource_id] = drawn.get(resource_id, 0) + share.amount
    return drawn


def with_source_demands(model: Roadmap) -> Roadmap:
    """The roadmap with every initiative's draws on its sources' budgets added to its `demands` (validation has made
    sure that no initiative also demands such a budget itself)."""
    budgets = source_budgets(model)
    if not budgets:
        return model
    initiatives = []
    for item in model.initiatives:
        drawn = source_demands(item, budgets)
        initiatives.append(item.model_copy(update={"demands": {**item.demands, **drawn}}) if drawn else item)
    return model.model_copy(update={"initiatives": tuple(initiatives)})
