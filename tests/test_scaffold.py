"""`roadmap init` and `roadmap import psplib`: what they write validates and plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.planner import PlanOptions
from support.cli import invoke

SMALL_SM = """************************************************************************
file with basedata            : small.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  20
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0       10        1       10
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          3           2   3   4
   2        1          1           5
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       1
  3      1     4       1
  4      1     2       1
  5      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    2
************************************************************************
"""


@pytest.mark.parametrize("province", ["64", "65"])
def test_init_scaffolds_a_roadmap_that_validates_and_plans(province: str, tmp_path: Path) -> None:
    """`roadmap init --province 64/65` writes a roadmap that validates with no warning and plans."""
    folder = tmp_path / "baru"
    code, _, err = invoke("init", str(folder), "--province", province)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == [".roadmap-schema.json", "initiatives.yaml", "regions.yaml", "roadmap.yaml", "rules.yaml"]
    code, _, err = invoke("validate", str(folder), "--strict", "--color", "never")
    assert code == 0, err
    plan, warnings = build_plan(discover_roadmaps([folder])[0])
    assert warnings == ()
    regions = {r.code for r in plan.regions}
    assert province in regions and len(regions) == {"64": 11, "65": 6}[province]
    launch = plan.initiative(f"{plan.regions[0].id}.peluncuran-provinsi-cerdas")
    assert launch.finish == plan.finish


@pytest.mark.parametrize(
    ("language", "description"),
    [("en", "Digital literacy for citizens and civil servants."), ("id", "Literasi digital bagi warga dan ASN.")],
)
@pytest.mark.parametrize("scope", [("--province", "65"), ("--region", "73.71")], ids=["province", "region"])
def test_init_writes_category_descriptions_in_the_language(language: str, description: str, scope: tuple[str, str], tmp_path: Path) -> None:
    """The standard categories' descriptions follow `--lang`, for a province and for one kota; their Indonesian names stay."""
    folder = tmp_path / "baru"
    code, _, err = invoke("init", str(folder), *scope, "--lang", language)
    assert code == 0, err
    text = (folder / "roadmap.yaml").read_text(encoding="utf-8")
    assert f'    name: "Literasi Digital"\n    description: "{description}"\n' in text


def test_init_names_the_province_masterplan_a_smart_province_one(tmp_path: Path) -> None:
    """The province's own masterplan is a Masterplan Provinsi Cerdas; its kabupaten/kota write Smart City ones."""
    folder = tmp_path / "kaltara"
    code, _, err = invoke("init", str(folder), "--province", "65")
    assert code == 0, err
    plan, _warnings = build_plan(discover_roadmaps([folder])[0])
    assert plan.initiative("kalimantan-utara.masterplan").name == "Penyusunan Masterplan Provinsi Cerdas Kalimantan Utara"
    assert plan.initiative("tarakan.masterplan").name == "Penyusunan Masterplan Smart City Kota Tarakan"
    assert "Masterplan Smart City Kalimantan Utara" not in (folder / "initiatives.yaml").read_text(encoding="utf-8")


def test_init_region_scaffolds_one_kabupaten_kota_that_validates_and_plans(tmp_path: Path) -> None:
    """`roadmap init --region 73.71` writes a smart-city roadmap for Kota Makassar alone: valid, planned, launch last."""
    folder = tmp_path / "makassar"
    code, _, err = invoke("init", str(folder), "--region", "73.71", "--start", "2027-01-01")
    assert code == 0, err
    code, _, err = invoke("validate", str(folder), "--strict", "--color", "never")
    assert code == 0, err
    plan, warnings = build_plan(discover_roadmaps([folder])[0])
    assert warnings == ()
    assert [(r.id, r.code, r.kind) for r in plan.regions] == [("makassar", "73.71", "kota")]
    assert plan.roadmap.name == "Peta Jalan Smart City Kota Makassar"
    assert str(plan.roadmap.start) == "2027-01-01"
    masterplan = plan.initiative("makassar.masterplan")
    assert masterplan.name == "Penyusunan Masterplan Smart City Kota Makassar"
    launch = plan.initiative("makassar.peluncuran-smart-city")
    assert launch.finish == plan.finish and launch.start > masterplan.finish


@pytest.mark.parametrize("scope", [("--province", "65"), ("--region", "73.71")], ids=["province", "region"])
def test_init_writes_funding_authority_budget_calendar_and_targets(scope: tuple[str, str], tmp_path: Path) -> None:
    """The scaffold shows the issue-15 fields by example: who pays (a source, a split), BTS work as BAKTI's central
    work, the budget calendar, and an SPBE target per region from a placeholder baseline marked as such."""
    folder = tmp_path / "baru"
    code, _, err = invoke("init", str(folder), *scope, "--start", "2027-01-01")
    assert code == 0, err
    header = (folder / "roadmap.yaml").read_text(encoding="utf-8")
    assert '  budget_calendar:\n    apbd_by: "11-30"\n    apbd_p_by: "09-30"\n' in header
    assert "  calendar:\n    weekend: [sat, sun]\n    national_holidays: true\n    cuti_bersama: true\n    holidays: []\n" in header
    regions_text = (folder / "regions.yaml").read_text(encoding="utf-8")
    assert "indicators:\n  - indeks-spbe\n" in regions_text
    plan, warnings = build_plan(discover_roadmaps([folder])[0], PlanOptions(as_of=date(2026, 12, 1)))
    assert warnings == ()
    assert regions_text.count("# PLACEHOLDER: replace the baseline") == len(plan.regions) == len(plan.targets)
    assert {(t.indicator, t.baseline_year, t.baseline, t.yearly[0], t.yearly[-1]) for t in plan.targets} == {("indeks-spbe", 2026, 2.6, (2027, 2.8), (2031, 3.6))}
    own = "apbd-provinsi" if scope[0] == "--province" else "apbd-kabkota"
    top = plan.regions[0].id
    bts, masterplan, services = (plan.initiative(f"{top}.{suffix}") for suffix in ("akses-internet", "masterplan", "layanan-publik"))
    assert bts.external and bts.authority == "central" and [s.source for s in bts.funding] == ["bakti"]
    assert [(s.source, s.percent) for s in masterplan.funding] == [(own, 100)]
    assert [(s.source, s.percent) for s in services.funding] == [(own, 60), ("dak", 40)]
    assert all(item.funding for item in plan.initiatives if not item.milestone)
    assert min(item.start for item in plan.initiatives if item.funding and not item.external) >= date(2027, 1, 1)
    code, out, err = invoke("status", str(folder), "--as-of", "2026-12-01")
    assert code == 0, err
    assert "SPBE index: baseline 2.6 (Good) in 2026; no actual since the baseline; next target 2.8 (Good) in 2027" in out


