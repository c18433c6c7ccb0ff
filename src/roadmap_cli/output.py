"""Output edges: the console factory and atomic file writes (the only module that writes files)."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Literal

from rich.console import Console

from roadmap_cli.errors import OutputError
from roadmap_cli.i18n import _

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


DEFAULT_PAGER = "less"
LESS_DEFAULT = "FRX"
"""`less` options when LESS is unset, as git sets them: quit if one screen, raw colours, keep the screen."""


@contextmanager
def paged(console: Console, *, enabled: bool = True) -> Iterator[None]:
    """Send what is printed inside to a pager when stdout is a terminal and it is taller than the screen, as git does.

    The pager is PAGER (default `less`, with LESS=FRX unless LESS is set); an empty PAGER or `cat`
    prints directly. Output to a pipe or file is never paged.
    """
    stream = console.file
    if not enabled or not (hasattr(stream, "isatty") and stream.isatty()):
        yield
        return
    with console.capture() as capture:
        yield
    text = capture.get()
    if text.count("\n") < console.height or not _page(text):
        stream.write(text)
        stream.flush()


def _page(text: str) -> bool:
    """Show `text` in the pager; False when there is none to run (then the caller prints it)."""
    command = shlex.split(os.environ.get("PAGER", DEFAULT_PAGER))
    if not command or command == ["cat"]:
        return False
    environment = {**os.environ, "LESS": os.environ.get("LESS", LESS_DEFAULT)}
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert pager.stdin is not None
    with suppress(BrokenPipeError):  # the reader quit the pager early
        pager.stdin.write(text.encode("utf-8"))
    with suppress(BrokenPipeError):  # closing flushes what is left; the pipe is closed all the same
        pager.stdin.close()
    pager.wait()
    return True


def write_files_atomically(contents: Mapping[Path, str | bytes | Iterable[str]]) -> None:
    """Write every file or none, each through a synced temporary file in its own folder, then moved into place.

    Text may come as pieces made while they are written; if making one fails, no target has been touched.

    A new file gets the mode a plain `open()` would give (0666 less the umask); a replaced file keeps its mode.
    Raises OutputError, naming the path and the reason, before any target is touched.
    """
    for path in contents:
        if path.is_dir():
            raise OutputError(path, _("it is a folder"))
        if path.exists() and not path.is_file():
            raise OutputError(path, _("it is not a regular file (a device, pipe or socket); leave out --output to write to stdout"))
    umask = _current_umask()
    staged: list[tuple[str, Path]] = []
    backups: dict[Path, str | None] = {}
    try:
        for path, text in contents.items():
            staged.append((_stage(path, text, umask), path))
        for temporary, path in staged:
            backups[path] = _keep_previous(path, f"{temporary}.previous")
        moved: list[Path] = []
        for temporary, path in staged:
            try:
                os.replace(temporary, path)
            except OSError as error:
                _restore(moved, backups)
                raise OutputError(path, _reason(error)) from None
            moved.append(path)
    finally:
        for leftover in [temporary for temporary, _path in staged] + [b for b in backups.values() if b]:
            if os.path.lexists(leftover):
                os.unlink(leftover)
    for folder in sorted({_folder(path) for path in contents}):
        _sync_folder(folder)


WRITE_CHUNK = 1 << 20
"""Characters encoded at a time when a text is written, so a 40 MB export is never encoded whole next to its text."""


def _stage(path: Path, text: str | bytes | Iterable[str], umask: int) -> str:
    """Write `text` (UTF-8, whole or in pieces) or bytes to a new temporary file beside `path` with the final mode and sync it; return its name."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~umask
    except OSError as error:
        raise OutputError(path, _reason(error)) from None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=_folder(path))
    except OSError as error:
        raise OutputError(path, _reason(error)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), mode)
            if isinstance(text, str):
                for start in range(0, len(text), WRITE_CHUNK):
                    stream.write(text[start : start + WRITE_CHUNK].encode("utf-8"))
            elif isinstance(text, bytes):
                stream.write(text)
            else:
                for piece in text:
                    stream.write(piece.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        os.unlink(temporary)
        raise OutputError(path, _reason(error)) from None
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _keep_previous(path: Path, backup: str) -> str | None:
    """Keep the file `path` will replace as `backup` (a hard link, else a copy) so a failed later rename can put it back.

    Returns None when there is no file to keep.
    """
    if not path.exists():
        return None
    try:
        os.link(path, backup)
    except OSError:
        try:
            shutil.copy2(path, backup)
        except OSError as error:
            raise OutputError(path, _reason(error)) from None
    return backup


def _restore(moved: list[Path], backups: Mapping[Path, str | None]) -> None:
    """Undo the renames already done: put each previous file back, remove each new one."""
    for path in reversed(moved):
        backup = backups.get(path)
        if backup is None:
            os.unlink(path)
        else:
            os.replace(backup, path)


def _folder(path: Path) -> Path:
    """The folder a file is written in."""
    return path.parent if str(path.parent) else Path(".")


def _current_umask() -> int:
    """The process umask (reading it means setting it, so it is put back at once)."""
    umask = os.umask(0o077)
    os.umask(umask)
    return umask


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable; a file system that cannot sync folders is left as it is."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _reason(error: OSError) -> str:
    """Why a file could not be written, in words."""
    reasons = {
        errno.EACCES: _("permission denied (the folder or the file is not writable)"),
        errno.EPERM: _("permission denied (the folder or the file is not writable)"),
        errno.EROFS: _("the file system is read-only"),
        errno.EISDIR: _("it is a folder"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.ENOENT: _("the folder does not exist"),
        errno.ENOSPC: _("no space left on the device"),
        errno.EDQUOT: _("the disk quota is exceeded"),
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
