"""Exports parse as what they claim to be: Markdown tables, Mermaid line forms, CSV = JSON, XML for SVG."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from roadmap_cli import i18n
from roadmap_cli.plan import Plan
from roadmap_cli.render import (
    EXPORTERS,
    FILE_EXTENSIONS,
    filter_plan,
    json_,
    render_csv,
    render_flowchart,
    render_gantt,
    render_json,
    render_markdown,
    render_svg,
)
from roadmap_cli.render.common import escape_invisible, rupiah
from roadmap_cli.render.csv_ import COLUMNS, FORMULA_START
from roadmap_cli.render.mermaid import GANTT_KEYWORDS, gantt_text

ROOT = Path(__file__).resolve().parents[2]


def test_registry() -> None:
    """Every export format has a renderer and a file extension."""
    assert list(EXPORTERS) == ["markdown", "mermaid", "mermaid-flowchart", "csv", "json", "svg", "terminal-svg", "html"]
    assert set(FILE_EXTENSIONS) == set(EXPORTERS) | {"xlsx"}
    assert set(FILE_EXTENSIONS.values()) == {".md", ".mmd", ".csv", ".json", ".svg", ".html", ".xlsx"}


# Markdown


def _tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (inline code without backticks, escapes resolved)."""
    tables: list[list[list[str]]] = []
    row: list[str] = []
    inside = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
            inside = True
        elif token.type == "table_close":
            inside = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and inside:
            children = token.children or []
            row.append("".join(child.content for child in children if child.type in ("text", "code_inline")))
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def test_markdown_tables(plan_name: str, small: Plan, large: Plan) -> None:
    """A summary table and one table per phase, each initiative in its phase's table with its literal name."""
    plan = small if plan_name == "small" else large
    tokens = MarkdownIt("commonmark").enable("table").parse(render_markdown(plan))
    tables = _tables(tokens)
    has_cost = any(item.cost for item in plan.initiatives)
    assert len(tables) == 1 + 2 * has_cost + len(plan.phases)
    summary = tables[0]
    assert summary[0][:4] == ["Phase", "Start", "Finish", "Initiatives"]
    assert [row[0] for row in summary[1:]] == [str(phase.number) for phase in plan.phases] + ["Total"]
    for phase, table in zip(plan.phases, tables[1 + 2 * has_cost :], strict=True):
        assert table[0] == ["Initiative", "Region", "Category", "Status", "Dates", "Depends on"]
        expected = [f"{plan.initiative(i).name} ({i})" for i in phase.initiatives]
        assert [row[0] for row in table[1:]] == [" ".join(name.split()) for name in expected]
        assert all(len(row) == 6 for row in table)


def test_markdown_cost_tables_add_up(large: Plan) -> None:
    """Cost per year and per region, each with a total row equal to the plan's total cost."""
    tables = _tables(MarkdownIt("commonmark").enable("table").parse(render_markdown(large)))
    total = rupiah(sum(item.cost or 0 for item in large.initiatives))
    per_year, per_region = tables[1], tables[2]
    assert per_year[0] == ["Year", "Cost"] and per_region[0] == ["Region", "Initiatives", "Cost"]
    assert per_year[-1] == ["Total", total] and per_region[-1] == ["Total", str(len(large.initiatives)), total]
    assert sum(int(row[1][3:].replace(".", "")) for row in per_year[1:-1]) == sum(i.cost or 0 for i in large.initiatives)
    assert sum(int(row[1]) for row in per_region[1:-1]) == len(large.initiatives)


def test_markdown_reasons_are_plain_text_under_details(plan_name: str, small: Plan, large: Plan) -> None:
    """Each phase with reasons folds them under <details>; no backtick of a reason text reaches the reader."""
    plan = small if plan_name == "small" else large
    text = render_markdown(plan)
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "`" not in re.sub(r"<code>[^<]*</code>", "", html)
    with_reasons = [p for p in plan.phases if any(plan.initiative(i).dependencies for i in p.initiatives)]
    assert text.count("<details>") == text.count("</details>") == len(with_reasons)
    for item in plan.initiatives:
        for dependency in item.dependencies:
            words = re.sub(r"`([^`]*)`", r"\1", dependency.reason.text())
            assert " ".join(words.split()) in re.sub(r"<[^>]+>", "", html).replace("&quot;", '"').replace("&amp;", "&")


