"""Plan -> a vector Gantt chart in SVG: one row per initiative under its group, colour-blind-safe colours and patterns."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import escape

from roadmap_cli.durations import (
    next_period_start,
    period_label,
    period_start,
    period_starts,
)
from roadmap_cli.i18n import _
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import (
    DEFAULT_OPTIONS,
    EXTERNAL_MARK,
    GROUPINGS,
    ExportOptions,
    as_of,
    authority_text,
    budget_text,
    phase_title,
    state_text,
    unknown_message,
    visible,
)
from roadmap_cli.vocabulary import PERIODS

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"
"""System font stacks only: the chart never loads a font from anywhere."""
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
"""Okabe and Ito's palette, distinguishable with the common kinds of colour blindness; categories take it in track order."""
PATTERNS = (
    "",
    "M-1,1l2,-2M0,6l6,-6M5,7l2,-2",
    "dots",
    "M0,3H6",
    "M-1,5l2,2M0,0l6,6M5,-1l2,2",
    "M3,0V6",
    "M0,0l6,6M6,0l-6,6",
    "M0,3H6M3,0V6",
)
"""A pattern per category on top of its colour (a path in a 6 px tile, or dots), so categories differ without colour."""
DARK = {"#0072B2", "#000000", "#009E73", "#D55E00"}
"""Colours whose pattern is drawn in white."""
PX_PER_COLUMN = 8
"""`--width` counts terminal columns; the chart takes this many pixels per column."""
DEFAULT_WIDTH = 1200
PAD = 8
TITLE_HEIGHT = 46
AXIS_HEIGHT = 36
ROW = 20
BAR = 12
LEGEND_ROW = 20
MIN_CHART = 360
"""Narrowest timeline area in pixels; a wide label column widens the chart instead of squeezing the bars."""
INDENT = 14
BOLD = 1.1
"""How much wider bold text runs than the estimate (headings and critical work are bold)."""
FONT_SIZE = 12
ROWS_PER_PAGE = 30
"""Rows per chart part in the HTML report: one part fits an A4 landscape page with its axis."""


@dataclass(frozen=True)
class GanttRow:
    """A row of the chart: a group heading (no initiative) or an initiative."""

    depth: int
    text: str
    note: str = ""
    item: PlannedInitiative | None = None


def gantt_rows(plan: Plan, group_by: str) -> list[GanttRow]:
    """Headings and initiative rows in the order of the grouping (region tree, category track or phase)."""
    if group_by not in GROUPINGS:
        raise ValueError(unknown_message("grouping", group_by, GROUPINGS))
    rows: list[GanttRow] = []
    if group_by == "category":
        by_category: dict[str, list[PlannedInitiative]] = {}
        for item in plan.initiatives:
            by_category.setdefault(item.category, []).append(item)
        names = {category.id: category.name for category in plan.categories}
        order = [category.id for category in plan.categories] + sorted(set(by_category) - set(names))
        for category_id in order:
            if category_id in by_category:
                rows.append(GanttRow(0, visible(names.get(category_id, category_id))))
                rows += [GanttRow(1, visible(item.name), item=item) for item in by_category[category_id]]
    elif group_by == "phase":
        by_phase: dict[int, list[PlannedInitiative]] = {}
        for item in plan.initiatives:
            by_phase.setdefault(item.phase, []).append(item)
        for phase in plan.phases:
            note = _("{start} to {finish}").format(start=phase.start, finish=phase.finish)
            rows.append(GanttRow(0, visible(phase_title(phase)), note))
            rows += [GanttRow(1, visible(item.name), item=item) for item in by_phase.get(phase.number, [])]
    else:
        rows = _rows_by_region(plan)
    return rows


