"""Command bodies: plain functions over plain arguments that print results and return exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

from roadmap_cli.errors import Diagnostic, RoadmapError, sort_diagnostics
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.output import make_console
from roadmap_cli.pipeline import check_files
from roadmap_cli.report import REPORTERS, format_text, summary_line


def validate_roadmaps(paths: list[Path], report_format: str, strict: bool, color: str) -> int:
    """Validate every roadmap found under `paths`; 0 when valid, 1 when not (warnings too with `strict`)."""
    roadmaps = discover_roadmaps(paths)
    diagnostics: list[Diagnostic] = []
    for files in roadmaps:
        try:
            diagnostics.extend(check_files(files).warnings)
        except RoadmapError as error:
            diagnostics.extend(error.diagnostics)
    diagnostics = sort_diagnostics(diagnostics)
    failed = any(d.is_error for d in diagnostics) or (strict and bool(diagnostics))
    if report_format == "text":
        console = make_console(stderr=True, color=color)  # type: ignore[arg-type]
        console.print(format_text(diagnostics), end="", soft_wrap=True)
        console.print(summary_line(diagnostics, len(roadmaps), failed), end="", soft_wrap=True)
    else:
        sys.stdout.write(REPORTERS[report_format](diagnostics))
    return 1 if failed else 0
