"""Mermaid within its limits: history collapsed, ticks, `direction LR`, and splitting by the region tree."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan
from roadmap_cli.render.formats import export_files, render_export
from roadmap_cli.render.mermaid import (
    MAX_EDGES,
    MAX_TEXT_SIZE,
    Diagram,
    Split,
    edge_count,
    flowchart_diagrams,
    gantt_diagrams,
    mermaid_ids,
    render_flowchart,
    render_gantt,
    text_size,
)
from support.roadmaps import item, plan_of, region, roadmap, write_roadmap

from .tools import BUNDLED, ROOT, bundled_plan, require


@pytest.fixture(scope="module")
def generated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 600-initiative benchmark roadmap (two provinces, 29 kabupaten/kota) from benchmarks/generate.py."""
    return generate_roadmap(600, tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def generated(generated_file: Path) -> Plan:
    """The 600-initiative roadmap, planned."""
    (files,) = discover_roadmaps([generated_file])
    return build_plan(files)[0]


def generate_roadmap(size: int, folder: Path) -> Path:
    """Write a roadmap of about `size` initiatives with benchmarks/generate.py; return its file."""
    command = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--size", str(size), "--out", str(folder)]
    subprocess.run(command, check=True, capture_output=True)
    return folder / "roadmap.yaml"


def test_text_size_counts_like_javascript() -> None:
    """An emoji is two UTF-16 code units, as `String.length` counts it."""
    assert text_size("a📱") == 3


def test_done_history_is_one_milestone_per_region(small: Plan) -> None:
    """Work done before the roadmap start is one done milestone per region, the day before the start."""
    start = small.roadmap.start
    old = [replace(item, status="done", start=date(2017, 3, 1), finish=date(2018, 2, 1), milestone=False) if item.region == "samarinda" else item for item in small.initiatives]
    moved = [item.id for item in old if item.region == "samarinda"]
    plan = replace(small, initiatives=tuple(old))
    text = render_gantt(plan)
    history = [line for line in text.splitlines() if ":done, milestone, _done_before_" in line]
    assert len(history) == 1
    assert re.fullmatch(
        rf"    {len(moved)} initiatives done before {start} \(2017-03-01 to 2018-02-01\) "
        rf":done, milestone, _done_before_\d+, {start - timedelta(days=1)}, 0d",
        history[0],
    )
    assert not any(item.replace("-", "_") + "," in text for item in moved)
    assert "2017" not in text.replace("2017-03-01 to", "")
    assert "tickInterval 3month" in text


def test_tick_interval_keeps_the_axis_readable(small: Plan, large: Plan, generated: Plan) -> None:
    """At most 16 ticks, never finer than the roadmap's period; years are labelled by year."""
    steps = {"month": 1, "quarter": 3, "half": 6, "year": 12}
    for plan in (small, large, generated):
        text = render_gantt(plan)
        step = int(re.search(r"tickInterval (\d+)month", text)[1])  # type: ignore[index]
        dates = [date.fromisoformat(found) for found in re.findall(r"\d{4}-\d{2}-\d{2}", text)]
        months = (plan.finish.year - min(dates).year) * 12 + plan.finish.month - min(dates).month + 1
        assert step >= steps[plan.roadmap.period] and (months / step <= 16 or step == 12)
        assert ("axisFormat %Y\n" in text) == (step == 12)


def test_every_subgraph_is_drawn_left_to_right(large: Plan) -> None:
    """`direction LR` right after every `subgraph`, so Mermaid does not flip a subgraph to top-down."""
    lines = render_flowchart(large).splitlines()
    opened = [number for number, line in enumerate(lines) if line.lstrip().startswith("subgraph ")]
    assert opened and all(lines[number + 1].strip() == "direction LR" for number in opened)


def test_small_plans_stay_one_diagram(small: Plan, large: Plan) -> None:
    """Under the limits nothing is split and the text is the plain renderer's."""
    for plan in (small, large):
        assert gantt_diagrams(plan) == Diagram("", plan.roadmap.name, render_gantt(plan))
        assert flowchart_diagrams(plan) == Diagram("", plan.roadmap.name, render_flowchart(plan))


def test_large_plans_split_by_region_tree_within_limits(generated: Plan) -> None:
    """Each part fits; every initiative is drawn in exactly one gantt part and one flowchart part."""
    assert text_size(render_gantt(generated)) > MAX_TEXT_SIZE and edge_count(generated) > MAX_EDGES
    provinces = {region.name for region in generated.regions if region.kind == "province"}
    for split in (gantt_diagrams(generated), flowchart_diagrams(generated)):
        assert isinstance(split, Split) and len(split.parts) > 1
        keys = [part.key for part in split.parts]
        assert len(set(keys)) == len(keys) and all(re.fullmatch(r"\d+-[a-z0-9.-]+", key) for key in keys)
        for part in split.parts:
            assert text_size(part.text) <= MAX_TEXT_SIZE
            assert part.text.count(" --> ") + part.text.count(" -.-> ") <= MAX_EDGES
        drawn = [line for part in split.parts for line in part.text.splitlines()]
        if split.kind == "gantt":
            assert {part.title for part in split.parts} == provinces
            assert split.note(generated.roadmap.name) == (
                f"The Mermaid gantt of {generated.roadmap.name} has {split.size} characters, more than Mermaid draws ({MAX_TEXT_SIZE}): "
                f"it is split into {len(split.parts)} diagrams, one per province or kabupaten/kota."
            )
            tasks = [line for line in drawn if re.search(r":.*\d+d$", line) and "_done_before_" not in line and ":vert," not in line]
            assert sum(":vert, _status_date, 2026-04-01, 0d" in line for line in drawn) == len(split.parts)
            history = sum(1 for item in generated.initiatives if item.status == "done" and item.finish < generated.roadmap.start)
            assert len(tasks) == len(generated.initiatives) - history
        else:
            nodes = [line for line in drawn if re.match(r"^\s+n_\w+\(?\[\"", line) and ":::outside" not in line]
            assert len(nodes) == len(generated.initiatives)


def test_split_parts_are_files_or_fenced_blocks(generated: Plan, tmp_path: Path) -> None:
    """With a `.mmd` target one file per part; with a `.md` target one document of fenced blocks."""
    export = render_export("mermaid-flowchart", generated)
    assert export.note is not None and "split into" in export.note
    files = export_files(tmp_path / "plan.flowchart.mmd", export)
    assert [path.name for path in files] == [f"plan.flowchart.{part.key}.mmd" for part in export.parts]
    markdown = export_files(tmp_path / "plan.md", export)
    (text,) = markdown.values()
    assert isinstance(text, str) and text.count("```mermaid\n") == len(export.parts)


def test_cli_says_on_stderr_that_it_split(generated_file: Path, tmp_path: Path) -> None:
    """`roadmap export -f mermaid -o x.mmd` writes the parts and explains why on stderr."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "roadmap_cli", "export", str(generated_file), "-f", "mermaid", "-o", str(tmp_path / "g.mmd")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in tmp_path.iterdir())
    assert len(written) > 1 and all(re.fullmatch(r"g\.\d+-[a-z0-9.-]+\.mmd", name) for name in written)
    assert "more than Mermaid draws (50000)" in result.stderr and f"split into {len(written)} diagrams" in result.stderr


def test_real_mermaid_draws_every_bundled_roadmap_and_600(generated: Plan, tmp_path: Path) -> None:
    """mermaid-cli (with Debian's chromium) draws every gantt and flowchart diagram, split ones part by part,
    with no parse error and no "Maximum text size in diagram exceeded"."""
    mmdc = require("mmdc")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": require("chromium"), "args": ["--no-sandbox"]}))
    texts = []
    for plan in [*(bundled_plan(folder) for folder in BUNDLED), generated]:
        for result in (gantt_diagrams(plan), flowchart_diagrams(plan)):
            texts += [result.text] if isinstance(result, Diagram) else [part.text for part in result.parts]
    source = tmp_path / "all.md"
    source.write_text("".join(f"```mermaid\n{text}```\n\n" for text in texts), encoding="utf-8")
    command = [mmdc, "--puppeteerConfigFile", str(config), "--input", str(source), "--output", str(tmp_path / "out.md")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    drawn = sorted(tmp_path.glob("out-*.svg"))
    assert len(drawn) == len(texts)
    for svg in drawn:
        content = svg.read_text(encoding="utf-8")
        assert "Maximum text size in diagram exceeded" not in content and "Syntax error" not in content, svg.name


def test_mermaid_ids_are_safe_and_unique() -> None:
    """Other characters become `_`; a leading digit or a task keyword gets `t_`; a repeated id a number."""
    ids = mermaid_ids(["1st", "done", "a-b", "a_b", "a.b"])
    assert ids == {"1st": "t_1st", "done": "t_done", "a-b": "a_b", "a_b": "a_b_2", "a.b": "a_b_3"}
    assert mermaid_ids(["1st", "done"], prefix="n_") == {"1st": "n_1st", "done": "n_done"}


def test_one_region_too_big_for_a_diagram_is_split_into_parts(tmp_path: Path) -> None:
    """A kabupaten whose own 300 initiatives, each after the four before, make 1,190 edges: its flowchart is cut into
    consecutive parts, halved until each fits (4 parts here); a kabupaten without work gets none; each initiative is
    drawn in exactly one part."""
    items = [item(f"i{k:03d}", region="kab", depends_on=[f"i{j:03d}" for j in range(max(0, k - 4), k)]) for k in range(300)]
    regions = [region("prov", "province"), region("kab", "kabupaten", parent="prov"), region("empty", "kabupaten", parent="prov")]
    plan = plan_of(write_roadmap(tmp_path, roadmap(items, regions=regions)))
    split = flowchart_diagrams(plan)
    assert isinstance(split, Split) and split.edges == 1190
    assert [(part.key, part.title) for part in split.parts] == [(f"{n}-kab-{n}", f"Region kab (part {n} of 4)") for n in range(1, 5)]
    nodes = []
    for part in split.parts:
        assert text_size(part.text) <= MAX_TEXT_SIZE
        assert part.text.count(" --> ") + part.text.count(" -.-> ") <= MAX_EDGES
        nodes += [line.split("[")[0].strip() for line in part.text.splitlines() if re.match(r'^\s+n_\w+\(?\["', line) and ":::outside" not in line]
    assert sorted(nodes) == sorted(f"n_i{k:03d}" for k in range(300))
    assert "it is split into 4 diagrams" in split.note(plan.roadmap.name)