def test_init_placeholders_are_marked_in_indonesian(tmp_path: Path) -> None:
    """With `--lang id` the scaffold's comments are Indonesian and the placeholder still says PLACEHOLDER."""
    folder = tmp_path / "baru"
    code, _, err = invoke("init", str(folder), "--region", "73.71", "--lang", "id")
    assert code == 0, err
    assert "PLACEHOLDER" in (folder / "regions.yaml").read_text(encoding="utf-8")
    assert "# Tahun anggaran: APBD tahun N" in (folder / "roadmap.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("73.91", "en", "`73.91` is not a kabupaten/kota code; did you mean 73.71 (Kota Makassar)"),
        ("73.91", "id", "`73.91` bukan kode kabupaten/kota; apakah yang dimaksud 73.71 (Kota Makassar)"),
        ("7371", "en", "did you mean 73.71 (Kota Makassar)"),
        ("makassar", "en", "did you mean 73.71 (Kota Makassar)"),
    ],
)
def test_init_unknown_region_suggests_close_codes(typed: str, language: str, expected: str, tmp_path: Path) -> None:
    """A mistyped kabupaten/kota code exits 2 with the closest codes and their names, in the command's language."""
    code, _, err = invoke("init", str(tmp_path / "x"), "--region", typed, "--lang", language)
    assert code == 2 and expected in " ".join(err.split()), err
    assert not (tmp_path / "x").exists()


def test_init_region_with_a_province_code_points_at_province(tmp_path: Path) -> None:
    """`--region 73` is a province: the error says to use --province 73, or one of its kabupaten/kota codes."""
    code, _, err = invoke("init", str(tmp_path / "x"), "--region", "73")
    text = " ".join(err.split())
    assert code == 2 and "use --province 73" in text and "e.g. 73.01" in text, err
    assert "Traceback" not in err


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """init never overwrites: a non-empty folder is a usage error."""
    (tmp_path / "keep.yaml").write_text("x: 1\n", encoding="utf-8")
    code, _, err = invoke("init", str(tmp_path), "--province", "65")
    assert code == 2 and "not an empty folder" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.yaml"]


def test_init_unknown_province(tmp_path: Path) -> None:
    """An unknown province code exits 2 and lists the codes."""
    code, _, err = invoke("init", str(tmp_path / "x"), "--province", "65.01")
    assert code == 2 and "65 Kalimantan Utara" in err
    assert not (tmp_path / "x").exists()


def test_import_psplib_levels_on_the_capacity(tmp_path: Path) -> None:
    """A PSPLIB instance becomes a roadmap; capacity 2 runs jobs of 3, 4 and 2 days in 5 days (3+2 beside 4), not 4."""
    source = tmp_path / "small.sm"
    source.write_text(SMALL_SM, encoding="utf-8")
    target = tmp_path / "small.yaml"
    code, _, err = invoke("import", "psplib", str(source), "-o", str(target), "--start", "2026-01-01")
    assert code == 0, err
    plan, _ = build_plan(discover_roadmaps([target])[0])
    assert [r.capacity for r in plan.resources] == [2]
    assert (plan.initiative("j5").start - plan.roadmap.start).days == 5
    assert plan.initiative("j5").milestone


def test_import_psplib_plans_from_its_start_whatever_the_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The imported roadmap carries its start as its status date, so a later today does not push the jobs there."""
    source = tmp_path / "small.sm"
    source.write_text(SMALL_SM, encoding="utf-8")
    target = tmp_path / "small.yaml"
    code, _, err = invoke("import", "psplib", str(source), "-o", str(target), "--start", "2026-01-01")
    assert code == 0, err
    assert "  status_date: 2026-01-01\n" in target.read_text(encoding="utf-8")
    monkeypatch.setenv("ROADMAP_TODAY", "2031-06-30")
    plan, _ = build_plan(discover_roadmaps([target])[0])
    assert min(item.start for item in plan.initiatives) == plan.roadmap.start
    assert (plan.initiative("j5").start - plan.roadmap.start).days == 5


def test_import_psplib_bad_file(tmp_path: Path) -> None:
    """A file that is not PSPLIB is a usage error with the reason."""
    source = tmp_path / "bad.sm"
    source.write_text("hello\n", encoding="utf-8")
    code, out, err = invoke("import", "psplib", str(source))
    assert code == 2 and out == "" and "not a PSPLIB single-mode instance" in err
