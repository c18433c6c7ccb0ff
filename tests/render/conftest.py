"""Fixtures for the renderer tests: the two hand-built plans, a pinned console and golden files under golden/."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from roadmap_cli.plan import Plan

from .plans import large_plan, small_plan, status_plan

GOLDEN = Path(__file__).parent / "golden"
PLANS: dict[str, Callable[[], Plan]] = {"small": small_plan, "large": large_plan}

Golden = Callable[[str, str], None]


def console_text(renderables: Iterable[RenderableType], *, width: int, color: bool) -> str:
    """What a console of `width` columns prints, in truecolor or with no colour at all (rich's tests/render.py way)."""
    buffer = io.StringIO()
    console = Console(
        width=width,
        file=buffer,
        color_system="truecolor" if color else None,
        force_terminal=color,
        no_color=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


@pytest.fixture(params=sorted(PLANS))
def plan_name(request: pytest.FixtureRequest) -> str:
    """Each hand-built plan by name."""
    name: str = request.param
    return name


@pytest.fixture
def small() -> Plan:
    """The small plan."""
    return small_plan()


@pytest.fixture
def status() -> Plan:
    """The small plan as of a status date, with late and at-risk work."""
    return status_plan()


@pytest.fixture
def large() -> Plan:
    """The larger plan."""
    return large_plan()


@pytest.fixture
def golden(check_golden: Callable[[Path, str], None]) -> Golden:
    """Compare text with `golden/<relative path>` byte for byte (tests/conftest.py's `check_golden`)."""
    return lambda relative, actual: check_golden(GOLDEN / relative, actual)
