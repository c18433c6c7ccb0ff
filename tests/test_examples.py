"""The examples (examples/*/): valid against the format, and each shows what its README comment promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_cli.models import Roadmap
from support.roadmaps import ROOT
from test_roadmaps import build_folder_plan, check_modeline, load_roadmap, pipeline_problems, roadmap_files

EXAMPLES = ROOT / "examples"
NAMES = ("minimal", "multi-file", "resources-budget", "smart-city-dimensions", "source-budget")
FOLDERS = [EXAMPLES / name for name in NAMES]
FILES = [pytest.param(folder, path, id=str(path.relative_to(EXAMPLES))) for folder in FOLDERS for path in roadmap_files(folder)]


def test_every_example_folder_is_tested() -> None:
    # examples/ci holds CI configuration, not a roadmap.
    assert {p.name for p in EXAMPLES.iterdir() if p.is_dir()} - {"ci"} == set(NAMES)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_example_validates_against_the_models(folder: Path) -> None:
    assert load_roadmap(folder).version == 1


@pytest.mark.parametrize(("folder", "path"), FILES)
def test_every_file_starts_with_the_schema_line_and_a_readme_comment(folder: Path, path: Path) -> None:
    check_modeline(folder, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "#" and lines[2].startswith("# ") and len(lines[2]) > 10, f"{path}: no README comment"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_example_has_no_errors_or_warnings(folder: Path) -> None:
    assert pipeline_problems(folder) == []


def test_minimal_is_one_small_file() -> None:
    folder = EXAMPLES / "minimal"
    assert [p.name for p in roadmap_files(folder)] == ["roadmap.yaml"]
    roadmap = load_roadmap(folder)
    assert (len(roadmap.categories), len(roadmap.regions), len(roadmap.initiatives)) == (2, 1, 2)
    assert not roadmap.rules and not roadmap.resources


def test_multi_file_uses_top_level_files_and_includes() -> None:
    folder = EXAMPLES / "multi-file"
    files = [p.relative_to(folder.resolve()).as_posix() for p in roadmap_files(folder)]
    assert files == ["initiatives/kota.yaml", "initiatives/provinsi.yaml", "regions.yaml", "roadmap.yaml", "rules.yaml"]


def test_resources_budget_has_a_team_a_crew_and_a_yearly_budget() -> None:
    roadmap = load_roadmap(EXAMPLES / "resources-budget")
    kinds = {r.kind.value: r for r in roadmap.resources}
    assert set(kinds) == {"team", "crew", "budget"}
    assert kinds["budget"].per == "year"
    budget = kinds["budget"].id
    assert all(budget in i.demands for i in roadmap.initiatives)
    assert any(i.demands[budget] > kinds["budget"].capacity for i in roadmap.initiatives)


def test_smart_city_dimensions_are_the_six() -> None:
    roadmap: Roadmap = load_roadmap(EXAMPLES / "smart-city-dimensions")
    names = [c.name for c in roadmap.categories]
    assert names == ["Smart Governance", "Smart Branding", "Smart Economy", "Smart Living", "Smart Society", "Smart Environment"]
    assert {i.category for i in roadmap.initiatives} == {c.id for c in roadmap.categories}


# ---------------------------------------------------------------- the plans


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_example_plans_within_its_horizon(folder: Path) -> None:
    plan, warnings = build_folder_plan(folder)
    assert plan.initiatives and [str(w) for w in warnings] == []
    if plan.roadmap.horizon is not None:
        assert plan.finish <= plan.roadmap.horizon


def test_resources_budget_levelling_splits_the_command_centre_over_two_budget_years() -> None:
    plan, _ = build_folder_plan(EXAMPLES / "resources-budget")
    centre = plan.initiative("command-center")
    assert centre.start.year < centre.finish.year
    budget = next(r for r in plan.resources if r.kind == "budget")
    assert budget.binding and budget.peak <= budget.capacity
    assert "wifi-publik" in budget.delayed


def test_source_budget_pays_each_share_and_levelling_waits_for_money() -> None:
    """The city's budget is drawn by its APBD shares alone, the budget year holds the masterplan, and levelling moves
    the data centre and the services until the yearly budget can pay them."""
    plan, _ = build_folder_plan(EXAMPLES / "source-budget")
    drawn = {item.id: dict(item.demands).get("apbd-tarakan") for item in plan.initiatives}
    assert drawn == {"wifi-publik": 400_000_000, "masterplan": 600_000_000, "pusat-data": 1_500_000_000, "layanan-kependudukan": 2_000_000_000, "bts-pesisir": None}
    masterplan = plan.initiative("masterplan")
    assert masterplan.budget_delay is not None and masterplan.start == masterplan.budget_delay.start
    budget = next(r for r in plan.resources if r.id == "apbd-tarakan")
    assert budget.delayed == ("layanan-kependudukan", "pusat-data") and budget.peak <= budget.capacity
    assert all(plan.initiative(i).start.year < plan.initiative(i).finish.year for i in budget.delayed)


def test_multi_file_province_waits_for_the_kota() -> None:
    plan, _ = build_folder_plan(EXAMPLES / "multi-file")
    province = plan.initiative("kaltim.integrasi-layanan")
    assert province.start > max(plan.initiative(i).finish for i in ("balikpapan.layanan", "bontang.layanan"))


def test_smart_city_launch_waits_for_three_quick_wins() -> None:
    plan, _ = build_folder_plan(EXAMPLES / "smart-city-dimensions")
    quick_wins = sorted(p.finish for p in plan.initiatives if "quick-win" in p.tags)
    assert plan.initiative("peluncuran").start > quick_wins[2]
