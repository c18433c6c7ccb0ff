"""The Excel workbook: read back with openpyxl, converted by LibreOffice, and the same bytes for the same plan."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from roadmap_cli.durations import period_starts
from roadmap_cli.plan import Plan
from roadmap_cli.render import render_json
from roadmap_cli.render.common import cost_per_year
from roadmap_cli.render.xlsx import RUPIAH_FORMAT, ZIP_DATE, render_xlsx

from .tools import BUNDLED, ROOT, bundled_plan, soffice_convert

SHEETS = ["Plan", "Gantt", "Phases", "Cost per year", "Cost per region", "Cost per category", "Resources"]


def _workbook(plan: Plan) -> openpyxl.Workbook:
    """The rendered workbook, read back."""
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(plan)))


def test_plan_sheet_is_typed_with_names_and_ids(small: Plan) -> None:
    """Dates are dates, numbers numbers, cost in rupiah; names beside ids; frozen header, filter, widths."""
    book = _workbook(small)
    assert book.sheetnames == SHEETS
    sheet = book["Plan"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["ID", "Initiative", "Region", "Region ID", "Category", "Category ID", "Status"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:AE{len(small.initiatives) + 1}"
    assert all(sheet.column_dimensions[letter].width >= 4 for letter in "ABCDEFG")
    column = {name: number for number, name in enumerate(header)}
    regions = {region.id: region.name for region in small.regions}
    for row, item in zip(sheet.iter_rows(min_row=2), small.initiatives, strict=True):
        assert row[column["ID"]].value == item.id and row[column["Initiative"]].value == item.name
        assert row[column["Region"]].value == regions[item.region] and row[column["Region ID"]].value == item.region
        assert row[column["Start"]].value == datetime.combine(item.start, datetime.min.time())
        assert row[column["Start"]].number_format == "yyyy-mm-dd"
        assert row[column["Days"]].value == item.duration_days and row[column["Critical"]].value is item.critical
        assert row[column["Cost"]].value == item.cost and row[column["Cost"]].number_format == RUPIAH_FORMAT
    owners = {row[column["ID"]].value: row[column["Owner"]] for row in sheet.iter_rows(min_row=2)}
    assert owners["smd-layanan"].value == "=DPMPTSP Samarinda" and owners["smd-layanan"].data_type == "s"


def test_gantt_sheet_fills_one_cell_per_period_in_category_colours(small: Plan) -> None:
    """One row per initiative, one column per period; each bar's cells in its category's fill, marks for status."""
    sheet = _workbook(small)["Gantt"]
    header = [cell.value for cell in sheet[1]]
    first_period = header.index("Finish") + 1
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2, max_row=len(small.initiatives) + 1)}
    assert set(rows) == {item.id for item in small.initiatives}
    colours = {}
    for item in small.initiatives:
        filled = [cell for cell in rows[item.id][first_period:] if cell.fill.fill_type == "solid"]
        assert len(filled) == len(period_starts(item.start, item.finish, small.roadmap.period)), item.id
        colours.setdefault(item.category, {cell.fill.fgColor.rgb for cell in filled})
        marks = {cell.value for cell in filled}
        if item.milestone:
            assert marks == {"◇" if item.status == "done" else "◆"}
        else:
            assert marks == {{"done": "✓", "active": "▶"}.get(item.status)}
    assert all(len(found) == 1 for found in colours.values()) and len(set().union(*colours.values())) == len(colours)
    assert sheet.freeze_panes == f"{openpyxl.utils.get_column_letter(first_period + 1)}2"


def test_phase_and_cost_sheets_add_up(large: Plan) -> None:
    """Phases count their initiatives; cost per year, region and category each total the plan's cost."""
    book = _workbook(large)
    total = sum(item.cost or 0 for item in large.initiatives)
    phases = list(book["Phases"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in phases] == [phase.number for phase in large.phases]
    assert sum(row[4] for row in phases) == len(large.initiatives) and sum(row[7] for row in phases) == total
    years = list(book["Cost per year"].iter_rows(min_row=2, values_only=True))
    assert years[:-1] == list(cost_per_year(large).items()) and years[-1] == ("Total", total)
    for name in ("Cost per region", "Cost per category"):
        rows = list(book[name].iter_rows(min_row=2, values_only=True))
        assert sum(row[3] for row in rows[:-1]) == total and rows[-1] == ("Total", None, len(large.initiatives), total)
        assert book[name]["D2"].number_format == RUPIAH_FORMAT


def test_resources_sheet(small: Plan) -> None:
    """Each resource with capacity, peak and the waits it caused."""
    rows = list(_workbook(small)["Resources"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[3], row[5], row[7]) for row in rows] == [(resource.id, resource.capacity, resource.peak, resource.delay_days) for resource in small.resources]


def test_same_plan_same_bytes(small: Plan) -> None:
    """Fixed created/modified times and zip entry dates: two renders, and two interpreters, give the same bytes."""
    data = render_xlsx(small)
    assert data == render_xlsx(small)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {ZIP_DATE}
        core = archive.read("docProps/core.xml").decode()
    assert f"{small.roadmap.start}T00:00:00Z" in core
    script = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); from render.plans import small_plan; "
        "from roadmap_cli.render.xlsx import render_xlsx; print(hashlib.sha256(render_xlsx(small_plan())).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        result = subprocess.run([sys.executable, "-c", script, str(ROOT / "tests")], capture_output=True, text=True, env=env, check=True)
        digests.add(result.stdout)
    assert len(digests) == 1


