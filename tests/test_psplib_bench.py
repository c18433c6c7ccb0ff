"""benchmarks/psplib_bench.py measures the user's path: `roadmap import psplib` then `roadmap export`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from support.scripts import load_script
from test_determinism import psplib_dir


def _cli_makespan(instance: Path, folder: Path, effort: int) -> int:
    """Makespan in days of `roadmap import psplib` + `roadmap export --format json --effort N`."""
    roadmap = folder / f"{instance.stem}.yaml"
    runner = CliRunner()
    assert runner.invoke(app, ["import", "psplib", str(instance), "-o", str(roadmap)]).exit_code == 0
    result = runner.invoke(app, ["export", str(roadmap), "--format", "json", "--effort", str(effort)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    start = date.fromisoformat(plan["roadmap"]["start"])
    return max((date.fromisoformat(item["start"]) - start).days + item["duration_days"] for item in plan["initiatives"])


@pytest.mark.parametrize(("instance", "effort"), [("j30/j301_1.sm", 2), ("j30/j3025_9.sm", 1), ("j30/j3046_4.sm", 3), ("j120/j1201_1.sm", 1)])
def test_benchmark_reports_the_makespan_the_cli_exports(instance: str, effort: int, tmp_path: Path) -> None:
    bench = load_script("benchmarks/psplib_bench.py", "psplib_bench")
    path = psplib_dir() / instance
    reported, lower_bound, _ = bench._run((str(path), effort))
    assert reported == _cli_makespan(path, tmp_path, effort)
    assert reported >= lower_bound
