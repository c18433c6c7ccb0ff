"""Every output that depends on the status date says which day it is, and marks late, at-risk and done work."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from roadmap_cli.i18n import set_language
from roadmap_cli.plan import Plan
from roadmap_cli.render import render_csv, render_flowchart, render_gantt, render_html, render_markdown, render_svg_gantt
from roadmap_cli.render.xlsx import render_xlsx

from .conftest import Golden

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_marks_late_at_risk_and_done_work(status: Plan) -> None:
    """Late work has the `late` class, ✖ and its days; at-risk work `risk` and ⚠; done work stays faded with ✓."""
    root = ET.fromstring(render_svg_gantt(status))
    rows = {group.find(f"{SVG}title").text.split(" · ")[0]: group for group in root.iter(f"{SVG}g") if group.get("class") == "r"}  # type: ignore[union-attr]

    def classes(row: str) -> set[str]:
        return {name for element in rows[row] for name in (element.get("class") or "").split()}

    def marks(row: str) -> str:
        return "".join(element.text or "" for element in rows[row] if (element.get("class") or "").startswith("mk"))

    assert {"late", "b"} <= classes("bpn-fiber") and marks("bpn-fiber") == "▶ ✖ 33 days late"
    assert "risk" in classes("smd-layanan") and marks("smd-layanan") == "⚠ at risk"
    assert {"done"} <= classes("smd-fiber") and "late" not in classes("smd-fiber") and marks("smd-fiber") == "✓"
    legend = "".join(root.itertext())
    assert "late (red dashed outline, ✖)" in legend and "at risk (dotted outline, ⚠)" in legend


def test_html_states_the_date_and_the_states(status: Plan) -> None:
    """The report's as-of line, the status line in every chart part, late and at-risk counts and row classes."""
    text = render_html(status)
    assert "start 2026-01-01 · as of 2026-09-15 · period quarter" in text
    assert text.count('class="today"') >= 2 and "<li><b>1</b><span>late</span></li>" in text
    assert "<li><b>1</b><span>at risk</span></li>" in text
    assert '<tr class="late">' in text and "active, 33 days late" in text
    assert '<tr class="crit risk">' in text and "planned, at risk" in text


def test_markdown_states_the_date_and_the_states(status: Plan) -> None:
    """The facts line has the status date; the status cell and the summary name late and at-risk work."""
    text = render_markdown(status)
    assert "start 2026-01-01 · as of 2026-09-15 · period quarter" in text.splitlines()[2]
    assert "active, **33 days late**" in text and "**critical**, **at risk**" in text
    assert "- Late: `bpn-fiber`" in text and "- At risk: `smd-layanan`" in text


def test_csv_has_state_and_status_date_columns(status: Plan) -> None:
    """`state`, `days_late` and `status_date` columns: the header row stays the first row, every row says its day."""
    rows = list(csv.DictReader(io.StringIO(render_csv(status).removeprefix("\ufeff"))))
    assert {row["status_date"] for row in rows} == {"2026-09-15"}
    states = {row["id"]: (row["state"], row["days_late"]) for row in rows}
    assert states["bpn-fiber"] == ("late", "33") and states["smd-layanan"] == ("at-risk", "0")
    assert states["smd-fiber"] == ("done", "0") and states["kaltim-spbe"] == ("on-track", "0")


def test_csv_without_a_status_date_leaves_the_column_empty(small: Plan) -> None:
    """A plan without a status date has an empty `status_date` cell."""
    rows = list(csv.DictReader(io.StringIO(render_csv(small).removeprefix("\ufeff"))))
    assert {row["status_date"] for row in rows} == {""}


def test_xlsx_states_the_date(status: Plan) -> None:
    """The Plan sheet has State, Days late and Status date columns; the Gantt sheet's header marks the status
    date's period, a red line runs down it, late and at-risk cells carry ✖ and ⚠, and the legend says the day."""
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(status)))
    plan = book["Plan"]
    header = [cell.value for cell in plan[1]]
    column = {name: number for number, name in enumerate(header)}
    rows = {row[0].value: row for row in plan.iter_rows(min_row=2)}
    assert rows["bpn-fiber"][column["State"]].value == "late" and rows["bpn-fiber"][column["Days late"]].value == 33
    assert {row[column["Status date"]].value.date().isoformat() for row in rows.values()} == {"2026-09-15"}
    gantt = book["Gantt"]
    top = [cell.value for cell in gantt[1]]
    assert "2026-Q3 ▼" in top
    marked = top.index("2026-Q3 ▼") + 1
    line = [gantt.cell(row=row, column=marked).border.left.style for row in range(2, len(status.initiatives) + 2)]
    assert set(line) == {"thick"}
    cells = {row[0].value: {cell.value for cell in row[top.index("Finish") + 1 :] if cell.value} for row in gantt.iter_rows(min_row=2, max_row=len(status.initiatives) + 1)}
    assert cells["bpn-fiber"] == {"▶✖"} and cells["smd-layanan"] == {"⚠"}
    states = {row[0].value: row[top.index("State")].value for row in gantt.iter_rows(min_row=2, max_row=len(status.initiatives) + 1)}
    assert states["bpn-fiber"] == "33 days late" and states["kaltim-spbe"] == "on track"
    assert any("as of 2026-09-15" in str(cell.value) for row in gantt.iter_rows() for cell in row)


def test_mermaid_gantt_draws_the_status_date_as_a_vertical_line(status: Plan, small: Plan) -> None:
    """A `vert` task at the status date (not `todayMarker`, which is the reader's today); late and at-risk names
    say so; a plan without a status date has no line."""
    text = render_gantt(status)
    assert "    as of 2026-09-15 :vert, _status_date, 2026-09-15, 0d\n" in text and "todayMarker off" in text
    assert "(33 days late) :" in text and "(at risk) :" in text
    assert ":vert" not in render_gantt(small)


def test_mermaid_flowchart_classes_late_and_at_risk(status: Plan, small: Plan) -> None:
    """Late and at-risk nodes have their own classes and say how late in the label."""
    text = render_flowchart(status)
    assert "    class n_bpn_fiber late\n" in text and "    class n_smd_layanan risk\n" in text
    assert "<br/>33 days late" in text
    assert "classDef late" not in render_flowchart(small)


@pytest.mark.parametrize("language", ["en", "id"])
def test_status_outputs_golden(status: Plan, language: str, golden: Golden) -> None:
    """The status plan's HTML, Markdown, CSV and Mermaid, in English and Indonesian, against their goldens."""
    set_language(language)
    try:
        outputs = {
            "status.html": render_html(status),
            "status.md": render_markdown(status),
            "status.csv": render_csv(status),
            "status.mmd": render_gantt(status),
            "status-flowchart.mmd": render_flowchart(status),
        }
    finally:
        set_language("en")
    for name, text in outputs.items():
        golden(f"small/{language}-{name}", text)
