"""The planner on small examples: dates, milestones, actual dates, phases, slack, horizon and levelling."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import CapacityDelay, Plan, PlannedGate, PlannedInitiative
from roadmap_cli.planner import PlanOptions
from support.roadmaps import item, line_of, plan_of, region, roadmap, write_roadmap

D = date.fromisoformat


def by_id(plan: Plan) -> dict[str, PlannedInitiative]:
    """Planned initiatives by id."""
    return {p.id: p for p in plan.initiatives}


def dates(plan: Plan) -> dict[str, tuple[str, str]]:
    """Start and inclusive finish of every initiative, as ISO text."""
    return {p.id: (p.start.isoformat(), p.finish.isoformat()) for p in plan.initiatives}


def binding(planned: PlannedInitiative) -> dict[str, bool]:
    """Predecessor id -> whether it decides the start."""
    return {d.id: d.binding for d in planned.dependencies}


def test_chain_with_lags_and_milestones(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("a", duration="10d"),
            item("b", duration="5d", depends_on=[{"id": "a", "lag": "3d"}]),
            item("m", milestone=True, depends_on=["b"]),
            item("m2", milestone=True, depends_on=["m"]),
            item("d", duration="1d", depends_on=[{"id": "m2", "lag": "2d"}]),
            item("e", duration="2d", depends_on=[{"id": "a", "lag": "-5d"}]),
            item("first", milestone=True),
        ]
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    assert dates(plan) == {
        "a": ("2025-01-01", "2025-01-10"),
        "b": ("2025-01-14", "2025-01-18"),  # the day after a's last day, plus 3 idle days
        "m": ("2025-01-19", "2025-01-19"),  # a milestone falls on its predecessor's exclusive end
        "m2": ("2025-01-19", "2025-01-19"),  # work after a milestone may start the same day
        "d": ("2025-01-21", "2025-01-21"),
        "e": ("2025-01-06", "2025-01-07"),  # a negative lag overlaps
        "first": ("2025-01-01", "2025-01-01"),
    }
    items = by_id(plan)
    assert [(items[i].duration_days, items[i].milestone) for i in ("a", "m", "d")] == [(10, False), (0, True), (1, False)]
    assert [binding(items[i]) for i in ("b", "m", "m2", "d", "e")] == [{"a": True}, {"b": True}, {"m": True}, {"m2": True}, {"a": True}]
    assert [d.lag_days for d in items["b"].dependencies + items["e"].dependencies] == [3, -5]
    assert plan.finish == D("2025-01-21")


def test_milestone_binding_with_other_predecessors(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("long", duration="20d"),
            item("short", duration="5d"),
            item("m", milestone=True, depends_on=["long", "short"]),
            item("after", duration="3d", depends_on=["m", {"id": "short", "lag": "15d"}]),
        ]
    )
    items = by_id(plan_of(write_roadmap(tmp_path, data)))
    assert (items["m"].start, items["m"].finish) == (D("2025-01-21"), D("2025-01-21"))
    assert binding(items["m"]) == {"long": True, "short": False}
    assert items["after"].start == D("2025-01-21")
    assert binding(items["after"]) == {"m": True, "short": True}  # short's last day Jan 5, + 1 + 15 = Jan 21: a tie


def test_done_and_active_work_keeps_its_actual_dates(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("old", duration="1y", status="done", started="2024-03-01", finished="2024-06-30"),
            item("late", duration="10d", status="done", started="2024-12-01", finished="2025-02-10"),
            item("event", milestone=True, status="done", started="2024-05-05", finished="2024-05-05"),
            item("one-day", duration="3d", status="done", started="2024-07-01", finished="2024-07-01"),
            item("event-days", milestone=True, status="done", started="2024-08-01", finished="2024-08-03"),
            item("running", duration="10d", status="active", started="2025-01-15"),
            item("after-old", duration="5d", depends_on=["old", "event"]),
            item("after-late", duration="5d", depends_on=["late"]),
            item("after-running", duration="5d", depends_on=["running"]),
            item("pushes", duration="60d"),
            item("held", duration="10d", status="active", started="2025-01-20", depends_on=["pushes"]),
        ],
        status_date="2025-02-10",
    )
    items = by_id(plan_of(write_roadmap(tmp_path, data)))
    assert {i: (items[i].start.isoformat(), items[i].finish.isoformat(), items[i].duration_days) for i in items} == {
        "old": ("2024-03-01", "2024-06-30", 122),
        "late": ("2024-12-01", "2025-02-10", 72),
        "event": ("2024-05-05", "2024-05-05", 0),
        "one-day": ("2024-07-01", "2024-07-01", 1),
        "event-days": ("2024-08-01", "2024-08-03", 3),
        "running": ("2025-01-15", "2025-02-10", 27),  # past its planned finish: it runs until the status date
        "after-old": ("2025-02-10", "2025-02-14", 5),  # work not started yet never starts before the status date
        "after-late": ("2025-02-11", "2025-02-15", 5),
        "after-running": ("2025-02-11", "2025-02-15", 5),
        "pushes": ("2025-02-10", "2025-04-10", 60),
        "held": ("2025-01-20", "2025-02-10", 22),  # a dependency into fixed work does not move it
    }
    assert binding(items["after-old"]) == {"event": False, "old": False}
    assert binding(items["after-late"]) == {"late": True}
    assert binding(items["held"]) == {"pushes": False}
    assert not items["old"].critical and items["old"].status == "done"
    assert (items["running"].state, items["running"].days_late, items["running"].remaining_days) == ("late", 17, 1)
    assert items["old"].state == "done"


def test_one_day_of_done_work_holds_its_dependents_to_the_next_day_whatever_its_duration(tmp_path: Path) -> None:
    """Issue 17, D2: with `duration: 0d` the dependent started the same day, with `3d` the next day."""
    for index, duration in enumerate(("0d", "3d", "1y")):
        data = roadmap(
            [
                item("kick-off", duration=duration, status="done", started="2025-02-03", finished="2025-02-03"),
                item("after", duration="5d", depends_on=["kick-off"]),
            ],
            status_date="2025-02-03",
        )
        plan = plan_of(write_roadmap(tmp_path / str(index), data))
        items = by_id(plan)
        assert dates(plan) == {"kick-off": ("2025-02-03", "2025-02-03"), "after": ("2025-02-04", "2025-02-08")}, duration
        assert (items["kick-off"].duration_days, binding(items["after"])) == (1, {"kick-off": True}), duration


def test_active_work_finishes_after_its_remaining_work(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("by-share", duration="100d", status="active", started="2025-01-01", progress="40%"),
            item("by-days", duration="100d", status="active", started="2025-01-01", remaining="2m"),
            item("ahead", duration="100d", status="active", started="2025-01-01", progress=90),
            item("planned", duration="100d", status="active", started="2025-01-01"),
        ],
        status_date="2025-03-01",
    )
    items = by_id(plan_of(write_roadmap(tmp_path, data)))
    assert {i: (items[i].finish.isoformat(), items[i].remaining_days, items[i].progress) for i in items} == {
        "by-share": ("2025-04-29", 60, 40),  # 60 of 100 days left on 1 March
        "by-days": ("2025-04-29", 60, None),
        "ahead": ("2025-03-10", 10, 90),  # ahead of plan: it finishes early
        "planned": ("2025-04-10", 41, None),  # no progress given: the planned finish
    }


def test_earliest_start(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("a", duration="10d"),
            item("waits", duration="5d", earliest_start="2025-03-01"),
            item("dep-later", duration="5d", earliest_start="2025-01-05", depends_on=["a"]),
            item("dep-earlier", duration="5d", earliest_start="2025-02-01", depends_on=["a"]),
            item("before", duration="5d", earliest_start="2024-06-01"),
        ]
    )
    plan, warnings = build_plan(discover_roadmaps([write_roadmap(tmp_path, data)])[0])
    items = by_id(plan)
    assert [items[i].start for i in ("waits", "dep-later", "dep-earlier", "before")] == [
        D("2025-03-01"),
        D("2025-01-11"),
        D("2025-02-01"),
        D("2025-01-01"),
    ]
    assert binding(items["dep-later"]) == {"a": True} and binding(items["dep-earlier"]) == {"a": False}
    assert [d.code for d in warnings] == ["before-start"]


def test_phases_strict_predecessors_and_gates(tmp_path: Path) -> None:
    regions = [region("p", "province"), *(region(f"k{n}", parent="p") for n in range(1, 6))]
    data = roadmap(
        [
            # members in phases 1, 1, 2, 3, 4 finishing (exclusive) on days 10, 20, 15, 30, 40
            item("k1.mp", "k1", duration="10d", tags=["mp"]),
            item("k2.mp", "k2", duration="20d", tags=["mp"]),
            item("k3.pre", "k3", duration="5d"),
            item("k3.mp", "k3", duration="10d", tags=["mp"], depends_on=["k3.pre"]),
            item("k4.pre", "k4", duration="10d"),
            item("k4.mp", "k4", duration="20d", tags=["mp"], depends_on=["k4.pre"]),
            item("k5.pre1", "k5", duration="10d"),
            item("k5.pre2", "k5", duration="10d", depends_on=["k5.pre1"]),
            item("k5.mp", "k5", duration="20d", tags=["mp"], depends_on=["k5.pre2"]),
            item("p.smart", "p", duration="10d"),
            item("p.after", "p", duration="1d", depends_on=["p.smart"]),
            item("p.strict", "p", duration="1d", depends_on=["k5.pre1"]),
            item("p.both", "p", duration="1d", tags=["both"], depends_on=["k5.mp"]),
        ],
        regions=regions,
        rules=[{"kind": "gate", "id": "g80", "target": {"initiatives": ["p.smart", "p.both"]}, "require": {"tags": ["mp"]}, "within": "children", "quorum": "80%"}],
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    items = by_id(plan)
    assert {i: items[i].phase for i in ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp", "k5.pre2")} == {
        "k1.mp": 1,
        "k2.mp": 1,
        "k3.mp": 2,
        "k4.mp": 2,
        "k5.mp": 3,
        "k5.pre2": 2,
    }
    # the 4th smallest member phase is 2, so the gate puts p.smart in phase 3
    assert (items["p.smart"].phase, items["p.after"].phase, items["p.strict"].phase) == (3, 4, 2)
    assert items["p.both"].phase == 4  # its strict predecessor k5.mp (phase 3) outweighs the gate
    # exclusive finishes: k1 10, k2 20, k3 15, k4 30, k5 40 -> the 4th smallest is 30
    assert items["p.smart"].start == D("2025-01-31")
    smart = {d.id: (d.binding, d.quorum) for d in items["p.smart"].dependencies}
    assert smart == {"k1.mp": (False, True), "k2.mp": (False, True), "k3.mp": (False, True), "k4.mp": (True, True), "k5.mp": (False, True)}
    both = {d.id: (d.binding, d.quorum) for d in items["p.both"].dependencies}
    assert both["k5.mp"] == (True, False) and both["k4.mp"] == (False, True)
    first = plan.phases[0]
    assert (first.number, first.start, first.finish) == (1, D("2025-01-01"), D("2025-01-20"))
    assert [phase.number for phase in plan.phases] == [1, 2, 3, 4]
    assert [p.phase for p in plan.initiatives] == sorted(p.phase for p in plan.initiatives)


def test_slack_and_critical_path(tmp_path: Path) -> None:
    initiatives = [
        item("a", duration="10d"),
        item("b", duration="3d"),
        item("c", duration="5d", depends_on=["a", "b"]),
        item("side", duration="2d", depends_on=["b"]),
    ]
    plan = plan_of(write_roadmap(tmp_path / "open", roadmap(initiatives)))
    items = by_id(plan)
    assert {i: (items[i].slack_days, items[i].critical) for i in items} == {
        "a": (0, True),
        "b": (7, False),
        "c": (0, True),
        "side": (10, False),
    }
    assert plan.critical_path == ("a", "c")
    assert items["b"].latest_start == D("2025-01-08")
    plan = plan_of(write_roadmap(tmp_path / "horizon", roadmap(initiatives, horizon="2025-01-31")))
    items = by_id(plan)
    # float is measured to the roadmap's finish, whatever the horizon; the horizon gives the buffer (16 days)
    assert {i: (items[i].slack_days, items[i].critical) for i in items} == {"a": (0, True), "b": (7, False), "c": (0, True), "side": (10, False)}
    assert plan.critical_path == ("a", "c")
    assert plan.horizon_buffer_days == 16


def test_past_horizon_warning(tmp_path: Path) -> None:
    data = roadmap([item("a", duration="10d"), item("b", duration="5d", depends_on=["a"]), item("c", duration="2d")], horizon="2025-01-12")
    path = write_roadmap(tmp_path, data)
    plan, warnings = build_plan(discover_roadmaps([path])[0])
    (warning,) = warnings
    assert (warning.code, warning.severity.value, warning.line) == ("past-horizon", "warning", line_of(path, "horizon: '2025-01-12'"))
    assert warning.message == "the plan ends on 2025-01-15, after the horizon 2025-01-12 (1 initiative finishes later)"
    items = by_id(plan)
    assert (items["b"].slack_days, items["a"].slack_days, items["c"].slack_days) == (0, 0, 13)
    assert items["b"].critical and not items["c"].critical
    assert plan.horizon_buffer_days == -3


TEAM = [{"id": "team", "name": "Team", "kind": "team", "capacity": 1}]


def test_levelling_team_capacity_of_one(tmp_path: Path) -> None:
    data = roadmap(
        [item("x", duration="10d", demands={"team": 1}), item("y", duration="10d", demands={"team": 1}), item("free", duration="3d")],
        resources=TEAM,
    )
    path = write_roadmap(tmp_path, data)
    plan = plan_of(path)
    items = by_id(plan)
    first, second = sorted(("x", "y"), key=lambda i: items[i].start)
    assert (items[first].start, items[first].finish) == (D("2025-01-01"), D("2025-01-10"))
    assert (items[second].start, items[second].finish) == (D("2025-01-11"), D("2025-01-20"))
    assert items[second].capacity_delays == (CapacityDelay("team", 10),)
    assert items[second].earliest_start == D("2025-01-01")
    assert items[first].capacity_delays == () and items["free"].capacity_delays == ()
    # after levelling, slipping the first would push the second: both are critical
    assert [(items[i].slack_days, items[i].critical) for i in (first, second, "free")] == [(0, True), (0, True), (17, False)]
    assert plan.critical_path == (first, second)
    (use,) = plan.resources
    assert (use.id, use.capacity, use.peak, use.delayed, use.delay_days, use.binding) == ("team", 1, 1, (second,), 10, True)
    assert plan_of(path) == plan
    unlevelled = by_id(plan_of(path, PlanOptions(level=False)))
    assert unlevelled[second].start == D("2025-01-01") and unlevelled[second].capacity_delays == ()


def test_slack_after_levelling_counts_the_work_that_waited(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("x", duration="10d", demands={"team": 1}),
            item("y", duration="10d", demands={"team": 1}),
            item("y.next", duration="5d", depends_on=["y"]),
            item("long", duration="40d"),
        ],
        resources=TEAM,
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    items = by_id(plan)
    _first, second = sorted(("x", "y"), key=lambda i: items[i].start)
    # `long` ends on day 40; the work that goes first has the slack of the work that waited for it
    expected = {"x": 15, "y": 15, "y.next": 15} if second == "y" else {"x": 20, "y": 20, "y.next": 25}
    assert {i: items[i].slack_days for i in expected} == expected
    assert items["long"].slack_days == 0 and plan.critical_path == ("long",)


def test_each_unit_freed_is_linked_to_the_work_that_took_it(tmp_path: Path) -> None:
    # team of 2: h1 and h2 go first (their long successors), w1 and w2 wait; w2 leads to the plan's end
    data = roadmap(
        [
            *(item(i, duration="10d", demands={"team": 1}) for i in ("h1", "h2", "w1", "w2")),
            item("s1", duration="40d", depends_on=["h1"]),
            item("s2", duration="40d", depends_on=["h2"]),
            item("tail", duration="35d", depends_on=["w2"]),
        ],
        resources=[{**TEAM[0], "capacity": 2}],
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    items = by_id(plan)
    assert [items[i].start for i in ("h1", "h2", "w1", "w2", "tail")] == [D("2025-01-01")] * 2 + [D("2025-01-11")] * 2 + [D("2025-01-21")]
    # the units go in id order: h1's to w1, h2's to w2, so only h2 is held to w2's critical chain
    assert {i: items[i].slack_days for i in ("h1", "h2", "w1", "w2", "s1", "tail")} == {"h1": 5, "h2": 0, "w1": 35, "w2": 0, "s1": 5, "tail": 0}
    assert plan.critical_path == ("h2", "w2", "tail")


def test_levelling_respects_dependencies_and_fixed_work(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("busy", duration="10d", status="active", started="2024-12-27", demands={"team": 1}),
            item("next", duration="4d", demands={"team": 1}),
            item("after", duration="2d", depends_on=["next"]),
        ],
        resources=TEAM,
    )
    items = by_id(plan_of(write_roadmap(tmp_path, data)))
    assert (items["busy"].start, items["busy"].finish) == (D("2024-12-27"), D("2025-01-05"))
    assert (items["next"].start, items["next"].capacity_delays) == (D("2025-01-06"), (CapacityDelay("team", 5),))
    assert items["after"].start == D("2025-01-10") and binding(items["after"]) == {"next": True}


def yearly_charges(plan: Plan, resource: str) -> dict[int, Fraction]:
    """Money charged to each calendar year: a demand spread evenly over the days of the work."""
    charged: dict[int, Fraction] = {}
    for p in plan.initiatives:
        amount = dict(p.demands).get(resource, 0)
        days = max(1, p.duration_days)
        for n in range(days):
            year = date.fromordinal(p.start.toordinal() + n).year
            charged[year] = charged.get(year, Fraction(0)) + Fraction(amount, days)
    return charged


def test_budget_per_year(tmp_path: Path) -> None:
    budget = [{"id": "apbd", "name": "APBD", "kind": "budget", "capacity": 100, "per": "year"}]
    data = roadmap([item(f"i{n}", duration="10d", demands={"apbd": 100}) for n in range(6)], resources=budget)
    plan = plan_of(write_roadmap(tmp_path / "years", data))
    assert sorted(p.start for p in plan.initiatives) == [D(f"{year}-01-01") for year in range(2025, 2031)]
    assert max(yearly_charges(plan, "apbd").values()) == 100
    (use,) = plan.resources
    assert (use.kind, use.per, use.peak, len(use.delayed)) == ("budget", "year", 100, 5)
    data = roadmap([item("big", duration="365d", demands={"apbd": 150}), item("small", duration="10d", demands={"apbd": 40})], resources=budget)
    plan = plan_of(write_roadmap(tmp_path / "straddle", data))
    charges = yearly_charges(plan, "apbd")
    assert max(charges.values()) <= 100
    assert by_id(plan)["big"].start.year == 2025 and by_id(plan)["big"].finish.year == 2026


def test_a_budget_milestone_is_charged_in_full_to_the_year_of_its_day(tmp_path: Path) -> None:
    """docs/format.md's example: 800 of 1,000 on 31 December, with 300 already spent that year, waits for 1 January."""
    budget = [{"id": "apbd", "name": "APBD", "kind": "budget", "capacity": 1000, "per": "year"}]
    data = roadmap(
        [
            item("persiapan", duration="30d"),
            item("peresmian", milestone=True, depends_on=["persiapan"], demands={"apbd": 800}),
            item("pelatihan", duration="10d", demands={"apbd": 300}),
        ],
        resources=budget,
        start="2026-12-01",
        status_date="2026-12-01",
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    items = by_id(plan)
    assert dates(plan) == {"persiapan": ("2026-12-01", "2026-12-30"), "peresmian": ("2027-01-01", "2027-01-01"), "pelatihan": ("2026-12-01", "2026-12-10")}
    assert items["peresmian"].capacity_delays == (CapacityDelay("apbd", 1),)
    assert yearly_charges(plan, "apbd") == {2026: 300, 2027: 800}


def test_a_negative_lag_of_several_parts_is_negated_as_a_whole(tmp_path: Path) -> None:
    """`-1m 4d` is -(30 + 4) = -34 days, not -30 + 4; `-26d` is the other reading."""
    data = roadmap(
        [
            item("fiber", duration="100d"),
            item("wifi", duration="10d", depends_on=[{"id": "fiber", "lag": "-1m 4d"}]),
            item("wifi-26", duration="10d", depends_on=[{"id": "fiber", "lag": "-26d"}]),
        ],
        status_date="2025-01-01",
    )
    plan = plan_of(write_roadmap(tmp_path, data))
    assert dates(plan)["fiber"] == ("2025-01-01", "2025-04-10")
    assert {p.id: (p.start.isoformat(), [d.lag_days for d in p.dependencies]) for p in plan.initiatives if p.id != "fiber"} == {
        "wifi": ("2025-03-08", [-34]),  # 34 days before 11 April, the day after fiber's last day
        "wifi-26": ("2025-03-16", [-26]),
    }


def test_budget_work_starts_late_in_the_year_when_straddling_two_budgets_finishes_sooner(tmp_path: Path) -> None:
    """Issue 17, D3: two 100-day initiatives of 900 against 1,000 a year from 1 January 2026.

    First fit gave one 1 January-10 April and the other 21 December 2026-30 March 2027; a brute force over start
    pairs finds 14 February 2027, with both straddling the new year, and so does the planner now at any effort.
    """
    budget = [{"id": "apbd", "name": "APBD", "kind": "budget", "capacity": 1000, "per": "year"}]
    data = roadmap([item("satu", duration="100d", demands={"apbd": 900}), item("dua", duration="100d", demands={"apbd": 900})], resources=budget, start="2026-01-01", status_date="2026-01-01")
    path = write_roadmap(tmp_path, data)
    assert plan_of(path, PlanOptions(effort=0)).finish == D("2027-03-30")
    for effort in (1, 5, 20):
        plan = plan_of(path, PlanOptions(effort=effort))
        assert (plan.finish, dates(plan)) == (D("2027-02-14"), {"dua": ("2026-11-06", "2027-02-13"), "satu": ("2026-11-07", "2027-02-14")}), effort
        assert max(yearly_charges(plan, "apbd").values()) <= 1000


def test_no_resources_levelled_equals_cpm(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("a", duration="10d"),
            item("b", duration="4d", depends_on=[{"id": "a", "lag": "2d"}]),
            item("c", milestone=True, depends_on=["b"]),
            item("d", duration="7d", earliest_start="2025-02-01"),
        ]
    )
    path = write_roadmap(tmp_path / "none", data)
    assert plan_of(path, PlanOptions(level=True)) == plan_of(path, PlanOptions(level=False))
    ample = roadmap([{**i, "demands": {"team": 1}} for i in data["initiatives"]], resources=[{**TEAM[0], "capacity": 9}])
    path = write_roadmap(tmp_path / "ample", ample)
    levelled, plain = plan_of(path, PlanOptions(level=True)), plan_of(path, PlanOptions(level=False))
    assert levelled == plain
    assert dates(levelled)["c"] == ("2025-01-17", "2025-01-17")


