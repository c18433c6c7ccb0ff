"""The dependency graph: edges into a networkx DiGraph, cycles reported with every edge's reason."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from roadmap_cli.errors import CycleError, Diagnostic
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.rules import Edge, Expansion


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """One cycle per strongly connected group of nodes, as a list of edges, deterministically."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from(sorted(set(edges)))
    cycles = []
    for component in sorted((sorted(c) for c in nx.strongly_connected_components(graph)), key=lambda c: c[0]):
        if len(component) == 1 and not graph.has_edge(component[0], component[0]):
            continue
        sub = graph.subgraph(component)
        cycles.append([(a, b) for a, b in nx.find_cycle(sub, source=component[0])])
    return cycles


def build_graph(ids: Sequence[str], expansion: Expansion) -> nx.DiGraph[str]:
    """A DiGraph over initiative ids; each edge keeps every `Edge` that made it, explicit first."""
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for edge in expansion.edges:
        by_pair.setdefault((edge.source, edge.target), []).append(edge)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(sorted(ids))
    graph.add_edges_from((source, target, {"edges": edges}) for (source, target), edges in by_pair.items())
    return graph


MAX_CYCLE_EDGES_SHOWN = 8
"""A cycle with more edges than this (about a screen with their reasons) shows its first and last edges and the count."""
_ENDS_SHOWN = 3
MAX_REGIONS_SHOWN = 30
"""Regions named in one contradiction before the rest are counted (all with `--verbose`)."""


def check_acyclic(graph: nx.DiGraph[str], regions: Mapping[str, str] | None = None, *, verbose: bool = False) -> None:
    """Raise CycleError naming the edges of each cycle and the reason each exists.

    Cycles made only by rules are reported once per set of contradicting rules, with the regions
    where they contradict each other. Long cycles are shortened unless `verbose`.
    """
    if nx.is_directed_acyclic_graph(graph):
        return
    cycles = find_cycles(graph.edges)
    if not cycles:
        return
    diagnostics = []
    by_rules: dict[tuple[str, ...], list[list[tuple[str, str]]]] = defaultdict(list)
    for cycle in cycles:
        chosen = [graph.edges[pair]["edges"][0] for pair in cycle]
        if all(edge.reason.rule is not None for edge in chosen):
            by_rules[tuple(sorted({str(edge.reason.rule) for edge in chosen}))].append(cycle)
        else:
            diagnostics.append(_cycle_diagnostic(graph, cycle, verbose))
    for rules, group in sorted(by_rules.items()):
        if len(group) == 1:
            diagnostics.append(_cycle_diagnostic(graph, group[0], verbose))
        else:
            diagnostics.append(_contradiction_diagnostic(graph, rules, group, regions or {}, verbose))
    raise CycleError(diagnostics)


def _shown_edges(cycle: list[tuple[str, str]], verbose: bool) -> tuple[list[tuple[str, str]], int]:
    """The edges of a cycle to print and how many are left out (none when short or `verbose`)."""
    if verbose or len(cycle) <= MAX_CYCLE_EDGES_SHOWN:
        return cycle, 0
    return cycle[:_ENDS_SHOWN] + cycle[-_ENDS_SHOWN:], len(cycle) - 2 * _ENDS_SHOWN


def _cycle_words(graph: nx.DiGraph[str], cycle: list[tuple[str, str]], verbose: bool) -> tuple[str, str]:
    """The cycle as `a -> b -> a` and its edges with their reasons, both shortened when long."""
    shown, left_out = _shown_edges(cycle, verbose)
    if not left_out:
        ids = " -> ".join([cycle[0][0]] + [b for _, b in cycle])
        steps = "; ".join(_edge_words(graph, a, b) for a, b in cycle)
        return ids, steps
    head, tail = shown[:_ENDS_SHOWN], shown[_ENDS_SHOWN:]
    gap = ngettext("... {count} more edge ...", "... {count} more edges ...", left_out).format(count=left_out)
    ids = " -> ".join([head[0][0]] + [b for _, b in head] + [gap, tail[0][0]] + [b for _, b in tail])
    step_text = [_edge_words(graph, a, b) for a, b in shown]
    steps = "; ".join(step_text[:_ENDS_SHOWN] + [gap] + step_text[_ENDS_SHOWN:])
    return ids, steps


def _edge_words(graph: nx.DiGraph[str], a: str, b: str) -> str:
    """One edge of a cycle with the reason it exists."""
    return _("{a} -> {b}: {text}").format(a=a, b=b, text=graph.edges[a, b]["edges"][0].reason.text())


def _cycle_diagnostic(graph: nx.DiGraph[str], cycle: list[tuple[str, str]], verbose: bool) -> Diagnostic:
    """One cycle, at its first edge, with each edge's reason."""
    first: Edge = graph.edges[cycle[0]]["edges"][0]
    ids, steps = _cycle_words(graph, cycle, verbose)
    left_out = _shown_edges(cycle, verbose)[1]
    hint = _("break one of these edges: {steps}").format(steps=steps)
    if left_out:
        hint = _("break one of these edges: {steps} (`roadmap validate --verbose` shows all {count})").format(steps=steps, count=len(cycle))
    return Diagnostic(first.span.path, first.span.line, first.span.col, "dependency-cycle", _("dependencies form a cycle: {ids}").format(ids=ids), hint)


def _contradiction_diagnostic(graph: nx.DiGraph[str], rules: tuple[str, ...], group: list[list[tuple[str, str]]], regions: Mapping[str, str], verbose: bool) -> Diagnostic:
    """Rules that make the same kind of cycle in several regions: one diagnostic, at the first rule, listing the regions."""
    first: Edge = min((graph.edges[pair]["edges"][0] for cycle in group for pair in cycle), key=lambda e: (e.span.path, e.span.line))
    places = sorted({regions.get(cycle[0][0], cycle[0][0]) for cycle in group})
    shown = places if verbose or len(places) <= MAX_REGIONS_SHOWN else places[:MAX_REGIONS_SHOWN]
    listed = ", ".join(f"`{place}`" for place in shown)
    if len(shown) < len(places):
        listed = _("{regions} and {count} more (`roadmap validate --verbose` lists all)").format(regions=listed, count=len(places) - len(shown))
    names = ", ".join(f"`{rule}`" for rule in rules)
    message = (
        ngettext("rule {rules} contradicts itself in {count} region: {regions}", "rule {rules} contradicts itself in {count} regions: {regions}", len(places))
        if len(rules) == 1
        else ngettext("rules {rules} contradict each other in {count} region: {regions}", "rules {rules} contradict each other in {count} regions: {regions}", len(places))
    )
    example = group[0]
    ids, steps = _cycle_words(graph, example, verbose)
    hint = _("change the order in one of the rules, or narrow one with `match:`; in `{region}`: {ids}: {steps}").format(region=regions.get(example[0][0], example[0][0]), ids=ids, steps=steps)
    return Diagnostic(first.span.path, first.span.line, first.span.col, "dependency-cycle", message.format(rules=names, count=len(places), regions=listed), hint)


def topological_order(graph: nx.DiGraph[str]) -> list[str]:
    """Initiative ids in dependency order, ties broken by id."""
    return list(nx.lexicographical_topological_sort(graph))
