"""Rule kind `wave`: work in regions of wave N+1 waits for the milestones of their sibling regions in the nearest earlier wave.

- kind: wave
  id: waves
  milestone: {tags: [launch]}   # what marks a region of a wave as ready
  match: {categories: [services]}
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


class WaveRule(FormatModel):
    """Regions of wave N+1 start once their sibling regions of wave N reach the milestone."""

    kind: Literal["wave"]
    id: Id
    milestone: Selector = Field(description="What marks a region of a wave as ready, e.g. its smart-city launch.")
    match: Selector | None = Field(default=None, description="Which initiatives of later waves wait; all by default.")
    description: str | None = None


def explain(item: Initiative, wave: int, ready_wave: int, milestone: Initiative) -> str:
    """Why `item` waits for `milestone`, in words."""
    return _("wave {wave} region `{region}` starts after wave {ready_wave} reaches `{id}`").format(wave=wave, region=item.region, ready_wave=ready_wave, id=milestone.id)


def expand(rule: WaveRule, position: int, index: RoadmapIndex) -> Made:
    """Among sibling regions, each wave's work waits for the milestones reached in the nearest earlier wave."""
    siblings: dict[str | None, list[str]] = defaultdict(list)
    for region in index.regions.values():
        if region.wave is not None:
            siblings[index.tree.parent(region.id)].append(region.id)
    edges = []
    for parent in sorted(siblings, key=lambda p: p or ""):
        by_wave: dict[int, list[str]] = defaultdict(list)
        for region_id in siblings[parent]:
            by_wave[index.regions[region_id].wave or 0].append(region_id)
        ready: list[Initiative] = []
        ready_wave = 0
        for wave in sorted(by_wave):
            regions = sorted(by_wave[wave])
            in_wave = [item for r in regions for sub in index.tree.subtree(r) for item in index.by_region.get(sub, [])]
            said: dict[tuple[str, str], tuple[Reason, SourceSpan]] = {}  # one reason per region and milestone
            for item in sorted(index.select(rule.match, in_wave), key=lambda i: i.id):
                for milestone in ready:
                    if (item.region, milestone.id) not in said:
                        said[item.region, milestone.id] = index.rule_reason(position, rule.kind, rule.id, explain(item, wave, ready_wave, milestone))
                    reason, span = said[item.region, milestone.id]
                    edges.append(Edge(milestone.id, item.id, reason, span))
            reached = sorted(index.select(rule.milestone, in_wave), key=lambda i: i.id)
            if reached:
                ready, ready_wave = reached, wave
    return Made(edges)


KIND = RuleKind("wave", WaveRule, expand)
