"""Command bodies (roadmap_cli.commands) run in-process: several roadmaps at once, binary output, dropped initiatives
and the usage errors of `plan --baseline`, `export` and `import psplib` (exit 2, what is wrong and how to fix it)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from roadmap_cli import commands
from roadmap_cli.errors import UsageError
from support.cli import invoke
from support.roadmaps import item, roadmap, write_roadmap
from test_scaffold import SMALL_SM


def _two_roadmaps(root: Path) -> Path:
    """A folder holding two roadmaps, `alpha/` and `beta/`."""
    write_roadmap(root / "alpha", roadmap([item("a1")], id="alpha", name="Alpha roadmap"))
    write_roadmap(root / "beta", roadmap([item("b1")], id="beta", name="Beta roadmap"))
    return root


def test_plan_shows_every_roadmap_found(tmp_path: Path) -> None:
    """`plan` on a folder of two roadmaps shows both, one after the other."""
    code, out, err = invoke("plan", str(_two_roadmaps(tmp_path / "roadmaps")), "--color", "never")
    assert code == 0, err
    assert out.index("Alpha roadmap") < out.index("Beta roadmap")


def test_a_baseline_needs_one_roadmap(tmp_path: Path) -> None:
    """`plan --baseline` on two roadmaps: exit 2, says how many were found and to pass one."""
    folder = _two_roadmaps(tmp_path / "roadmaps")
    code, out, err = invoke("plan", str(folder), "--baseline", str(folder / "alpha"))
    assert (code, out) == (2, "")
    assert err == "roadmap: error: --baseline compares one roadmap, but 2 were found; pass the folder or file of one\n"


def test_several_formats_need_an_output(tmp_path: Path) -> None:
    folder = write_roadmap(tmp_path / "r", roadmap([item("a1")])).parent
    code, out, err = invoke("export", str(folder), "-f", "csv", "-f", "json")
    assert (code, out) == (2, "")
    assert err == "roadmap: error: several formats need --output: a file name whose suffix is replaced per format\n"


def test_an_output_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """Nothing is planned or written when the output's folder does not exist."""
    folder = write_roadmap(tmp_path / "r", roadmap([item("a1")])).parent
    target = tmp_path / "nowhere" / "plan.csv"
    code, _out, err = invoke("export", str(folder), "-f", "csv", "-o", str(target))
    assert code == 2
    assert err == f"roadmap: error: cannot write {target}: folder {target.parent} does not exist\n"
    assert not target.parent.exists()


def test_a_binary_format_goes_to_stdout_only_when_it_is_not_a_terminal() -> None:
    """An XLSX workbook is written to a redirected stdout as bytes; to a terminal it is refused."""
    code, _out, err = invoke("export", "tests/cases/valid/minimal", "-f", "xlsx")
    assert code == 0, err
    with pytest.raises(UsageError, match=r"^this format is a binary file: write it with --output FILE, or redirect stdout to a file$"):
        _write_to_terminal(b"PK\x03\x04")


def _write_to_terminal(content: bytes) -> None:
    """Write binary content with stdout being a terminal."""

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    saved = sys.stdout
    sys.stdout = Terminal(io.BytesIO(), encoding="utf-8")
    try:
        commands._write_stdout(content)
    finally:
        sys.stdout = saved


def test_the_workbook_on_stdout_is_the_exported_file(tmp_path: Path) -> None:
    """The bytes on stdout are the same workbook `--output` writes."""
    from typer.testing import CliRunner

    from roadmap_cli.cli import app

    result = CliRunner().invoke(app, ["export", "tests/cases/valid/minimal", "-f", "xlsx"])
    assert result.exit_code == 0
    target = tmp_path / "plan.xlsx"
    assert invoke("export", "tests/cases/valid/minimal", "-f", "xlsx", "-o", str(target))[0] == 0
    assert result.stdout_bytes == target.read_bytes() and result.stdout_bytes.startswith(b"PK")


def test_explaining_a_dropped_initiative_says_it_is_dropped(tmp_path: Path) -> None:
    """A dropped initiative is not planned: `explain` exits 2 and says why there is nothing to explain."""
    folder = write_roadmap(tmp_path / "r", roadmap([item("a1"), item("a2", status="dropped")])).parent
    code, out, err = invoke("explain", "a2", str(folder))
    assert (code, out) == (2, "")
    assert err == "roadmap: error: initiative `a2` is dropped, so it is not planned\n"


def test_import_psplib_prints_the_roadmap_without_output(tmp_path: Path) -> None:
    """Without `--output` the roadmap YAML goes to stdout."""
    source = tmp_path / "small.sm"
    source.write_text(SMALL_SM, encoding="utf-8")
    code, out, err = invoke("import", "psplib", str(source), "--start", "2026-01-01")
    assert (code, err) == (0, "")
    assert "initiatives:" in out and "j5" in out


def test_import_psplib_of_an_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    """A missing instance, or one that is not UTF-8 text: exit 2, `cannot read` with the reason."""
    missing = tmp_path / "missing.sm"
    code, out, err = invoke("import", "psplib", str(missing))
    assert (code, out) == (2, "")
    assert err.startswith(f"roadmap: error: cannot read {missing}: ") and "No such file" in err
    binary = tmp_path / "binary.sm"
    binary.write_bytes(b"\xff\xfe\x00")
    code, _out, err = invoke("import", "psplib", str(binary))
    assert code == 2 and err.startswith(f"roadmap: error: cannot read {binary}: ") and "utf-8" in err


def test_import_psplib_does_not_overwrite_its_instance(tmp_path: Path) -> None:
    """`--output` naming the instance itself: exit 2, the instance kept as it was."""
    source = tmp_path / "small.sm"
    source.write_text(SMALL_SM, encoding="utf-8")
    code, _out, err = invoke("import", "psplib", str(source), "-o", str(source))
    assert code == 2
    assert err == f"roadmap: error: refusing to write {source}: it is the instance being read; choose another --output\n"
    assert source.read_text(encoding="utf-8") == SMALL_SM
