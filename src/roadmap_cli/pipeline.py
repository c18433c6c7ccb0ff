"""The pipeline in one place: load -> validate -> rules -> graph -> planner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from roadmap_cli.collector import collector_paused
from roadmap_cli.errors import Diagnostic, RoadmapError, sort_diagnostics
from roadmap_cli.graph import DependencyGraph, build_graph, check_acyclic
from roadmap_cli.i18n import use_roadmap_language
from roadmap_cli.loader import RoadmapFiles, load_roadmap
from roadmap_cli.plan import Plan
from roadmap_cli.planner import PlanOptions, make_plan
from roadmap_cli.rules import Expansion, expand_rules
from roadmap_cli.validate import CheckedRoadmap, check_roadmap


@dataclass(frozen=True)
class CheckedGraph:
    """A roadmap that validated, with its expanded dependencies and their graph."""

    checked: CheckedRoadmap
    expansion: Expansion
    graph: DependencyGraph
    warnings: tuple[Diagnostic, ...]


def _header_language(data: dict[str, Any]) -> str | None:
    """The `language` the loaded roadmap's header asks for, if it names one (validation judges it)."""
    header = data.get("roadmap")
    language = header.get("language") if isinstance(header, dict) else None
    return language if isinstance(language, str) else None


def check_files(files: RoadmapFiles, *, verbose: bool = False, as_of: date | None = None) -> CheckedGraph:
    """Load, validate and expand one roadmap as of a status date (default: the header's, else today); raise RoadmapError with every problem found (long cycles in full with `verbose`)."""
    with collector_paused():
        loaded = load_roadmap(files)
        use_roadmap_language(_header_language(loaded.data))
        checked = check_roadmap(loaded.data, loaded.source_map, loaded.files, as_of)
        expansion = expand_rules(checked)
        problems = list(checked.warnings) + list(expansion.diagnostics)
        if any(p.is_error for p in problems):
            raise RoadmapError(problems)
        active = [item.id for item in checked.model.initiatives if item.status.value != "dropped"]
        graph = build_graph(active, expansion)
        try:
            check_acyclic(graph, {item.id: item.region for item in checked.model.initiatives}, verbose=verbose)
        except RoadmapError as error:
            raise type(error)(error.diagnostics + problems) from None
        return CheckedGraph(checked, expansion, graph, tuple(sort_diagnostics(problems)))


def build_plan(files: RoadmapFiles, options: PlanOptions | None = None, *, verbose: bool = False) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """Plan one roadmap; return the plan and its warnings (diagnostics in full with `verbose`)."""
    options = options or PlanOptions()
    with collector_paused():
        prepared = check_files(files, verbose=verbose, as_of=options.as_of)
        plan, warnings = make_plan(prepared.checked, prepared.expansion, prepared.graph, options)
    return plan, tuple(sort_diagnostics(list(prepared.warnings) + list(warnings)))