def _rows_by_region(plan: Plan) -> list[GanttRow]:
    """Region headings in tree order (only regions with work below them), each followed by its initiatives."""
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    shown = RegionTree.of(plan.regions, sort_siblings=False).with_ancestors(by_region)
    regions = [region for region in plan.regions if region.id in shown]
    top = min((region.depth for region in regions), default=0)
    headings = [(region.id, region.depth - top, visible(region.name), region.kind) for region in regions]
    headings += [(region_id, 0, visible(region_id), "") for region_id in sorted(shown - {region.id for region in regions})]
    rows: list[GanttRow] = []
    for region_id, depth, name, kind in headings:
        rows.append(GanttRow(depth, name, kind))
        rows += [GanttRow(depth + 1, visible(item.name), item=item) for item in by_region.get(region_id, [])]
    return rows


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of the width of `text` in a proportional sans-serif font, in pixels (no font metrics needed)."""
    units = 0.0
    for char in text:
        if char in "iljtfrI.,:;'|!() ":
            units += 0.34
        elif char.isupper() or char in "mw":
            units += 0.76
        elif unicodedata.east_asian_width(char) in "WF":
            units += 1.2
        else:
            units += 0.6
    return units * size


def _number(value: float) -> str:
    """A coordinate with at most one decimal, the same on every machine."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class _Axis:
    """The time axis: first day, scale and period boundaries."""

    first: date
    last: date
    """The day after the last period."""
    left: float
    scale: float
    """Pixels per day."""
    period: str
    starts: tuple[date, ...]

    def x(self, day: date) -> float:
        """Horizontal position of the start of `day`, clamped to the axis."""
        day = min(max(day, self.first), self.last)
        return self.left + (day - self.first).days * self.scale

    @property
    def right(self) -> float:
        """Horizontal position of the end of the axis."""
        return self.x(self.last)


