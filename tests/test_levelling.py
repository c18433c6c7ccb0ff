"""Tests for resource levelling and the schedule checker."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.scheduling import (
    InfeasibleError,
    Precedence,
    Problem,
    Quorum,
    Resource,
    ResourceDelay,
    Task,
    check_schedule,
    compute_cpm,
    level,
)
from roadmap_cli.scheduling.cpm import backward_pass, forward_pass
from roadmap_cli.scheduling.graph import compile_graph
from roadmap_cli.scheduling.levelling import _check_resources, _compile
from roadmap_cli.scheduling.sgs import serial_sgs

BUDGET = 1


def _team(*tasks: Task, capacity: int = 1, precs: tuple[Precedence, ...] = ()) -> Problem:
    """A problem with one renewable resource `team`."""
    return Problem(tasks, precs, (), (Resource("team", capacity),))


def test_single_team_serialises_work_and_reports_delays() -> None:
    p = _team(Task("a", 3, demands=(("team", 1),)), Task("b", 2, demands=(("team", 1),)), Task("c", 4, demands=(("team", 1),)))
    result = level(p, effort=BUDGET)
    assert result.makespan == 9
    assert check_schedule(p, result.start) == []
    waited = {d.task: d.days for d in result.delays}
    assert sorted(waited.values()) == sorted(result.start[t] for t in waited)
    assert len(waited) == 2
    assert all(d.resource == "team" for d in result.delays)


def test_known_optimum_beats_latest_finish_rule() -> None:
    # The LFT rule's tie-break (topological rank: a, b, c, wide) starts `wide` last; the optimum runs it alone first.
    tasks = (
        Task("a", 3, demands=(("r", 1),)),
        Task("wide", 1, demands=(("r", 2),)),
        Task("b", 2, demands=(("r", 1),)),
        Task("c", 4, demands=(("r", 1),)),
    )
    p = Problem(tasks, (), (), (Resource("r", 2),))
    assert level(p, effort=0).makespan == 7
    result = level(p, effort=BUDGET)
    assert result.makespan == 6
    assert check_schedule(p, result.start) == []


def _makespan_of_order(problem: Problem, order: tuple[int, ...]) -> int:
    """Makespan of the serial SGS on one activity order (huge when the order breaks precedence)."""
    graph = compile_graph(problem)
    es, ef = forward_pass(graph)
    ls, lf = backward_pass(graph, ef, max(ef))
    model = _compile(problem, graph, es, ef, ls, lf)
    pos = {j: i for i, j in enumerate(order)}
    if any(pos[p] > pos[s] for p in range(len(order)) for s in model.succ[p]):
        return 10**9
    return max(serial_sgs(model.forward, list(order))[1])


def test_brute_force_optimum_on_small_random_instances() -> None:
    rng = random.Random(7)
    for _ in range(15):
        n = 6
        tasks = tuple(Task(f"t{i}", rng.randint(1, 5), demands=tuple((r, rng.randint(1, 3)) for r in ("r1", "r2") if rng.random() < 0.7)) for i in range(n))
        precs = tuple(Precedence(f"t{a}", f"t{b}") for a in range(n) for b in range(a + 1, n) if rng.random() < 0.2)
        p = Problem(tasks, precs, (), (Resource("r1", 3), Resource("r2", 3)))
        best = min(_makespan_of_order(p, order) for order in itertools.permutations(range(n)))
        result = level(p, effort=2)
        assert result.makespan == best
        assert check_schedule(p, result.start) == []


def test_budget_per_period_pushes_work_to_next_period() -> None:
    tasks = (Task("x", 10, demands=(("money", 10),)), Task("y", 10, demands=(("money", 10),)))
    p = Problem(tasks, (), (), (Resource("money", 10, periods=(0, 10, 20)),))
    assert level(p, effort=0).makespan == 20  # first fit: one from day 0, the other from day 10
    result = level(p, effort=BUDGET)  # both straddle the boundary, half in each period
    assert result.start == {"x": 5, "y": 5}
    assert result.makespan == 15
    assert result.delays == (ResourceDelay("x", "money", 5), ResourceDelay("y", "money", 5))
    assert check_schedule(p, result.start) == []
    assert check_schedule(p, {"x": 0, "y": 5}) == ["budget 'money': period from day 0 charged 15 > capacity 10"]


def test_budget_spreads_long_task_over_periods_and_milestone_charges_start_day() -> None:
    tasks = (Task("long", 30, demands=(("money", 24),)), Task("gate", 0, demands=(("money", 5),)))
    p = Problem(tasks, (), (), (Resource("money", 8, periods=(0, 10, 20, 30)),))
    result = level(p, effort=BUDGET)
    assert result.start["long"] == 0
    assert result.start["gate"] == 30
    assert check_schedule(p, result.start) == []


def test_budget_work_may_start_later_than_its_first_fit_to_straddle_years_and_finish_sooner() -> None:
    """Issue 17, D3: two 100-day tasks of 900 against 1,000 a year. First fit runs one from day 0 and the other from
    day 354 (finish 454); both started late in the year straddle it and finish at 410, the optimum."""
    tasks = (Task("a", 100, demands=(("money", 900),)), Task("b", 100, demands=(("money", 900),)))
    p = Problem(tasks, (), (), (Resource("money", 1000, periods=(0, 365, 730)),))
    assert level(p, effort=0).makespan == 454
    for effort in (1, 5, 20):
        result = level(p, effort=effort)
        assert result.makespan == 410, effort
        assert sorted(result.start.values()) == [309, 310]
        assert check_schedule(p, result.start) == []


def test_among_equal_finishes_the_least_total_delay_is_kept() -> None:
    """The finish first, then the total delay: the 2-day task waits, not the 6-day one (both orders finish on day 12)."""
    tasks = (Task("long", 6, demands=(("team", 1),)), Task("short", 2, demands=(("team", 1),)), Task("pace", 4), Task("after", 4, demands=(("team", 1),)))
    p = _team(*tasks, precs=(Precedence("pace", "after"),))
    result = level(p, effort=BUDGET)
    assert result.makespan == 12
    assert (result.start["short"], result.start["long"], result.start["after"]) == (0, 2, 8)


def test_budget_that_can_never_pay_raises() -> None:
    p = Problem((Task("x", 5, demands=(("money", 30),)),), (), (), (Resource("money", 10, periods=(0,)),))
    with pytest.raises(InfeasibleError, match="budget 'money'"):
        level(p, effort=BUDGET)


def test_demand_above_capacity_raises() -> None:
    with pytest.raises(InfeasibleError, match="needs 3 of 'team', whose capacity is 2"):
        level(_team(Task("a", 1, demands=(("team", 3),)), capacity=2), effort=BUDGET)


def test_unknown_and_duplicate_resources_raise() -> None:
    with pytest.raises(ValueError, match="unknown resource 'nope'"):
        level(_team(Task("a", 1, demands=(("nope", 1),))))
    with pytest.raises(ValueError, match="duplicate resource id"):
        _check_resources(Problem((), (), (), (Resource("r", 1), Resource("r", 2))))


def test_fixed_tasks_hold_capacity_and_may_overload_it() -> None:
    tasks = (
        Task("busy1", 10, fixed_start=-3, demands=(("team", 1),)),
        Task("busy2", 4, fixed_start=-2, fixed_finish=5, demands=(("team", 1),)),
        Task("new", 2, demands=(("team", 1),)),
    )
    p = _team(*tasks)
    result = level(p, effort=BUDGET)
    assert result.start["busy1"] == -3
    assert result.finish["busy2"] == 5
    assert result.start["new"] == 7
    assert result.delays == (ResourceDelay("new", "team", 7),)
    assert check_schedule(p, result.start) == []
    assert check_schedule(p, {**result.start, "new": 6}) == ["resource 'team': usage up to 2 exceeds capacity 1 on days 6..6"]


def test_no_resources_equals_cpm_and_milestones_ignore_capacity() -> None:
    tasks = (Task("a", 3), Task("m", 0, demands=(("team", 1),)), Task("b", 2, release=4))
    p = _team(*tasks, precs=(Precedence("a", "m", 1), Precedence("m", "b", -1)))
    result = level(p)
    cpm = compute_cpm(p)
    assert result.start == cpm.earliest_start
    assert result.finish == cpm.earliest_finish
    assert result.makespan == cpm.finish
    assert result.delays == ()
    assert result.schedules == 0


def test_free_slack_against_end() -> None:
    p = _team(Task("a", 3, demands=(("team", 1),)), Task("b", 5, demands=(("team", 1),)), Task("c", 1))
    result = level(p, effort=BUDGET, end=12)
    assert result.makespan == 8
    assert result.slack["c"] == 11
    first, second = sorted("ab", key=result.start.__getitem__)
    assert result.slack[first] == 0
    assert result.slack[second] == 4
    assert level(p, effort=BUDGET).slack[second] == 0


def test_check_schedule_reports_each_kind_of_violation() -> None:
    tasks = (Task("a", 2, release=1), Task("b", 1), Task("f", 1, fixed_start=3), Task("q", 1))
    p = Problem(tasks, (Precedence("a", "b", 1),), (Quorum("q", ("a", "b"), 2),))
    problems = check_schedule(p, {"a": 0, "b": 2, "f": 4, "q": 1})
    assert problems == [
        "task 'a': starts at 0, before its release 1",
        "task 'f': fixed at 3 but starts at 4",
        "precedence 'a' -> 'b' (lag 1): 'b' starts at 2, before 3",
        "quorum of 'q' (k=2): starts at 1, before 3",
    ]
    assert check_schedule(p, {"a": 1}) == ["task 'b': no start", "task 'f': no start", "task 'q': no start"]


@st.composite
def resource_problems(draw: st.DrawFn) -> Problem:
    """Random DAGs with lags, releases, fixed tasks, quorums, renewable resources and budgets."""
    n = draw(st.integers(1, 10))
    resources = [Resource("r1", draw(st.integers(1, 4))), Resource("r2", draw(st.integers(1, 4)))]
    if draw(st.booleans()):
        resources.append(Resource("cash", draw(st.integers(5, 20)), periods=(0, 10, 25)))
    tasks = []
    for i in range(n):
        dur = draw(st.integers(0, 6))
        demands = tuple((r.id, draw(st.integers(0, r.capacity if r.periods is None else 20))) for r in sorted(resources, key=lambda r: r.id) if draw(st.booleans()))
        kind = draw(st.sampled_from(["free", "free", "free", "active", "done"]))
        if kind == "free":
            tasks.append(Task(f"t{i}", dur, release=draw(st.integers(0, 5)), demands=demands))
        elif kind == "active":
            tasks.append(Task(f"t{i}", dur, fixed_start=draw(st.integers(-5, 5)), demands=demands))
        else:
            s = draw(st.integers(-10, 0))
            tasks.append(Task(f"t{i}", dur, fixed_start=s, fixed_finish=s + draw(st.integers(0, 8)), demands=demands))
    precs = [Precedence(f"t{a}", f"t{b}", draw(st.integers(-3, 3))) for a in range(n) for b in range(a + 1, n) if draw(st.integers(0, 3)) == 0]
    quorums = []
    for t in range(2, n):
        if draw(st.integers(0, 4)) == 0:
            members = tuple(f"t{m}" for m in draw(st.sets(st.integers(0, t - 1), min_size=1, max_size=4)))
            quorums.append(Quorum(f"t{t}", members, draw(st.integers(1, len(members)))))
    return Problem(tuple(tasks), tuple(precs), tuple(quorums), tuple(resources))


@settings(max_examples=80, deadline=None)
@given(resource_problems(), st.integers(0, 3))
def test_levelled_schedules_are_feasible_and_deterministic(problem: Problem, seed: int) -> None:
    try:
        first = level(problem, effort=1, seed=seed)
    except InfeasibleError:
        return
    assert check_schedule(problem, first.start) == []
    assert first.makespan >= compute_cpm(problem).finish
    assert first == level(problem, effort=1, seed=seed)
    assert all(v >= 0 for v in first.slack.values())
    waited: dict[str, list[int]] = {}
    for delay in first.delays:
        waited.setdefault(delay.task, []).append(delay.days)
    for task in problem.tasks:
        if task.is_fixed:
            continue
        wait = first.start[task.id] - _precedence_start(problem, task.id, first.finish)
        days = waited.get(task.id, [])
        assert all(0 < d <= wait for d in days)
        assert sum(days) >= wait


def _precedence_start(problem: Problem, tid: str, finish: Mapping[str, int]) -> int:
    """Earliest start of a movable task given the levelled finishes of what it waits for."""
    task = next(t for t in problem.tasks if t.id == tid)
    es = task.release
    for prec in problem.precedences:
        if prec.succ == tid:
            es = max(es, finish[prec.pred] + prec.lag)
    for q in problem.quorums:
        if q.target == tid:
            es = max(es, sorted(finish[m] for m in q.members)[q.k - 1])
    return es


@settings(max_examples=40, deadline=None)
@given(resource_problems())
def test_without_demands_levelling_equals_cpm(problem: Problem) -> None:
    tasks = tuple(Task(t.id, t.duration, t.release, t.fixed_start, t.fixed_finish) for t in problem.tasks)
    bare = Problem(tasks, problem.precedences, problem.quorums, problem.resources)
    result = level(bare, effort=1)
    assert result.start == compute_cpm(bare).earliest_start


def test_level_rejects_cycles() -> None:
    p = _team(Task("a", 1, demands=(("team", 1),)), Task("b", 1), precs=(Precedence("a", "b"), Precedence("b", "a")))
    with pytest.raises(ValueError, match="cycle"):
        level(p)
