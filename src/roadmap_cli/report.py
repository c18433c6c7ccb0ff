"""Diagnostics as text for people, GitHub annotations, or JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from rich.text import Text

from roadmap_cli.errors import Diagnostic
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.render.common import clean, clean_lines, escape_invisible


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    """`2 errors, 1 warning` style summary."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return _("{errors}, {warnings}").format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )


def format_text(diagnostics: Sequence[Diagnostic]) -> Text:
    """`path:line:col: error[code]: message`, then an indented hint; styled for a terminal."""
    text = Text()
    for d in diagnostics:
        text.append(f"{clean(d.path)}:{d.line}:{d.col}: ", style="bold")
        text.append(f"{d.severity.value}[{d.code}]", style="bold red" if d.is_error else "bold yellow")
        text.append(f": {clean_lines(d.message)}\n")
        if d.hint:
            text.append("  " + _("hint: {hint}").format(hint=clean_lines(d.hint)) + "\n", style="cyan")
    return text


def summary_line(diagnostics: Sequence[Diagnostic], roadmaps: int, failed: bool) -> Text:
    """The closing line of a validation run."""
    label = _("invalid") if failed else _("valid")
    checked = ngettext("{count} roadmap checked, {problems}", "{count} roadmaps checked, {problems}", roadmaps)
    style = "bold red" if failed else "bold green"
    return Text.assemble((_("{verdict}: ").format(verdict=label), style), checked.format(count=roadmaps, problems=_counts(diagnostics)) + "\n")


def _escape_property(value: str) -> str:
    """Escape a GitHub workflow-command property value."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(value: str) -> str:
    """Escape a GitHub workflow-command message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One `::error file=…,line=…,col=…,title=…::message` annotation per diagnostic."""
    lines = []
    for d in diagnostics:
        level = "error" if d.is_error else "warning"
        message = _("{message} (hint: {hint})").format(message=clean_lines(d.message), hint=clean_lines(d.hint)) if d.hint else clean_lines(d.message)
        lines.append(f"::{level} file={_escape_property(clean(d.path))},line={d.line},col={d.col},title={_escape_property(f'roadmap {d.code}')}::{_escape_data(message)}\n")
    return "".join(lines)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON object with `valid`, counts and every diagnostic."""
    payload = {
        "valid": not any(d.is_error for d in diagnostics),
        "errors": sum(1 for d in diagnostics if d.is_error),
        "warnings": sum(1 for d in diagnostics if not d.is_error),
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "col": d.col,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ],
    }
    return escape_invisible(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


REPORTERS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "github": format_github,
    "json": format_json,
    "text": lambda diagnostics: format_text(diagnostics).plain,
}
