"""The catalogue of cases: every invalid roadmap gives exactly its expected diagnostics; valid ones exit 0."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

CASES = Path(__file__).parent / "cases"
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p.name for p in (CASES / "valid").iterdir() if p.is_dir())


def _validate(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run `roadmap validate roadmap.yaml` inside the case folder."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["validate", "roadmap.yaml", "--format", "text", "--color", "never"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", INVALID)
def test_invalid_case(name: str, monkeypatch: pytest.MonkeyPatch, check_golden: Callable[[Path, str], None]) -> None:
    """Each invalid case exits 1, prints nothing on stdout and exactly the expected diagnostics on stderr."""
    folder = CASES / "invalid" / name
    before = sorted(os.listdir(folder))
    code, stdout, stderr = _validate(folder, monkeypatch)
    assert code == 1, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    check_golden(folder / "expected.txt", stderr)
    assert sorted(os.listdir(folder)) == before, "validate must not write files"


@pytest.mark.parametrize("name", VALID)
def test_valid_case(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each valid case exits 0 with a one-line summary."""
    code, _stdout, stderr = _validate(CASES / "valid" / name, monkeypatch)
    assert code == 0, stderr
    assert stderr == "valid: 1 roadmap checked, 0 errors, 0 warnings\n"


def test_every_invalid_case_has_expected_output() -> None:
    """No case lacks its expected diagnostics."""
    missing = [name for name in INVALID if not (CASES / "invalid" / name / "expected.txt").exists()]
    assert not missing
