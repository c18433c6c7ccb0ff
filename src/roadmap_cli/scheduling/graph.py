"""Compiled task graph: integer indices, adjacency lists and a deterministic topological order."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from roadmap_cli.scheduling.calendar import WorkCalendar
from roadmap_cli.scheduling.model import Problem

LAG_TASK = "\0lag"
"""Id prefix of the internal task that stands for a lag in working days: it lasts the lag, from the predecessor's finish."""


@dataclass(frozen=True, slots=True)
class Graph:
    """A validated problem as parallel lists indexed by task position in `problem.tasks`.

    A precedence whose lag counts working days becomes an internal lag task after the problem's tasks
    (pred -> lag task -> succ, lags 0); `real` is the number of the problem's own tasks.
    """

    ids: list[str]
    index: dict[str, int]
    span: list[int]
    release: list[int]
    fixed: list[bool]
    succ: list[list[int]]
    succ_lag: list[list[int]]
    quorums: list[tuple[int, tuple[int, ...], int]]
    order: list[int]
    working: list[bool]
    calendar: WorkCalendar | None
    real: int

    def finish_at(self, i: int, start: int) -> int:
        """The exclusive finish of task `i` started on day `start`."""
        if self.working[i] and self.calendar is not None:
            return self.calendar.finish(start, self.span[i])
        return start + self.span[i]

    def start_by(self, i: int, finish: int) -> int:
        """The latest start of task `i` that finishes by the exclusive `finish`."""
        if self.working[i] and self.calendar is not None:
            return self.calendar.latest_start(finish, self.span[i])
        return finish - self.span[i]


def compile_graph(problem: Problem) -> Graph:
    """Validate tasks, precedences and quorums and return the graph with a topological order."""
    ids = [t.id for t in problem.tasks]
    index = {tid: i for i, tid in enumerate(ids)}
    if len(index) != len(ids):
        dups = sorted(tid for tid, count in Counter(ids).items() if count > 1)
        raise ValueError(f"duplicate task ids: {', '.join(dups)}")
    span, release, fixed, working = _task_lists(problem)
    real = len(ids)
    succ: list[list[int]] = [[] for _ in range(real)]
    succ_lag: list[list[int]] = [[] for _ in range(real)]
    for prec in problem.precedences:
        p = index.get(prec.pred)
        s = index.get(prec.succ)
        if p is None or s is None:
            missing = prec.pred if p is None else prec.succ
            raise ValueError(f"precedence {prec.pred!r} -> {prec.succ!r}: unknown task {missing!r}")
        if prec.working and prec.lag and not fixed[s]:
            if prec.lag < 0:
                raise ValueError(f"precedence {prec.pred!r} -> {prec.succ!r}: negative lag {prec.lag} in working days")
            lag_task = len(ids)
            ids.append(f"{LAG_TASK}{lag_task - real}")
            index[ids[-1]] = lag_task
            span.append(prec.lag)
            release.append(0)
            fixed.append(False)
            working.append(True)
            succ.append([s])
            succ_lag.append([0])
            s = lag_task
        succ[p].append(s)
        succ_lag[p].append(0 if prec.working else prec.lag)
    if any(working) and problem.calendar is None:
        raise ValueError("working-day durations or lags need a calendar")
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
    return Graph(ids, index, span, release, fixed, succ, succ_lag, quorums, order, working, problem.calendar, real)


def _task_lists(problem: Problem) -> tuple[list[int], list[int], list[bool], list[bool]]:
    """Validate each task; its span, release, whether it is fixed and whether its span counts working days."""
    span: list[int] = []
    release: list[int] = []
    fixed: list[bool] = []
    working: list[bool] = []
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
        working.append(t.working and not is_fixed)
    return span, release, fixed, working


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
