"""A plan a planner can read at province scale: the Sulsel scaffold's phase table, labels, explain, float, pager, init."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.planner import PlanOptions
from roadmap_cli.vocabulary import PhaseMode

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "sulsel"
BUNDLED = [ROOT / "roadmaps" / "kaltara", ROOT / "roadmaps" / "kaltim", *sorted(p for p in (ROOT / "examples").iterdir() if (p / "roadmap.yaml").exists())]
LINES_PER_PHASE = 3
EXPLAIN_LINES = 40


def _run(*args: str) -> str:
    """The CLI's stdout; it must succeed."""
    result = CliRunner().invoke(app, ["--lang", "en", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def sulsel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`roadmap init sulsel --province 73`, as a relative path from the current folder."""
    folder = tmp_path_factory.mktemp("init")
    result = CliRunner().invoke(app, ["init", str(folder / "sulsel"), "--province", "73"])
    assert result.exit_code == 0, result.stderr
    return folder / "sulsel"


def _phase_section(output: str) -> list[str]:
    """The lines of the phase table section, from its rule to the summary's."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Phases ─"))
    end = next(n for n, line in enumerate(lines) if line.startswith("Summary ─"))
    return [line for line in lines[start:end] if line.strip()]


@pytest.mark.parametrize("width", [80, 160])
def test_sulsel_plan_golden(sulsel: Path, width: int, monkeypatch: pytest.MonkeyPatch, check_golden: Callable[[Path, str], None]) -> None:
    """The Sulsel scaffold's plan shows names, not ids, at 80 and 160 columns."""
    monkeypatch.chdir(sulsel.parent)
    output = _run("plan", "sulsel", "--width", str(width), "--color", "never", "--as-of", "2026-01-01")
    check_golden(GOLDEN / f"plan-{width}.txt", output)
    assert "Penyusunan Masterplan Smart City" in output
    assert not re.search(r"^\s+(!\s)?[a-z-]+\.(masterplan|spbe|akses-internet)\b", output, re.MULTILINE)  # no id as a label
    assert max(len(line) for line in output.splitlines()) <= width


def test_sulsel_phase_table_stays_short_at_80_columns(sulsel: Path) -> None:
    """At most three lines per phase, the table's rule, note, header and key included."""
    output = _run("plan", str(sulsel), "--width", "80", "--color", "never", "--summary", "--as-of", "2026-01-01")
    phases = len(json.loads(_run("export", str(sulsel), "-f", "json", "--as-of", "2026-01-01"))["phases"])
    section = _phase_section(output)
    assert phases >= 5
    assert len(section) <= LINES_PER_PHASE * phases, "\n".join(section)


def test_detail_lists_regions_per_phase(sulsel: Path) -> None:
    """`--detail` adds what each phase holds per region under the table."""
    plain = _phase_section(_run("plan", str(sulsel), "--width", "80", "--color", "never", "--summary"))
    detail = _phase_section(_run("plan", str(sulsel), "--width", "80", "--color", "never", "--summary", "--detail"))
    assert not any("Kabupaten Bone:" in line for line in plain)
    assert any("Kabupaten Bone:" in line for line in detail)


def test_explain_stays_under_40_lines_for_every_sulsel_initiative(sulsel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every initiative of the scaffold is explained in fewer than 40 lines at 80 columns; `--all` lists the gate."""
    monkeypatch.chdir(sulsel.parent)
    ids = [item["id"] for item in json.loads(_run("export", "sulsel", "-f", "json"))["initiatives"]]
    longest = max((len(_run("explain", name, "sulsel", "--width", "80", "--color", "never").splitlines()), name) for name in ids)
    assert longest[0] < EXPLAIN_LINES, longest
    gate = _run("explain", "sulawesi-selatan.masterplan", "sulsel", "--width", "80", "--color", "never")
    everything = _run("explain", "sulawesi-selatan.masterplan", "sulsel", "--width", "80", "--color", "never", "--all")
    words = " ".join(gate.split())
    assert "waits for 20 of 24" in words and "4 more not needed" in words
    assert "not needed:" in " ".join(everything.split()) and len(everything.splitlines()) > len(gate.splitlines())


@pytest.mark.parametrize("mode", list(PhaseMode))
@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_no_bundled_initiative_is_critical_with_float(folder: Path, mode: PhaseMode) -> None:
    """Critical means zero float to the roadmap's finish, in every bundled roadmap and example, in both phase modes."""
    for files in discover_roadmaps([folder]):
        plan, _warnings = build_plan(files, PlanOptions(phases=mode))
        for item in plan.initiatives:
            if item.status != "done":
                assert item.slack_days >= 0 and item.critical == (item.slack_days == 0), item.id
        assert all(phase.number > 0 for phase in plan.numbered_phases)
        assert {i for phase in plan.phases for i in phase.initiatives} == {item.id for item in plan.initiatives}


def test_history_is_done_work_outside_the_phases() -> None:
    """Kaltara's done work is history: no numbered phase holds it, and phase 1 starts no earlier than the status date's work."""
    data = json.loads(_run("export", str(ROOT / "roadmaps" / "kaltara"), "-f", "json"))
    done = {item["id"] for item in data["initiatives"] if item["status"] == "done"}
    assert set(data["history"]["initiatives"]) == done
    assert all(item["phase"] is None for item in data["initiatives"] if item["id"] in done)
    assert not done & {i for phase in data["phases"] for i in phase["initiatives"]}
    assert data["phases"][0]["start"] >= "2025-01-01"


def test_calendar_phases_by_period_and_named_windows(tmp_path: Path) -> None:
    """`--phases calendar` groups by period; named windows put each initiative in the window where it starts."""
    source = (ROOT / "examples" / "minimal" / "roadmap.yaml").read_text(encoding="utf-8")
    by_period = json.loads(_run("export", str(ROOT / "examples" / "minimal"), "-f", "json", "--phases", "calendar"))
    assert by_period["phase_mode"] == "calendar"
    for phase in by_period["phases"]:
        members = [item for item in by_period["initiatives"] if item["id"] in phase["initiatives"]]
        assert phase["name"] and all(phase["start"] <= item["start"] <= phase["finish"] for item in members)
    start = re.search(r"start: (\d{4})-", source)
    assert start is not None
    year = int(start[1])
    windows = f"  phases:\n    - {{name: Tahap 1 - Fondasi, until: {year}-06-30}}\n    - {{name: Tahap 2 - Layanan, until: {year + 3}-12-31}}\n"
    named = tmp_path / "roadmap.yaml"
    named.write_text(re.sub(r"(\nroadmap:\n)", lambda m: m[1] + windows, source, count=1), encoding="utf-8")
    data = json.loads(_run("export", str(named), "-f", "json"))
    assert [phase["name"] for phase in data["phases"]][:1] == ["Tahap 1 - Fondasi"]
    for phase in data["phases"]:
        members = [item for item in data["initiatives"] if item["id"] in phase["initiatives"]]
        assert all(phase["start"] <= item["start"] <= phase["finish"] for item in members)
    terminal = _run("plan", str(named), "--width", "80", "--color", "never", "--summary")
    assert "Tahap 1 - Fondasi" in terminal and "windows in time" in terminal
    stages = json.loads(_run("export", str(named), "-f", "json", "--phases", "stages"))
    assert stages["phase_mode"] == "stages" and all(phase["name"] is None for phase in stages["phases"])


def test_labels_option(sulsel: Path) -> None:
    """`--labels id` shows ids, `--labels both` ids and names."""
    ids = _run("plan", str(sulsel), "--width", "120", "--color", "never", "--labels", "id")
    both = _run("plan", str(sulsel), "--width", "160", "--color", "never", "--labels", "both")
    assert "bone.masterplan" in ids and "Penyusunan Masterplan" not in ids
    assert "bone.masterplan  Penyusunan Masterplan" in both


def test_status_dropped_is_accepted() -> None:
    """`--status dropped` is a status like the others."""
    result = CliRunner().invoke(app, ["--lang", "en", "plan", str(ROOT / "roadmaps" / "kaltara"), "--status", "dropped", "--width", "80", "--color", "never"])
    assert result.exit_code == 0, result.stderr


def test_init_without_province_lists_the_provinces(tmp_path: Path) -> None:
    """`roadmap init` needs `--province` or `--region`: exit 2 with the list, and nothing written."""
    result = CliRunner().invoke(app, ["--lang", "en", "init", str(tmp_path / "new")])
    assert result.exit_code == 2
    assert "73 Sulawesi Selatan" in result.stderr and "65 Kalimantan Utara" in result.stderr
    assert not (tmp_path / "new").exists()


def test_init_one_kota_plans(tmp_path: Path) -> None:
    """`roadmap init --region 73.71` scaffolds Kota Makassar alone, and it plans."""
    result = CliRunner().invoke(app, ["init", str(tmp_path / "makassar"), "--region", "73.71"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(_run("export", str(tmp_path / "makassar"), "-f", "json"))
    assert [region["name"] for region in data["regions"]] == ["Kota Makassar"]
    assert len(data["initiatives"]) == 6
    refused = CliRunner().invoke(app, ["init", str(tmp_path / "x"), "--region", "73"])
    assert refused.exit_code == 2


def test_demo_fallback_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ./roadmaps, `roadmap plan` says it shows the bundled example."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--lang", "en", "plan", "--width", "80", "--summary"])
    assert result.exit_code == 0
    assert "no ./roadmaps here: showing the bundled Kalimantan Utara example" in result.stderr


def test_help_lists_full_command_summaries() -> None:
    """`roadmap --help` shows each command's summary uncut."""
    output = _run("--help")
    commands = output.split("Commands:")[1]
    assert "..." not in commands
    assert "Scaffold a roadmap for a province" in output


@pytest.mark.parametrize("width", [48, 60, 72, 80, 100])
def test_the_plan_header_wraps_between_facts_never_inside_one(width: int) -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "plan", str(ROOT / "roadmaps" / "kaltara")], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    header = result.stdout.split("\n\n")[0].splitlines()[2:]
    facts = [fact for line in header for fact in line.split(" · ")]
    assert {"finish 2029-10-19", "horizon 2029-12-31", "13 done (history)", "0 at risk"} <= set(facts)
    assert all(len(line) <= width for line in header)
