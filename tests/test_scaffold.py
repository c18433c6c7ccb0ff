"""`roadmap init` and `roadmap import psplib`: what they write validates and plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
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