def test_quorum_tie_binds_the_last_counted_member_only(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("m1", duration="10d", tags=["m"]),
            item("m2", duration="10d", tags=["m"]),
            item("m3", duration="20d", tags=["m"]),
            item("t", duration="1d", category="b"),
        ],
        rules=[{"kind": "gate", "id": "g", "target": {"initiatives": ["t"]}, "require": {"tags": ["m"]}, "quorum": 2}],
    )
    target = by_id(plan_of(write_roadmap(tmp_path, data)))["t"]
    assert target.start == D("2025-01-11")
    assert {d.id: (d.binding, d.quorum) for d in target.dependencies} == {"m1": (False, True), "m2": (True, True), "m3": (False, True)}
    assert target.gates == (PlannedGate("g", 2, ("m1", "m2", "m3"), ("m1", "m2")),)


def test_the_largest_lag_of_a_pair_counts(tmp_path: Path) -> None:
    data = roadmap(
        [item("x", category="a"), item("y", category="b", depends_on=[{"id": "x", "lag": "5d"}])],
        rules=[{"kind": "category-order", "id": "co", "stages": ["a", "b"]}],
    )
    y = by_id(plan_of(write_roadmap(tmp_path, data)))["y"]
    assert (y.start, y.dependencies[0].lag_days, y.dependencies[0].binding) == (D("2025-01-16"), 5, True)
    assert y.dependencies[0].reason.kind == "explicit"


def test_fixed_work_is_never_bound_by_its_predecessors(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("prep", duration="10d"),
            item("on-time", duration="5d", status="active", started="2025-01-11", depends_on=["prep"]),
            item("done", duration="5d", status="done", started="2025-01-11", finished="2025-01-15", depends_on=["prep"]),
        ],
        status_date="2025-01-15",
    )
    items = by_id(plan_of(write_roadmap(tmp_path, data)))
    assert items["on-time"].start == items["done"].start == D("2025-01-11")
    assert binding(items["on-time"]) == binding(items["done"]) == {"prep": False}
