"""The pager (roadmap_cli.output.paged): only for a terminal and output taller than it; PAGER and LESS as git uses them."""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest
from rich.console import Console

from roadmap_cli.output import paged

LINES = [f"line {number}" for number in range(30)]
"""Thirty lines: taller than the ten-line terminal below."""


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _show(lines: list[str], stream: io.StringIO, *, enabled: bool = True) -> None:
    """Print `lines` inside `paged` on a 10-line console writing to `stream`."""
    console = Console(file=stream, width=80, height=10, color_system=None, highlight=False)
    with paged(console, enabled=enabled):
        for line in lines:
            console.print(line)


def _recording_pager(tmp_path: Path) -> str:
    """A PAGER that writes its input to `paged.txt` and the LESS it was given to `less.txt`."""
    script = tmp_path / "pager.py"
    script.write_text(
        f"import os, sys\nopen({str(tmp_path / 'less.txt')!r}, 'w').write(os.environ['LESS'])\nopen({str(tmp_path / 'paged.txt')!r}, 'wb').write(sys.stdin.buffer.read())\n",
        encoding="utf-8",
    )
    return shlex.join([sys.executable, str(script)])


def test_tall_output_to_a_terminal_goes_to_the_pager_with_less_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PAGER gets the whole text and nothing reaches the terminal directly; LESS=FRX unless LESS is set."""
    monkeypatch.setenv("PAGER", _recording_pager(tmp_path))
    monkeypatch.delenv("LESS", raising=False)
    stream = Terminal()
    _show(LINES, stream)
    assert stream.getvalue() == ""
    assert (tmp_path / "paged.txt").read_text(encoding="utf-8") == "\n".join(LINES) + "\n"
    assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "FRX"
    monkeypatch.setenv("LESS", "R")
    _show(LINES, Terminal())
    assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "R"


@pytest.mark.parametrize("pager", ["", "cat", "no-such-pager-anywhere"])
def test_without_a_pager_to_run_the_text_is_printed(pager: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty PAGER, `cat`, or one that cannot be started: the text goes to the terminal as it is."""
    monkeypatch.setenv("PAGER", pager)
    stream = Terminal()
    _show(LINES, stream)
    assert stream.getvalue() == "\n".join(LINES) + "\n"


def test_short_output_pipes_and_no_pager_are_printed_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Output that fits the screen, output to a pipe or file, and `--no-pager` never start the pager."""
    monkeypatch.setenv("PAGER", _recording_pager(tmp_path))
    for lines, stream, enabled in ((LINES[:5], Terminal(), True), (LINES, io.StringIO(), True), (LINES, Terminal(), False)):
        _show(lines, stream, enabled=enabled)
        assert stream.getvalue() == "\n".join(lines) + "\n"
    assert not (tmp_path / "paged.txt").exists()


def test_a_pager_quit_early_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader who quits before the end (the pager stops reading): no error, nothing printed besides."""
    monkeypatch.setenv("PAGER", "true")
    stream = Terminal()
    _show([f"line {number} " + "x" * 60 for number in range(3000)], stream)
    assert stream.getvalue() == ""
