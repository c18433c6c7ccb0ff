"""The files of one roadmap: entry files and their includes (paths, globs, folders), read once each, then merged."""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from roadmap_cli.errors import Diagnostic, LoadError
from roadmap_cli.i18n import _
from roadmap_cli.loader.discovery import FOLDER_LEVELS_SEARCHED, RoadmapFiles, has_header, yaml_files
from roadmap_cli.loader.document import Document, parse_document
from roadmap_cli.loader.limits import DEFAULT_LIMITS, MIB, Limits
from roadmap_cli.loader.merge import merge_documents
from roadmap_cli.loader.scalars import kind
from roadmap_cli.source import SourceMap, SourceSpan
from roadmap_cli.suggest import closest


@dataclass(frozen=True)
class LoadedRoadmap:
    """Merged plain data of a roadmap, the positions of its nodes and the files read."""

    data: dict[str, Any]
    source_map: SourceMap
    files: tuple[str, ...]


def _display(path: Path | str, cwd: str) -> str:
    """A path relative to the working directory when under it, else absolute; `/` separators."""
    absolute = os.path.abspath(path)
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(absolute).as_posix()


def _is_glob(pattern: str) -> bool:
    """True when an include entry is a glob pattern rather than one path."""
    return any(char in pattern for char in "*?[")


@dataclass(frozen=True)
class _Origin:
    """Where a file was included from: the include entry's position, and whether it was a glob."""

    span: SourceSpan
    is_glob: bool


