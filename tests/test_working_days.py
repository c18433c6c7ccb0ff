"""Durations and lags in working days: the calendar's arithmetic, planning and levelling with it, and the messages."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.durations import WorkingDays, parse_duration
from roadmap_cli.models import WorkCalendarSpec
from roadmap_cli.scheduling import Precedence, Problem, Resource, Task, check_schedule, compute_cpm, level
from roadmap_cli.scheduling.calendar import WorkCalendar
from roadmap_cli.workdays import days_off
from support.roadmaps import item, plan_of, roadmap, write_roadmap

ORIGIN = date(2026, 12, 20)
"""Day 0 of the calendars here: close to a year's end, so counts cross into the next year."""


def naive_working(calendar: WorkCalendar, day: int) -> bool:
    """Whether day offset `day` is worked, straight from the weekend and the year's holidays."""
    when = ORIGIN + timedelta(days=day)
    return when.weekday() not in calendar.weekend and when not in calendar.holidays_of(when.year)


def small_calendar(weekend: set[int], holidays: set[int]) -> WorkCalendar:
    """A calendar from day 0 = ORIGIN with the given weekend days and holiday offsets."""
    off = {ORIGIN + timedelta(days=h) for h in holidays}
    return WorkCalendar(ORIGIN, weekend, lambda year: {d for d in off if d.year == year})


calendars = st.builds(small_calendar, st.sets(st.integers(0, 6), max_size=3), st.sets(st.integers(-400, 800), max_size=60))


@settings(max_examples=200, deadline=None)
@given(calendars, st.integers(-300, 500), st.integers(0, 120))
def test_finish_and_latest_start_agree_with_counting_day_by_day(calendar: WorkCalendar, start: int, n: int) -> None:
    day, left = start, n
    while left:
        left -= naive_working(calendar, day)
        day += 1
    assert calendar.finish(start, n) == day
    assert calendar.is_working(start) == naive_working(calendar, start)
    latest = calendar.latest_start(start, n)
    assert calendar.finish(latest, n) <= start
    assert n == 0 or calendar.finish(latest + 1, n) > start


def test_the_default_calendar_has_indonesias_holidays_and_cuti_bersama() -> None:
    off = days_off(WorkCalendarSpec(), 2026)
    assert {date(2026, 8, 17), date(2026, 12, 25), date(2026, 3, 20), date(2026, 12, 24)} <= off
    assert date(2026, 12, 24) not in days_off(WorkCalendarSpec(cuti_bersama=False), 2026)
    own = WorkCalendarSpec(national_holidays=False, cuti_bersama=False, holidays=(date(2026, 9, 17),), working=(date(2026, 9, 17),))
    assert days_off(own, 2026) == frozenset()


def test_durations_in_working_days_parse_as_working_days() -> None:
    assert parse_duration("20hk") == 20 and isinstance(parse_duration("20hk"), WorkingDays)
    assert isinstance(parse_duration("2wd 3HK"), WorkingDays) and parse_duration("2wd 3HK") == 5
    assert not isinstance(parse_duration("3w"), WorkingDays) and parse_duration("3w") == 21


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 15), st.booleans(), st.integers(0, 2)), min_size=2, max_size=9), st.integers(2, 3), st.data())
def test_levelled_working_day_work_is_feasible_and_counts_its_working_days(spec: list[tuple[int, bool, int]], capacity: int, data: st.DataObject) -> None:
    calendar = small_calendar({5, 6}, {3, 10, 11, 40})
    tasks = tuple(Task(f"t{i}", n, demands=(("team", need),) if need else (), working=working) for i, (n, working, need) in enumerate(spec))
    precedences = []
    for i in range(1, len(tasks)):
        if data.draw(st.booleans()):
            pred = data.draw(st.integers(0, i - 1))
            precedences.append(Precedence(f"t{pred}", f"t{i}", data.draw(st.integers(0, 4)), data.draw(st.booleans())))
    problem = Problem(tasks, tuple(precedences), (), (Resource("team", capacity),), calendar)
    levelled = level(problem)
    assert check_schedule(problem, levelled.start) == []
    for task in tasks:
        first, after = levelled.start[task.id], levelled.finish[task.id]
        counted = sum(naive_working(calendar, d) for d in range(first, after))
        assert counted == task.duration if task.working else after - first == task.duration
        assert not task.working or naive_working(calendar, after - 1)
    cpm = compute_cpm(problem)
    assert levelled.makespan >= cpm.finish


