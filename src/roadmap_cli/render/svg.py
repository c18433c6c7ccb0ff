"""Plan -> SVG: the terminal view at a fixed width, recorded by rich in colour, with a fixed element id."""

from __future__ import annotations

import io

from rich.console import Console

from roadmap_cli.plan import Plan
from roadmap_cli.render.common import clean
from roadmap_cli.render.terminal import render_plan

SVG_WIDTH = 120
"""Terminal columns drawn in the SVG."""


class _Discarded(io.StringIO):
    """A text stream that keeps nothing: the console records what the SVG draws, and its terminal text (tens of MB
    of escape codes at national size) is never read."""

    def write(self, text: str, /) -> int:
        """Drop `text`."""
        return len(text)


def render_svg(plan: Plan, *, width: int = SVG_WIDTH) -> str:
    """The terminal view as a standalone SVG image (same input, same bytes)."""
    console = Console(
        record=True,
        width=width,
        file=_Discarded(),
        color_system="truecolor",
        force_terminal=True,
        no_color=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in render_plan(plan, width=width):
        console.print(renderable)
    return console.export_svg(title=clean(plan.roadmap.name), unique_id="roadmap")
