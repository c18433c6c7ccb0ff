"""One export format as the CLI writes it: text or bytes, the parts of a diagram split to fit Mermaid, companion tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from roadmap_cli.plan import Plan
from roadmap_cli.render.common import DEFAULT_OPTIONS, ExportOptions
from roadmap_cli.render.mermaid import Diagram, diagrams_markdown, flowchart_diagrams, gantt_diagrams

Content = str | bytes | Iterator[str]
"""What an export writes: text, bytes, or text made a piece at a time as it is written (`stream_export`)."""


@dataclass(frozen=True)
class Export:
    """A rendered format: what stdout or one file gets, and for a split diagram its parts and a note for stderr."""

    content: Content
    parts: tuple[Diagram, ...] = ()
    note: str | None = None
    companions: tuple[tuple[str, str], ...] = ()
    """Tables written next to the file, each (key, text): `plan.targets.csv` next to `plan.csv`; not on stdout."""


def render_export(name: str, plan: Plan, options: ExportOptions = DEFAULT_OPTIONS) -> Export:
    """Render `plan` in the export format `name` (`roadmap export --format NAME`): a text exporter, or the
    workbook's bytes for `xlsx`."""
    from roadmap_cli.render import BINARY_EXPORTERS, EXPORTERS

    if name in ("mermaid", "mermaid-flowchart"):
        result = gantt_diagrams(plan) if name == "mermaid" else flowchart_diagrams(plan)
        if isinstance(result, Diagram):
            return Export(result.text)
        return Export(diagrams_markdown(plan, result), result.parts, result.note(plan.roadmap.name))
    if name in BINARY_EXPORTERS:
        return Export(BINARY_EXPORTERS[name](plan))
    if name == "csv":
        return Export(EXPORTERS[name](plan, options), companions=_csv_companions(plan, options))
    return Export(EXPORTERS[name](plan, options))


def _csv_companions(plan: Plan, options: ExportOptions) -> tuple[tuple[str, str], ...]:
    """The tables written next to the CSV export: the targets, when the plan has any."""
    if not plan.targets:
        return ()
    from roadmap_cli.render.csv_ import render_targets_csv

    return (("targets", render_targets_csv(plan, delimiter=options.delimiter)),)


def stream_export(name: str, plan: Plan, options: ExportOptions = DEFAULT_OPTIONS) -> Export:
    """`render_export`, but the JSON and CSV exports as pieces made while they are written, so a large plan's text is
    never whole in memory; the pieces add up to `render_json`'s and `render_csv`'s text."""
    if name == "json":
        from roadmap_cli.render.json_ import json_chunks

        return Export(json_chunks(plan))
    if name == "csv":
        from roadmap_cli.render.csv_ import csv_chunks

        return Export(csv_chunks(plan, delimiter=options.delimiter), companions=_csv_companions(plan, options))
    return render_export(name, plan, options)


def export_files(target: Path, export: Export) -> dict[Path, Content]:
    """The files an export goes to: `target` and its companion tables (`plan.targets.csv`); for a split diagram,
    unless `target` is Markdown (`.md`, the parts as fenced blocks in one file), one file per part with the part's
    key before the suffix (`plan.01-aceh.mmd`)."""
    stem, suffix = (target.name[: -len(target.suffix)], target.suffix) if target.suffix else (target.name, "")
    companions: dict[Path, Content] = {target.with_name(f"{stem}.{key}{suffix}"): text for key, text in export.companions}
    if not export.parts or target.suffix == ".md":
        return {target: export.content} | companions
    return {target.with_name(f"{stem}.{part.key}{suffix}"): part.text for part in export.parts}
