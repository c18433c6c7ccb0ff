"""The dependency graph: initiative ids and their edges, cycles reported with every edge's reason."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from roadmap_cli.errors import CycleError, Diagnostic
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.rules import Edge, Expansion


class DependencyGraph:
    """Initiative ids in insertion order and the edges between them; each edge keeps every `Edge` that made it.

    A plain adjacency map instead of a networkx DiGraph: importing networkx cost a quarter of a small
    command's start-up; it is imported only to report cycles, which are rare.
    """

    def __init__(self, nodes: Iterable[str] = ()) -> None:
        self.succ: dict[str, dict[str, list[Edge]]] = {node: {} for node in nodes}
        self.pred: dict[str, dict[str, list[Edge]]] = {node: {} for node in self.succ}

    def add_edge(self, source: str, target: str, edges: list[Edge]) -> None:
        """The edge `source -> target` made by `edges`, adding either node if it is new."""
        for node in (source, target):
            if node not in self.succ:
                self.succ[node], self.pred[node] = {}, {}
        self.succ[source][target] = edges
        self.pred[target][source] = edges

    @property
    def nodes(self) -> list[str]:
        """The ids in insertion order."""
        return list(self.succ)

    @property
    def edges(self) -> Iterator[tuple[str, str]]:
        """Every edge as `(source, target)`."""
        return ((source, target) for source, targets in self.succ.items() for target in targets)

    def reasons(self, source: str, target: str) -> list[Edge]:
        """The `Edge`s that made the edge `source -> target`, explicit first."""
        return self.succ[source][target]

    def successors(self, node: str) -> Iterator[str]:
        """The ids that depend on `node`."""
        return iter(self.succ[node])

    def in_degree(self, node: str) -> int:
        """How many ids `node` depends on."""
        return len(self.pred[node])

    def number_of_edges(self) -> int:
        """How many edges there are."""
        return sum(len(targets) for targets in self.succ.values())

    def __iter__(self) -> Iterator[str]:
        return iter(self.succ)

    def __contains__(self, node: object) -> bool:
        return node in self.succ

    def __len__(self) -> int:
        return len(self.succ)


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """One cycle per strongly connected group of nodes, as a list of edges, deterministically."""
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from(sorted(set(edges)))
    cycles = []
    for component in sorted((sorted(c) for c in nx.strongly_connected_components(graph)), key=lambda c: c[0]):
        if len(component) == 1 and not graph.has_edge(component[0], component[0]):
            continue
        sub = graph.subgraph(component)
        cycles.append([(a, b) for a, b in nx.find_cycle(sub, source=component[0])])
    return cycles


def build_graph(ids: Sequence[str], expansion: Expansion) -> DependencyGraph:
    """The graph over initiative ids, sorted; each edge keeps every `Edge` that made it, explicit first."""
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for edge in expansion.edges:
        by_pair.setdefault((edge.source, edge.target), []).append(edge)
    graph = DependencyGraph(sorted(ids))
    for (source, target), edges in by_pair.items():
        graph.add_edge(source, target, edges)
    return graph


def is_acyclic(graph: DependencyGraph) -> bool:
    """True when no chain of dependencies leads back to where it started."""
    waiting = {node: graph.in_degree(node) for node in graph}
    ready = [node for node, count in waiting.items() if count == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for successor in graph.successors(node):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)
    return seen == len(graph)


MAX_CYCLE_EDGES_SHOWN = 8
"""A cycle with more edges than this (about a screen with their reasons) shows its first and last edges and the count."""
_ENDS_SHOWN = 3
MAX_REGIONS_SHOWN = 30
"""Regions named in one contradiction before the rest are counted (all with `--verbose`)."""


def check_acyclic(graph: DependencyGraph, regions: Mapping[str, str] | None = None, *, verbose: bool = False) -> None:
    """Raise CycleError naming the edges of each cycle and the reason each exists.

    Cycles made only by rules are reported once per set of contradicting rules, with the regions
    where they contradict each other. Long cycles are shortened unless `verbose`.
    """
    if is_acyclic(graph):
        return
    cycles = find_cycles(graph.edges)
    if not cycles:
        return
    diagnostics = []
    by_rules: dict[tuple[str, ...], list[list[tuple[str, str]]]] = defaultdict(list)
    for cycle in cycles:
        chosen = [graph.reasons(*pair)[0] for pair in cycle]
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


def _cycle_words(graph: DependencyGraph, cycle: list[tuple[str, str]], verbose: bool) -> tuple[str, str]:
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


def _edge_words(graph: DependencyGraph, a: str, b: str) -> str:
    """One edge of a cycle with the reason it exists."""
    return _("{a} -> {b}: {text}").format(a=a, b=b, text=graph.reasons(a, b)[0].reason.text())


def _cycle_diagnostic(graph: DependencyGraph, cycle: list[tuple[str, str]], verbose: bool) -> Diagnostic:
    """One cycle, at its first edge, with each edge's reason."""
    first: Edge = graph.reasons(*cycle[0])[0]
    ids, steps = _cycle_words(graph, cycle, verbose)
    left_out = _shown_edges(cycle, verbose)[1]
    hint = _("break one of these edges: {steps}").format(steps=steps)
    if left_out:
        hint = _("break one of these edges: {steps} (`roadmap validate --verbose` shows all {count})").format(steps=steps, count=len(cycle))
    return Diagnostic(first.span.path, first.span.line, first.span.col, "dependency-cycle", _("dependencies form a cycle: {ids}").format(ids=ids), hint)


def _contradiction_diagnostic(graph: DependencyGraph, rules: tuple[str, ...], group: list[list[tuple[str, str]]], regions: Mapping[str, str], verbose: bool) -> Diagnostic:
    """Rules that make the same kind of cycle in several regions: one diagnostic, at the first rule, listing the regions."""
    first: Edge = min((graph.reasons(*pair)[0] for cycle in group for pair in cycle), key=lambda e: (e.span.path, e.span.line))
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


def topological_order(graph: DependencyGraph) -> list[str]:
    """Initiative ids in dependency order, ties broken by id (ids on or after a cycle are left out; check_acyclic first)."""
    waiting = {node: graph.in_degree(node) for node in graph}
    ready = [node for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for successor in graph.successors(node):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, successor)
    return order
