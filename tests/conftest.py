"""Shared test fixtures: a pinned terminal environment, golden-file comparison (`--update-golden`), the YAML parser."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import i18n
from roadmap_cli.loader import document
from support.roadmaps import PARSERS

TEST_TODAY = "2025-01-01"
"""Today in every test: the status date of a roadmap that sets none (see roadmap_cli.clock)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--update-golden`: rewrite golden files instead of comparing against them."""
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite golden files from the current output")


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Remove environment variables that change output, pin today's date and the terminal size; English afterwards."""
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "ROADMAP_DEBUG", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ROADMAP_TODAY", TEST_TODAY)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("TERM", "dumb")
    yield
    i18n.set_language("en")  # whatever language a test switched to


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files should be rewritten (`--update-golden` or ROADMAP_UPDATE_GOLDEN=1)."""
    return bool(request.config.getoption("--update-golden")) or os.environ.get("ROADMAP_UPDATE_GOLDEN") == "1"


@pytest.fixture
def check_golden(update_golden: bool) -> Callable[[Path, str], None]:
    """Compare text with a golden file byte for byte, showing a diff; rewrite it with --update-golden."""

    def check(path: Path, actual: str) -> None:
        if update_golden or not path.exists():
            if not update_golden:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            return
        expected = path.read_bytes().decode("utf-8")
        if expected != actual:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "actual"))
            pytest.fail(f"output differs from {path} (run pytest --update-golden to accept):\n{diff}")

    return check


@pytest.fixture(params=list(PARSERS.values()), ids=list(PARSERS))
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Run a test with libyaml's parser (when built) and with the pure-Python one."""
    monkeypatch.setattr(document, "_YAML_LOADER", request.param)
    yield request.param
