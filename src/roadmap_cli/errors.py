"""Diagnostics and the error hierarchy shared by every pipeline stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from roadmap_cli.i18n import _


class Severity(str, Enum):
    """How bad a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a roadmap, with where it is and how to fix it."""

    path: str
    line: int
    col: int
    code: str
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        """True when this diagnostic fails validation."""
        return self.severity is Severity.ERROR


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort diagnostics by file, line, column, code, then message, dropping exact repeats."""
    unique = {(d.path, d.line, d.col, d.code, d.message, d.hint, d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=lambda d: (d.path, d.line, d.col, d.code, d.message))


class RoadmapError(Exception):
    """A roadmap that cannot be processed; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        first = self.diagnostics[0].message if self.diagnostics else "invalid roadmap"
        super().__init__(first)


class LoadError(RoadmapError):
    """Files could not be read or parsed as YAML."""


class SchemaError(RoadmapError):
    """The data does not match the roadmap format."""


class ReferenceCheckError(RoadmapError):
    """Ids are duplicated or references do not resolve."""


class CycleError(RoadmapError):
    """Dependencies form a cycle."""


class ScheduleError(RoadmapError):
    """The roadmap cannot be scheduled."""


class UsageError(Exception):
    """A command-line usage problem (missing path, bad option); exit code 2."""


class OutputError(UsageError):
    """A file that cannot be written (read-only folder, a folder in the way): exit code 2, nothing written."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("cannot write {path}: {reason}").format(path=path, reason=reason))
