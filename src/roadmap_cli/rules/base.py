"""What every rule kind builds on: edges with their reasons, quorum gates, the shared index and the kind record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from roadmap_cli.errors import Diagnostic
from roadmap_cli.fields import FormatModel, Selector
from roadmap_cli.plan import Reason
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.source import PathKey, SourceSpan
from roadmap_cli.vocabulary import Status

if TYPE_CHECKING:
    from roadmap_cli.models import Initiative
    from roadmap_cli.validate import CheckedRoadmap


@dataclass(frozen=True, slots=True)
class Edge:
    """A dependency: `target` starts after `source` finishes (plus `lag` days), for `reason`."""

    source: str
    target: str
    reason: Reason
    span: SourceSpan
    lag: int = 0
    gate: str | None = None
    """For a quorum gate's edge, the gate's key (`rule-id:target`)."""


@dataclass(frozen=True, slots=True)
class Gate:
    """A readiness gate: `target` waits until `k` of `members` have finished."""

    key: str
    rule: str
    target: str
    members: tuple[str, ...]
    k: int
    reason: Reason


@dataclass
class Made:
    """What expanding one rule made: edges, quorum gates and diagnostics."""

    edges: list[Edge] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


Reference = tuple[PathKey, str, str]
"""An id a rule names outside its selectors: (path inside the rule, the id, the section it must be declared in)."""


@dataclass(frozen=True)
class RuleKind:
    """One kind of rule: its model, how it expands into edges, and the ids it names outside its selectors."""

    name: str
    model: type[FormatModel]
    expand: Callable[[Any, int, RoadmapIndex], Made]
    """`expand(rule, position in the rules list, index)`."""
    references: Callable[[Any], Iterable[Reference]] = lambda rule: ()
    warns_when_empty: bool = True
    """Warn `rule-matches-nothing` when the rule makes no edge (a gate warns per target instead)."""


def selectors(rule: FormatModel) -> Iterable[tuple[str, Selector]]:
    """The selectors a rule has, by field name, in declaration order."""
    for name in type(rule).model_fields:
        value = getattr(rule, name)
        if isinstance(value, Selector):
            yield name, value


class RoadmapIndex:
    """Lookups that rule expansion shares: active initiatives by region, the region tree, subtree membership."""

    def __init__(self, checked: CheckedRoadmap) -> None:
        self.checked = checked
        model = checked.model
        self.initiatives = [item for item in model.initiatives if item.status is not Status.DROPPED]
        self.regions = {region.id: region for region in model.regions}
        self.tree = RegionTree.of(model.regions)
        self.by_region: dict[str, list[Initiative]] = defaultdict(list)
        self.by_id = {item.id: item for item in self.initiatives}
        for item in self.initiatives:
            self.by_region[item.region].append(item)
        self._within: dict[tuple[str, ...], set[str]] = {}
        self._rule_spans: dict[int, tuple[SourceSpan, str]] = {}

    def rule_span(self, position: int) -> tuple[SourceSpan, str]:
        """Where the rule at `position` is declared, and that place as `file:line` (looked up once)."""
        if position not in self._rule_spans:
            span = self.checked.span(("rules", position))
            self._rule_spans[position] = (span, f"{span.path}:{span.line}")
        return self._rule_spans[position]

    def rule_reason(self, position: int, kind: str, rule_id: str, detail: str) -> tuple[Reason, SourceSpan]:
        """The reason and position of an edge the rule at `position` made."""
        span, where = self.rule_span(position)
        return Reason(kind, where, detail, rule_id), span

    def within(self, region_ids: tuple[str, ...]) -> set[str]:
        """The regions in the subtrees of `region_ids` (computed once per selector)."""
        found = self._within.get(region_ids)
        if found is None:
            found = self._within[region_ids] = self.tree.below(region_ids)
        return found

    def matches(self, selector: Selector | None, item: Initiative) -> bool:
        """True when the initiative satisfies every field of the selector."""
        if selector is None:
            return True
        region = self.regions.get(item.region)
        return (
            (selector.initiatives is None or item.id in selector.initiatives)
            and (selector.regions is None or item.region in selector.regions)
            and (selector.within is None or item.region in self.within(selector.within))
            and (selector.region_kinds is None or (region is not None and region.kind in selector.region_kinds))
            and (selector.categories is None or item.category in selector.categories)
            and (selector.tags is None or any(tag in selector.tags for tag in item.tags))
            and (selector.milestone is None or item.milestone == selector.milestone)
        )

    def select(self, selector: Selector | None, items: Iterable[Initiative] | None = None) -> list[Initiative]:
        """The initiatives (of `items`, or all active ones) that match the selector."""
        return [item for item in (self.initiatives if items is None else items) if self.matches(selector, item)]