def test_markdown_has_no_html_or_markup_from_user_text(small: Plan) -> None:
    """`<Provinsi>` stays text, `[bold]` is no link, `|` does not split a cell, `#1` is no heading."""
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(small))
    assert "<Provinsi>" not in html and "&lt;Provinsi&gt;" in html
    assert "[bold]Samarinda[/bold]" in html
    assert "<a " not in html
    assert html.count("<h1>") == 1 and "Peta Jalan Kaltim Cerdas [2026–2028]</h1>" in html


def test_markdown_escapes_block_starts(small: Plan) -> None:
    """A description that looks like a list or a heading stays a paragraph."""
    from dataclasses import replace

    for text in ("- bukan daftar", "1. bukan daftar", "# bukan judul", "> bukan kutipan"):
        plan = replace(small, roadmap=replace(small.roadmap, description=text))
        html = MarkdownIt("commonmark").enable("table").render(render_markdown(plan))
        assert f"<p>{text.replace('>', '&gt;')}</p>" in html


# Mermaid gantt

GANTT_LINES = [
    re.compile(r"^gantt$"),
    re.compile(r"^    title [^#;\n]+$"),
    re.compile(r"^    dateFormat YYYY-MM-DD$"),
    re.compile(r"^    axisFormat %[A-Za-z%-]+$"),
    re.compile(r"^    tickInterval (1|3|6|12)month$"),
    re.compile(r"^    todayMarker off$"),
    re.compile(r"^    section [^#:;\n]+$"),
]
TASK = re.compile(r"^    (?P<text>[^#:;%\n]+) :(?P<data>[^#;\n]+)$")
DATA = re.compile(
    r"^(?P<tags>((crit|done|active|milestone), )*)(?P<id>[A-Za-z_][A-Za-z0-9_]*), "
    r"(?P<start>\d{4}-\d{2}-\d{2}|after [A-Za-z_][A-Za-z0-9_]*), (?P<days>\d+)d$"
)


def _gantt_tasks(text: str) -> dict[str, dict[str, Any]]:
    """Check each line against the gantt line forms and return the tasks by Mermaid id, dates resolved."""
    raw: dict[str, re.Match[str]] = {}
    for line in text.splitlines():
        if any(form.match(line) for form in GANTT_LINES):
            continue
        task = TASK.match(line)
        assert task, f"not a gantt line: {line!r}"
        lowered = task["text"].lower()
        assert not any(lowered.startswith(word) for word in GANTT_KEYWORDS), line
        assert not re.match(r"\d{4}-\d{2}-\d{2}", task["text"]), line
        data = DATA.match(task["data"])
        assert data, f"bad task data: {line!r}"
        raw[data["id"]] = data
    tasks: dict[str, dict[str, Any]] = {}
    while len(tasks) < len(raw):  # `after` may name a task further down, as Mermaid allows
        before = len(tasks)
        for task_id, data in raw.items():
            after = data["start"][6:] if data["start"].startswith("after ") else None
            if task_id in tasks or (after is not None and after not in tasks):
                continue
            start = tasks[after]["end"] if after else date.fromisoformat(data["start"])
            tags = data["tags"].rstrip(", ").split(", ") if data["tags"] else []
            tasks[task_id] = {"tags": tags, "start": start, "end": start + timedelta(days=int(data["days"]))}
        assert len(tasks) > before, "an `after` names no task"
    return tasks


@pytest.mark.parametrize("sections", ["region", "phase"])
def test_gantt_lines_and_dates(plan_name: str, sections: str, small: Plan, large: Plan) -> None:
    """Every line has a gantt form; each task's resolved dates are the planned ones (finish inclusive)."""
    plan = small if plan_name == "small" else large
    tasks = _gantt_tasks(render_gantt(plan, sections=sections))  # type: ignore[arg-type]
    assert len(tasks) == len(plan.initiatives)
    for item in plan.initiatives:
        task = tasks[item.id.replace("-", "_")]
        assert task["start"] == item.start
        assert task["end"] == (item.start if item.milestone else item.finish + timedelta(days=1))
        assert ("milestone" in task["tags"]) == item.milestone
        assert ("crit" in task["tags"]) == item.critical
        assert ("done" in task["tags"]) == (item.status == "done")
        assert ("active" in task["tags"]) == (item.status == "active")


def test_gantt_uses_after_and_sanitises(small: Plan) -> None:
    """`after` where a task follows its predecessor directly; `:`, `#`, `;`, `%` never reach the grammar."""
    text = render_gantt(small)
    assert ":crit, smd_layanan, after smd_fiber, 275d" in text
    assert ":crit, milestone, kaltim_gate, after smd_layanan, 0d" in text
    assert ":crit, kaltim_spbe, 2027-01-02, 364d" in text
    assert 'Masterplan Smart Province ＃1꞉ "Kaltim Cerdas" :' in text
    assert "50％ Kota Siap, Gerbang Provinsi :" in text


