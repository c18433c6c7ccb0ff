"""Plan -> CSV, one row per initiative: UTF-8 with a byte-order mark, `\\n` line ends, formula cells defused."""

from __future__ import annotations

import csv
import io

from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.render.common import clean, clean_lines

COLUMNS = (
    "id",
    "name",
    "region",
    "category",
    "status",
    "phase",
    "start",
    "finish",
    "duration_days",
    "milestone",
    "slack_days",
    "critical",
    "earliest_start",
    "latest_start",
    "cost",
    "owner",
    "tags",
    "dependencies",
    "binding",
    "reasons",
    "dependents",
    "capacity_delays",
    "description",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets, so it gets a leading `'`."""
BOM = "\ufeff"
"""Lets Excel detect UTF-8; Python reads it back with `encoding="utf-8-sig"`."""


def render_csv(plan: Plan) -> str:
    """The initiatives as CSV text, a header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in plan.initiatives:
        writer.writerow(_row(item))
    return BOM + buffer.getvalue()


def defuse(text: str) -> str:
    """Text that a spreadsheet shows as written: a leading `'` when it would start a formula; control characters go."""
    return clean_lines("'" + text if text.startswith(FORMULA_START) else text)


def _row(item: PlannedInitiative) -> list[str]:
    """The cells of one initiative, in COLUMNS order."""
    return [
        item.id,
        defuse(item.name),
        item.region,
        item.category,
        item.status,
        str(item.phase),
        item.start.isoformat(),
        item.finish.isoformat(),
        str(item.duration_days),
        _bool(item.milestone),
        str(item.slack_days),
        _bool(item.critical),
        item.earliest_start.isoformat() if item.earliest_start else "",
        item.latest_start.isoformat() if item.latest_start else "",
        "" if item.cost is None else str(item.cost),
        defuse(item.owner or ""),
        ";".join(item.tags),
        ";".join(dependency.id for dependency in item.dependencies),
        ";".join(dependency.id for dependency in item.dependencies if dependency.binding),
        "\n".join(f"{dependency.id}: {clean(dependency.reason.text())}" for dependency in item.dependencies),
        ";".join(item.dependents),
        ";".join(f"{delay.resource}:{delay.days}" for delay in item.capacity_delays),
        defuse(item.description or ""),
    ]


def _bool(value: bool) -> str:
    """`true` or `false`, as in the JSON."""
    return "true" if value else "false"
