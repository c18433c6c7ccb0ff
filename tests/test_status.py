"""`roadmap status`: the bundled roadmap's status page in text, Markdown and JSON (goldens), and its rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.status import _months, status_report
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