def test_gantt_after_needs_the_predecessor_in_the_plan(small: Plan) -> None:
    """Without the done fibre work, the service task gets an explicit start date."""
    text = render_gantt(filter_plan(small, statuses=["planned"]))
    assert ":crit, smd_layanan, 2026-04-01, 275d" in text
    _gantt_tasks(text)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Title IX", "\u200bTitle IX"),
        ("section 5", "\u200bsection 5"),
        ("Call center 112", "\u200bCall center 112"),
        ("Callisto", "Callisto"),
        ("2026-01-01 kickoff", "\u200b2026-01-01 kickoff"),
        ("a:b;c#d%e", "a꞉b,c＃d％e"),
        ("  baris\nbaru  ", "baris baru"),
    ],
)
def test_gantt_text(name: str, safe: str) -> None:
    """Names that the gantt lexer would read as statements or comments are defused."""
    assert gantt_text(name) == safe


# Mermaid flowchart

FLOW_LINES = [
    re.compile(r"^flowchart LR$"),
    re.compile(r'^(    )+subgraph r_\w+\["[^"]*"\]$'),
    re.compile(r"^(    )+direction LR$"),
    re.compile(r"^(    )+end$"),
    re.compile(r'^(    )+n_\w+(\["[^"]*"\]|\(\["[^"]*"\]\))(:::outside)?$'),
    re.compile(r'^    n_\w+ (-->|-\.->)\|"[^"]*"\| n_\w+$'),
    re.compile(r"^    classDef \w+ [\w:#,.\- ]+$"),
    re.compile(r"^    class n_\w+(,n_\w+)* \w+$"),
]


def test_flowchart_lines(plan_name: str, small: Plan, large: Plan) -> None:
    """Every line has a flowchart form, subgraphs are balanced, labels hold only entity-coded `#`."""
    plan = small if plan_name == "small" else large
    text = render_flowchart(plan)
    depth = 0
    for line in text.splitlines():
        assert any(form.match(line) for form in FLOW_LINES), f"not a flowchart line: {line!r}"
        depth += line.lstrip().startswith("subgraph ") - (line.strip() == "end")
        assert depth >= 0
        for label in re.findall(r'"([^"]*)"', line):
            assert re.fullmatch(r"([^#<>&`%]|#\w+;|<br/>)*", label), label
    assert depth == 0
    edges = sum(len(item.dependencies) for item in plan.initiatives)
    assert len(re.findall(r"-\.?->", text)) == edges


def test_flowchart_edges_and_outside_nodes(small: Plan) -> None:
    """Edge labels name the rule or `explicit`; a filtered plan keeps predecessors outside it as dashed nodes."""
    text = render_flowchart(small)
    assert 'n_smd_fiber -->|"konektivitas-dulu"| n_smd_layanan' in text
    assert 'n_smd_layanan -.->|"kota-dulu"| n_kaltim_gate' in text
    assert 'n_kaltim_masterplan -->|"explicit +30d"| n_kaltim_spbe' in text
    assert 'n_kaltim_spbe["Integrasi SPBE #amp; Pusat Data #lt;Provinsi#gt;<br/>kaltim-spbe"]' in text
    filtered = render_flowchart(filter_plan(small, regions=["samarinda"]))
    assert "subgraph r_kaltim" in filtered and "subgraph r_balikpapan" not in filtered
    assert 'n_smd_fiber["Jaringan Fiber Optik [bold]Samarinda[/bold]<br/>smd-fiber"]' in filtered
    assert "n_kaltim_gate" not in filtered
    outside = render_flowchart(filter_plan(small, regions=["kaltim"], categories=["layanan"]))
    assert 'n_kaltim_spbe["kaltim-spbe"]:::outside' in outside


# CSV and JSON


