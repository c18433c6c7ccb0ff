"""Critical path method: earliest and latest dates, slack and the critical tasks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_cli.collector import collector_paused
from roadmap_cli.scheduling.graph import Graph, compile_graph
from roadmap_cli.scheduling.model import Problem


@dataclass(frozen=True, slots=True)
class Cpm:
    """Critical-path dates per task id (finish exclusive) and the project finish."""

    order: tuple[str, ...]
    earliest_start: Mapping[str, int]
    earliest_finish: Mapping[str, int]
    latest_start: Mapping[str, int]
    latest_finish: Mapping[str, int]
    slack: Mapping[str, int]
    critical: frozenset[str]
    finish: int
    end: int


def forward_pass(graph: Graph) -> tuple[list[int], list[int]]:
    """Earliest starts and finishes: releases, lagged precedences, quorums; fixed tasks stay put."""
    n = len(graph.ids)
    lb = list(graph.release)
    ef = [0] * n
    span, fixed, release, succ, succ_lag, working = graph.span, graph.fixed, graph.release, graph.succ, graph.succ_lag, graph.working
    quorums_of: dict[int, list[tuple[tuple[int, ...], int]]] = {}
    for target, members, k in graph.quorums:
        quorums_of.setdefault(target, []).append((members, k))
    for i in graph.order:
        if fixed[i]:
            s = release[i]
        else:
            s = lb[i]
            for members, k in quorums_of.get(i, ()):
                v = sorted([ef[m] for m in members])[k - 1]
                if v > s:
                    s = v
        lb[i] = s
        f = graph.finish_at(i, s) if working[i] else s + span[i]
        ef[i] = f
        for j, lag in zip(succ[i], succ_lag[i]):
            if f + lag > lb[j]:
                lb[j] = f + lag
    return lb, ef


def backward_pass(graph: Graph, ef: list[int], horizon: int) -> tuple[list[int], list[int]]:
    """Latest starts and finishes against `horizon`, given the earliest finishes `ef`.

    Edges into fixed tasks are ignored, as in the forward pass. A quorum bounds the latest
    finish of only its k earliest-finishing members (ties by task id): those are the members
    the target waits for in the earliest schedule; the others may finish any time.
    """
    n = len(graph.ids)
    span, fixed, succ, succ_lag, ids, working = graph.span, graph.fixed, graph.succ, graph.succ_lag, graph.ids, graph.working
    bound_by: dict[int, list[int]] = {}
    for target, members, k in graph.quorums:
        if not fixed[target]:
            for m in sorted(members, key=lambda m: (ef[m], ids[m]))[:k]:
                bound_by.setdefault(m, []).append(target)
    ls = [0] * n
    lf = [0] * n
    for i in reversed(graph.order):
        v = horizon
        for j, lag in zip(succ[i], succ_lag[i]):
            if not fixed[j] and ls[j] - lag < v:
                v = ls[j] - lag
        for t in bound_by.get(i, ()):
            if ls[t] < v:
                v = ls[t]
        lf[i] = v
        ls[i] = graph.start_by(i, v) if working[i] else v - span[i]
    return ls, lf


@collector_paused()
def compute_cpm(problem: Problem, end: int | None = None) -> Cpm:
    """Forward and backward passes; slack against `end` (default: the project finish).

    `critical` holds the tasks with zero slack against the project finish, i.e. on a longest
    path, whatever `end` is. Raises ValueError on unknown references or a dependency cycle.
    """
    graph = compile_graph(problem)
    es, ef = forward_pass(graph)
    finish = max(ef, default=0)
    horizon = finish if end is None else end
    ls, lf = backward_pass(graph, ef, horizon)
    ids = graph.ids[: graph.real]
    slack = [a - b for a, b in zip(lf, ef)]  # the finish's slack: a working-day task may start on a day off
    extra = horizon - finish
    return Cpm(
        order=tuple(ids[i] for i in graph.order if i < graph.real),
        earliest_start=dict(zip(ids, es)),
        earliest_finish=dict(zip(ids, ef)),
        latest_start=dict(zip(ids, ls)),
        latest_finish=dict(zip(ids, lf)),
        slack=dict(zip(ids, slack)),
        critical=frozenset(tid for tid, sl in zip(ids, slack) if sl == extra),
        finish=finish,
        end=horizon,
    )
