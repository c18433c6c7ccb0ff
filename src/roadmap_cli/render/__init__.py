"""Renderers and exporters: each exporter turns a Plan into text; the terminal view returns rich renderables."""

from __future__ import annotations

from collections.abc import Callable

from roadmap_cli.plan import Plan
from roadmap_cli.render.csv_ import render_csv
from roadmap_cli.render.json_ import render_json
from roadmap_cli.render.markdown import render_markdown
from roadmap_cli.render.mermaid import render_flowchart, render_gantt
from roadmap_cli.render.select import filter_plan
from roadmap_cli.render.svg import render_svg
from roadmap_cli.render.terminal import render_explain, render_plan

EXPORTERS: dict[str, Callable[[Plan], str]] = {
    "markdown": render_markdown,
    "mermaid": render_gantt,
    "mermaid-flowchart": render_flowchart,
    "csv": render_csv,
    "json": render_json,
    "svg": render_svg,
}
"""`roadmap export --format NAME` -> the function that renders the whole plan as text."""

FILE_EXTENSIONS: dict[str, str] = {
    "markdown": ".md",
    "mermaid": ".mmd",
    "mermaid-flowchart": ".mmd",
    "csv": ".csv",
    "json": ".json",
    "svg": ".svg",
    "xlsx": ".xlsx",
}
"""File extension per export format: the text exporters, and the `xlsx` workbook (render.xlsx, imported on use)."""

__all__ = [
    "EXPORTERS",
    "FILE_EXTENSIONS",
    "filter_plan",
    "render_csv",
    "render_explain",
    "render_flowchart",
    "render_gantt",
    "render_json",
    "render_markdown",
    "render_plan",
    "render_svg",
]
