"""Start-up does only what the command needs: the modules `--help` and `validate` import (counted, not timed), and the exit."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_cli import cli

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "examples" / "minimal"
HEAVY = ("networkx", "openpyxl", "jinja2", "babel", "rapidfuzz")
"""Packages only some commands use: none of them may load for `--help` or `validate`."""
RENDERERS = ("terminal", "html", "svg", "gantt", "markdown", "mermaid", "json_", "csv_", "xlsx")
"""Renderer modules: `validate` renders no plan."""

_PROBE = """
import json, sys
sys.argv = ["roadmap", *json.loads(sys.argv[1])]
from roadmap_cli.cli import app
try:
    app()
except SystemExit:
    pass
with open({out!r}, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules loaded once `roadmap ARGS` has run, in a fresh interpreter."""
    out = tmp_path / "modules.json"
    probe = _PROBE.format(out=str(out))
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(list(args))], check=False, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text(encoding="utf-8")))


def _top_level(modules: set[str]) -> set[str]:
    """The packages the modules belong to."""
    return {name.split(".")[0] for name in modules}


def test_help_imports_neither_the_pipeline_nor_pydantic(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "--help")
    assert not _top_level(modules) & {*HEAVY, "pydantic", "yaml"}
    assert not {"roadmap_cli.commands", "roadmap_cli.pipeline", "roadmap_cli.models", "roadmap_cli.render"} & modules


def test_validate_imports_no_renderer_and_no_heavy_package(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "validate", str(MINIMAL))
    assert "roadmap_cli.pipeline" in modules
    assert not _top_level(modules) & set(HEAVY)
    assert not {f"roadmap_cli.render.{name}" for name in RENDERERS} & modules


def test_export_imports_its_renderer_on_first_use(tmp_path: Path) -> None:
    modules = _imported(tmp_path, "export", str(MINIMAL), "--format", "markdown")
    assert "roadmap_cli.render.markdown" in modules
    assert not {"roadmap_cli.render.html", "roadmap_cli.render.xlsx", "jinja2", "openpyxl"} & modules


def test_an_unknown_renderer_name_is_an_attribute_error() -> None:
    import roadmap_cli.render as render

    with pytest.raises(AttributeError, match="render_nothing"):
        _ = render.render_nothing


class _Exited(Exception):
    """`os._exit` was called (with its code)."""


@pytest.fixture
def no_teardown(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """`os._exit` recorded instead of run, and no `atexit` handler registered; start-up's gc.freeze undone after."""
    codes: list[int] = []

    def record(code: int) -> None:
        codes.append(code)
        raise _Exited(code)

    monkeypatch.setattr(cli.os, "_exit", record)
    monkeypatch.setattr(cli.atexit, "_ncallbacks", lambda: 0)
    yield codes
    gc.unfreeze()


def test_success_leaves_without_teardown_after_flushing(monkeypatch: pytest.MonkeyPatch, no_teardown: list[int], capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["roadmap", "--version"])
    with pytest.raises(_Exited):
        cli.main()
    assert no_teardown == [0]
    assert capsys.readouterr().out.startswith("roadmap ")


def test_a_failure_exits_normally(monkeypatch: pytest.MonkeyPatch, no_teardown: list[int], tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "argv", ["roadmap", "validate", str(tmp_path / "missing")])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code != 0 and no_teardown == []


def test_registered_exit_handlers_keep_the_teardown(monkeypatch: pytest.MonkeyPatch, no_teardown: list[int]) -> None:
    monkeypatch.setattr(cli.atexit, "_ncallbacks", lambda: 1)
    monkeypatch.setattr(sys, "argv", ["roadmap", "--version"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code in (0, None) and no_teardown == []


def test_a_flush_that_fails_keeps_the_normal_exit(monkeypatch: pytest.MonkeyPatch, no_teardown: list[int]) -> None:
    class Closed:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            raise ValueError("I/O operation on closed file")

    monkeypatch.setattr(sys, "argv", ["roadmap", "--version"])
    monkeypatch.setattr(sys, "stderr", Closed())
    with pytest.raises(SystemExit):
        cli.main()
    assert no_teardown == []


def test_the_console_script_prints_everything_before_it_leaves(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "roadmap_cli", "export", str(MINIMAL), "--format", "json"], check=False, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["initiatives"]
