"""The bundled roadmaps (roadmaps/kaltara, roadmaps/kaltim): valid against the format, and true to the advice they model."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli.errors import Diagnostic, RoadmapError
from roadmap_cli.models import Roadmap
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan
from support.roadmaps import ROOT, checked, loaded, roadmap_at

ROADMAPS = ROOT / "roadmaps"
KALTARA = ROADMAPS / "kaltara"
KALTIM = ROADMAPS / "kaltim"
SCHEMA_FILE = ".roadmap-schema.json"
MODELINE = "# yaml-language-server: $schema="


# ---------------------------------------------------------------- helpers (test_examples.py uses them too)


def roadmap_files(folder: Path) -> list[Path]:
    """The files of a folder roadmap as the real loader reads them: entry files and what `include:` names, each once."""
    return [Path(name).resolve() for name in loaded(folder).files]


def load_roadmap(folder: Path) -> Roadmap:
    """A folder roadmap loaded and validated by the real pipeline."""
    return checked(folder).checked.model


def check_modeline(folder: Path, path: Path) -> None:
    """The file's first line points editors at the schema saved at the root of its roadmap folder."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{path}: first line should be `{MODELINE}...`"
    target = (path.parent / first[len(MODELINE) :].strip()).resolve()
    assert target == (folder / SCHEMA_FILE).resolve(), f"{path}: the schema line should point at {folder / SCHEMA_FILE}"


def pipeline_problems(folder: Path) -> list[str]:
    """Every error and warning of the real pipeline up to planning: loader, checks, rules, cycles."""
    try:
        found = checked(folder).warnings
    except RoadmapError as error:
        found = error.diagnostics
    return [f"{d.path}:{d.line}: {d.code}: {d.message}" for d in found]


def build_folder_plan(folder: Path) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """The plan of a folder roadmap through the real loader and pipeline, with its warnings."""
    return build_plan(roadmap_at(folder))


# ---------------------------------------------------------------- every bundled roadmap

FOLDERS = [KALTARA, KALTIM]
FILES = [pytest.param(folder, path, id=str(path.relative_to(ROADMAPS))) for folder in FOLDERS for path in roadmap_files(folder)]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_roadmap_validates_against_the_models(folder: Path) -> None:
    assert load_roadmap(folder).version == 1


@pytest.mark.parametrize(("folder", "path"), FILES)
def test_every_file_points_editors_at_the_schema(folder: Path, path: Path) -> None:
    check_modeline(folder, path)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_roadmap_has_no_errors_or_warnings(folder: Path) -> None:
    assert pipeline_problems(folder) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_roadmap_plans_without_warnings(folder: Path) -> None:
    plan, warnings = build_folder_plan(folder)
    assert [str(w) for w in warnings] == []
    assert plan.finish <= plan.roadmap.horizon


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_every_file_is_reached(folder: Path) -> None:
    on_disk = {p.resolve() for pattern in ("*.yaml", "*.yml") for p in folder.rglob(pattern)}
    assert on_disk == set(roadmap_files(folder))


# ---------------------------------------------------------------- Kalimantan Utara: the data


def _by_id(items: Any) -> dict[str, Any]:
    return {item.id: item for item in items}


@pytest.fixture(scope="module")
def kaltara() -> Roadmap:
    return load_roadmap(KALTARA)


def test_kaltara_regions_have_kemendagri_codes_and_waves(kaltara: Roadmap) -> None:
    regions = {r.id: (r.kind.value, r.parent, r.code, r.wave, r.capital) for r in kaltara.regions}
    assert regions == {
        "kalimantan-utara": ("province", None, "65", None, "Tanjung Selor"),
        "bulungan": ("kabupaten", "kalimantan-utara", "65.01", 1, "Tanjung Selor"),
        "malinau": ("kabupaten", "kalimantan-utara", "65.02", 2, "Malinau"),
        "nunukan": ("kabupaten", "kalimantan-utara", "65.03", 2, "Nunukan"),
        "tana-tidung": ("kabupaten", "kalimantan-utara", "65.04", 2, "Tideng Pale"),
        "tarakan": ("kota", "kalimantan-utara", "65.71", 1, "Tarakan"),
    }
    assert _by_id(kaltara.regions)["nunukan"].cohort == 2023


