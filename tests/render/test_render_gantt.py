"""The SVG Gantt chart: well-formed, sized, one row per initiative with its full name, view options honoured."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest

from roadmap_cli.plan import Plan
from roadmap_cli.render import ExportOptions, filter_plan, render_svg_gantt
from roadmap_cli.render.gantt import Gantt, gantt_rows

from .conftest import Golden

SVG = "{http://www.w3.org/2000/svg}"
EXTERNAL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


def _rows(root: ET.Element) -> list[ET.Element]:
    """The initiative rows (`<g class="r">`)."""
    return [group for group in root.iter(f"{SVG}g") if group.get("class") == "r"]


def _name(row: ET.Element) -> str:
    """The name text of a row."""
    return next("".join(text.itertext()) for text in row.iter(f"{SVG}text") if "n" in (text.get("class") or "").split())


def test_svg_is_well_formed_and_sized(plan_name: str, small: Plan, large: Plan) -> None:
    """The chart parses as XML, has pixel width and height matching its viewBox, and loads nothing from outside."""
    plan = small if plan_name == "small" else large
    text = render_svg_gantt(plan)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    width, height = int(root.attrib["width"]), int(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {width} {height}"
    assert width >= 1200 and height > 36 + 20 * len(plan.initiatives)
    assert not EXTERNAL.search(text)
    assert "font-face" not in text


def test_one_row_per_initiative_with_its_full_name(large: Plan) -> None:
    """Every initiative has exactly one row, in plan order within its region, its name written in full."""
    root = ET.fromstring(render_svg_gantt(large))
    rows = _rows(root)
    assert len(rows) == len(large.initiatives)
    assert sorted(_name(row) for row in rows) == sorted(item.name for item in large.initiatives)
    tips = ["".join(row.find(f"{SVG}title").itertext()).split(" · ")[0] for row in rows]  # type: ignore[union-attr]
    assert sorted(tips) == sorted(item.id for item in large.initiatives)


def test_markup_in_names_is_text(small: Plan) -> None:
    """Names with `<`, `&`, quotes and brackets are shown as written, never as markup."""
    root = ET.fromstring(render_svg_gantt(small))
    names = {_name(row) for row in _rows(root)}
    assert "Integrasi SPBE & Pusat Data <Provinsi>" in names
    assert 'Masterplan Smart Province #1: "Kaltim Cerdas"' in names


def test_control_and_bidi_characters_are_neutralised(small: Plan) -> None:
    """A name with a right-to-left override, ESC and a newline is drawn without them."""
    first = replace(small.initiatives[0], name="Jaringan\u202e lanif\x1b[31m\nBaru\u2066")
    plan = replace(small, initiatives=(first, *small.initiatives[1:]))
    text = render_svg_gantt(plan)
    for character in ("\u202e", "\u2066", "\x1b"):
        assert character not in text
    assert "Jaringan lanif [31m Baru" in {_name(row) for row in _rows(ET.fromstring(text))}


@pytest.mark.parametrize(
    "options",
    [ExportOptions(width=200), ExportOptions(period="month"), ExportOptions(group_by="category"), ExportOptions(period="year")],
    ids=["width", "period", "group-by", "year"],
)
def test_view_options_change_the_chart(small: Plan, options: ExportOptions) -> None:
    """Width, period and grouping each give a different chart; width sets the pixel width (8 px a column)."""
    plain = render_svg_gantt(small)
    chosen = render_svg_gantt(small, options)
    assert chosen != plain
    if options.width:
        assert ET.fromstring(chosen).attrib["width"] == "1600"


def test_grouping_by_category_and_phase_keeps_every_initiative_once(large: Plan) -> None:
    """Each grouping lists every initiative exactly once, under headings of that grouping."""
    for group_by in ("region", "category", "phase"):
        rows = gantt_rows(large, group_by)
        assert sorted(row.item.id for row in rows if row.item) == sorted(item.id for item in large.initiatives)
    headings = [row.text for row in gantt_rows(large, "category") if row.item is None]
    assert headings == [category.name for category in large.categories]
    assert [row.text for row in gantt_rows(large, "phase") if row.item is None] == [f"Phase {phase.number}" for phase in large.phases]


def test_unknown_grouping_or_period_is_a_value_error(small: Plan) -> None:
    """A grouping or period that does not exist is refused with a suggestion."""
    with pytest.raises(ValueError, match="did you mean `category`"):
        gantt_rows(small, "categroy")
    with pytest.raises(ValueError, match="unknown period"):
        Gantt(small, ExportOptions(period="week"))


def test_status_date_draws_a_line_and_legend_entry(small: Plan, status: Plan) -> None:
    """Given a status date inside the axis (the plan's own by default), the chart has the status line, unlabelled so
    it covers no year or period name, and says the date in its title line and legend; a plan without one has none."""
    for text in (Gantt(small, status_date=date(2026, 9, 15)).svg(), render_svg_gantt(status)):
        assert text.count('class="today"') == 2
        assert text.count("as of 2026-09-15") == 2
        assert 'class="tl"' not in text
    assert 'class="today"' not in render_svg_gantt(small) and "as of" not in render_svg_gantt(small)


def test_dependency_arrows_are_in_the_dependent_row(small: Plan) -> None:
    """Each row holds arrows from its predecessors in the chart, the binding one marked, shown on hover or target."""
    rows = {_name(row): row for row in _rows(ET.fromstring(render_svg_gantt(small)))}
    spbe = rows["Integrasi SPBE & Pusat Data <Provinsi>"]
    arrows = [path.get("class") for path in spbe.iter(f"{SVG}path") if (path.get("class") or "").startswith("a")]
    assert arrows == ["a bind", "a"]
    assert not [path for path in rows["Perluasan BTS 4G | Balikpapan Timur"].iter(f"{SVG}path") if path.get("class", "").startswith("a")]


def test_parts_split_the_rows_for_printing(large: Plan) -> None:
    """The report's parts hold every row once, at most the page size each, never ending on a heading."""
    chart = Gantt(large)
    parts = chart.parts(12)
    assert len(parts) > 1
    rows = [_rows(ET.fromstring(part)) for part in parts]
    assert sum(len(part) for part in rows) == len(large.initiatives)
    assert all(0 < part.count('class="band"') + len(found) <= 12 for part, found in zip(parts, rows))
    assert "far" in "".join(parts)


def test_empty_selection_is_a_valid_chart(small: Plan) -> None:
    """A selection with nothing in it still gives a sized, well-formed chart."""
    empty = filter_plan(small, categories=["layanan"], statuses=["done"])
    root = ET.fromstring(render_svg_gantt(empty))
    assert int(root.attrib["height"]) > 0 and not _rows(root)


def test_gantt_variants_golden(small: Plan, large: Plan, status: Plan, golden: Golden) -> None:
    """The chart by category at 200 columns, by month, and as of a status date with late and at-risk work, against
    their goldens."""
    golden("small/plan-by-category-200.svg", render_svg_gantt(small, ExportOptions(group_by="category", width=200)))
    golden("large/plan-month.svg", render_svg_gantt(large, ExportOptions(period="month")))
    golden("small/plan-status.svg", render_svg_gantt(status))
