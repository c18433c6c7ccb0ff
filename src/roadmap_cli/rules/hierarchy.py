"""Rule kind `hierarchy`: a region's initiatives wait for the matching work of the nearest regions below it that have some.

- kind: hierarchy
  id: kota-before-province
  by: category            # or `all`: any work below, whatever its category
  match: {categories: [masterplan]}
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from roadmap_cli.fields import FormatModel, Id, Selector
from roadmap_cli.i18n import _
from roadmap_cli.rules.base import Edge, Made, RoadmapIndex, RuleKind

if TYPE_CHECKING:
    from roadmap_cli.models import Initiative
    from roadmap_cli.plan import Reason
    from roadmap_cli.source import SourceSpan


class HierarchyRule(FormatModel):
    """A region's initiatives wait for the matching initiatives of the regions below it."""

    kind: Literal["hierarchy"]
    id: Id
    by: Literal["category", "all"] = Field(default="category", description="Match child work of the same category, or all of it.")
    match: Selector | None = None
    description: str | None = None


def explain(rule: HierarchyRule, region_id: str, child_region: str, group: str) -> str:
    """Why work of `region_id` waits for work of `child_region`, in words."""
    what = _(" (category `{group}`)").format(group=group) if rule.by == "category" else ""
    return _("region `{region_id}` waits for `{child_region}` below it{what}").format(region_id=region_id, child_region=child_region, what=what)


def expand(rule: HierarchyRule, position: int, index: RoadmapIndex) -> Made:
    """Bottom-up over the region tree: each region's work waits for the nearest matching work below it."""

    def key(item: Initiative) -> str:
        return item.category if rule.by == "category" else "*"

    own: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in index.select(rule.match):
        own[item.region][key(item)].append(item.id)
    frontier: dict[str, dict[str, list[str]]] = {}
    edges = []
    order = [r for root in sorted(index.tree.roots) for r in index.tree.subtree(root)]
    for region_id in reversed(order):
        below: dict[str, list[str]] = defaultdict(list)
        for child in index.tree.children(region_id):
            for group, ids in frontier.get(child, {}).items():
                below[group].extend(ids)
        mine = own.get(region_id, {})
        said: dict[tuple[str, str], tuple[Reason, SourceSpan]] = {}  # one reason per group and region below
        for group, parents in sorted(mine.items()):
            for parent_id in sorted(parents):
                for child_id in sorted(below.get(group, [])):
                    child_region = index.by_id[child_id].region
                    if (group, child_region) not in said:
                        detail = explain(rule, region_id, child_region, group)
                        said[group, child_region] = index.rule_reason(position, rule.kind, rule.id, detail)
                    reason, span = said[group, child_region]
                    edges.append(Edge(child_id, parent_id, reason, span))
        merged = dict(below)
        merged.update({group: list(ids) for group, ids in mine.items()})
        frontier[region_id] = merged
    return Made(edges)


KIND = RuleKind("hierarchy", HierarchyRule, expand)
