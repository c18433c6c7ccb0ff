"""The dependency graph: edges into a networkx DiGraph, cycles reported with every edge's reason."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from roadmap_cli.errors import CycleError, Diagnostic
from roadmap_cli.i18n import _
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


def check_acyclic(graph: nx.DiGraph[str]) -> None:
    """Raise CycleError naming every edge of each cycle and the reason it exists."""
    if nx.is_directed_acyclic_graph(graph):
        return
    cycles = find_cycles(graph.edges)
    if not cycles:
        return
    diagnostics = []
    for cycle in cycles:
        first: Edge = graph.edges[cycle[0]]["edges"][0]
        steps = "; ".join(_("{a} -> {b}: {text}").format(a=a, b=b, text=graph.edges[a, b]['edges'][0].reason.text()) for a, b in cycle)
        ids = " -> ".join([cycle[0][0]] + [b for _, b in cycle])
        diagnostics.append(
            Diagnostic(
                first.span.path,
                first.span.line,
                first.span.col,
                "dependency-cycle",
                _("dependencies form a cycle: {ids}").format(ids=ids),
                _("break one of these edges: {steps}").format(steps=steps),
            )
        )
    raise CycleError(diagnostics)


def topological_order(graph: nx.DiGraph[str]) -> list[str]:
    """Initiative ids in dependency order, ties broken by id."""
    return list(nx.lexicographical_topological_sort(graph))
