"""Output edges: the console factory and atomic file writes (the only module that writes files)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Literal

from rich.console import Console

ColorMode = Literal["auto", "always", "never"]


def make_console(*, stderr: bool = False, color: ColorMode = "auto", width: int | None = None, file: IO[str] | None = None) -> Console:
    """A console that honours `--color`, `NO_COLOR`, pipes and `--width`."""
    no_color = color == "never" or (color == "auto" and bool(os.environ.get("NO_COLOR")))
    force = True if color == "always" else None
    system: str | None = None if no_color else "auto"
    if color == "always":
        system = "truecolor" if os.environ.get("COLORTERM") in ("truecolor", "24bit") else "256"
    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return Console(
        file=stream,
        width=width,
        force_terminal=force,
        no_color=no_color,
        color_system=system,  # type: ignore[arg-type]
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def write_files_atomically(contents: Mapping[Path, str | bytes]) -> None:
    """Write every file or none: each goes to a temporary file first, then all are moved into place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in contents.items():
            directory = path.parent if str(path.parent) else Path(".")
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
