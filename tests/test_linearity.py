"""Every renderer's work grows at most linearly in the roadmap: counted, never timed (issue 16).

Each renderer runs on two generated roadmaps (benchmarks/generate.py, about 150 and 600 initiatives) while a trace
function counts the lines the package executes, function by function: every iteration of every loop and
comprehension in `roadmap_cli` is a line event, so a loop over regions inside a loop over initiatives shows up as it
is, whatever the machine's speed or load. Between the two sizes, the growth exponent of the total, of every function
that runs at least as many lines as the larger roadmap has initiatives (a small quadratic loop is found before it
dominates), and of the output's size (a renderer can be quadratic in what it writes, then in the library that lays
it out) must each be at most GROWTH_BUDGET. Mermaid's limits are lowered so that both sizes are split into parts,
the path large roadmaps take.
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import openpyxl
import pytest
from rich.console import Console

import roadmap_cli
from roadmap_cli.indicators import SPBE_INDEX, resolve_indicator
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan, PlannedTarget
from roadmap_cli.render import mermaid, render_csv, render_html, render_json, render_markdown, render_svg, render_svg_gantt
from roadmap_cli.render.formats import render_export
from roadmap_cli.render.status import render_status_text
from roadmap_cli.render.terminal import render_explain, render_plan
from roadmap_cli.render.xlsx import render_xlsx
from roadmap_cli.status import status_report

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = os.path.dirname(roadmap_cli.__file__)
"""Where the imported package lives: the source tree, or site-packages when the suite runs on an installed wheel."""
SIZES = (150, 600)
GROWTH_BUDGET = 1.15
"""The largest growth exponent allowed (docs/benchmarks.md's budget for every command and format)."""


def _printed(renderables: Any) -> str:
    """What a 120-column console without colour prints."""
    console = Console(width=120, file=io.StringIO(), color_system=None, force_terminal=False, highlight=False, emoji=False)
    for renderable in renderables if isinstance(renderables, list) else [renderables]:
        console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def _content(name: str) -> Callable[[Plan], str | bytes]:
    """The export `name` as the CLI writes it (a split Mermaid diagram: its Markdown document of parts)."""
    return lambda plan: render_export(name, plan).content


RENDERERS: dict[str, Callable[[Plan], str | bytes]] = {
    "terminal": lambda plan: _printed(render_plan(plan, width=120)),
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
    "xlsx": render_xlsx,
    "html": render_html,
    "svg": render_svg_gantt,
    "terminal-svg": render_svg,
    "mermaid": _content("mermaid"),
    "mermaid-flowchart": _content("mermaid-flowchart"),
    "targets-csv": lambda plan: render_export("csv", plan).companions[0][1],
    "status": lambda plan: render_status_text(status_report(plan, plan.roadmap.status_date or plan.roadmap.start)),
    "explain": lambda plan: _printed(render_explain(plan, plan.initiatives[-1].id)),
}
"""Every output a command can write, by format (the terminal view, `status` and `explain` as printed)."""


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Plan]:
    """The generated roadmaps of SIZES initiatives, planned (they carry their own status date)."""
    found = {}
    for size in SIZES:
        folder = tmp_path_factory.mktemp(f"linear-{size}")
        command = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--size", str(size), "--out", str(folder), "--no-split"]
        subprocess.run(command, check=True, capture_output=True)
        found[size] = _with_targets(build_plan(discover_roadmaps([folder])[0])[0])
    return found


def _with_targets(plan: Plan) -> Plan:
    """The plan with an SPBE target for every region and every third initiative, every other one measured, so the
    targets tables of every export grow with it."""
    owners = [("region", region.id, region.id) for region in plan.regions]
    owners += [("initiative", item.id, item.region) for item in plan.initiatives[::3]]
    targets = tuple(
        PlannedTarget("indeks-spbe", owner, owner_id, region, 2024, 2.5, ((2025, 2.7), (2026, 2.9), (2027, 3.1)), ((2025, 2.6 + n % 3 * 0.1),) if n % 2 else (), f"regions.yaml:{n}")
        for n, (owner, owner_id, region) in enumerate(owners)
    )
    return replace(plan, indicators=(resolve_indicator(SPBE_INDEX),), targets=targets)


