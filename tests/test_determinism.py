"""Same input, same bytes: the levelled plan does not depend on the clock, the load or the hash seed."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = "j30/j3025_9.sm"
"""The PSPLIB instance whose levelled plan used to change between runs (85, 86 or 87 days)."""


def psplib_dir() -> Path:
    """The shared PSPLIB data (not copied into the repository): $ROADMAP_PSPLIB or a `shared/psplib` beside a parent folder."""
    given = os.environ.get("ROADMAP_PSPLIB")
    candidates = [Path(given)] if given else [parent / "shared" / "psplib" for parent in ROOT.parents]
    for candidate in candidates:
        if (candidate / INSTANCE).is_file():
            return candidate
    pytest.skip("PSPLIB data not found: set ROADMAP_PSPLIB to the folder holding j30/ and j120/")


def _export_json(roadmap: Path) -> bytes:
    """`roadmap export ROADMAP --format json`, in-process, as bytes."""
    result = CliRunner().invoke(app, ["export", str(roadmap), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _slow_clock() -> float:
    """A clock that runs 1,000 s per reading: any time limit in the search would trip at once."""
    return float(next(_TICKS)) * 1000.0


_TICKS = itertools.count()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """j3025_9 imported with `roadmap import psplib`."""
    target = tmp_path_factory.mktemp("psplib") / "j3025_9.yaml"
    result = CliRunner().invoke(app, ["import", "psplib", str(psplib_dir() / INSTANCE), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


def test_ten_runs_and_a_slow_clock_give_one_byte_sequence(imported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten exports, the last five with every clock slowed, print the same JSON."""
    outputs = {_export_json(imported) for _ in range(5)}
    for name in ("process_time", "perf_counter", "monotonic", "time", "thread_time"):
        monkeypatch.setattr(time, name, _slow_clock)
    outputs |= {_export_json(imported) for _ in range(5)}
    assert len(outputs) == 1
    assert b'"finish": "2026-' in outputs.pop()


def test_another_hash_seed_gives_the_same_bytes(imported: Path) -> None:
    """A separate process with a different PYTHONHASHSEED prints the same JSON as this one."""
    environment = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "roadmap_cli", "export", str(imported), "--format", "json"]
    other = subprocess.run(command, capture_output=True, env=environment, check=True)
    assert other.stdout == _export_json(imported)


@pytest.mark.parametrize("effort", [0, 1, 2, 5])
def test_every_effort_is_deterministic_and_the_header_sets_it(effort: int, imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--effort N` gives one plan per N, clock or not, and `levelling: {effort: N}` in the header gives the same."""
    given = CliRunner().invoke(app, ["export", str(imported), "--format", "json", "--effort", str(effort)]).stdout_bytes
    header = tmp_path / "with-effort.yaml"
    text = imported.read_text(encoding="utf-8").replace("  period: month\n", f"  period: month\n  levelling: {{effort: {effort}}}\n")
    header.write_text(text, encoding="utf-8")
    for name in ("process_time", "perf_counter", "monotonic"):
        monkeypatch.setattr(time, name, _slow_clock)
    again = CliRunner().invoke(app, ["export", str(imported), "--format", "json", "--effort", str(effort)]).stdout_bytes
    from_header = CliRunner().invoke(app, ["export", str(header), "--format", "json"]).stdout_bytes
    assert given == again
    assert _dates(from_header) == _dates(given)


def _dates(export: bytes) -> list[tuple[str, str, str]]:
    """(id, start, finish) of every initiative of a JSON export."""
    return [(item["id"], item["start"], item["finish"]) for item in json.loads(export)["initiatives"]]