def test_kaltara_header(kaltara: Roadmap) -> None:
    header = kaltara.roadmap
    assert (str(header.start), header.period.value, str(header.horizon)) == ("2025-01-01", "half", "2029-12-31")


def test_kaltara_size_and_focus_areas(kaltara: Roadmap) -> None:
    assert 40 <= len(kaltara.initiatives) <= 60
    categories = [c.id for c in kaltara.categories]
    assert categories == ["konektivitas", "bts-bakti", "masterplan", "spbe", "literasi", "layanan", "inovasi"]
    used = {i.category for i in kaltara.initiatives}
    assert used == set(categories)
    services = {tag for i in kaltara.initiatives if i.category == "layanan" for tag in i.tags}
    assert {"kesehatan", "pendidikan", "transportasi"} <= services


def test_kaltara_spbe_and_literacy_in_every_kabupaten_kota(kaltara: Roadmap) -> None:
    for region in ("bulungan", "malinau", "nunukan", "tana-tidung", "tarakan"):
        categories = {i.category for i in kaltara.initiatives if i.region == region}
        assert {"spbe", "literasi", "layanan"} <= categories and categories & {"konektivitas", "bts-bakti"}, region


def test_kaltara_nunukan_past_work_is_done_with_dates(kaltara: Roadmap) -> None:
    items = _by_id(kaltara.initiatives)
    selected, masterplan = items["nunukan.seleksi-gerakan-2023"], items["nunukan.masterplan"]
    assert (selected.status.value, str(selected.started), str(selected.finished)) == ("done", "2023-06-03", "2023-06-03")
    assert (masterplan.status.value, str(masterplan.started)) == ("done", "2023-06-26")
    assert masterplan.finished is not None


def test_kaltara_rules(kaltara: Roadmap) -> None:
    rules = {r.id: r for r in kaltara.rules}
    assert [r.kind for r in kaltara.rules] == ["category-order", "hierarchy", "wave", "gate"]
    order = rules["konektivitas-dulu"]
    assert order.stages[0] == "konektivitas"
    assert order.stages.index("konektivitas") < next(i for i, s in enumerate(order.stages) if "layanan" in s)
    gate = rules["syarat-80-persen-masterplan"]
    assert (gate.quorum, gate.within, gate.target.initiatives) == ("80%", "children", ("kaltara.masterplan-smart-province",))


def test_kaltara_resources_are_demanded(kaltara: Roadmap) -> None:
    demanded = {key for i in kaltara.initiatives for key in i.demands}
    assert demanded == {r.id for r in kaltara.resources}


# ---------------------------------------------------------------- Kalimantan Timur: the data


@pytest.fixture(scope="module")
def kaltim() -> Roadmap:
    return load_roadmap(KALTIM)


def test_kaltim_regions_codes_waves_and_cohorts(kaltim: Roadmap) -> None:
    regions = {r.id: (r.code, r.wave, r.cohort) for r in kaltim.regions if r.kind.value != "province"}
    assert regions == {
        "samarinda": ("64.72", 1, 2017),
        "balikpapan": ("64.71", 2, 2019),
        "bontang": ("64.74", 2, 2019),
        "kutai-kartanegara": ("64.02", 3, 2017),
        "paser": ("64.01", 3, 2021),
        "penajam-paser-utara": ("64.09", 3, 2022),
        "berau": ("64.03", 4, None),
        "kutai-barat": ("64.07", 4, None),
        "kutai-timur": ("64.08", 4, None),
        "mahakam-ulu": ("64.11", 4, None),
    }


def test_kaltim_six_have_a_done_masterplan_and_four_are_to_come(kaltim: Roadmap) -> None:
    masterplans = {i.region: i for i in kaltim.initiatives if "masterplan" in i.tags}
    waves = {r.id: r.wave for r in kaltim.regions}
    for region, item in masterplans.items():
        assert (item.status.value == "done") == (waves[region] <= 3), item.id
    assert len(masterplans) == 10


def test_kaltim_gates(kaltim: Roadmap) -> None:
    rules = {r.id: r for r in kaltim.rules}
    six = rules["enam-daerah-siap"]
    assert six.quorum == "100%" and len(six.require.regions or ()) == 6
    assert rules["syarat-80-persen-masterplan"].quorum == "80%"


# ---------------------------------------------------------------- Kalimantan Utara: the plan