class Gantt:
    """A plan laid out as a Gantt chart: rows, label column and time axis, drawn whole or in page-sized parts."""

    def __init__(self, plan: Plan, options: ExportOptions = DEFAULT_OPTIONS, *, status_date: date | None = None) -> None:
        """Lay out `plan` as `options` ask (grouping, period, width); the status line is at `status_date`, by
        default the plan's own (none for a plan without one)."""
        period = options.period or plan.roadmap.period
        if period not in PERIODS:
            raise ValueError(unknown_message("period", period, PERIODS))
        self.plan = plan
        self.status_date = status_date if status_date is not None else plan.roadmap.status_date
        self.rows = gantt_rows(plan, options.group_by)
        self.row_of = {row.item.id: index for index, row in enumerate(self.rows) if row.item is not None}
        self.categories = {category.id: index for index, category in enumerate(plan.categories)}
        widest = max((INDENT * (row.depth + 1) + BOLD * text_width(row.text) for row in self.rows), default=120.0)
        self.label_width = max(160.0, widest + 12)
        wanted = options.width * PX_PER_COLUMN if options.width else DEFAULT_WIDTH
        self.width = int(max(wanted, PAD * 2 + self.label_width + MIN_CHART))
        first = period_start(plan.roadmap.start, period)
        finish = max([plan.finish, plan.roadmap.start, *(item.finish for item in plan.initiatives)])
        if self.status_date is not None:
            finish = max(finish, self.status_date)
        last = next_period_start(finish, period)
        left = PAD + self.label_width
        scale = (self.width - PAD - left) / max(1, (last - first).days)
        self.axis = _Axis(first, last, left, scale, period, tuple(period_starts(first, finish, period)))

    def svg(self, *, title: bool = True) -> str:
        """The whole chart as a standalone SVG document with width, height, its style, title and legend."""
        top = TITLE_HEIGHT if title else PAD
        body_height = AXIS_HEIGHT + ROW * len(self.rows)
        legend, legend_height = self._legend(top + body_height + 12)
        height = top + body_height + 12 + legend_height + PAD
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{height}" viewBox="0 0 {self.width} {height}" font-family="{FONT}" font-size="{FONT_SIZE}">\n'),
            f"<style>{stylesheet(len(self.plan.categories), external=any(item.external for item in self.plan.initiatives))}</style>\n",
            self.defs(),
            f'<rect width="{self.width}" height="{height}" fill="#fff"/>\n',
        ]
        if title:
            parts.append(self._title())
        parts += self._body(range(len(self.rows)), top)
        parts += [legend, "</svg>\n"]
        return "".join(parts)

    def parts(self, rows_per_part: int = ROWS_PER_PAGE) -> list[str]:
        """The chart in parts of about `rows_per_part` rows, each an inline <svg> with its own axis (for printing)."""
        out = []
        label = escape(_("Gantt chart"))
        for block in self._blocks(rows_per_part):
            height = AXIS_HEIGHT + ROW * len(block) + 2
            head = f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{self.width}" height="{height}" viewBox="0 0 {self.width} {height}" role="img" aria-label="{label}">\n'
            out.append(head + "".join(self._body(block, 0)) + "</svg>\n")
        return out

    def legend_svg(self) -> str:
        """The legend alone as an inline <svg>."""
        legend, height = self._legend(0)
        return f'<svg class="legend" width="{self.width}" height="{height}" viewBox="0 0 {self.width} {height}">\n{legend}</svg>\n'

    def _blocks(self, size: int) -> Iterator[range]:
        """Row ranges of at most `size` rows, cut before a top-level heading when one is near, never after a heading."""
        start = 0
        count = len(self.rows)
        while start < count:
            stop = min(start + size, count)
            if stop < count:
                for cut in range(stop, start + size // 2, -1):
                    if self.rows[cut].item is None and self.rows[cut].depth == 0:
                        stop = cut
                        break
                while stop - 1 > start and self.rows[stop - 1].item is None:
                    stop -= 1
            yield range(start, stop)
            start = stop

    def defs(self) -> str:
        """Patterns per category and the arrowhead, with ids the stylesheet refers to."""
        parts = ["<defs>"]
        for index in range(len(self.plan.categories)):
            colour = _colour(index)
            shape = PATTERNS[(index + index // len(OKABE_ITO)) % len(PATTERNS)]
            ink = "#fff" if colour in DARK else "#000"
            parts.append(f'<pattern id="rm-p{index}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{colour}"/>')
            if shape == "dots":
                parts.append(f'<circle cx="3" cy="3" r="1.3" fill="{ink}" fill-opacity=".55"/>')
            elif shape:
                parts.append(f'<path d="{shape}" stroke="{ink}" stroke-opacity=".55" stroke-width="1.2"/>')
            parts.append("</pattern>")
        parts.append('<marker id="rm-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="#222"/></marker></defs>\n')
        return "".join(parts)

    def _title(self) -> str:
        """Roadmap name and a line with its dates and the view."""
        info = self.plan.roadmap
        line = _("start {start} · finish {finish} · by {period}").format(start=info.start, finish=self.plan.finish, period=_period_name(self.axis.period))
        if self.status_date is not None:
            line += " · " + as_of(self.status_date)
        return f'<text class="t" x="{PAD}" y="20">{escape(visible(info.name))}</text>\n<text class="s" x="{PAD}" y="38">{escape(line)}</text>\n'

    def _body(self, block: range, top: float) -> list[str]:
        """Axis, grid, heading bands and rows for the rows in `block`, starting at `top`."""
        axis = self.axis
        rows_top = top + AXIS_HEIGHT
        bottom = rows_top + ROW * len(block)
        parts = [self._axis(top, bottom)]
        for offset, index in enumerate(block):
            row = self.rows[index]
            y = rows_top + ROW * offset
            if row.item is None:
                note = f'<tspan class="k"> · {escape(row.note)}</tspan>' if row.note else ""
                parts.append(
                    f'<rect class="band" x="0" y="{_number(y)}" width="{self.width}" height="{ROW}"/>'
                    f'<text class="g" x="{_number(PAD + INDENT * row.depth)}" y="{_number(y + 14)}">'
                    f"{escape(row.text)}{note}</text>\n"
                )
            else:
                parts.append(self._initiative(index, row, y, block, rows_top))
        if self.status_date is not None and axis.first <= self.status_date < axis.last:
            # Unlabelled: a label on the axis covers the year and period names; the title line and the legend say the date.
            x = _number(axis.x(self.status_date))
            parts.append(f'<path class="today" d="M{x},{_number(top + 18)}V{_number(bottom)}"/>\n')
        return parts

    def _axis(self, top: float, bottom: float) -> str:
        """Year and period labels above vertical lines at every period start (stronger at years)."""
        axis = self.axis
        bounds = (*axis.starts, axis.last)
        lines, years, labels = [], [], []
        y_lines = f"{_number(top + AXIS_HEIGHT - 18)}V{_number(bottom)}"
        for number, day in enumerate(axis.starts):
            x = axis.x(day)
            if day.month == 1:
                years.append(f"M{_number(x)},{_number(top + 2)}V{_number(bottom)}")
            else:
                lines.append(f"M{_number(x)},{y_lines}")
            width = axis.x(bounds[number + 1]) - x
            if axis.period != "year":
                text = period_label(day, axis.period).split("-", 1)[1]
                if text_width(text, 11) + 4 <= width:
                    labels.append(f'<text class="p" x="{_number(x + width / 2)}" y="{_number(top + AXIS_HEIGHT - 5)}">{text}</text>')
        for year in range(axis.first.year, axis.last.year + (axis.last.month > 1 or axis.last.day > 1)):
            left = axis.x(max(date(year, 1, 1), axis.first))
            right = axis.x(min(date(year + 1, 1, 1), axis.last))
            if right - left >= text_width(str(year)) + 4:
                labels.append(f'<text class="y" x="{_number((left + right) / 2)}" y="{_number(top + 15)}">{year}</text>')
        x_end = _number(axis.right)
        years.append(f"M{x_end},{_number(top + 2)}V{_number(bottom)}")
        return (
            f'<path class="grid" d="{"".join(lines)}"/><path class="grid yr" d="{"".join(years)}"/><path class="grid base" d="M0,{_number(top + AXIS_HEIGHT)}H{self.width}"/>' + "".join(labels) + "\n"
        )

    def _initiative(self, index: int, row: GanttRow, y: float, block: range, rows_top: float) -> str:
        """One initiative: hover area, name, bar or milestone, status marks and (on hover) arrows from its predecessors."""
        item = row.item
        assert item is not None
        axis = self.axis
        middle = y + ROW / 2
        category = self.categories.get(item.category, 0)
        flags = (" crit" if item.critical else "") + (" done" if item.status == "done" else "") + STATE_CLASS.get(item.state, "") + (" ext" if item.external else "")
        tip = _tooltip(item)
        x_label = PAD + INDENT * row.depth
        parts = [
            f'<g class="r" id="g{index}"><title>{escape(tip)}</title>',
            f'<rect class="hit" x="0" y="{_number(y)}" width="{self.width}" height="{ROW}"/>',
        ]
        if item.critical:
            parts.append(f'<text class="cm" x="{_number(x_label - 9)}" y="{_number(y + 14)}">!</text>')
        parts.append(f'<text class="n{flags}" x="{_number(x_label)}" y="{_number(y + 14)}">{escape(row.text)}</text>')
        if item.finish < axis.first:
            parts.append(f'<text class="e" x="{_number(axis.left + 2)}" y="{_number(y + 14)}">◂ {item.finish.year}</text>')
            end = axis.left + 4 + text_width(f"◂ {item.finish.year}")
        elif item.milestone:
            x = axis.x(item.start)
            parts.append(f'<path class="m c{category}{flags}" d="M{_number(x)},{_number(middle - 7)}l7,7l-7,7l-7,-7z"/>')
            end = x + 8
        else:
            left = axis.x(item.start)
            width = max(2.0, axis.x(item.finish + timedelta(days=1)) - left)
            parts.append(f'<rect class="b c{category}{flags}" x="{_number(left)}" y="{_number(middle - BAR / 2)}" width="{_number(width)}" height="{BAR}" rx="2"/>')
            end = left + width
        marks = _marks(item)
        if marks:
            parts.append(f'<text class="mk{STATE_CLASS.get(item.state, "")}" x="{_number(end + 4)}" y="{_number(y + 14)}">{escape(marks)}</text>')
        arrows = self._arrows(item, middle, block, rows_top)
        if arrows:
            parts.append(f'<g class="d">{arrows}</g>')
        parts.append("</g>\n")
        return "".join(parts)

    def _arrows(self, item: PlannedInitiative, middle: float, block: range, rows_top: float) -> str:
        """Elbow arrows from each predecessor's end to this start; from the part's edge when the predecessor is elsewhere."""
        axis = self.axis
        x_to = _number(axis.x(item.start) - (7 if item.milestone else 0))
        paths = []
        for dependency in item.dependencies:
            row_index = self.row_of.get(dependency.id)
            if row_index is None:
                continue
            predecessor = self.rows[row_index].item
            assert predecessor is not None
            done = predecessor.start if predecessor.milestone else predecessor.finish + timedelta(days=1)
            x_from = axis.x(done)
            kind = "a bind" if dependency.binding else "a"
            if row_index in block:
                y_from = rows_top + ROW * (row_index - block.start) + ROW / 2
                paths.append(f'<path class="{kind}" d="M{_number(x_from)},{_number(y_from)}h4V{_number(middle)}H{x_to}"/>')
            else:
                edge = rows_top if row_index < block.start else rows_top + ROW * len(block)
                paths.append(f'<path class="{kind} far" d="M{_number(x_from + 4)},{_number(edge)}V{_number(middle)}H{x_to}"/>')
        return "".join(paths)

    def _state_entries(self) -> list[tuple[str, str]]:
        """Legend entries for late and at-risk work, when the plan has any."""
        states = {item.state for item in self.plan.initiatives}
        entries = []
        if "late" in states:
            entries.append((f'<rect class="b lg late" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>', _("late (red dashed outline, ✖)")))
        if "at-risk" in states:
            entries.append((f'<rect class="b lg risk" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>', _("at risk (dotted outline, ⚠)")))
        return entries

    def _external_entries(self) -> list[tuple[str, str]]:
        """The legend entry of external work, when the plan has some."""
        if not any(item.external for item in self.plan.initiatives):
            return []
        return [(f'<rect class="b lg ext" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>', _("external: central government or partner decides (dashed, {mark})").format(mark=EXTERNAL_MARK))]

    def _legend(self, top: float) -> tuple[str, float]:
        """Category swatches, then status marks, wrapped to the chart width; the SVG text and its height."""
        entries: list[tuple[str, str]] = []
        for index, category in enumerate(self.plan.categories):
            swatch = f'<rect class="b c{index}" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>'
            entries.append((swatch, visible(category.name)))
        entries += [
            (f'<rect class="b lg crit" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>', _("critical path (bold outline, !)")),
            (f'<rect class="b lg done" x="{{x}}" y="{{y}}" width="22" height="{BAR}" rx="2"/>', _("done (faded, ✓)")),
            ('<text class="mk" x="{x}" y="{ty}">▶</text>', _("active")),
            *self._state_entries(),
            *self._external_entries(),
            ('<path class="m lg" d="M{mx},{my}l7,7l-7,7l-7,-7z"/>', _("milestone")),
            ('<text class="mk" x="{x}" y="{ty}">◂</text>', _("finished before the roadmap start")),
            ('<path class="a bind" d="M{x},{ay}h24"/>', _("binding dependency (hover a row)")),
        ]
        if self.status_date is not None:
            entries.append(('<path class="today" d="M{mx},{y}v14"/>', as_of(self.status_date)))
        parts = []
        x, y = float(PAD), top
        for shape, label in entries:
            size = 30 + BOLD * text_width(label) + 18
            if x > PAD and x + size > self.width - PAD:
                x, y = float(PAD), y + LEGEND_ROW
            values = {
                "x": _number(x),
                "y": _number(y + 2),
                "ty": _number(y + 13),
                "mx": _number(x + 11),
                "my": _number(y + 1),
                "ay": _number(y + 8),
            }
            parts.append(shape.format(**values) + f'<text x="{_number(x + 30)}" y="{_number(y + 13)}">{escape(label)}</text>')
            x += size
        return "".join(parts) + "\n", y + LEGEND_ROW - top


def _colour(index: int) -> str:
    """The colour of the category at `index` in track order."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def _period_name(period: str) -> str:
    """The period in words."""
    return {"year": _("year"), "half": _("half-year"), "quarter": _("quarter"), "month": _("month")}[period]


STATE_CLASS = {"late": " late", "at-risk": " risk"}
"""The CSS class of late and at-risk work (on track and done work have none of their own)."""


def _marks(item: PlannedInitiative) -> str:
    """Marks drawn after the bar: ✓ done, ▶ active, then ✖ and the days for late work, ⚠ for work at risk."""
    marks = {"done": ["✓"], "active": ["▶"]}.get(item.status, [])
    if item.state in STATE_CLASS:
        marks.append(("✖ " if item.state == "late" else "⚠ ") + state_text(item))
    if item.external:
        marks.append(f"{EXTERNAL_MARK} {authority_text(item)}")
    return " ".join(marks)


def _tooltip(item: PlannedInitiative) -> str:
    """The hover text of a row: id, dates, status and slack."""
    if item.milestone:
        dates = _("milestone on {day}").format(day=item.start)
    else:
        dates = _("{start} to {finish}").format(start=item.start, finish=item.finish)
    facts = [item.id, dates, _status_name(item.status), _("slack {days} days").format(days=item.slack_days)]
    if item.state in STATE_CLASS:
        facts.append(state_text(item))
    if item.critical:
        facts.append(_("critical"))
    facts += [text for text in (authority_text(item), budget_text(item)) if text]
    return " · ".join(facts)


def _status_name(status: str) -> str:
    """A status in words."""
    return {"planned": _("planned"), "active": _("active"), "done": _("done")}.get(status, status)


EXTERNAL_CSS = ".b.ext,.m.ext{fill-opacity:.35;stroke:#2F4B7C;stroke-width:1.6;stroke-dasharray:6 3}.n.ext{font-style:italic}"
"""External work (central government, partner): a pale bar with a dashed blue outline and an italic name."""


def stylesheet(categories: int, *, external: bool = False) -> str:
    """The chart's CSS for `categories` categories: fonts, fills, marks, hover and target states (SVG and HTML share it).

    With `external`, the style of external work is added (only then, so plans without it keep their bytes).
    """
    fills = "".join(f".c{index}{{fill:url(#rm-p{index})}}" for index in range(categories))
    # Printed, the bars are plain colours: Chromium's PDF output rasterises pattern fills (20 times the size).
    fills += "@media print{" + "".join(f".c{index}{{fill:{_colour(index)}}}" for index in range(categories)) + "}"
    return (
        f"svg text{{font-family:{FONT};font-size:{FONT_SIZE}px;fill:#1b1f24}}"
        ".t{font-size:17px;font-weight:700}.s{fill:#4a525c}.g{font-weight:700}.k{fill:#5f6872;font-weight:400}"
        ".y{font-weight:700;text-anchor:middle}.p{font-size:11px;fill:#4a525c;text-anchor:middle}"
        ".n.crit{font-weight:700}.n.done{fill:#5f6872}.cm{font-weight:700;fill:#D55E00}.e{fill:#5f6872}"
        ".mk{font-size:11px;fill:#1b1f24}.band{fill:#eef1f4}"
        ".grid{stroke:#dde1e6;stroke-width:1;fill:none}.grid.yr{stroke:#a9b1ba}.grid.base{stroke:#5f6872}"
        ".b,.m{stroke:#1b1f24;stroke-width:.6}.b.crit,.m.crit{stroke:#000;stroke-width:2.2}.b.done,.m.done{opacity:.45}"
        ".lg{fill:#c7ccd1}.hit{fill:transparent}.r:hover .hit,.r:target .hit{fill:#0072b21f}"
        ".d{display:none}.r:hover .d,.r:target .d{display:inline}"
        ".a{fill:none;stroke:#4a525c;stroke-width:1.2;marker-end:url(#rm-arrow)}.a.bind{stroke:#000;stroke-width:1.8}"
        ".a.far{stroke-dasharray:3 2}.today{stroke:#D55E00;stroke-width:1.6;stroke-dasharray:5 3;fill:none}"
        ".b.late,.m.late{stroke:#B00020;stroke-width:2.4;stroke-dasharray:4 2}.b.risk,.m.risk{stroke:#7A4A00;stroke-width:2;stroke-dasharray:1.5 1.5}"
        ".n.late,.mk.late{fill:#B00020;font-weight:700}.n.risk,.mk.risk{fill:#7A4A00;font-weight:700}" + (EXTERNAL_CSS if external else "") + fills
    )


def render_svg_gantt(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    """The plan as a standalone SVG Gantt chart honouring the grouping, period and width options."""
    return Gantt(plan, options).svg()
