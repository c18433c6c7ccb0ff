"""Today's date (ROADMAP_TODAY pins it, a bad value is a usage error) and where the bundled roadmap is found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmap_cli import bundled
from roadmap_cli.clock import today
from roadmap_cli.errors import UsageError


def test_roadmap_today_pins_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_TODAY", " 2026-03-31 ")
    assert today() == date(2026, 3, 31)


def test_without_roadmap_today_it_is_the_real_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROADMAP_TODAY")
    assert today() == date.today()


def test_a_roadmap_today_that_is_no_date_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_TODAY", "31/03/2026")
    with pytest.raises(UsageError) as caught:
        today()
    assert str(caught.value) == "ROADMAP_TODAY=31/03/2026 is not a date; write YYYY-MM-DD or unset it"


def test_an_installed_copy_of_the_bundled_roadmap_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "bundled" / "kaltara"
    installed.mkdir(parents=True)
    monkeypatch.setattr(bundled, "files", lambda package: tmp_path)
    assert bundled.bundled_roadmap() == installed


def test_an_editable_install_uses_the_repositorys_roadmap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an installed copy, the roadmap is the repository's `roadmaps/kaltara` beside `src/` (laid out here, so
    the test holds whether the suite imports the package from the source tree or from an installed wheel)."""
    repository = tmp_path / "repository"
    (repository / "roadmaps" / "kaltara").mkdir(parents=True)
    monkeypatch.setattr(bundled, "files", lambda package: tmp_path / "installed")
    monkeypatch.setattr(bundled, "__file__", str(repository / "src" / "roadmap_cli" / "bundled.py"))
    assert bundled.bundled_roadmap() == repository / "roadmaps" / "kaltara"
