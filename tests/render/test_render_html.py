"""The HTML report: self-contained, one row per initiative with its full name, escaped, honouring the view options."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from roadmap_cli.i18n import set_language
from roadmap_cli.plan import Plan
from roadmap_cli.render import ExportOptions, filter_plan, render_html

from .conftest import Golden

EXTERNAL = re.compile(r"(?:https?:)?//", re.IGNORECASE)
URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.IGNORECASE)


class Report(HTMLParser):
    """What the DOM check needs: chart rows, table rows with their names, every link and source, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.chart_rows: list[str] = []
        self.chart_names: list[str] = []
        self.table_names: list[str] = []
        self.references: list[str] = []
        self.styles: list[str] = []
        self.tags: list[str] = []
        self._text: list[str] | None = None
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Collect references, open name captures."""
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        self.references += [value for name, value in attributes.items() if name in ("src", "href", "xlink:href", "action", "data")]
        self.styles.append(attributes.get("style", ""))
        classes = attributes.get("class", "").split()
        if tag == "g" and "r" in classes:
            self.chart_rows.append(attributes["id"])
        if (tag == "text" and "n" in classes) or (tag == "a" and self._in("td", "name")):
            self._text = []
        if tag == "style":
            self._style = []
        if tag not in ("meta", "col", "rect", "path", "circle", "br"):
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closing element: references only."""
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        """Close name captures."""
        if self._text is not None and tag in ("text", "a"):
            name = "".join(self._text)
            (self.chart_names if tag == "text" else self.table_names).append(name)
            self._text = None
        if tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        """Text inside a capture."""
        if self._text is not None:
            self._text.append(data)
        if self._style is not None:
            self._style.append(data)

    def _in(self, tag: str, css_class: str) -> bool:
        """Whether the innermost open element is `tag` with `css_class`."""
        return bool(self.stack) and self.stack[-1][0] == tag and css_class in self.stack[-1][1].get("class", "").split()


def _parse(text: str) -> Report:
    """The report parsed."""
    report = Report()
    report.feed(text)
    report.close()
    return report


def test_one_row_per_initiative_with_every_name_in_full(plan_name: str, small: Plan, large: Plan) -> None:
    """The chart and the tables each hold one row per initiative, with the initiative's name as written."""
    plan = small if plan_name == "small" else large
    report = _parse(render_html(plan))
    names = sorted(item.name for item in plan.initiatives)
    assert len(report.chart_rows) == len(set(report.chart_rows)) == len(plan.initiatives)
    assert sorted(report.chart_names) == names
    assert sorted(report.table_names) == names


def test_nothing_is_loaded_from_outside(plan_name: str, small: Plan, large: Plan) -> None:
    """No reference leaves the file: links are #fragments, url() only names local ids, no external script or font."""
    text = render_html(small if plan_name == "small" else large)
    report = _parse(text)
    assert report.references and all(reference.startswith("#") for reference in report.references)
    urls = [found for style in report.styles for found in URL.findall(style)]
    assert urls and all(found.startswith("#") for found in urls)
    assert not [style for style in report.styles if EXTERNAL.search(style) or "@import" in style or "@font-face" in style]
    assert "<link" not in text and "<iframe" not in text and "<img" not in text


def test_links_from_the_tables_target_chart_rows(large: Plan) -> None:
    """Every name in the tables links to its row of the chart (the target shows its arrows)."""
    report = _parse(render_html(large))
    links = [reference[1:] for reference in report.references]
    assert sorted(links) == sorted(report.chart_rows)


def test_user_text_is_escaped_and_neutralised(small: Plan) -> None:
    """Markup in names is text; control and bidi-override characters are removed."""
    first = replace(small.initiatives[0], name="<script>alert(1)</script> Jaringan\u202e\x1b[31m")
    plan = replace(small, initiatives=(first, *small.initiatives[1:]))
    text = render_html(plan)
    report = _parse(text)
    assert report.tags.count("script") == 1
    assert "<script>alert" not in text
    assert "\u202e" not in text and "\x1b" not in text
    assert "<script>alert(1)</script> Jaringan [31m" in report.table_names


def test_the_view_options_change_the_report(small: Plan) -> None:
    """Grouping, period and width reach the chart and the sections."""
    plain = render_html(small)
    by_category = render_html(small, ExportOptions(group_by="category"))
    assert by_category != plain and "Tata Kelola | SPBE" in by_category
    assert render_html(small, ExportOptions(period="month")) != plain
    assert 'width="1600"' in render_html(small, ExportOptions(width=200))


def test_filters_are_honoured_through_the_plan(small: Plan) -> None:
    """A filtered plan reports only what was selected."""
    report = _parse(render_html(filter_plan(small, regions=["samarinda"])))
    assert sorted(report.table_names) == ["Jaringan Fiber Optik [bold]Samarinda[/bold]", "Layanan Publik Digital 📱 Samarinda"]


def test_the_report_speaks_indonesian() -> None:
    """With Indonesian chosen, the fixed texts of the report are Indonesian."""
    from .plans import small_plan

    set_language("id")
    try:
        text = render_html(small_plan())
    finally:
        set_language("en")
    assert 'lang="id"' in text and "Angka utama" in text and "Tahap" in text


def test_empty_selection(small: Plan) -> None:
    """A selection with nothing in it is still a whole document."""
    text = render_html(filter_plan(small, categories=["layanan"], statuses=["done"]))
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")


@pytest.mark.parametrize("name", ["small", "large"])
def test_html_golden(name: str, small: Plan, large: Plan, golden: Golden) -> None:
    """The report by category for the small plan, against its golden (plan.html is checked with every exporter)."""
    plan = small if name == "small" else large
    golden(f"{name}/plan-by-phase.html", render_html(plan, ExportOptions(group_by="phase")))