WAVE_1 = ("bulungan", "tarakan")
WAVE_2 = ("malinau", "nunukan", "tana-tidung")


@pytest.fixture(scope="module")
def kaltara_plan() -> Any:
    return build_folder_plan(KALTARA)[0]


def _suffix(initiative_id: str) -> str:
    return initiative_id.split(".", 1)[1]


def test_plan_wave_1_masterplans_precede_their_wave_2_counterparts(kaltara_plan: Any) -> None:
    """Bulungan and Tarakan write and adopt their masterplans before Malinau and Tana Tidung (Nunukan's is 2023 history)."""
    track = [p for p in kaltara_plan.initiatives if _suffix(p.id) in ("masterplan", "penetapan-masterplan") and p.region != "nunukan"]
    first = [p for p in track if p.region in WAVE_1]
    later = [p for p in track if p.region in WAVE_2]
    pairs = [(a, b) for a in first for b in later if _suffix(a.id) == _suffix(b.id)]
    assert len(pairs) == 8
    for a, b in pairs:
        assert a.start <= b.start, f"{a.id} starts {a.start}, after {b.id} ({b.start})"
        assert a.finish <= b.finish, f"{a.id} finishes {a.finish}, after {b.id} ({b.finish})"


def test_plan_wave_2_smart_city_work_waits_for_wave_1_adoption(kaltara_plan: Any) -> None:
    adopted = max(p.finish for p in kaltara_plan.initiatives if p.region in WAVE_1 and p.id.endswith(".penetapan-masterplan"))
    waiting = [p for p in kaltara_plan.initiatives if p.region in WAVE_2 and "gelombang" in p.tags]
    assert waiting
    for item in waiting:
        assert item.start >= adopted, item.id


def test_plan_connectivity_precedes_services_in_every_region(kaltara_plan: Any) -> None:
    """A region's own network comes before its services; Malinau and Nunukan have none planned (BAKTI builds their BTS)."""
    for region in ("kalimantan-utara", *WAVE_1, *WAVE_2):
        items = [p for p in kaltara_plan.initiatives if p.region == region]
        connectivity = [p for p in items if p.category == "konektivitas"]
        services = [p for p in items if p.category == "layanan"]
        assert services, region
        assert bool(connectivity) == (region not in ("malinau", "nunukan")), region
        if not connectivity:
            continue
        assert max(p.finish for p in connectivity) < min(p.start for p in services), region
        assert max(p.phase for p in connectivity) < min(p.phase for p in services), region


def test_plan_smart_province_step_follows_the_80_percent_gate(kaltara_plan: Any) -> None:
    masterplans = sorted(
        (p for p in kaltara_plan.initiatives if "masterplan" in p.tags and p.region != "kalimantan-utara"),
        key=lambda p: p.finish,
    )
    assert len(masterplans) == 5
    k = math.ceil(0.8 * len(masterplans))
    kth = masterplans[k - 1]
    step = kaltara_plan.initiative("kaltara.masterplan-smart-province")
    assert step.start > kth.finish
    assert step.phase > sorted(p.phase for p in masterplans)[k - 1]
    launch = kaltara_plan.initiative("kaltara.peluncuran-smart-province")
    assert launch.start > step.finish
    assert launch.finish <= kaltara_plan.roadmap.horizon


def test_plan_nothing_waits_for_bakti_bts(kaltara_plan: Any) -> None:
    """BAKTI's BTS sites are central-government work: only other BTS work waits for them, so they are off the launch's path."""
    bts = {p.id for p in kaltara_plan.initiatives if p.category == "bts-bakti"}
    assert len(bts) == 6
    for item in kaltara_plan.initiatives:
        if item.category != "bts-bakti":
            assert not bts & {d.id for d in item.dependencies}, item.id


def test_plan_province_services_follow_the_kabupaten_kota(kaltara_plan: Any) -> None:
    province = kaltara_plan.initiative("kaltara.satu-data-layanan")
    below = [p for p in kaltara_plan.initiatives if p.category == "layanan" and p.region != "kalimantan-utara"]
    assert province.start > max(p.finish for p in below)


def test_plan_bts_crew_levelling_matters(kaltara_plan: Any) -> None:
    crew = next(r for r in kaltara_plan.resources if r.id == "kru-bts")
    assert crew.binding and crew.peak == crew.capacity