class _RoadmapReader:
    """Reads the files of one roadmap in include order, then merges them."""

    def __init__(self, files: RoadmapFiles, limits: Limits) -> None:
        self.limits = limits
        self.cwd = os.getcwd()
        self.root = files.root
        self.root_real = os.path.realpath(files.root)
        self.entries = files.entries
        self.diagnostics: list[Diagnostic] = []
        self.read: list[str] = []
        self.total_bytes = 0
        self.total_exceeded = False

    def add(self, span: SourceSpan, code: str, message: str, hint: str) -> None:
        """Record a diagnostic at a span."""
        self.diagnostics.append(Diagnostic(span.path, span.line, span.col, code, message, hint))

    def run(self) -> LoadedRoadmap:
        """Load every file, follow includes, merge; raise LoadError if anything is wrong."""
        loaded = self._load_all()
        data, source_map = merge_documents(loaded, self.add)
        if "roadmap" not in data and len(self.entries) == 1 and not self.diagnostics:
            self._part_of_folder(self.entries[0])
        if any(diagnostic.is_error for diagnostic in self.diagnostics):
            raise LoadError(self.diagnostics)
        return LoadedRoadmap(data, source_map, tuple(sorted(self.read)))

    def _part_of_folder(self, entry: Path) -> None:
        """When a header-less file given alone belongs to a folder roadmap, say to validate that folder."""
        folder = entry.resolve().parent
        for candidate in [folder, *folder.parents][:FOLDER_LEVELS_SEARCHED]:
            header = next((path for path in yaml_files(candidate) if path.resolve() != entry.resolve() and has_header(path)), None)
            if header is not None:
                shown = Path(os.path.relpath(candidate, self.cwd)).as_posix()
                self.add(
                    SourceSpan(_display(entry, self.cwd), 1, 1),
                    "part-of-folder",
                    _("this file has no `roadmap:` header: it is one file of the roadmap in folder {folder} (header in {header})").format(
                        folder=shown, header=Path(os.path.relpath(header, self.cwd)).as_posix()
                    ),
                    _("validate the folder: roadmap validate {folder}").format(folder=shown),
                )
                return

    def _load_all(self) -> list[Document]:
        """Parse entry files in order, each followed by its includes (depth first), each file once."""
        loaded: list[Document] = []
        seen: set[str] = set()
        pending: list[tuple[Path, tuple[tuple[str, str], ...], _Origin | None]] = [(entry, (), None) for entry in reversed(self.entries)]
        while pending:
            path, chain, origin = pending.pop()
            real = os.path.realpath(path)
            display = _display(path, self.cwd)
            if origin is not None and any(real == ancestor for ancestor, _ in chain):
                if not origin.is_glob:
                    loop = " -> ".join([name for _, name in chain] + [display])
                    self.add(origin.span, "include-loop", _("include loop: {loop}").format(loop=loop), _("remove one of these includes"))
                continue
            if real in seen:
                continue
            seen.add(real)
            document = self._read(path, display)
            if document is None:
                continue
            self.diagnostics.extend(document.diagnostics)
            loaded.append(document)
            if document.complete and isinstance(document.value, dict):
                link = (*chain, (real, display))
                for target, target_origin in reversed(self._includes(path, document)):
                    pending.append((target, link, target_origin))
        return loaded

    def _read(self, path: Path, display: str) -> Document | None:
        """Read and parse one file, checking its size before reading it."""
        limits = self.limits
        here = SourceSpan(display, 1, 1)
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                self.add(here, "unreadable", _("this is not a regular file"), _("name a YAML file or a folder of them"))
                return None
            if info.st_size > limits.max_file_bytes:
                self.add(
                    here,
                    "size-limit",
                    _("file is {st_size:.1f} MiB; files larger than {max_file_bytes:.0f} MiB are refused").format(st_size=info.st_size / MIB, max_file_bytes=limits.max_file_bytes / MIB),
                    _("split the roadmap into several files and use include"),
                )
                return None
            if self.total_bytes + info.st_size > limits.max_total_bytes:
                if not self.total_exceeded:
                    self.add(
                        here,
                        "size-limit",
                        _("the files of this roadmap add up to more than {max_total_bytes:.0f} MiB").format(max_total_bytes=limits.max_total_bytes / MIB),
                        _("split it into several roadmaps"),
                    )
                    self.total_exceeded = True
                return None
            with open(path, "rb") as handle:
                raw = handle.read(limits.max_file_bytes + 1)
        except OSError as exc:
            message = _("cannot read this file: {value}").format(value=exc.strerror or exc)
            self.add(here, "unreadable", message, _("check that it exists and that you may read it"))
            return None
        self.total_bytes += len(raw)
        self.read.append(display)
        return parse_document(raw, display, limits)

    def _includes(self, path: Path, document: Document) -> list[tuple[Path, _Origin]]:
        """The files named by a file's `include` list, checked; problems become diagnostics."""
        data = document.value
        spec = data.get("include")
        if spec is None:
            return []
        source_map = document.source_map
        if not isinstance(spec, list):
            self.add(
                source_map.nearest(("include",)),
                "include-invalid",
                _("`include` must be a list of file paths or glob patterns, found {kind}").format(kind=kind(spec)),
                _("write e.g. `include: [regions.yaml, initiatives/*.yaml]`"),
            )
            return []
        folder = path.parent
        targets: list[tuple[Path, _Origin]] = []
        for index, item in enumerate(spec):
            span = source_map.nearest(("include", index))
            if not isinstance(item, str) or not item.strip():
                self.add(
                    span,
                    "include-invalid",
                    _("each `include` entry must be a file path or glob pattern, found {kind}").format(kind=kind(item)),
                    _('write a path relative to this file\'s folder, e.g. "regions.yaml"'),
                )
            elif os.path.isabs(item):
                self.add(
                    span,
                    "include-invalid",
                    _("include `{item}` is an absolute path").format(item=item),
                    _("write it relative to the folder of this file"),
                )
            elif _is_glob(item):
                targets.extend(self._glob(folder, item, span))
            else:
                target = self._single(folder, item, span)
                if target is not None:
                    targets.append((target, _Origin(span, False)))
        return targets

    def _outside(self, target: Path, item: str, span: SourceSpan) -> bool:
        """Report and return True when `target` resolves outside the roadmap folder."""
        real = os.path.realpath(target)
        if real == self.root_real or real.startswith(self.root_real.rstrip(os.sep) + os.sep):
            return False
        self.add(
            span,
            "include-outside",
            _("include `{item}` leads outside the roadmap folder `{root}` (to `{as_posix}` from there)").format(
                item=item, root=_display(self.root, self.cwd), as_posix=Path(os.path.relpath(real, self.root_real)).as_posix()
            ),
            _("move the file into the roadmap folder; includes may not leave it, also not through `..` or symlinks"),
        )
        return True

    def _glob(self, folder: Path, pattern: str, span: SourceSpan) -> list[tuple[Path, _Origin]]:
        """The files matching an include pattern, sorted; folders are skipped."""
        matches = sorted(glob.glob(pattern, root_dir=folder, recursive=True))
        hits = [folder / match for match in matches if not (folder / match).is_dir()]
        if not hits:
            self.add(
                span,
                "include-missing",
                _("include pattern `{pattern}` matches no file").format(pattern=pattern),
                _("check the pattern; it is relative to {folder}").format(folder=_display(folder, self.cwd)),
            )
        origin = _Origin(span, True)
        return [(hit, origin) for hit in hits if not self._outside(hit, pattern, span) and self._is_file(hit, pattern, span)]

    def _single(self, folder: Path, item: str, span: SourceSpan) -> Path | None:
        """The file named by one include path, if it is acceptable."""
        target = folder / item
        if self._outside(target, item, span):
            return None
        if not os.path.lexists(target) or (target.is_symlink() and not target.exists()):
            message = _("included file `{item}` does not exist").format(item=item)
            self.add(span, "include-missing", message, _did_you_mean(target, item, self.cwd))
            return None
        return target if self._is_file(target, item, span) else None

    def _is_file(self, target: Path, item: str, span: SourceSpan) -> bool:
        """Report and return False when an include target is not a regular file."""
        try:
            mode = os.stat(target).st_mode
        except OSError as exc:
            message = _("cannot read included file `{item}`: {value}").format(item=item, value=exc.strerror or exc)
            self.add(span, "unreadable", message, _("check its permissions"))
            return False
        if stat.S_ISREG(mode):
            return True
        what = _("a folder") if stat.S_ISDIR(mode) else _("not a regular file")
        self.add(
            span,
            "include-not-file",
            _("include `{item}` is {what}").format(item=item, what=what),
            _("include YAML files, e.g. `parts/*.yaml`"),
        )
        return False


def _did_you_mean(target: Path, item: str, cwd: str) -> str:
    """A hint for a missing include: a similar file name in the same folder, if any."""
    folder = target.parent
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return _("check the path; it is relative to the folder of this file ({folder} does not exist)").format(folder=_display(folder, cwd))
    close = closest(target.name, names)
    if close:
        suggestion = PurePosixPath(PurePosixPath(item).parent, close[0]).as_posix()
        return _("did you mean `{removeprefix}`?").format(removeprefix=suggestion.removeprefix("./"))
    return _("check the path; it is relative to the folder of this file")


def load_roadmap(files: RoadmapFiles, limits: Limits = DEFAULT_LIMITS) -> LoadedRoadmap:
    """Load and merge all files of one roadmap; raise LoadError with every problem found."""
    return _RoadmapReader(files, limits).run()
