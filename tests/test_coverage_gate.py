"""scripts/coverage_gate.py: every module below the minimum is listed with what it misses, and the exit code says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.scripts import load_script

gate = load_script("scripts/coverage_gate.py", "coverage_gate")


def _file(statements: int, branches: int, covered_lines: int, covered_branches: int, missing_lines: list[int], missing_branches: list[list[int]]) -> dict[str, Any]:
    """One file's entry of a coverage JSON report."""
    summary = {"num_statements": statements, "num_branches": branches, "covered_lines": covered_lines, "covered_branches": covered_branches}
    return {"summary": summary, "missing_lines": missing_lines, "missing_branches": missing_branches}


def _report(tmp_path: Path, files: dict[str, Any], branch: bool = True) -> Path:
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps({"meta": {"branch_coverage": branch}, "files": files}), encoding="utf-8")
    return path


def test_modules_below_the_minimum_are_listed_with_what_they_miss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """94.9 % fails (no rounding up), 95 % passes; the listing names the module from the package folder on, and
    leaves out branches into or out of missing lines (the lines say it), as coverage's own report does."""
    report = _report(
        tmp_path,
        {
            "src/roadmap_cli/render/diff.py": _file(100, 98, 95, 93, [3, 4, 5, 9], [[2, 3], [7, -1], [20, 22]]),
            "/venv/lib/python3.11/site-packages/roadmap_cli/clock.py": _file(10, 10, 10, 9, [], [[4, 6]]),
            "src/roadmap_cli/__init__.py": _file(0, 0, 0, 0, [], []),
        },
    )
    assert gate.main([str(report)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "coverage gate: 1 of 3 modules below 95 % branch coverage:"
    assert lines[2].split() == ["roadmap_cli/render/diff.py", "100", "98", "94.9%", "3-5,", "9,", "7->exit,", "20->22"]
    assert gate.main([str(report), "--minimum", "94"]) == 0
    assert capsys.readouterr().out == "coverage gate: all 3 modules at 94 % branch coverage or more\n"


def test_the_table_lists_every_module(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(tmp_path, {"src/roadmap_cli/clock.py": _file(10, 10, 10, 10, [], []), "src/roadmap_cli/cli.py": _file(4, 0, 4, 0, [], [])})
    assert gate.main([str(report), "--table"]) == 0
    *rows, last = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert " ".join(last) == "coverage gate: all 2 modules at 95 % branch coverage or more"
    assert rows == [["module", "stmts", "branches", "cover", "missing"], ["roadmap_cli/cli.py", "4", "0", "100.0%"], ["roadmap_cli/clock.py", "10", "10", "100.0%"]]


def test_an_unusable_report_exits_2_with_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing report, one without branch data and one that measured nothing: exit 2, what to run instead."""
    assert gate.main([str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert gate.main([str(_report(tmp_path, {"src/roadmap_cli/cli.py": _file(4, 0, 4, 0, [], [])}, branch=False))]) == 2
    assert "has no branch data; measure with branches on" in capsys.readouterr().err
    assert gate.main([str(_report(tmp_path, {}))]) == 2
    assert "measured no files; run pytest with --cov" in capsys.readouterr().err
