"""Every renderer against its golden file, byte for byte, for both hand-built plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from roadmap_cli.plan import Plan
from roadmap_cli.render import EXPORTERS, FILE_EXTENSIONS, render_explain, render_gantt, render_plan

from .conftest import PLANS, Golden, console_text

Renderer = Callable[[Plan], str]


def terminal(width: int, *, color: bool = False, **options: Any) -> Renderer:
    """The terminal view at `width` columns, plain or in colour."""

    def render(plan: Plan) -> str:
        return console_text(render_plan(plan, width=width, **options), width=width, color=color)

    return render


def explain(initiative_id: str, *, color: bool = False) -> Renderer:
    """The `explain` view of one initiative at 80 columns."""

    def render(plan: Plan) -> str:
        return console_text([render_explain(plan, initiative_id)], width=80, color=color)

    return render


def gantt_by_phase(plan: Plan) -> str:
    """The gantt chart with a section per phase."""
    return render_gantt(plan, sections="phase")


VARIANTS = {"mermaid-flowchart": "-flowchart", "terminal-svg": "-terminal"}
FILES: dict[str, Renderer] = {"plan" + VARIANTS.get(name, "") + FILE_EXTENSIONS[name]: render for name, render in EXPORTERS.items()}
FILES.update({f"terminal-{width}.{'ansi' if color else 'txt'}": terminal(width, color=color) for width in (80, 160) for color in (False, True)})
EXTRA_FILES: dict[str, dict[str, Renderer]] = {
    "small": {
        "plan-phases.mmd": gantt_by_phase,
        "terminal-80-by-category.txt": terminal(80, group_by="category"),
        "terminal-80-by-phase.txt": terminal(80, group_by="phase"),
        "explain-kaltim-gate.txt": explain("kaltim-gate"),
        "explain-bpn-layanan.txt": explain("bpn-layanan"),
        "explain-kaltim-launch.ansi": explain("kaltim-launch", color=True),
    },
    "large": {
        "terminal-80-month.txt": terminal(80, period="month"),
        "terminal-100-year.txt": terminal(100, period="year"),
    },
}
CASES = [(plan, name, render) for plan in sorted(PLANS) for name, render in {**FILES, **EXTRA_FILES.get(plan, {})}.items()]


@pytest.mark.parametrize(("plan", "name", "render"), CASES, ids=[f"{plan}/{name}" for plan, name, _ in CASES])
def test_golden(plan: str, name: str, render: Renderer, golden: Golden) -> None:
    """The rendering equals golden/<plan>/<name>."""
    golden(f"{plan}/{name}", render(PLANS[plan]()))
