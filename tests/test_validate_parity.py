"""`roadmap validate` passes exactly when `roadmap export --format json` can plan: over the case catalogue and generated roadmaps."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmap_cli.cli import app
from test_properties import PROPERTY, roadmaps, write_split

CASES = Path(__file__).parent / "cases"
CATALOGUE = sorted(p for kind in ("invalid", "valid") for p in (CASES / kind).iterdir() if p.is_dir())


def _exit_codes(target: Path) -> tuple[int, int]:
    """Exit codes of `validate TARGET` and of `export TARGET --format json`."""
    runner = CliRunner()
    validated = runner.invoke(app, ["validate", str(target), "--format", "text", "--color", "never"])
    exported = runner.invoke(app, ["export", str(target), "--format", "json", "--color", "never"])
    return validated.exit_code, exported.exit_code


@pytest.mark.parametrize("folder", CATALOGUE, ids=[f"{p.parent.name}/{p.name}" for p in CATALOGUE])
def test_catalogue_validate_and_export_agree(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each catalogue case: validate fails exactly when export fails, and both with exit 1 (never 3)."""
    monkeypatch.chdir(folder)
    validated, exported = _exit_codes(Path("roadmap.yaml"))
    assert validated in (0, 1) and exported in (0, 1)
    assert validated == exported


@st.composite
def breakable_roadmaps(draw: st.DrawFn) -> dict[str, Any]:
    """A generated roadmap, sometimes broken in a way that only planning finds (a budget no year can pay, a cycle)."""
    data = draw(roadmaps())
    trouble = draw(st.sampled_from(("none", "none", "unpayable", "cycle", "horizon")))
    planned = [spec for spec in data["initiatives"] if spec.get("status", "planned") == "planned" and "duration" in spec]
    if trouble == "unpayable" and planned:
        data["resources"] = [r for r in data["resources"] if r["id"] != "money"]
        data["resources"].append({"id": "money", "name": "Money", "kind": "budget", "capacity": 100, "per": "year"})
        victim = draw(st.sampled_from(planned))
        victim["demands"] = dict(victim.get("demands", {}), money=draw(st.integers(101, 400)))
    elif trouble == "cycle" and len(planned) >= 2:
        first, second = draw(st.permutations(planned))[:2]
        first["depends_on"] = [*first.get("depends_on", []), second["id"]]
        second["depends_on"] = [*second.get("depends_on", []), first["id"]]
    elif trouble == "horizon":
        data["roadmap"]["horizon"] = "2025-02-01"
    return data


@settings(PROPERTY, max_examples=30)
@given(breakable_roadmaps())
def test_generated_validate_and_export_agree(data: dict[str, Any]) -> None:
    """Over generated roadmaps, validate succeeds exactly when export succeeds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_split(Path(tmp) / "gen", data)
        validated, exported = _exit_codes(folder)
    event(f"validate exit {validated}, export exit {exported}")  # counts: pytest --hypothesis-show-statistics
    assert validated in (0, 1) and exported in (0, 1)
    assert validated == exported