def _undefuse(text: str) -> str:
    """The text as it was before the formula guard."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _expected_cells(item: dict[str, Any], names: dict[str, str], status_date: str | None) -> dict[str, str]:
    """What the CSV should hold for one JSON initiative (`names`: region, category and initiative names by id)."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return {
        **{key: cell(item[key]) for key in COLUMNS if key in item and not isinstance(item[key], list)},
        "region_name": names[item["region"]],
        "category_name": names[item["category"]],
        "tags": ", ".join(item["tags"]),
        "dependencies": ", ".join(d["id"] for d in item["dependencies"]),
        "dependency_names": ", ".join(names.get(d["id"], d["id"]) for d in item["dependencies"]),
        "binding": ", ".join(item["binding"]),
        "reasons": "\n".join(f"{d['id']}: {d['reason']}" for d in item["dependencies"]),
        "dependents": ", ".join(item["dependents"]),
        "capacity_delays": ", ".join(f"{d['resource']}: {d['days']}" for d in item["capacity_delays"]),
        "funding": ", ".join(f"{f['source']}: {f['amount'] if f['percent'] is None else str(f['percent']) + '%'}" for f in item["funding"]),
        "budget_delay_days": cell(item["budget_delay"]["days"] if item["budget_delay"] else None),
        "status_date": status_date or "",
    }


def test_csv_reads_back_as_the_json(plan_name: str, small: Plan, large: Plan) -> None:
    """The csv module reads the CSV back to the same values as the JSON export."""
    plan = small if plan_name == "small" else large
    text = render_csv(plan)
    assert text.startswith("\ufeff") and "\r" not in text
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    data = json.loads(render_json(plan))
    initiatives = data["initiatives"]
    names = {entry["id"]: entry["name"] for key in ("regions", "categories", "initiatives") for entry in data[key]}
    assert len(rows) == len(initiatives)
    for row, item in zip(rows, initiatives, strict=True):
        assert {key: _undefuse(value) for key, value in row.items()} == _expected_cells(item, names, data["roadmap"]["status_date"])


def test_csv_quotes_text_and_not_numbers(small: Plan) -> None:
    """Every text cell is quoted (so `,` and `;` inside never split it), numbers are bare; `;` works as delimiter."""
    for delimiter in (",", ";"):
        text = render_csv(small, delimiter=delimiter).lstrip("\ufeff")
        header, first = text.splitlines()[:2]
        assert header == delimiter.join(f'"{column}"' for column in COLUMNS)
        cells = next(csv.reader([first], delimiter=delimiter))
        raw = first.split(delimiter)
        assert raw[COLUMNS.index("phase")] == cells[COLUMNS.index("phase")].strip('"')
        assert raw[COLUMNS.index("id")] == f'"{cells[0]}"'
    with pytest.raises(ValueError):
        render_csv(small, delimiter="|")


def test_csv_defuses_formulas(small: Plan) -> None:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers do not."""
    rows = list(csv.DictReader(io.StringIO(render_csv(small).lstrip("\ufeff"))))
    owners = {row["id"]: row["owner"] for row in rows}
    assert owners["smd-layanan"] == "'=DPMPTSP Samarinda"
    assert all(not value.startswith(FORMULA_START) for row in rows for value in row.values())


JSON_KEYS = [
    "version", "roadmap", "phase_mode", "history", "phases", "initiatives", "regions", "categories", "resources",
    "funding_sources", "costs", "critical_path", "critical_by_resource", "finish", "horizon_buffer_days", "dropped", "indicators", "targets",
]  # fmt: skip
INITIATIVE_KEYS = [
    "id", "name", "region", "category", "status", "phase", "period", "start", "finish", "duration_days", "milestone",
    "slack_days", "critical", "earliest_start", "latest_start", "cost", "owner", "tags", "description",
    "dependencies", "binding", "dependents", "capacity_delays", "gates", "demands", "where", "state", "days_late",
    "progress", "remaining_days", "not_before", "funding", "authority", "external", "budget_delay",
]  # fmt: skip


def test_json_contract(small: Plan) -> None:
    """Fixed key order, ISO dates, non-ASCII kept, one trailing newline."""
    text = render_json(small)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "📱" in text and "\\u" not in text
    data = json.loads(text)
    assert list(data) == JSON_KEYS
    assert data["version"] == 1
    assert list(data["roadmap"]) == [
        "id", "name", "start", "period", "horizon", "owner", "description", "status_date", "at_risk_slack_days",
    ]  # fmt: skip
    assert [list(item) for item in data["initiatives"]] == [INITIATIVE_KEYS] * len(small.initiatives)
    gate = next(item for item in data["initiatives"] if item["id"] == "kaltim-gate")
    assert gate["dependencies"][0] == {
        "id": "smd-layanan",
        "reason": "rule kota-dulu (rules.yaml:9): 50% of layanan in the kota below kaltim",
        "kind": "gate",
        "rule": "kota-dulu",
        "where": "rules.yaml:9",
        "detail": "50% of layanan in the kota below kaltim",
        "lag_days": 0,
        "binding": True,
        "quorum": True,
    }
    assert gate["milestone"] is True and gate["start"] == gate["finish"] == "2027-01-01"


def test_json_is_the_standard_library_text_byte_for_byte(small: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson writes what `json.dumps(ensure_ascii=False, indent=2)` writes; data orjson refuses goes through json."""
    expected = escape_invisible(json.dumps(json_.plan_to_dict(small), ensure_ascii=False, indent=2) + "\n")
    assert render_json(small) == expected

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise orjson.JSONEncodeError("Integer exceeds 64-bit range")

    monkeypatch.setattr(json_.orjson, "dumps", refuse)
    assert render_json(small) == expected