def test_libreoffice_opens_the_workbook(small: Plan, tmp_path: Path) -> None:
    """Headless LibreOffice converts every workbook to CSV (its first sheet as shown, cell for cell the JSON's,
    cost in the rupiah format) and to PDF."""
    plans = {"small": small, **{folder.name: bundled_plan(folder) for folder in BUNDLED}}
    sources = []
    for name, plan in plans.items():
        (tmp_path / f"{name}.xlsx").write_bytes(render_xlsx(plan))
        sources.append(tmp_path / f"{name}.xlsx")
    soffice_convert(sources, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    soffice_convert(sources, "pdf", tmp_path)
    for name, plan in plans.items():
        assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        rows = list(csv.DictReader(io.StringIO((tmp_path / f"{name}.csv").read_text(encoding="utf-8"))))
        initiatives = json.loads(render_json(plan))["initiatives"]
        assert len(rows) == len(initiatives)
        for row, item in zip(rows, initiatives, strict=True):
            assert (row["ID"], row["Initiative"], row["Start"], row["Finish"]) == (
                item["id"],
                item["name"],
                item["start"],
                item["finish"],
            )
            assert row["Days"] == str(item["duration_days"]) and row["Critical"] == str(item["critical"]).upper()
            assert row["Cost"] == ("" if item["cost"] is None else f"Rp {item['cost']:,}")  # as shown, en-US separators
            assert row["Owner"] == (item["owner"] or "")


def test_cli_writes_the_workbook_and_refuses_a_terminal(tmp_path: Path) -> None:
    """`-f xlsx -o FILE` writes the workbook; to a pipe it writes the bytes."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "roadmap_cli", "export", str(ROOT / "roadmaps" / "kaltara"), "-f", "xlsx"]
    written = subprocess.run([*base, "-o", str(tmp_path / "k.xlsx")], capture_output=True, env=env, check=False)
    assert written.returncode == 0, written.stderr
    piped = subprocess.run(base, capture_output=True, env=env, check=False)
    assert piped.returncode == 0 and piped.stdout == (tmp_path / "k.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "k.xlsx").sheetnames == SHEETS[:6] + ["Cost by funding source", "Cost per owner"] + SHEETS[6:] + ["Targets"]


@pytest.mark.parametrize("folder", BUNDLED, ids=[folder.name for folder in BUNDLED])
def test_bundled_roadmaps_read_back(folder: Path) -> None:
    """Every bundled roadmap's workbook opens with one Plan and one Gantt row per initiative."""
    plan = bundled_plan(folder)
    book = _workbook(plan)
    assert book["Plan"].max_row == len(plan.initiatives) + 1
    ids = [row[0] for row in book["Gantt"].iter_rows(min_row=2, max_row=len(plan.initiatives) + 1, values_only=True)]
    assert sorted(ids) == sorted(item.id for item in plan.initiatives)
