"""The planner agrees with TaskJuggler 3 on every task of the reference fixtures (docs/tj3-fixture.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.roadmaps import item, plan_of, roadmap, write_roadmap

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "tj3").glob("*.json"))


def fixture_roadmap(fixture: dict[str, Any]) -> dict[str, Any]:
    """The fixture's tasks as a roadmap: one region, one category, durations and lags in days."""
    initiatives = []
    for task in fixture["tasks"]:
        depends = [{"id": d["id"], "lag": f"{d['lag_days']}d"} for d in task["depends"]]
        extra: dict[str, Any] = {"depends_on": depends} if depends else {}
        if task["milestone"]:
            initiatives.append(item(task["id"], milestone=True, **extra))
        else:
            initiatives.append(item(task["id"], duration=f"{task['duration_days']}d", **extra))
    return roadmap(initiatives, start=fixture["project_start"])


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_plan_matches_tj3(path: Path, tmp_path: Path) -> None:
    fixture = json.loads(path.read_text(encoding="utf-8"))
    plan = plan_of(write_roadmap(tmp_path, fixture_roadmap(fixture)))
    got = {p.id: {"start": p.start.isoformat(), "finish_inclusive": p.finish.isoformat()} for p in plan.initiatives}
    assert got == fixture["expected"]
    assert plan.finish.isoformat() == max(e["finish_inclusive"] for e in fixture["expected"].values())
    milestones = {t["id"] for t in fixture["tasks"] if t["milestone"]}
    assert {p.id for p in plan.initiatives if p.milestone} == milestones
    assert all(p.start == p.finish and p.duration_days == 0 for p in plan.initiatives if p.milestone)
