"""Renderers and exporters: each exporter turns a Plan into text; the terminal view returns rich renderables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from roadmap_cli.plan import Plan
from roadmap_cli.render.common import DEFAULT_OPTIONS, ExportOptions
from roadmap_cli.render.csv_ import render_csv
from roadmap_cli.render.gantt import render_svg_gantt
from roadmap_cli.render.html import render_html
from roadmap_cli.render.json_ import render_json
from roadmap_cli.render.markdown import render_markdown
from roadmap_cli.render.mermaid import render_flowchart, render_gantt
from roadmap_cli.render.select import filter_plan
from roadmap_cli.render.svg import render_svg
from roadmap_cli.render.terminal import render_explain, render_plan
from roadmap_cli.vocabulary import FILE_EXTENSIONS


class Exporter(Protocol):
    """Renders a whole plan as text, honouring the view options its format has a use for."""

    def __call__(self, plan: Plan, options: ExportOptions = ..., /) -> str:
        """The plan as text."""
        ...


def _plain(render: Callable[[Plan], str]) -> Exporter:
    """An exporter for a format without layout options."""

    def export(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, /) -> str:
        return render(plan)

    export.__doc__ = render.__doc__
    return export


def _csv(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, /) -> str:
    """The plan as CSV with the options' delimiter."""
    return render_csv(plan, delimiter=options.delimiter)


EXPORTERS: dict[str, Exporter] = {
    "markdown": _plain(render_markdown),
    "mermaid": _plain(render_gantt),
    "mermaid-flowchart": _plain(render_flowchart),
    "csv": _csv,
    "json": _plain(render_json),
    "svg": render_svg_gantt,
    "terminal-svg": _plain(render_svg),
    "html": render_html,
}
"""`roadmap export --format NAME` -> the function that renders the whole plan as text."""


def _xlsx(plan: Plan) -> bytes:
    """The plan as an Excel workbook (openpyxl is imported only when a workbook is asked for)."""
    from roadmap_cli.render.xlsx import render_xlsx

    return render_xlsx(plan)


BINARY_EXPORTERS: dict[str, Callable[[Plan], bytes]] = {"xlsx": _xlsx}
"""`roadmap export --format NAME` -> the function that renders the whole plan as the bytes of a file."""


__all__ = [
    "BINARY_EXPORTERS",
    "EXPORTERS",
    "FILE_EXTENSIONS",
    "ExportOptions",
    "Exporter",
    "filter_plan",
    "render_csv",
    "render_explain",
    "render_flowchart",
    "render_gantt",
    "render_html",
    "render_json",
    "render_markdown",
    "render_plan",
    "render_svg",
    "render_svg_gantt",
]
