"""Rule expansion: explicit dependencies and one pure function per rule kind, each edge with its reason."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from roadmap_cli.errors import Diagnostic, Severity
from roadmap_cli.i18n import _
from roadmap_cli.models import (
    CategoryOrderRule,
    GateRule,
    HierarchyRule,
    Initiative,
    Selector,
    WaveRule,
)
from roadmap_cli.plan import Reason
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.source import SourceSpan
from roadmap_cli.validate import CheckedRoadmap
from roadmap_cli.vocabulary import Status


@dataclass(frozen=True)
class Edge:
    """A dependency: `target` starts after `source` finishes (plus `lag` days), for `reason`."""

    source: str
    target: str
    reason: Reason
    span: SourceSpan
    lag: int = 0
    gate: str | None = None
    """For a quorum gate's edge, the gate's key (`rule-id:target`)."""


@dataclass(frozen=True)
class Gate:
    """A readiness gate: `target` waits until `k` of `members` have finished."""

    key: str
    rule: str
    target: str
    members: tuple[str, ...]
    k: int
    reason: Reason


@dataclass(frozen=True)
class Expansion:
    """Every dependency of a roadmap, and what expanding the rules found worth saying."""

    edges: tuple[Edge, ...]
    gates: tuple[Gate, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


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

    def rule_reason(self, position: int, kind: str, rule_id: str, detail: str) -> tuple[Reason, SourceSpan]:
        """The reason and position of an edge the rule at `position` made (its place looked up once)."""
        if position not in self._rule_spans:
            span = self.checked.span(("rules", position))
            self._rule_spans[position] = (span, f"{span.path}:{span.line}")
        span, where = self._rule_spans[position]
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


def explicit_edges(checked: CheckedRoadmap, index: RoadmapIndex) -> list[Edge]:
    """Edges written in `depends_on`, each at its file:line."""
    active = {item.id for item in index.initiatives}
    edges = []
    for i, item in enumerate(checked.model.initiatives):
        if item.id not in active:
            continue
        for j, dep in enumerate(item.depends_on):
            if dep.id in active:
                span = checked.span(("initiatives", i, "depends_on", j))
                reason = Reason("explicit", f"{span.path}:{span.line}", _("{id} depends on {id2}").format(id=item.id, id2=dep.id))
                edges.append(Edge(dep.id, item.id, reason, span, dep.lag))
    return edges


def expand_category_order(rule: CategoryOrderRule, position: int, index: RoadmapIndex) -> list[Edge]:
    """Within each region, each stage's initiatives wait for those of the nearest earlier non-empty stage."""
    stage_of: dict[str, int] = {}
    for number, stage in enumerate(rule.stages):
        for category in (stage,) if isinstance(stage, str) else stage:
            stage_of.setdefault(category, number)
    edges = []
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
                    detail = _("`{category}` after `{category2}` in region `{region_id}`").format(category=after.category, category2=before.category, region_id=region_id)
                    reason, span = index.rule_reason(position, rule.kind, rule.id, detail)
                    edges.append(Edge(before.id, after.id, reason, span))
            previous = current
    return edges


def expand_hierarchy(rule: HierarchyRule, position: int, index: RoadmapIndex) -> list[Edge]:
    """A region's initiatives wait for the matching work of the nearest regions below it that have some."""
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
        for group, parents in sorted(mine.items()):
            for parent_id in sorted(parents):
                for child_id in sorted(below.get(group, [])):
                    child_region = index.by_id[child_id].region
                    what = _(" (category `{group}`)").format(group=group) if rule.by == "category" else ""
                    detail = _("region `{region_id}` waits for `{child_region}` below it{what}").format(region_id=region_id, child_region=child_region, what=what)
                    reason, span = index.rule_reason(position, rule.kind, rule.id, detail)
                    edges.append(Edge(child_id, parent_id, reason, span))
        merged = dict(below)
        merged.update({group: list(ids) for group, ids in mine.items()})
        frontier[region_id] = merged
    return edges