@pytest.fixture(autouse=True)
def small_mermaid_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Mermaid limits a tenth of the real ones: both roadmaps' diagrams are split, as large roadmaps' are."""
    monkeypatch.setattr(mermaid, "MAX_TEXT_SIZE", mermaid.MAX_TEXT_SIZE // 10)
    monkeypatch.setattr(mermaid, "MAX_EDGES", mermaid.MAX_EDGES // 10)
    yield


Work = tuple[Counter[str], int]
"""Lines executed per function (`file:line name`) and the output's size."""


def count_work(render: Callable[[], object], root: str = PACKAGE) -> Work:
    """The lines under `root` (the package) that `render()` executes, per function and loop iterations included,
    and the size of what it returns."""
    lines: Counter[str] = Counter()

    def local(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            code = frame.f_code
            lines[f"{Path(code.co_filename).name}:{code.co_firstlineno} {code.co_name}"] += 1
        return local

    def start(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename.startswith(root) else None

    previous = sys.gettrace()
    sys.settrace(start)
    try:
        output = render()
    finally:
        sys.settrace(previous)
    assert isinstance(output, (str, bytes))
    return lines, len(output)


def growth(small: float, large: float, small_size: int, large_size: int) -> float:
    """The exponent k with large / small = (large_size / small_size) ** k."""
    return math.log(large / small) / math.log(large_size / small_size)


def test_growth_detects_a_quadratic_loop() -> None:
    """The counter sees a quadratic comprehension as quadratic and a linear one as linear."""

    def linear(n: int) -> str:
        return "".join(str(i) for i in range(n))

    def quadratic(n: int) -> str:
        return "".join(str(sum(1 for j in range(n) if j == i)) for i in range(n))

    def lines(function: Callable[[int], str], n: int) -> int:
        return sum(count_work(lambda: function(n), str(ROOT / "tests"))[0].values())

    l1, l2 = lines(linear, 200), lines(linear, 800)
    q1, q2 = lines(quadratic, 200), lines(quadratic, 800)
    assert growth(l1, l2, 200, 800) == pytest.approx(1.0, abs=0.05)
    assert growth(q1, q2, 200, 800) == pytest.approx(2.0, abs=0.05)


@pytest.mark.parametrize("name", RENDERERS)
def test_work_grows_at_most_linearly(name: str, plans: dict[int, Plan]) -> None:
    """Between the two sizes, the lines executed and the output size of renderer `name` grow at most linearly."""
    small_size, large_size = SIZES
    small, large = plans[small_size], plans[large_size]
    n_small, n_large = len(small.initiatives), len(large.initiatives)
    assert n_large >= 3 * n_small
    render = RENDERERS[name]
    (lines_small, out_small), (lines_large, out_large) = count_work(lambda: render(small)), count_work(lambda: render(large))
    total_small, total_large = sum(lines_small.values()), sum(lines_large.values())
    found = {
        "total lines": (total_small, total_large),
        "output size": (out_small, out_large),
        **{function: (lines_small.get(function, 1), count) for function, count in lines_large.items() if count >= n_large},
    }
    exponents = {what: growth(a, b, n_small, n_large) for what, (a, b) in found.items()}
    over = {what: f"{found[what][0]} -> {found[what][1]} (exponent {k:.2f})" for what, k in exponents.items() if k > GROWTH_BUDGET}
    assert not over, f"{name} grows faster than linearly from {n_small} to {n_large} initiatives: {over}"


def test_xlsx_library_work_grows_at_most_linearly(plans: dict[int, Plan]) -> None:
    """openpyxl's own lines grow at most linearly too: asking it for `max_row` per row scanned every cell (1.72)."""
    small_size, large_size = SIZES
    library = os.path.dirname(openpyxl.__file__)
    small, large = (sum(count_work(lambda plan=plans[size]: render_xlsx(plan), library)[0].values()) for size in SIZES)
    exponent = growth(small, large, len(plans[small_size].initiatives), len(plans[large_size].initiatives))
    assert exponent <= GROWTH_BUDGET, f"openpyxl runs {small} -> {large} lines from {small_size} to {large_size} initiatives (exponent {exponent:.2f})"