def test_a_lag_in_working_days_waits_for_working_days(tmp_path: Path) -> None:
    data = roadmap(
        [item("a", duration="5hk"), item("b", duration="1d", depends_on=[{"id": "a", "lag": "3hk"}])],
        start="2026-12-21",
        status_date="2026-12-21",
    )
    plan = {p.id: p for p in plan_of(write_roadmap(tmp_path, data)).initiatives}
    # Monday 21 December 2026: 21, 22, 23 worked; 24 (cuti bersama), 25 (Christmas), 26-27 weekend off; 28, 29 worked.
    assert (plan["a"].start, plan["a"].finish) == (date(2026, 12, 21), date(2026, 12, 29))
    # 3 working days after: 30, 31 December and 4 January (1 January and the weekend are off); b starts 5 January.
    assert plan["b"].start == date(2027, 1, 5)
    dependency = plan["b"].dependencies[0]
    assert (dependency.lag_working_days, dependency.lag_days) == (3, 6)


def test_json_export_says_a_lag_was_written_in_working_days(tmp_path: Path) -> None:
    data = roadmap([item("a", duration="5hk"), item("b", depends_on=[{"id": "a", "lag": "2hk"}, {"id": "c"}]), item("c", duration="2d")])
    folder = tmp_path / "r"
    write_roadmap(folder, data)
    result = CliRunner().invoke(app, ["export", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    dependencies = {d["id"]: d for p in json.loads(result.stdout)["initiatives"] if p["id"] == "b" for d in p["dependencies"]}
    assert dependencies["a"]["lag_working_days"] == 2 and dependencies["a"]["lag_days"] >= 2
    assert "lag_working_days" not in dependencies["c"]


def test_bad_working_days_are_reported_with_file_line_and_a_fix(tmp_path: Path) -> None:
    data = roadmap(
        [item("a", duration="1m 5hk"), item("b", depends_on=[{"id": "a", "lag": "-2hk"}])],
        calendar={"weekend": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
    )
    folder = tmp_path / "r"
    path = write_roadmap(folder, data)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "mixes working days with calendar units" in text and "`25hk`" in text
    assert "negative lag in working days" in text and "`-7d`" in text
    assert "leaves no working day" in text and "[sat, sun]" in text
    lines = path.read_text(encoding="utf-8").splitlines()
    duration_line = next(n for n, line in enumerate(lines, 1) if "1m 5hk" in line)
    assert f"roadmap.yaml:{duration_line}" in text


def test_explain_and_json_give_working_days_as_written_and_the_days_they_span(tmp_path: Path) -> None:
    data = roadmap(
        [item("lelang", duration="30hk"), item("kontrak", milestone=True, depends_on=[{"id": "lelang", "lag": "14hk"}])],
        start="2026-12-07",
        status_date="2026-12-07",
        # The days off written out, so the dates do not hang on which `holidays` release estimates 2027's holidays.
        calendar={"national_holidays": False, "cuti_bersama": False, "holidays": ["2026-12-24", "2026-12-25", "2027-01-01", "2027-01-05", "2027-02-05"]},
    )
    folder = tmp_path / "r"
    write_roadmap(folder, data)
    runner = CliRunner()
    english = runner.invoke(app, ["explain", "lelang", str(folder), "--lang", "en"], env={"COLUMNS": "120"})
    assert "2026-12-07 → 2027-01-21 · 30 working days (46 days)" in " ".join(english.stdout.split())
    indonesian = runner.invoke(app, ["explain", "kontrak", str(folder), "--lang", "id"], env={"COLUMNS": "120"})
    assert "jeda 14 hari kerja (21 hari)" in " ".join(indonesian.stdout.split())
    exported = json.loads(runner.invoke(app, ["export", str(folder), "--format", "json"]).stdout)
    lelang = next(p for p in exported["initiatives"] if p["id"] == "lelang")
    assert (lelang["duration_working_days"], lelang["duration_days"], lelang["finish"]) == (30, 46, "2027-01-21")


def test_counting_past_the_calendars_ends_counts_every_day(tmp_path: Path) -> None:
    late = WorkCalendar(date(9999, 12, 27), {5, 6}, lambda year: set())
    assert late.finish(0, 10) == 10  # 27-31 December 9999 are Monday to Friday, then every day counts
    early = WorkCalendar(date(1, 1, 3), {5, 6}, lambda year: set())
    assert early.latest_start(2, 5) == -3
    data = roadmap([item("a", duration="36000hk")], start="9950-01-01", status_date="9950-01-01")
    folder = tmp_path / "r"
    write_roadmap(folder, data)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1 and "outside-calendar" in result.output and "internal error" not in result.output