def expand_gate(rule: GateRule, position: int, index: RoadmapIndex) -> tuple[list[Edge], list[Gate], list[Diagnostic]]:
    """Each target waits for a quorum of the required initiatives (k of n)."""
    required = index.select(rule.require)
    required_ids = tuple(sorted(m.id for m in required))
    required_by_region: dict[str, list[str]] = defaultdict(list)
    for member in required:
        required_by_region[member.region].append(member.id)
    edges: list[Edge] = []
    gates: list[Gate] = []
    problems: list[Diagnostic] = []
    span = index.checked.span(("rules", position))
    below_region: dict[str, tuple[str, ...]] = {}
    for target in sorted(index.select(rule.target), key=lambda i: i.id):
        candidates = below_region.get(target.region) if rule.within != "any" else required_ids
        if candidates is None:
            tree = index.tree
            below = tree.children(target.region) if rule.within == "children" else tree.subtree(target.region)[1:]
            candidates = tuple(sorted(m for region in below for m in required_by_region.get(region, ())))
            below_region[target.region] = candidates
        ids = tuple(m for m in candidates if m != target.id)
        if not ids:
            problems.append(Diagnostic(span.path, span.line, span.col, "gate-empty", _("gate `{id}` finds no required initiatives for `{id2}`; it does not wait").format(id=rule.id, id2=target.id), _("check the `require` selector and `within`"), Severity.WARNING))
            continue
        k = _quorum_count(rule.quorum, len(ids))
        if k > len(ids):
            problems.append(Diagnostic(span.path, span.line, span.col, "quorum-too-large", _("gate `{id}` needs {k} finished initiatives for `{id2}` but only {length} match").format(id=rule.id, k=k, id2=target.id, length=len(ids)), _("lower `quorum` or widen `require`")))
            continue
        key = f"{rule.id}:{target.id}"
        detail = _("`{id}` waits for {quorum} ({k} of {length}) of: {join}").format(id=target.id, quorum=rule.quorum, k=k, length=len(ids), join=', '.join(ids))
        reason = Reason(rule.kind, f"{span.path}:{span.line}", detail, rule.id)
        gates.append(Gate(key, rule.id, target.id, ids, k, reason))
        edges.extend(Edge(member, target.id, reason, span, gate=key) for member in ids)
    return edges, gates, problems


def _quorum_count(quorum: str, members: int) -> int:
    """How many members a quorum needs: a count, or a share rounded up."""
    if quorum.endswith("%"):
        return max(1, -(-int(quorum[:-1]) * members // 100))
    return int(quorum)


def expand_wave(rule: WaveRule, position: int, index: RoadmapIndex) -> list[Edge]:
    """Work in wave N+1 regions waits for the milestones of their sibling regions in the nearest earlier wave."""
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
            for item in sorted(index.select(rule.match, in_wave), key=lambda i: i.id):
                for milestone in ready:
                    detail = _("wave {wave} region `{region}` starts after wave {ready_wave} reaches `{id}`").format(wave=wave, region=item.region, ready_wave=ready_wave, id=milestone.id)
                    reason, span = index.rule_reason(position, rule.kind, rule.id, detail)
                    edges.append(Edge(milestone.id, item.id, reason, span))
            reached = sorted(index.select(rule.milestone, in_wave), key=lambda i: i.id)
            if reached:
                ready, ready_wave = reached, wave
    return edges


def expand_rules(checked: CheckedRoadmap) -> Expansion:
    """All edges of the roadmap: explicit ones first, then each rule's in declaration order.

    Rules never make dependencies into active or done work: it has already started and keeps its actual dates.
    """
    index = RoadmapIndex(checked)
    edges = explicit_edges(checked, index)
    started = {item.id for item in index.initiatives if item.status in (Status.ACTIVE, Status.DONE)}
    gates: list[Gate] = []
    problems: list[Diagnostic] = []
    for position, rule in enumerate(checked.model.rules):
        if isinstance(rule, CategoryOrderRule):
            made = expand_category_order(rule, position, index)
        elif isinstance(rule, HierarchyRule):
            made = expand_hierarchy(rule, position, index)
        elif isinstance(rule, WaveRule):
            made = expand_wave(rule, position, index)
        else:
            made, new_gates, new_problems = expand_gate(rule, position, index)
            gates.extend(gate for gate in new_gates if gate.target not in started)
            problems.extend(new_problems)
        made = [edge for edge in made if edge.target not in started]
        if not made and not isinstance(rule, GateRule):
            span = checked.span(("rules", position))
            problems.append(Diagnostic(span.path, span.line, span.col, "rule-matches-nothing", _("rule `{id}` makes no dependencies").format(id=rule.id), _("check its selectors, stages and the regions' waves"), Severity.WARNING))
        edges.extend(made)
    return Expansion(tuple(edges), tuple(gates), tuple(problems))

