"""Targets in the plan exports (Markdown, HTML, CSV, XLSX): one row per target with the check `roadmap status` makes."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.i18n import set_language
from roadmap_cli.indicators import CONNECTED_VILLAGES, SPBE_INDEX, resolve_indicator
from roadmap_cli.plan import Plan, PlannedTarget
from roadmap_cli.render import render_html, render_markdown
from roadmap_cli.render.csv_ import TARGET_COLUMNS, render_targets_csv
from roadmap_cli.render.formats import export_files, render_export
from roadmap_cli.render.xlsx import render_xlsx

from .plans import small_plan
from .tools import ROOT, require, soffice_convert

SPBE_YEARS = ((2025, 2.8), (2026, 3.0), (2027, 3.2))


def targets_plan() -> Plan:
    """The small plan as of 2026-06-30 with three targets: a region behind, an initiative on target, a region not measured."""
    plan = small_plan()
    targets = (
        PlannedTarget("indeks-spbe", "region", "samarinda", "samarinda", 2024, 2.6, SPBE_YEARS, ((2025, 2.7),), "regions.yaml:20"),
        PlannedTarget("indeks-spbe", "region", "balikpapan", "balikpapan", 2024, 3.1, SPBE_YEARS, (), "regions.yaml:30"),
        PlannedTarget("desa-terhubung", "initiative", "bpn-fiber", "balikpapan", 2024, 60.0, ((2026, 80.0),), ((2025, 75.0), (2026, 81.0)), "initiatives.yaml:9"),
    )
    indicators = (resolve_indicator(SPBE_INDEX), resolve_indicator(CONNECTED_VILLAGES))
    return replace(plan, roadmap=replace(plan.roadmap, status_date=date(2026, 6, 30)), indicators=indicators, targets=targets)


def _section(markdown: str, heading: str) -> list[str]:
    """The table rows under a `## heading`, without its header and delimiter rows."""
    lines = markdown.split(f"## {heading}\n", 1)[1].split("\n\n## ", 1)[0].splitlines()
    return [line for line in lines if line.startswith("| ")][1:]


def test_markdown_has_a_targets_table_with_the_check() -> None:
    """One row per target: whose, indicator, unit, baseline with its year, yearly targets, actuals, the check."""
    text = render_markdown(targets_plan())
    assert "Checked as of 2026-06-30: the latest actual against that year's target." in text
    rows = _section(text, "Targets")
    assert len(rows) == 3
    assert rows[0] == (
        "| Kota Samarinda | SPBE index | index 0-5 | 2.6 (Good) in 2024 | 2025: 2.8; 2026: 3; 2027: 3.2 | 2025: 2.7 "
        "| actual 2.7 (Good) in 2025, target 2.8 (Good): behind target; next target 3 (Good) in 2026 |"
    )
    assert rows[1].endswith("| – | no actual since the baseline; next target 3 (Good) in 2026 |")
    assert rows[2].startswith("| Perluasan BTS 4G \\| Balikpapan Timur (`bpn-fiber`) | Villages connected | % |")
    assert "actual 81 in 2026, target 80: on target" in rows[2]


def test_no_targets_no_section() -> None:
    """A plan without targets has no Targets section, table, sheet or second CSV."""
    plan = small_plan()
    assert "## Targets" not in render_markdown(plan) and 'class="targets"' not in render_html(plan)
    assert "Targets" not in openpyxl.load_workbook(io.BytesIO(render_xlsx(plan))).sheetnames
    assert render_export("csv", plan).companions == ()


def test_the_targets_speak_indonesian() -> None:
    """With Indonesian chosen, headings, words and numbers are Indonesian in every export."""
    set_language("id")
    try:
        plan = targets_plan()
        text = render_markdown(plan)
        html = render_html(plan)
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(plan)))
        header = render_targets_csv(plan).removeprefix("\ufeff").splitlines()[0]
    finally:
        set_language("en")
    assert "## Target\n" in text and "| Wilayah atau inisiatif | Indikator | Satuan | Nilai dasar | Target tahunan | Realisasi | Pemeriksaan |" in text
    assert "2,6 (Baik) pada 2024" in text and "di bawah target" in text and "Indeks SPBE" in text
    assert "<th>Target tahunan</th>" in html and "di bawah target" in html
    assert [cell.value for cell in book["Target"][1]][:3] == ["Target milik", "ID", "Nama"]
    assert header.startswith('"target_milik","id","nama","wilayah"')


def test_html_targets_table() -> None:
    """The report's targets table has a row per target, classed by the check's result."""
    html = render_html(targets_plan())
    table = html.split('<table class="targets">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr class="([a-z-]+)">', table) == ["behind", "not-measured", "on-target"]
    assert "<td>Perluasan BTS 4G | Balikpapan Timur (bpn-fiber)</td>" in table


def test_csv_targets_table_is_data() -> None:
    """The targets CSV: ids and numbers for tools, `year: value` lists, the check's state and the values it compares."""
    text = render_targets_csv(targets_plan(), delimiter=";")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert list(rows[0]) == list(TARGET_COLUMNS)
    assert [(row["target_of"], row["id"], row["check"]) for row in rows] == [
        ("region", "samarinda", "behind"),
        ("region", "balikpapan", "not-measured"),
        ("initiative", "bpn-fiber", "on-target"),
    ]
    first = rows[0]
    assert (first["baseline_year"], first["baseline"], first["targets"], first["actuals"]) == ("2024", "2.6", "2025=2.8, 2026=3, 2027=3.2", "2025=2.7")
    assert (first["status_date"], first["actual_year"], first["actual"], first["expected"], first["next_year"], first["next_target"]) == ("2026-06-30", "2025", "2.7", "2.8", "2026", "3.0")
    assert rows[2]["name"] == "Perluasan BTS 4G | Balikpapan Timur" and rows[2]["region_name"] == "Kota Balikpapan"


