"""Discovery: which files form a roadmap (one file, a folder of files, or a folder of roadmap folders)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from roadmap_cli.errors import UsageError
from roadmap_cli.i18n import _
from roadmap_cli.loader.limits import MIB

_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RoadmapFiles:
    """The files to load as one roadmap: its folder and its entry files."""

    root: Path
    entries: tuple[Path, ...]


def yaml_files(folder: Path) -> tuple[Path, ...]:
    """The visible *.yaml/*.yml files at the top level of `folder`, sorted by name."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UsageError(_("cannot read folder {folder}: {strerror}").format(folder=folder, strerror=exc.strerror)) from None
    return tuple(folder / name for name in names if not name.startswith(".") and name.lower().endswith(_YAML_SUFFIXES) and (folder / name).is_file())


def _subfolders(folder: Path) -> list[Path]:
    """The visible immediate subfolders of `folder`, sorted by name."""
    names = sorted(os.listdir(folder))
    return [folder / name for name in names if not name.startswith(".") and (folder / name).is_dir()]


def discover_roadmaps(paths: Sequence[Path]) -> list[RoadmapFiles]:
    """The roadmaps named by command-line paths: a file, a folder of files, or a folder of roadmap folders."""
    found: list[RoadmapFiles] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for given in paths:
        path = Path(given)
        if path.is_file():
            candidates = [RoadmapFiles(path.parent, (path,))]
        elif path.is_dir():
            top = yaml_files(path)
            if top:
                candidates = [RoadmapFiles(path, top)]
            else:
                candidates = [RoadmapFiles(sub, files) for sub in _subfolders(path) if (files := yaml_files(sub))]
            if not candidates:
                raise UsageError(_("no roadmap found in {path}: expected *.yaml files or subfolders with them").format(path=path))
        elif path.exists():
            raise UsageError(_("{path} is not a file or a folder").format(path=path))
        else:
            raise UsageError(_("{path} does not exist").format(path=path))
        for candidate in candidates:
            identity = (os.path.realpath(candidate.root), tuple(os.path.realpath(e) for e in candidate.entries))
            if identity not in seen:
                seen.add(identity)
                found.append(candidate)
    return found


FOLDER_LEVELS_SEARCHED = 3
"""How many folders up from a header-less file to look for the roadmap it belongs to."""
_HEADER_LINE = re.compile(rb"^roadmap:", re.MULTILINE)


def has_header(path: Path) -> bool:
    """True when a YAML file has a top-level `roadmap:` key (read as bytes, at most 1 MiB)."""
    try:
        with open(path, "rb") as handle:
            return _HEADER_LINE.search(handle.read(MIB)) is not None
    except OSError:
        return False
