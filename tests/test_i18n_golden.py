"""Goldens in both languages: terminal view, Markdown, explain, validate text and every command's --help."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "i18n"
KALTARA = str(ROOT / "roadmaps" / "kaltara")
INVALID = ROOT / "tests" / "cases" / "invalid"
LANGUAGES = ("en", "id")
HELP_COMMANDS = (
    (),
    ("validate",),
    ("plan",),
    ("export",),
    ("explain",),
    ("init",),
    ("schema",),
    ("import",),
    ("import", "psplib"),
)
OUTPUTS = {
    "plan.txt": ("plan", KALTARA, "--width", "100", "--color", "never"),
    "export.md": ("export", KALTARA, "--format", "markdown"),
    "explain.txt": ("explain", "bulungan.spbe", KALTARA, "--width", "100", "--color", "never"),
}
VALIDATE_CASES = ("unknown-field", "missing-field", "dependency-cycle", "bad-duration", "include-missing")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit code and stdout+stderr of the CLI run in-process, paths shown relative to the repository."""
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, (result.stdout + result.stderr).replace(str(ROOT) + "/", "")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_outputs(language: str, name: str, check_golden: Callable[[Path, str], None]) -> None:
    code, text = run(*OUTPUTS[name], "--lang", language)
    assert code == 0, text
    check_golden(GOLDEN / language / name, text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", VALIDATE_CASES)
def test_validate_text(language: str, case: str, check_golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID / case)
    code, text = run("validate", "roadmap.yaml", "--lang", language, "--color", "never", "--format", "text")
    assert code == 1, text
    check_golden(GOLDEN / language / f"validate-{case}.txt", text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda command: "-".join(command) or "roadmap")
def test_help(language: str, command: tuple[str, ...], check_golden: Callable[[Path, str], None]) -> None:
    code, text = run(*command, "--help", "--lang", language)
    assert code == 0, text
    check_golden(GOLDEN / language / "help" / f"{'-'.join(command) or 'roadmap'}.txt", text)


@pytest.mark.parametrize("environment", [{"LANG": "id_ID.UTF-8"}, {"ROADMAP_LANG": "id"}, {"LC_ALL": "id_ID.UTF-8", "LANG": "C"}])
def test_the_locale_selects_indonesian(environment: dict[str, str]) -> None:
    assert run(*OUTPUTS["plan.txt"], env=environment) == run(*OUTPUTS["plan.txt"], "--lang", "id")


def test_kaltara_in_indonesian_has_no_english_labels() -> None:
    code, text = run(*OUTPUTS["plan.txt"], "--lang", "id")
    assert code == 0
    for english in ("Timeline", "Phase", "Summary", "Critical path", "Days waited", "planned", "milestone", "H1", "Q1"):
        assert english not in text, english
