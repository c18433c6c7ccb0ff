"""Rule expansion: explicit dependencies, then each rule through its kind's module, every edge with its reason.

A rule kind is one module of this package with its model, its expansion and its explain text; RULE_KINDS is
the registry. Adding a kind: write the module (see `wave.py`), add its KIND below and its model to `Rule`, and
document it in docs/format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from roadmap_cli.errors import Diagnostic, Severity
from roadmap_cli.fields import FormatModel
from roadmap_cli.i18n import _
from roadmap_cli.plan import Reason
from roadmap_cli.rules import category_order, gate, hierarchy, wave
from roadmap_cli.rules.base import Edge, Gate, RoadmapIndex, RuleKind, selectors
from roadmap_cli.rules.category_order import CategoryOrderRule
from roadmap_cli.rules.gate import GateRule
from roadmap_cli.rules.hierarchy import HierarchyRule
from roadmap_cli.rules.wave import WaveRule
from roadmap_cli.vocabulary import Status

if TYPE_CHECKING:
    from roadmap_cli.validate import CheckedRoadmap

RULE_KINDS: dict[str, RuleKind] = {kind.name: kind for kind in (category_order.KIND, hierarchy.KIND, gate.KIND, wave.KIND)}
"""Every rule kind by its `kind:` name."""
RULE_MODELS: dict[str, type[FormatModel]] = {name: kind.model for name, kind in RULE_KINDS.items()}
Rule = Annotated[CategoryOrderRule | HierarchyRule | GateRule | WaveRule, Field(discriminator="kind")]
"""A rule of any kind, told apart by `kind:`."""


@dataclass(frozen=True)
class Expansion:
    """Every dependency of a roadmap, and what expanding the rules found worth saying."""

    edges: tuple[Edge, ...]
    gates: tuple[Gate, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


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
        kind = RULE_KINDS[rule.kind]
        made = kind.expand(rule, position, index)
        kept = [edge for edge in made.edges if edge.target not in started]
        gates.extend(new_gate for new_gate in made.gates if new_gate.target not in started)
        problems.extend(made.diagnostics)
        if not kept and kind.warns_when_empty:
            span = checked.span(("rules", position))
            problems.append(
                Diagnostic(
                    span.path,
                    span.line,
                    span.col,
                    "rule-matches-nothing",
                    _("rule `{id}` makes no dependencies").format(id=rule.id),
                    _("check its selectors, stages and the regions' waves"),
                    Severity.WARNING,
                )
            )
        edges.extend(kept)
    return Expansion(tuple(edges), tuple(gates), tuple(problems))


__all__ = ["RULE_KINDS", "RULE_MODELS", "Edge", "Expansion", "Gate", "RoadmapIndex", "Rule", "RuleKind", "expand_rules", "explicit_edges", "selectors"]
