"""Tests for the critical path method."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.scheduling import Precedence, Problem, Quorum, Task, check_schedule, compute_cpm


def _problem(tasks: list[Task], precs: list[tuple[str, str, int]], quorums: tuple[Quorum, ...] = ()) -> Problem:
    """A problem without resources from tasks and (pred, succ, lag) triples."""
    return Problem(tuple(tasks), tuple(Precedence(a, b, lag) for a, b, lag in precs), quorums)


def test_chain_with_positive_and_negative_lags() -> None:
    p = _problem([Task("a", 3), Task("b", 2), Task("c", 10), Task("d", 1)], [("a", "b", 2), ("b", "c", 0), ("c", "d", -4)])
    cpm = compute_cpm(p)
    assert cpm.earliest_start == {"a": 0, "b": 5, "c": 7, "d": 13}
    assert cpm.earliest_finish == {"a": 3, "b": 7, "c": 17, "d": 14}
    assert cpm.finish == 17
    assert cpm.latest_finish["d"] == 17
    assert cpm.latest_start["d"] == 16
    assert cpm.slack == {"a": 0, "b": 0, "c": 0, "d": 3}
    assert cpm.critical == {"a", "b", "c"}
    assert cpm.order == ("a", "b", "c", "d")


def test_release_dates_delay_start() -> None:
    p = _problem([Task("a", 3), Task("b", 2, release=10)], [("a", "b", 0)])
    cpm = compute_cpm(p)
    assert cpm.earliest_start["b"] == 10
    assert cpm.slack["a"] == 7
    assert cpm.critical == {"b"}


def test_fixed_done_and_active_tasks_ignore_predecessors() -> None:
    tasks = [
        Task("late", 50),
        Task("done", 10, fixed_start=-20, fixed_finish=-5),
        Task("active", 10, fixed_start=-3),
        Task("next", 4),
    ]
    p = _problem(tasks, [("late", "done", 0), ("late", "active", 0), ("done", "next", 0), ("active", "next", 0)])
    cpm = compute_cpm(p)
    assert cpm.earliest_start["done"] == -20
    assert cpm.earliest_finish["done"] == -5
    assert cpm.earliest_start["active"] == -3
    assert cpm.earliest_finish["active"] == 7
    assert cpm.earliest_start["next"] == 7
    assert cpm.finish == 50
    assert cpm.slack["late"] == 0
    assert cpm.latest_finish["next"] == 50


def test_quorum_waits_for_kth_finish_and_bounds_only_k_earliest_members() -> None:
    tasks = [Task("m1", 3), Task("m2", 5), Task("m3", 9), Task("t", 2)]
    p = _problem(tasks, [], (Quorum("t", ("m1", "m2", "m3"), 2),))
    cpm = compute_cpm(p)
    assert cpm.earliest_start["t"] == 5
    assert cpm.finish == 9
    assert cpm.latest_start["t"] == 7
    assert cpm.latest_finish["m1"] == 7
    assert cpm.latest_finish["m2"] == 7
    assert cpm.latest_finish["m3"] == 9
    assert cpm.critical == {"m3"}


def test_slack_and_critical_against_later_horizon() -> None:
    tasks = [Task("s", 0), Task("long", 10), Task("short", 4), Task("e", 0)]
    precs = [("s", "long", 0), ("s", "short", 0), ("long", "e", 0), ("short", "e", 0)]
    cpm = compute_cpm(_problem(tasks, precs), end=25)
    assert cpm.finish == 10
    assert cpm.end == 25
    assert cpm.slack == {"s": 15, "long": 15, "short": 21, "e": 15}
    assert cpm.critical == {"s", "long", "e"}
    assert compute_cpm(_problem(tasks, precs), end=8).slack["long"] == -2


def test_empty_problem() -> None:
    cpm = compute_cpm(Problem((), ()))
    assert cpm.finish == 0
    assert cpm.critical == frozenset()


def test_topological_order_breaks_ties_by_id() -> None:
    p = _problem([Task("c", 1), Task("b", 1), Task("a", 1), Task("z", 1)], [("z", "a", 0)])
    assert compute_cpm(p).order == ("b", "c", "z", "a")


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (_problem([Task("a", 1), Task("a", 2)], []), "duplicate task ids: a"),
        (_problem([Task("a", 1)], [("a", "x", 0)]), "unknown task 'x'"),
        (_problem([Task("a", -1)], []), "negative duration"),
        (_problem([Task("a", 1, fixed_finish=3)], []), "fixed_finish without fixed_start"),
        (_problem([Task("a", 1)], [], (Quorum("a", ("a",), 2),)), "k=2 outside 1..1"),
    ],
)
def test_invalid_input_raises_value_error(problem: Problem, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_cpm(problem)


def test_cycle_names_its_tasks() -> None:
    p = _problem([Task("a", 1), Task("b", 1), Task("c", 1), Task("d", 1)], [("d", "a", 0), ("a", "b", 0), ("b", "c", 0), ("c", "a", 0)])
    with pytest.raises(ValueError, match=r"dependency cycle: a -> b -> c -> a"):
        compute_cpm(p)


def test_quorum_cycle_and_large_cycle_raise_quickly() -> None:
    p = _problem([Task("a", 1), Task("b", 1)], [("a", "b", 0)], (Quorum("a", ("b",), 1),))
    with pytest.raises(ValueError, match="cycle"):
        compute_cpm(p)
    n = 20_000
    tasks = [Task(f"t{i}", 1) for i in range(n)]
    precs = [(f"t{i}", f"t{(i + 1) % n}", 0) for i in range(n)]
    started = time.process_time()
    with pytest.raises(ValueError, match="cycle"):
        compute_cpm(_problem(tasks, precs))
    assert time.process_time() - started < 60, "only a hang fails this; speed belongs in benchmarks/"


def test_long_chain_is_iterative() -> None:
    n = 20_000
    tasks = [Task(f"t{i:05d}", 1) for i in range(n)]
    cpm = compute_cpm(_problem(tasks, [(f"t{i:05d}", f"t{i + 1:05d}", 0) for i in range(n - 1)]))
    assert cpm.finish == n
    assert len(cpm.critical) == n


@st.composite
def dags(draw: st.DrawFn) -> Problem:
    """Random DAGs with lags, releases, fixed tasks and quorums (edges go from lower to higher index)."""
    n = draw(st.integers(1, 12))
    tasks = []
    for i in range(n):
        dur = draw(st.integers(0, 6))
        kind = draw(st.sampled_from(["free", "free", "free", "active", "done"]))
        if kind == "free":
            tasks.append(Task(f"t{i}", dur, release=draw(st.integers(0, 5))))
        elif kind == "active":
            tasks.append(Task(f"t{i}", dur, fixed_start=draw(st.integers(-5, 5))))
        else:
            s = draw(st.integers(-10, 0))
            tasks.append(Task(f"t{i}", dur, fixed_start=s, fixed_finish=s + draw(st.integers(0, 8))))
    precs = [Precedence(f"t{a}", f"t{b}", draw(st.integers(-3, 3))) for a in range(n) for b in range(a + 1, n) if draw(st.integers(0, 3)) == 0]
    quorums = []
    for t in range(2, n):
        if draw(st.integers(0, 4)) == 0:
            members = tuple(f"t{m}" for m in draw(st.sets(st.integers(0, t - 1), min_size=1, max_size=4)))
            quorums.append(Quorum(f"t{t}", members, draw(st.integers(1, len(members)))))
    return Problem(tuple(tasks), tuple(precs), tuple(quorums))


@settings(max_examples=60, deadline=None)
@given(dags(), st.integers(-5, 20))
def test_cpm_earliest_schedule_is_feasible_and_tight(problem: Problem, extra: int) -> None:
    cpm = compute_cpm(problem)
    assert check_schedule(problem, cpm.earliest_start) == []
    assert cpm.finish == max(cpm.earliest_finish.values())
    assert all(v >= 0 for v in cpm.slack.values())
    assert any(cpm.earliest_finish[t] == cpm.finish for t in cpm.critical)
    assert check_schedule(problem, cpm.latest_start) == [] or any(t.is_fixed for t in problem.tasks)
    later = compute_cpm(problem, end=cpm.finish + extra)
    assert later.critical == cpm.critical
    assert all(later.slack[t] == cpm.slack[t] + extra for t in cpm.slack)
