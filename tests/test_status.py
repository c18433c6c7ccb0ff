"""`roadmap status`: the bundled roadmap's status page in text, Markdown and JSON (goldens), and its rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.indicators import resolve_indicator
from roadmap_cli.models import Indicator
from roadmap_cli.plan import PlannedIndicator, PlannedTarget
from roadmap_cli.status import _months, expected_value, status_report, target_progress
from support.roadmaps import item, plan_of, roadmap, write_roadmap

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "status"


@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_status_golden(form: str, monkeypatch: pytest.MonkeyPatch, check_golden: Callable[[Path, str], None]) -> None:
    """The Kaltara status page as of its status date (the 1 December 2026 update), in each format; run from the
    repository root with a relative path, as the README and the guides show it."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["status", "roadmaps/kaltara", "--format", form, "--color", "never"])
    assert result.exit_code == 0, result.stderr
    suffix = {"text": "txt", "markdown": "md", "json": "json"}[form]
    check_golden(GOLDEN / f"kaltara.{suffix}", result.stdout)


def test_status_json_matches_the_plan() -> None:
    """Late work in the status page is the plan's late work, most days late first."""
    runner = CliRunner()
    as_of = ["--as-of", "2026-12-01"]
    status = json.loads(runner.invoke(app, ["status", str(ROOT / "roadmaps" / "kaltara"), "-f", "json", *as_of]).stdout)
    plan = json.loads(runner.invoke(app, ["export", str(ROOT / "roadmaps" / "kaltara"), "-f", "json", *as_of]).stdout)
    page = status["roadmaps"][0]
    late = {item["id"]: item["days_late"] for item in plan["initiatives"] if item["state"] == "late"}
    assert {item["id"]: item["days_late"] for item in page["late"]} == late
    assert [item["days_late"] for item in page["late"]] == sorted(late.values(), reverse=True)
    assert page["status_date"] == plan["roadmap"]["status_date"] == "2026-12-01"
    assert all(item["start"] >= "2026-12-01" for item in page["starting"])


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2025-03-31", -1, "2025-02-28"),  # the day clamped to a short month
        ("2024-03-31", -1, "2024-02-29"),  # a leap year's February
        ("2025-08-31", 1, "2025-09-30"),
        ("2025-01-15", -3, "2024-10-15"),  # across a year
    ],
)
def test_a_period_back_or_forward_keeps_the_day_where_the_month_has_it(day: str, months: int, expected: str) -> None:
    assert _months(date.fromisoformat(day), months) == date.fromisoformat(expected)


def test_a_roadmap_without_costs_has_no_budget_line(tmp_path: Path) -> None:
    plan = plan_of(write_roadmap(tmp_path, roadmap([item("a"), item("b", depends_on=["a"])])))
    assert status_report(plan, date(2025, 1, 1)).budget is None


def test_spent_money_is_the_share_of_active_and_done_work_up_to_the_status_date(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("done", duration="10d", cost=1000, status="done", started="2025-01-01", finished="2025-01-10"),
            item("half", duration="10d", cost=1000, status="active", started="2025-01-06"),
            item("later", duration="10d", cost=500),
        ],
        status_date="2025-01-10",
    )
    report = status_report(plan_of(write_roadmap(tmp_path, data)), date(2025, 1, 10))
    assert report.budget is not None
    assert (report.budget.year, report.budget.spent) == (2025, 1000 + 1000 * 5 // 10)
    assert report.budget.planned == 2500


TARGETS_CASE = ROOT / "tests" / "cases" / "valid" / "targets"


@pytest.mark.parametrize(("form", "lang"), [("text", "en"), ("text", "id"), ("json", "en")])
def test_status_shows_targets_against_actuals(form: str, lang: str, check_golden: Callable[[Path, str], None]) -> None:
    """A region's SPBE target and an initiative's own indicator: baseline, latest actual against the year's target, next target."""
    result = CliRunner().invoke(app, ["status", str(TARGETS_CASE), "--format", form, "--color", "never", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    check_golden(GOLDEN / f"targets.{lang}.{'txt' if form == 'text' else 'json'}", result.stdout.replace(str(ROOT), "ROOT"))


def _target(yearly: dict[int, float], actuals: dict[int, float]) -> PlannedTarget:
    """A target of `indeks-spbe` from 2,45 in 2024."""
    return PlannedTarget("indeks-spbe", "region", "malinau", "malinau", 2024, 2.45, tuple(sorted(yearly.items())), tuple(sorted(actuals.items())))


def test_the_target_of_a_year_between_written_years_lies_on_the_straight_line() -> None:
    target = _target({2026: 2.85, 2029: 3.5}, {})
    assert [round(expected_value(target, year), 4) for year in (2024, 2025, 2026, 2027, 2030)] == [2.45, 2.65, 2.85, 3.0667, 3.5]


@pytest.mark.parametrize(
    ("actuals", "status_day", "state", "actual", "next_target"),
    [
        ({}, "2025-06-30", "not-measured", None, (2026, 2.85)),
        ({2025: 2.7}, "2025-12-31", "on-target", (2025, 2.7), (2026, 2.85)),
        ({2025: 2.6}, "2025-12-31", "behind", (2025, 2.6), (2026, 2.85)),
        ({2025: 2.6, 2026: 2.9}, "2025-12-31", "behind", (2025, 2.6), (2026, 2.85)),  # the 2026 actual is not out by the status date
        ({2026: 2.85}, "2026-12-31", "on-target", (2026, 2.85), (2029, 3.5)),
    ],
)
def test_a_target_is_on_target_when_its_latest_actual_reaches_that_years_target(
    actuals: dict[int, float], status_day: str, state: str, actual: tuple[int, float] | None, next_target: tuple[int, float]
) -> None:
    spbe = resolve_indicator(Indicator(id="indeks-spbe"))
    progress = target_progress(_target({2026: 2.85, 2029: 3.5}, actuals), spbe, "Kabupaten Malinau", date.fromisoformat(status_day))
    assert (progress.state, progress.actual, progress.next) == (state, actual, next_target)


def test_lower_is_better_turns_the_comparison_round() -> None:
    backlog = PlannedIndicator("antrean", "Antrean layanan", "hari", direction="lower")
    target = PlannedTarget("antrean", "region", "malinau", "malinau", 2024, 30, ((2026, 10),), ((2025, 25),))
    assert target_progress(target, backlog, "Kabupaten Malinau", date(2025, 12, 31)).state == "behind"
    assert target_progress(replace(target, actuals=((2025, 15),)), backlog, "Kabupaten Malinau", date(2025, 12, 31)).state == "on-target"


def test_target_fields_are_documented() -> None:
    """docs/json.md names every key of the indicators and targets in the plan export and the status page."""
    runner = CliRunner()
    plan = json.loads(runner.invoke(app, ["export", str(TARGETS_CASE), "-f", "json"]).stdout)
    status = json.loads(runner.invoke(app, ["status", str(TARGETS_CASE), "-f", "json"]).stdout)["roadmaps"][0]
    keys = {key for entry in plan["indicators"] + plan["targets"] + status["targets"] for key in entry}
    keys |= {key for entry in plan["indicators"] for part in ("bands", "domains") for item in entry[part] for key in item}
    keys |= {key for entry in status["targets"] for part in ("baseline", "actual", "next") if entry[part] for key in entry[part]}
    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    assert sorted(key for key in keys if f"`{key}`" not in docs and key not in ("bands", "domains")) == []
    assert {"indicators", "targets"} <= set(plan)
