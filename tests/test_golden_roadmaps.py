"""End-to-end goldens: every format and the terminal view of a small roadmap and the bundled Kaltara roadmap."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
ROADMAPS = {"minimal": "examples/minimal", "kaltara": "roadmaps/kaltara"}
FORMATS = {
    "markdown": "plan.md",
    "mermaid": "plan.mmd",
    "mermaid-flowchart": "plan-flowchart.mmd",
    "csv": "plan.csv",
    "json": "plan.json",
    "svg": "plan.svg",
    "terminal-svg": "plan-terminal.svg",
    "html": "plan.html",
}
VIEWS = [(width, color) for width in (80, 160) for color in ("never", "always")]


def _invoke(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Run the CLI from the repository root and return stdout; it must succeed."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(ROADMAPS))
def test_export_golden(name: str, fmt: str, monkeypatch: pytest.MonkeyPatch, check_golden: Callable[[Path, str], None]) -> None:
    """`roadmap export --format F` is byte-identical to its golden."""
    check_golden(GOLDEN / name / FORMATS[fmt], _invoke(monkeypatch, "export", ROADMAPS[name], "--format", fmt))


@pytest.mark.parametrize(("width", "color"), VIEWS)
@pytest.mark.parametrize("name", sorted(ROADMAPS))
def test_terminal_golden(name: str, width: int, color: str, monkeypatch: pytest.MonkeyPatch, check_golden: Callable[[Path, str], None]) -> None:
    """`roadmap plan --width W --color C` is byte-identical to its golden; plain output has no escape codes."""
    output = _invoke(monkeypatch, "plan", ROADMAPS[name], "--width", str(width), "--color", color)
    suffix = "txt" if color == "never" else "ansi"
    check_golden(GOLDEN / name / f"plan-{width}.{suffix}", output)
    lines = output.splitlines()
    if color == "never":
        assert "\x1b[" not in output
        assert max(len(line) for line in lines) <= width
    else:
        assert "\x1b[" in output


def test_no_color_environment_gives_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR turns colour off under `--color auto`, even on a terminal."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    output = _invoke(monkeypatch, "plan", ROADMAPS["minimal"], "--width", "80")
    assert "\x1b[" not in output


def test_file_order_does_not_change_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled roadmap gives byte-identical JSON when its initiative files are included in reverse order."""
    outputs = []
    for name, reverse in (("as-written", False), ("reversed", True)):
        copy = tmp_path / name / "kaltara"
        shutil.copytree(ROOT / "roadmaps" / "kaltara", copy)
        if reverse:
            header = copy / "roadmap.yaml"
            files = sorted((p.name for p in (copy / "initiatives").glob("*.yaml")), reverse=True)
            listed = "".join(f"  - initiatives/{f}\n" for f in files)
            header.write_text(header.read_text(encoding="utf-8").replace("  - initiatives/*.yaml\n", listed), encoding="utf-8")
        monkeypatch.chdir(tmp_path / name)
        result = CliRunner().invoke(app, ["export", "kaltara", "--format", "json"])
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
