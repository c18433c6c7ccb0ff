"""The CLI: streams, exit codes, formats, atomic exports and the bundled default roadmap."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from roadmap_cli import __version__, cli, commands
from support.cli import invoke

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
UNKNOWN_FIELD = ROOT / "tests" / "cases" / "invalid" / "unknown-field"


def test_version() -> None:
    """`--version` prints the package version."""
    assert invoke("--version") == (0, f"roadmap {__version__}\n", "")


def test_help_lists_commands_and_exit_codes() -> None:
    """`--help` names every command and the exit codes."""
    code, out, _ = invoke("--help")
    assert code == 0
    out = " ".join(out.split())
    for word in ("validate", "plan", "export", "explain", "schema", "init", "import", "130 interrupted"):
        assert word in out


def test_validate_valid_roadmap_exits_0() -> None:
    """A valid roadmap exits 0 and says so on stderr."""
    code, out, err = invoke("validate", str(MINIMAL), "--color", "never")
    assert (code, out) == (0, "")
    assert err.startswith("valid: 1 roadmap checked")


def test_validate_json_goes_to_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--format json` prints a machine-readable report on stdout."""
    monkeypatch.chdir(UNKNOWN_FIELD)
    code, out, err = invoke("validate", "roadmap.yaml", "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["valid"] is False and report["errors"] == 1
    assert report["diagnostics"][0] == {
        "path": "roadmap.yaml",
        "line": 32,
        "col": 5,
        "severity": "error",
        "code": "unknown-field",
        "message": "`depend_on` is not a field of an initiative; did you mean `depends_on`?",
        "hint": "fields of an initiative: authority, budgeted_in, category, cost, demands, depends_on, description, duration, "
        "earliest_start, finished, funding, id, milestone, name, owner, progress, region, remaining, started, status, tags, targets",
    }


def test_validate_github_annotations(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--format auto` under GitHub Actions prints workflow annotations."""
    monkeypatch.chdir(UNKNOWN_FIELD)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = invoke("validate", "roadmap.yaml")
    assert code == 1
    assert out.startswith("::error file=roadmap.yaml,line=32,col=5,title=roadmap unknown-field::`depend_on` is not a field")


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    """Warnings pass by default and fail with --strict."""
    text = (MINIMAL / "roadmap.yaml").read_text(encoding="utf-8")
    text = text.replace("categories:\n", "categories:\n  - id: unused\n    name: Tidak dipakai\n")
    (tmp_path / "roadmap.yaml").write_text(text, encoding="utf-8")
    assert invoke("validate", str(tmp_path), "--color", "never")[0] == 0
    code, _, err = invoke("validate", str(tmp_path), "--strict", "--color", "never")
    assert code == 1
    assert "warning[unused-category]" in err


def test_validate_warns_what_plan_warns(tmp_path: Path) -> None:
    """A plan past the horizon is a `validate` warning (plan finds it), and `--strict` fails on it."""
    text = (MINIMAL / "roadmap.yaml").read_text(encoding="utf-8")
    text = text.replace("  start: 2026-01-01\n", "  start: 2026-01-01\n  horizon: 2030-12-31\n").replace("duration: 6m", "duration: 6y")
    (tmp_path / "roadmap.yaml").write_text(text, encoding="utf-8")
    plan_code, _, plan_err = invoke("plan", str(tmp_path), "--color", "never")
    code, _, err = invoke("validate", str(tmp_path), "--color", "never")
    assert plan_code == 0 and code == 0
    expected = "roadmap.yaml:6:12: warning[past-horizon]: the plan ends on 2032-03-29, after the horizon 2030-12-31"
    assert expected in plan_err and expected in err
    code, _, err = invoke("validate", str(tmp_path), "--strict", "--color", "never")
    assert code == 1 and expected in err


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    """A path that does not exist exits 2 with one line, no traceback."""
    code, out, err = invoke("validate", str(tmp_path / "nope"))
    assert code == 2 and out == ""
    assert err.startswith("roadmap: error: ") and "Traceback" not in err


def test_no_roadmaps_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`roadmap validate` with no argument needs ./roadmaps."""
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate")
    assert code == 2 and "no ./roadmaps folder" in err


def test_bad_option_is_a_usage_error() -> None:
    """An unknown option value exits 2 (click's usage error)."""
    assert invoke("validate", str(MINIMAL), "--format", "xml")[0] == 2


def test_internal_error_exits_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception is a one-line bug report request, exit 3; --debug shows the traceback."""

    def broken(*_: object, **__: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr("roadmap_cli.commands.validate_roadmaps", broken)
    code, _, err = invoke("validate", str(MINIMAL))
    assert code == 3
    assert "internal error (RuntimeError: boom)" in err and "Traceback" not in err
    code, _, err = invoke("--debug", "validate", str(MINIMAL))
    assert code == 3 and "Traceback" in err
    monkeypatch.setattr(cli._State, "debug", False)


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C exits 130."""

    def interrupted(*_: object, **__: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("roadmap_cli.commands.validate_roadmaps", interrupted)
    assert invoke("validate", str(MINIMAL))[0] == 130


def test_plan_defaults_to_the_bundled_roadmap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a folder without ./roadmaps, `roadmap plan` shows the bundled Kalimantan Utara roadmap."""
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("plan", "--width", "100", "--color", "never")
    assert code == 0, err
    assert "Kalimantan Utara" in out.splitlines()[0]
    assert "\x1b[" not in out


def test_plan_format_is_an_alias_of_export() -> None:
    """`roadmap plan --format json` prints the same as `roadmap export --format json`."""
    assert invoke("plan", str(MINIMAL), "--format", "json") == invoke("export", str(MINIMAL), "--format", "json")


def test_export_several_formats_atomically(tmp_path: Path) -> None:
    """Several formats go to the output's stem with each format's suffix."""
    target = tmp_path / "out" / "plan.md"
    target.parent.mkdir()
    code, _, err = invoke("export", str(MINIMAL), "-f", "markdown", "-f", "json", "-f", "mermaid", "-f", "mermaid-flowchart", "-o", str(target))
    assert code == 0, err
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.flowchart.mmd", "plan.json", "plan.md", "plan.mmd"]


def test_export_writes_nothing_on_failure(tmp_path: Path) -> None:
    """An invalid roadmap exits 1 and leaves no file behind."""
    target = tmp_path / "plan.md"
    code, out, _ = invoke("export", str(UNKNOWN_FIELD / "roadmap.yaml"), "-o", str(target))
    assert code == 1 and out == ""
    assert list(tmp_path.iterdir()) == []


def test_export_needs_one_roadmap(tmp_path: Path) -> None:
    """Exporting a folder of several roadmaps is a usage error."""
    for name in ("a", "b"):
        shutil.copytree(MINIMAL, tmp_path / name)
    code, _, err = invoke("export", str(tmp_path))
    assert code == 2 and "export takes one roadmap" in err


def test_unknown_filter_is_a_usage_error() -> None:
    """An unknown region id exits 2 with a did-you-mean."""
    code, _, err = invoke("plan", str(MINIMAL), "--region", "tarakn")
    assert code == 2 and "tarakan" in err


def test_schema_is_json() -> None:
    """`roadmap schema` prints JSON Schema."""
    code, out, _ = invoke("schema")
    assert code == 0
    assert json.loads(out)["$schema"].startswith("https://json-schema.org/")


def test_validate_verbose_shows_long_cycles_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate --verbose` prints every edge of a cycle the default output shortens."""
    monkeypatch.chdir(ROOT / "tests" / "cases" / "invalid" / "long-cycle")
    code, _, short = invoke("validate", "roadmap.yaml", "--color", "never")
    code_verbose, _, full = invoke("validate", "roadmap.yaml", "--color", "never", "--verbose")
    assert code == code_verbose == 1
    assert "... 24 more edges ..." in short and "more edges" not in full
    assert full.count("explicit (roadmap.yaml:") == 30


def test_python_dash_m_runs_the_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m roadmap_cli` is the `roadmap` command: the same arguments, output and exit code."""
    import runpy

    monkeypatch.setattr("sys.argv", ["roadmap", "--version"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("roadmap_cli", run_name="__main__")
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"roadmap {__version__}\n"


def test_stdout_gets_the_whole_export_a_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = invoke("export", str(MINIMAL), "--format", "json")
    monkeypatch.setattr(commands, "STDOUT_CHUNK", 7)
    assert invoke("export", str(MINIMAL), "--format", "json") == whole and whole[0] == 0
