"""Renderers and exporters: each exporter turns a Plan into text; the terminal view returns rich renderables.

The renderers are imported when first used (PEP 562 `__getattr__`), not with the package: `roadmap validate`
imports `render.common` and must not pay for jinja2, rich's SVG export and every other format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from roadmap_cli.plan import Plan
from roadmap_cli.render.common import DEFAULT_OPTIONS, ExportOptions
from roadmap_cli.vocabulary import FILE_EXTENSIONS

if TYPE_CHECKING:
    from roadmap_cli.render.csv_ import render_csv
    from roadmap_cli.render.gantt import render_svg_gantt
    from roadmap_cli.render.html import render_html
    from roadmap_cli.render.json_ import render_json
    from roadmap_cli.render.markdown import render_markdown
    from roadmap_cli.render.mermaid import render_flowchart, render_gantt
    from roadmap_cli.render.select import filter_plan
    from roadmap_cli.render.svg import render_svg
    from roadmap_cli.render.terminal import render_explain, render_plan

_HOMES = {
    "render_csv": "csv_",
    "render_svg_gantt": "gantt",
    "render_html": "html",
    "render_json": "json_",
    "render_markdown": "markdown",
    "render_flowchart": "mermaid",
    "render_gantt": "mermaid",
    "filter_plan": "select",
    "render_svg": "svg",
    "render_explain": "terminal",
    "render_plan": "terminal",
}
"""Each renderer's module in this package."""


def __getattr__(name: str) -> Any:
    """A renderer, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


class Exporter(Protocol):
    """Renders a whole plan as text, honouring the view options its format has a use for."""

    def __call__(self, plan: Plan, options: ExportOptions = ..., /) -> str:
        """The plan as text."""
        ...


def _plain(name: str) -> Exporter:
    """An exporter for a format without layout options: the renderer `name`, imported when it runs."""

    def export(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, /) -> str:
        render: Callable[[Plan], str] = __getattr__(name)
        return render(plan)

    return export


def _laid_out(name: str) -> Exporter:
    """An exporter that takes the view options: the renderer `name`, imported when it runs."""

    def export(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, /) -> str:
        render: Exporter = __getattr__(name)
        return render(plan, options)

    return export


def _csv(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, /) -> str:
    """The plan as CSV with the options' delimiter."""
    from roadmap_cli.render.csv_ import render_csv

    return render_csv(plan, delimiter=options.delimiter)


EXPORTERS: dict[str, Exporter] = {
    "markdown": _plain("render_markdown"),
    "mermaid": _plain("render_gantt"),
    "mermaid-flowchart": _plain("render_flowchart"),
    "csv": _csv,
    "json": _plain("render_json"),
    "svg": _laid_out("render_svg_gantt"),
    "terminal-svg": _plain("render_svg"),
    "html": _laid_out("render_html"),
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
