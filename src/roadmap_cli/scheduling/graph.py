"""Compiled task graph: integer indices, adjacency lists and a deterministic topological order."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from roadmap_cli.scheduling.model import Precedence, Problem, Quorum


@dataclass(frozen=True, slots=True)
class Graph:
    """A validated problem as parallel lists indexed by task position in `problem.tasks`."""

    ids: list[str]
    index: dict[str, int]
    span: list[int]
    release: list[int]
    fixed: list[bool]
    succ: list[list[int]]
    succ_lag: list[list[int]]
    quorums: list[tuple[int, tuple[int, ...], int]]
    order: list[int]


@dataclass(frozen=True, slots=True)
class _Topology:
    """The task-independent part of a compiled graph: what the precedences and quorums of a problem make of its ids."""

    precedences: tuple[Precedence, ...]
    quorums: tuple[Quorum, ...]
    ids: list[str]
    index: dict[str, int]
    succ: list[list[int]]
    succ_lag: list[list[int]]
    compiled_quorums: list[tuple[int, tuple[int, ...], int]]
    order: list[int]


_RECENT: list[_Topology] = []
"""Inside `shared_topologies`, the topologies compiled last, newest first."""
_RECENT_SIZE = 2
_SHARING = [0]
"""How many `shared_topologies` blocks are open."""


@contextmanager
def shared_topologies() -> Iterator[None]:
    """Let graphs compiled inside the block share the topology of the same precedences and quorums (the same objects).

    A plan compiles graphs of one set of precedences several times, for problems that differ only in their tasks'
    dates (as of the status date or without one, without budget years, for levelling, pinned to the levelled dates),
    and the precedences and their topological order are most of that work. A topology is never changed once compiled;
    the outermost block forgets them, so nothing stays alive after it. Usable as a decorator.
    """
    _SHARING[0] += 1
    try:
        yield
    finally:
        _SHARING[0] -= 1
        if not _SHARING[0]:
            _RECENT.clear()


def compile_graph(problem: Problem) -> Graph:
    """Validate tasks, precedences and quorums and return the graph with a topological order."""
    ids = [t.id for t in problem.tasks]
    topology = next((t for t in _RECENT if t.precedences is problem.precedences and t.quorums is problem.quorums and t.ids == ids), None)
    if topology is None:
        index = {tid: i for i, tid in enumerate(ids)}
        if len(index) != len(ids):
            dups = sorted(tid for tid, count in Counter(ids).items() if count > 1)
            raise ValueError(f"duplicate task ids: {', '.join(dups)}")
    span: list[int] = []
    release: list[int] = []
    fixed: list[bool] = []
    for t in problem.tasks:
        if t.duration < 0:
            raise ValueError(f"task {t.id!r}: negative duration {t.duration}")
        if t.fixed_finish is not None:
            if t.fixed_start is None:
                raise ValueError(f"task {t.id!r}: fixed_finish without fixed_start")
            if t.fixed_finish < t.fixed_start:
                raise ValueError(f"task {t.id!r}: fixed_finish {t.fixed_finish} before fixed_start {t.fixed_start}")
        is_fixed = t.fixed_start is not None
        fixed.append(is_fixed)
        span.append(t.span)
        release.append(t.fixed_start if t.fixed_start is not None else t.release)
    if topology is None:
        topology = _topology(problem, ids, index)
        if _SHARING[0]:
            _RECENT.insert(0, topology)
            del _RECENT[_RECENT_SIZE:]
    return Graph(topology.ids, topology.index, span, release, fixed, topology.succ, topology.succ_lag, topology.compiled_quorums, topology.order)


def _topology(problem: Problem, ids: list[str], index: dict[str, int]) -> _Topology:
    """Compile the precedences and quorums of `problem` over its task `ids` (positions `index`), with a topological order."""
    n = len(ids)
    succ: list[list[int]] = [[] for _ in range(n)]
    succ_lag: list[list[int]] = [[] for _ in range(n)]
    for prec in problem.precedences:
        p = index.get(prec.pred)
        s = index.get(prec.succ)
        if p is None or s is None:
            missing = prec.pred if p is None else prec.succ
            raise ValueError(f"precedence {prec.pred!r} -> {prec.succ!r}: unknown task {missing!r}")
        succ[p].append(s)
        succ_lag[p].append(prec.lag)
    quorums: list[tuple[int, tuple[int, ...], int]] = []
    for q in problem.quorums:
        names = (q.target, *q.members)
        unknown = [m for m in names if m not in index]
        if unknown:
            raise ValueError(f"quorum for {q.target!r}: unknown task {unknown[0]!r}")
        if len(set(q.members)) != len(q.members):
            raise ValueError(f"quorum for {q.target!r}: duplicate members")
        if not 1 <= q.k <= len(q.members):
            raise ValueError(f"quorum for {q.target!r}: k={q.k} outside 1..{len(q.members)}")
        quorums.append((index[q.target], tuple(index[m] for m in q.members), q.k))
    order = _topological_order(ids, succ, quorums)
    return _Topology(problem.precedences, problem.quorums, ids, index, succ, succ_lag, quorums, order)


def _topological_order(ids: list[str], succ: list[list[int]], quorums: list[tuple[int, tuple[int, ...], int]]) -> list[int]:
    """Kahn's algorithm, smallest task id first among ready tasks; ValueError naming a cycle."""
    n = len(ids)
    out = [list(s) for s in succ] if quorums else succ
    for target, members, _ in quorums:
        for m in members:
            out[m].append(target)
    indeg = [0] * n
    for targets in out:
        for s in targets:
            indeg[s] += 1
    rank = [0] * n
    for r, i in enumerate(sorted(range(n), key=ids.__getitem__)):
        rank[i] = r
    by_rank = sorted(range(n), key=rank.__getitem__)
    ready = [rank[i] for i in range(n) if indeg[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    pop, push = heapq.heappop, heapq.heappush
    while ready:
        i = by_rank[pop(ready)]
        order.append(i)
        for s in out[i]:
            indeg[s] -= 1
            if indeg[s] == 0:
                push(ready, rank[s])
    if len(order) < n:
        raise ValueError("dependency cycle: " + " -> ".join(ids[i] for i in _find_cycle(out, indeg, by_rank)))
    return order


def _find_cycle(out: list[list[int]], indeg: list[int], by_rank: list[int]) -> list[int]:
    """A cycle among the tasks Kahn's algorithm could not order, in dependency direction."""
    left = [d > 0 for d in indeg]
    pred: dict[int, int] = {}
    for i, targets in enumerate(out):
        if left[i]:
            for s in targets:
                if left[s] and s not in pred:
                    pred[s] = i
    node = next(i for i in by_rank if left[i])
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = pred[node]
    cycle = path[seen[node] :]
    cycle.reverse()
    rank = {i: r for r, i in enumerate(by_rank)}
    first = min(range(len(cycle)), key=lambda c: rank[cycle[c]])
    cycle = cycle[first:] + cycle[:first]
    return [*cycle, cycle[0]]