def test_csv_defuses_formula_names() -> None:
    """A region name that starts a formula gets its leading `'` in the targets CSV too."""
    plan = targets_plan()
    plan = replace(plan, regions=tuple(replace(region, name="=Samarinda") if region.id == "samarinda" else region for region in plan.regions))
    rows = list(csv.DictReader(io.StringIO(render_targets_csv(plan).removeprefix("\ufeff"))))
    assert rows[0]["name"] == rows[0]["region_name"] == "'=Samarinda"


def test_xlsx_targets_sheet_is_typed() -> None:
    """The Targets sheet: years as whole numbers, values as numbers, the status date as a date, the check in words."""
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(targets_plan())))["Targets"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("Target of", "ID", "Name", "Region ID", "Indicator", "Indicator ID", "Unit")
    first = rows[1]
    assert first[:9] == ("Region", "samarinda", "Kota Samarinda", "samarinda", "SPBE index", "indeks-spbe", "index 0-5", 2024, 2.6)
    assert first[9:11] == ("2025: 2.8; 2026: 3; 2027: 3.2", "2025: 2.7")
    assert first[11].date() == date(2026, 6, 30) and sheet.cell(row=2, column=12).number_format == "yyyy-mm-dd"
    assert first[12:] == ("behind target", 2025, 2.7, 2.8, 2026, 3)
    assert rows[2][12:15] == ("no actual since the baseline", None, None)
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref == "A1:R4"


def test_export_files_writes_the_targets_csv_next_to_the_plan(tmp_path: Path) -> None:
    """`-o plan.csv` writes `plan.csv` and `plan.targets.csv`; stdout gets the initiatives and a note on stderr."""
    export = render_export("csv", targets_plan())
    assert list(export_files(tmp_path / "plan.csv", export)) == [tmp_path / "plan.csv", tmp_path / "plan.targets.csv"]
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(ROOT / "roadmaps" / "kaltara"), "-f", "csv", "-f", "markdown", "-o", str(tmp_path / "k")])
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["k.csv", "k.md", "k.targets.csv"]
    assert (tmp_path / "k.targets.csv").read_text(encoding="utf-8-sig").count("\n") == 6
    piped = runner.invoke(app, ["export", str(ROOT / "roadmaps" / "kaltara"), "-f", "csv"])
    assert piped.exit_code == 0 and piped.stdout == (tmp_path / "k.csv").read_text(encoding="utf-8")
    assert "write the export with --output FILE to get the other tables (targets) next to it" in piped.stderr


def test_targets_golden(tmp_path: Path, check_golden: Callable[[Path, str], None]) -> None:
    """The bundled Kaltara roadmap's `plan.targets.csv`, byte for byte."""
    result = CliRunner().invoke(app, ["export", str(ROOT / "roadmaps" / "kaltara"), "-f", "csv", "-o", str(tmp_path / "plan.csv")])
    assert result.exit_code == 0, result.stderr
    check_golden(ROOT / "tests" / "golden" / "kaltara" / "plan.targets.csv", (tmp_path / "plan.targets.csv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_targets_csv_and_sheet_in_libreoffice(tmp_path: Path, delimiter: str) -> None:
    """LibreOffice opens the targets CSV as a double-click does (numbers as numbers, ISO dates, lists as text) and
    reads the workbook's Targets sheet back as written."""
    plan = targets_plan()
    source = tmp_path / "targets.csv"
    source.write_text(render_targets_csv(plan, delimiter=delimiter), encoding="utf-8")
    soffice_convert([source], "xlsx", tmp_path, infilter="CSV:44/59,34,76,1,,1033,false,true,false,false,false,-1,true")
    rows = list(openpyxl.load_workbook(tmp_path / "targets.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == TARGET_COLUMNS and len(rows) == 4
    assert rows[1][8:13] == (2024, 2.6, "2025=2.8, 2026=3, 2027=3.2", "2025=2.7", rows[1][12])
    assert rows[1][12].date() == date(2026, 6, 30) and rows[1][13:] == ("behind", 2025, 2.7, 2.8, 2026, 3)
    book = tmp_path / "book" / "plan.xlsx"
    book.parent.mkdir()
    book.write_bytes(render_xlsx(plan))
    soffice_convert([book], "ods", tmp_path)
    soffice_convert([tmp_path / "plan.ods"], "xlsx", tmp_path)
    again = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Targets"]
    assert [row[:2] for row in again.iter_rows(values_only=True)] == [("Target of", "ID"), ("Region", "samarinda"), ("Region", "balikpapan"), ("Initiative", "bpn-fiber")]


def test_markdown_targets_in_cmark_gfm() -> None:
    """GitHub's renderer shows the targets table with its seven columns and the escaped `|` inside one cell."""
    cmark = require("cmark-gfm")
    html = subprocess.run([cmark, "-e", "table"], input=render_markdown(targets_plan()), capture_output=True, text=True, check=True).stdout
    table = html.split("<h2>Targets</h2>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 4 and table.count("<th>") == 7
    assert "<td>Perluasan BTS 4G | Balikpapan Timur (<code>bpn-fiber</code>)</td>" in table
