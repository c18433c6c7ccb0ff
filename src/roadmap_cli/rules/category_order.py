"""Rule kind `category-order`: within each region, each stage's initiatives wait for those of the nearest earlier stage.

- kind: category-order
  id: connectivity-first
  stages: [connectivity, [spbe, masterplan], services]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from roadmap_cli.fields import FormatModel, Id, Selector
from roadmap_cli.i18n import _
from roadmap_cli.rules.base import Edge, Made, Reference, RoadmapIndex, RuleKind

if TYPE_CHECKING:
    from roadmap_cli.models import Initiative
    from roadmap_cli.plan import Reason
    from roadmap_cli.source import SourceSpan

Stage = Id | tuple[Id, ...]


class CategoryOrderRule(FormatModel):
    """Within each region, initiatives of a later stage wait for those of the nearest earlier stage."""

    kind: Literal["category-order"]
    id: Id
    stages: tuple[Stage, ...] = Field(min_length=2, description="Categories in order; a list groups categories into one stage.")
    match: Selector | None = None
    description: str | None = None


def explain(after: Initiative, before: Initiative, region_id: str) -> str:
    """Why `after` waits for `before`, in words."""
    return _("`{category}` after `{category2}` in region `{region_id}`").format(category=after.category, category2=before.category, region_id=region_id)


def expand(rule: CategoryOrderRule, position: int, index: RoadmapIndex) -> Made:
    """Within each region, each stage's initiatives wait for those of the nearest earlier non-empty stage."""
    stage_of: dict[str, int] = {}
    for number, stage in enumerate(rule.stages):
        for category in (stage,) if isinstance(stage, str) else stage:
            stage_of.setdefault(category, number)
    edges = []
    said: dict[tuple[str, str, str], tuple[Reason, SourceSpan]] = {}  # one reason per category pair and region
    for region_id in sorted(index.by_region):
        staged: dict[int, list[Initiative]] = defaultdict(list)
        for item in index.select(rule.match, index.by_region[region_id]):
            if item.category in stage_of:
                staged[stage_of[item.category]].append(item)
        previous: list[Initiative] = []
        for number in sorted(staged):
            current = sorted(staged[number], key=lambda i: i.id)
            for before in previous:
                for after in current:
                    pair = (after.category, before.category, region_id)
                    if pair not in said:
                        said[pair] = index.rule_reason(position, rule.kind, rule.id, explain(after, before, region_id))
                    reason, span = said[pair]
                    edges.append(Edge(before.id, after.id, reason, span))
            previous = current
    return Made(edges)


def references(rule: CategoryOrderRule) -> Iterator[Reference]:
    """The categories named in `stages`, each at its place in the list."""
    for j, stage in enumerate(rule.stages):
        if isinstance(stage, str):
            yield ("stages", j), stage, "categories"
        else:
            for k, name in enumerate(stage):
                yield ("stages", j, k), name, "categories"


KIND = RuleKind("category-order", CategoryOrderRule, expand, references)
