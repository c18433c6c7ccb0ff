"""`roadmap status`: the bundled roadmap's status page in text, Markdown and JSON (goldens), and its rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "status"


@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_status_golden(form: str, check_golden: Callable[[Path, str], None]) -> None:
    """The Kaltara status page as of its status date, in each format."""
    result = CliRunner().invoke(app, ["status", str(ROOT / "roadmaps" / "kaltara"), "--format", form, "--color", "never"])
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
