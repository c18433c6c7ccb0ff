"""Exports opened by the real programs that read them: LibreOffice for CSV and XLSX."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from roadmap_cli.plan import Plan
from roadmap_cli.render import render_csv, render_json
from roadmap_cli.render.csv_ import COLUMNS

from .plans import large_plan, small_plan, status_plan
from .tools import BUNDLED, bundled_plan, soffice_convert


def _plans() -> dict[str, Plan]:
    """The hand-built plans (hostile names, formula owners) and every bundled roadmap."""
    return {"small": small_plan(), "large": large_plan(), "status": status_plan(), **{folder.name: bundled_plan(folder) for folder in BUNDLED}}


def _double_click_filter(delimiter: str, detect_special_numbers: bool) -> str:
    """LibreOffice's CSV import options as its dialog offers them on a double-click.

    Tokens (LibreOffice help, "CSV Filter Options"): field separators comma and semicolon (both ticked in the
    dialog, whatever our delimiter), text delimiter `"`, UTF-8 (76), from line 1, standard column types,
    English (US) 1033, quoted field as text off, detect special numbers on or off, then the defaults, and
    evaluate formulas on (token 13), the riskier of its two settings.
    """
    assert delimiter in ",;"
    special = "true" if detect_special_numbers else "false"
    return f"CSV:44/59,34,76,1,,1033,false,{special},false,false,false,-1,true"


def _expected_row(item: dict[str, Any], status_date: str | None, regions: dict[str, str], categories: dict[str, str], names: dict[str, str]) -> list[Any]:
    """The cells a spreadsheet should show for one JSON initiative: numbers, ISO dates, text, lists joined by `, `."""

    def guarded(text: str | None) -> str | None:
        if not text:
            return None
        return "'" + text if text.startswith(("=", "+", "-", "@")) else text

    def joined(values: list[str]) -> str | None:
        return ", ".join(values) or None

    dependencies = item["dependencies"]
    cells: dict[str, Any] = {
        **{key: item[key] for key in COLUMNS if key in item},
        "name": guarded(item["name"]),
        "region_name": guarded(regions[item["region"]]),
        "category_name": guarded(categories[item["category"]]),
        "owner": guarded(item["owner"]),
        "description": guarded(item["description"]),
        "milestone": "true" if item["milestone"] else "false",
        "critical": "true" if item["critical"] else "false",
        "tags": joined(item["tags"]),
        "dependencies": joined([d["id"] for d in dependencies]),
        "dependency_names": guarded(joined([names.get(d["id"], d["id"]) for d in dependencies])),
        "binding": joined(item["binding"]),
        "reasons": "\n".join(f"{d['id']}: {d['reason']}" for d in dependencies) or None,
        "dependents": joined(item["dependents"]),
        "capacity_delays": joined([f"{d['resource']}: {d['days']}" for d in item["capacity_delays"]]),
        "funding": joined([f"{f['source']}: {f['amount'] if f['percent'] is None else str(f['percent']) + '%'}" for f in item["funding"]]),
        "budget_delay_days": item["budget_delay"]["days"] if item["budget_delay"] else None,
        "status_date": status_date,
    }
    return [cells[key] for key in COLUMNS]


def _shown(value: Any) -> Any:
    """A cell value as the comparison needs it: dates as ISO text, booleans as `true`/`false`, text as is."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@pytest.mark.parametrize("detect_special_numbers", [False, True], ids=["plain-numbers", "special-numbers"])
@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_csv_opens_in_libreoffice_as_the_json(tmp_path: Path, delimiter: str, detect_special_numbers: bool) -> None:
    """LibreOffice, opening the CSV as a double-click does, shows every cell as the JSON export has it."""
    plans = _plans()
    sources = []
    for name, plan in plans.items():
        source = tmp_path / f"{name}.csv"
        source.write_bytes(render_csv(plan, delimiter=delimiter).encode("utf-8"))
        sources.append(source)
    soffice_convert(sources, "xlsx", tmp_path, infilter=_double_click_filter(delimiter, detect_special_numbers))
    for name, plan in plans.items():
        data = json.loads(render_json(plan))
        regions = {region["id"]: region["name"] for region in data["regions"]}
        categories = {category["id"]: category["name"] for category in data["categories"]}
        names = {item["id"]: item["name"] for item in data["initiatives"]}
        sheet = openpyxl.load_workbook(tmp_path / f"{name}.xlsx").active
        assert sheet is not None
        rows = [[_shown(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == list(COLUMNS), name
        assert len(rows) == 1 + len(data["initiatives"]), name
        for row, item in zip(rows[1:], data["initiatives"], strict=True):
            expected = [_shown(value) for value in _expected_row(item, data["roadmap"]["status_date"], regions, categories, names)]
            assert row == expected, f"{name}: {item['id']}"


def test_markdown_in_cmark_gfm(tmp_path: Path) -> None:
    """GitHub's renderer (cmark-gfm, tables on, raw HTML kept as GitHub keeps <details>) shows every table, one
    folded block per phase with reasons, and no backtick outside code."""
    import re
    import subprocess

    from roadmap_cli.render import render_markdown

    from .tools import require

    cmark = require("cmark-gfm")
    for plan in [small_plan(), large_plan(), *(bundled_plan(folder) for folder in BUNDLED)]:
        text = render_markdown(plan)
        html = subprocess.run([cmark, "--unsafe", "-e", "table"], input=text, capture_output=True, text=True, check=True).stdout
        has_cost = any(item.cost for item in plan.initiatives)
        has_funding = any(plan.initiative(i.id).funding or i.external for i in plan.initiatives)
        assert html.count("<table>") == 1 + 2 * has_cost + 2 * (has_cost and has_funding) + bool(plan.targets) + len(plan.phases), plan.roadmap.id
        if plan.targets:
            table = html.split("<h2>Targets</h2>", 1)[1].split("</table>", 1)[0]
            assert table.count("<tr>") == 1 + len(plan.targets) and table.count("<th>") == 7, plan.roadmap.id
        with_reasons = [p for p in plan.phases if any(plan.initiative(i).dependencies or plan.initiative(i).capacity_delays for i in p.initiatives)]
        assert html.count("<details>") == len(with_reasons) and html.count("<summary>") == len(with_reasons)
        assert "`" not in re.sub(r"<code>[^<]*</code>", "", html), plan.roadmap.id