def test_json_fields_are_documented(small: Plan) -> None:
    """docs/json.md names every key the export writes."""
    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    data = json.loads(render_json(small))
    keys = set(data) | set(data["roadmap"]) | {key for item in data["initiatives"] for key in item}
    for section in ("phases", "regions", "categories", "resources"):
        keys |= {key for entry in data[section] for key in entry}
    keys |= {key for item in data["initiatives"] for dep in item["dependencies"] for key in dep}
    missing = sorted(key for key in keys if f"`{key}`" not in docs)
    assert not missing, f"undocumented JSON keys: {missing}"
    example = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    assert list(example) == JSON_KEYS
    assert [list(item) for item in example["initiatives"]] == [INITIATIVE_KEYS]


# SVG and determinism


def test_svg_is_xml_with_the_literal_text(small: Plan) -> None:
    """The SVG parses as XML and shows the names as written."""
    root = ET.fromstring(render_svg(small))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = "".join(root.itertext()).replace("\xa0", " ")
    assert "Peta Jalan Kaltim Cerdas [2026–2028]" in text
    assert "Tim Aplikasi [Diskominfo]" in text


SCRIPT = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from render.plans import large_plan, small_plan
from roadmap_cli.render import EXPORTERS
for plan in (small_plan(), large_plan()):
    for name, render in EXPORTERS.items():
        print(name, hashlib.sha256(render(plan).encode()).hexdigest())
"""


def test_exports_do_not_depend_on_hash_seed() -> None:
    """Two interpreters with different hash seeds write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        path = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": path}
        result = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "tests")], capture_output=True, text=True, env=env, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 2 * len(EXPORTERS)


def test_rendering_twice_is_identical(small: Plan) -> None:
    """Same plan, same text, for every exporter."""
    for render in EXPORTERS.values():
        assert render(small) == render(small)


def test_every_exporter_handles_an_empty_selection(small: Plan) -> None:
    """A selection with no initiatives still exports valid, nearly empty documents."""
    empty = filter_plan(small, categories=["layanan"], statuses=["done"])
    for render in EXPORTERS.values():
        assert render(empty).endswith("\n")
    assert json.loads(render_json(empty))["initiatives"] == []
    assert render_csv(empty).count("\n") == 1
    assert _gantt_tasks(render_gantt(empty)) == {}
    ET.fromstring(render_svg(empty))


GITHUB_WIDTH_PX = 880
"""GitHub's Markdown file view: a 980 px column less 2 x 45 px padding."""


def _min_content_px(table: list[list[str]]) -> int:
    """A table's narrowest width in a browser, estimated: per column its longest unbreakable run at 8 px a
    character (breaks at spaces and after a hyphen that is not followed by a digit), plus 26 px cell padding."""
    runs = [[max(len(run) for run in re.split(r"\s+|(?<=-)(?=\D)", cell)) for cell in row] for row in table]
    return sum(8 * max(column) + 26 for column in zip(*runs, strict=True))


def test_markdown_tables_fit_githubs_width(large: Plan) -> None:
    """No table of the bundled roadmaps or the large plan needs sideways scrolling on GitHub."""
    from .tools import BUNDLED, bundled_plan

    for plan in [large, *(bundled_plan(folder) for folder in BUNDLED)]:
        for table in _tables(MarkdownIt("commonmark").enable("table").parse(render_markdown(plan))):
            assert _min_content_px(table) <= GITHUB_WIDTH_PX, (plan.roadmap.id, table[0])


@pytest.mark.parametrize("language", ["en", "id"])
def test_csv_header_names_are_one_word_in_every_language(small: Plan, language: str) -> None:
    """Each header is one snake_case word, in English and Indonesian alike (`tonggak_capaian`, not the legend's prose)."""
    i18n.set_language(language)
    header = next(csv.reader(io.StringIO(render_csv(small).lstrip("\ufeff"))))
    assert len(header) == len(COLUMNS) == len(set(header))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", name) for name in header), header
    assert ("tonggak_capaian" in header) == (language == "id")
