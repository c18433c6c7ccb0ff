"""Terminal view of a plan (header, timeline, phases, summary) and `explain` for one initiative, as rich renderables."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.color import Color, ColorParseError
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from roadmap_cli.durations import (
    next_period_start,
    period_starts,
)
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.localize import (
    day_text,
    period_part,
    period_plural,
    period_text,
    period_word,
    region_kind_word,
    resource_kind_word,
    status_word,
)
from roadmap_cli.plan import Plan, PlannedDependency, PlannedInitiative, binding_chain
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import (
    GROUPINGS,
    GroupBy,
    clean,
    cost_per_year,
    initiatives_by_id,
    ready_day,
    rupiah_short,
    unknown_message,
)
from roadmap_cli.vocabulary import PERIODS, SCHEDULED_STATUSES

if TYPE_CHECKING:
    from roadmap_cli.diff import PlanDiff

FILL = {"planned": "█", "active": "▓", "done": "░"}
"""Bar fill per status, so status reads without colour."""
MILESTONE = {"planned": "◆", "active": "◆", "done": "◇"}
MIN_CELL = {"year": 5, "half": 3, "quarter": 3, "month": 3}
"""Narrowest column per period: the label (`2026`, `Q3`, `H2`, `07`) and a space."""
PALETTE = ("cyan", "green", "yellow", "magenta", "blue", "red", "bright_cyan", "bright_green", "bright_magenta")
"""Colours for categories that set none, in track order."""

MAX_INDENT = 16
"""Region headings nested deeper than this are indented no further (the label column is cut long before)."""
EARLIER = "◂"
"""Marks work that ended before the roadmap's start, in the timeline's first column."""
STATUS_LINE = "│"
"""The status date's column in every timeline row not covered by a bar."""
STATUS_MARK = "▼"
"""The status date's column in the timeline header."""
DIM = Style(dim=True)
BOLD = Style(bold=True)
CRITICAL = Style(color="red", bold=True)
LATE = Style(color="red", bold=True, reverse=True)
AT_RISK = Style(color="yellow", bold=True)


@dataclass(frozen=True)
class Baseline:
    """A plan's diff against a baseline, and what the baseline was read from."""

    label: str
    diff: PlanDiff


def render_plan(
    plan: Plan, *, width: int, period: str | None = None, group_by: GroupBy = "region", baseline: Baseline | None = None
) -> list[RenderableType]:
    """The plan for a terminal `width` columns wide: header, timeline, phase overview and summary (and shifts against a baseline)."""
    if period is not None and period not in PERIODS:
        raise ValueError(unknown_message("period", period, PERIODS))
    if group_by not in GROUPINGS:
        raise ValueError(unknown_message("grouping", group_by, GROUPINGS))
    shifts = {shift.id: shift.finish_days for shift in baseline.diff.shifts} if baseline else {}
    return [
        _header(plan),
        Text(),
        *_timeline(plan, width, period, group_by, shifts),
        *_phase_overview(plan),
        *_summary(plan),
        *(_against(baseline) if baseline else []),
    ]


def _against(baseline: Baseline) -> list[RenderableType]:
    """The shifts against the baseline: the finish, then each moved initiative, largest first."""
    diff = baseline.diff
    days = diff.finish_days
    finish = f"{day_text(diff.finish_before)} → {day_text(diff.finish_after)}" if days else day_text(diff.finish_after)
    moved = _count(len(diff.shifts), ngettext("{count} initiative moves", "{count} initiatives move", len(diff.shifts)))
    facts = [_("finish {finish} ({days})").format(finish=finish, days=_signed_days(days)) if days else _("finish {finish}").format(finish=finish), moved]
    facts += [_count(len(diff.added), ngettext("{count} added", "{count} added", len(diff.added)))] if diff.added else []
    facts += [_count(len(diff.removed), ngettext("{count} removed", "{count} removed", len(diff.removed)))] if diff.removed else []
    out: list[RenderableType] = [
        Text(),
        Rule(Text(_("Against {label}").format(label=clean(baseline.label))), align="left", style=DIM),
        _joined(facts),
    ]
    if diff.shifts:
        table = _table([_("Initiative"), _("Start"), _("Finish"), _("Shift")])
        for shift in diff.shifts:
            table.add_row(
                *_cells(shift.id, f"{day_text(shift.before.start)} → {day_text(shift.after.start)}", f"{day_text(shift.before.finish)} → {day_text(shift.after.finish)}", _signed_days(shift.finish_days)),
                style=CRITICAL if shift.finish_days > 0 and shift.id == diff.last else None,
            )
        out += [Text(), table]
    return out


def _signed_days(days: int) -> str:
    """A signed count of days: `+95 days`, `-3 days`, `0 days`."""
    return ngettext("{days} day", "{days} days", abs(days)).format(days=f"+{days}" if days > 0 else str(days))


def _shift_mark(days: int) -> Text:
    """The mark after a moved initiative's bar: `+95d` (later, red) or `-3d` (earlier, green)."""
    return Text(" " + _("{days}d").format(days=f"+{days}" if days > 0 else str(days)), CRITICAL if days > 0 else Style(color="green"))


def render_explain(plan: Plan, initiative_id: str) -> RenderableType:
    """Why an initiative sits where it does: dates, binding chain, capacity, quorum gates and what it unblocks."""
    items = initiatives_by_id(plan)
    if initiative_id not in items:
        raise ValueError(unknown_message("initiative", initiative_id, items))
    item = items[initiative_id]
    regions = {region.id: region for region in plan.regions}
    categories = {category.id: clean(category.name) for category in plan.categories}
    region = regions.get(item.region)
    facts = [
        _("{region} ({kind})").format(region=clean(region.name), kind=region_kind_word(region.kind)) if region else item.region,
        categories.get(item.category, item.category),
        status_word(item.status),
    ]
    heading = Text.assemble((item.id, BOLD), "  ", clean(item.name))
    lines: list[RenderableType] = [
        heading,
        _joined(facts + ([_("critical")] if item.critical else [])),
        _joined([_("Phase {phase}").format(phase=item.phase), _dates(item), _days(item), _("slack {slack_days} days").format(slack_days=item.slack_days)]),
    ]
    extra = []
    if item.earliest_start:
        extra.append(_("earliest start {earliest_start}").format(earliest_start=day_text(item.earliest_start)))
    if item.latest_start:
        extra.append(_("latest start {latest_start}").format(latest_start=day_text(item.latest_start)))
    if item.where:
        extra.append(_("declared at {where}").format(where=item.where))
    if extra:
        lines.append(_joined(extra, DIM))
    lines += _explain_chain(item, items, plan.roadmap.start)
    lines += _explain_other(item, items)
    lines += _explain_capacity(item)
    lines += _explain_quorum(item, items)
    lines += _explain_dependents(item, items)
    return Group(*lines)


def _category_styles(plan: Plan) -> dict[str, Style]:
    """A colour per category: its own if rich can parse it, otherwise the next of the palette."""
    styles = {}
    for index, category in enumerate(plan.categories):
        colour = category.color or ""
        try:
            Color.parse(colour)
        except ColorParseError:
            colour = PALETTE[index % len(PALETTE)]
        styles[category.id] = Style(color=colour)
    return styles


def _header(plan: Plan) -> RenderableType:
    """Name, dates and counts."""
    info = plan.roadmap
    lines = [Text(clean(info.name), style=BOLD)]
    lines.append(_joined([info.id] + ([_("owner {owner}").format(owner=clean(info.owner))] if info.owner else []), DIM))
    dates = [_("start {start}").format(start=day_text(info.start))]
    if info.status_date:
        dates.append(_("as of {date}").format(date=day_text(info.status_date)))
    dates.append(_("period {period}").format(period=period_word(info.period)))
    if info.horizon:
        dates.append(_("horizon {horizon}").format(horizon=day_text(info.horizon)))
    dates.append(_("finish {finish}").format(finish=day_text(plan.finish)))
    line = _joined(dates)
    if info.horizon and plan.finish > info.horizon:
        line.append(_(", after the horizon"), style=CRITICAL)
    lines.append(line)
    counts = [
        _count(len(plan.initiatives), ngettext("{count} initiative", "{count} initiatives", len(plan.initiatives))),
        _count(len(regions := {item.region for item in plan.initiatives}), ngettext("{count} region", "{count} regions", len(regions))),
        _count(len(plan.phases), ngettext("{count} phase", "{count} phases", len(plan.phases))),
        _("{count} critical").format(count=sum(item.critical for item in plan.initiatives)),
    ]
    if plan.dropped:
        counts.append(_("{count} dropped").format(count=len(plan.dropped)))
    lines.append(_joined(counts))
    late = sum(item.state == "late" for item in plan.initiatives)
    at_risk = sum(item.state == "at-risk" for item in plan.initiatives)
    if info.status_date and (late or at_risk):
        warning = Text(ngettext("{count} late", "{count} late", late).format(count=late), CRITICAL if late else Style())
        warning.append(" · ")
        warning.append(ngettext("{count} at risk", "{count} at risk", at_risk).format(count=at_risk), AT_RISK if at_risk else Style())
        lines.append(warning)
    return Group(*lines)


@dataclass(frozen=True)
class _Grid:
    """Timeline columns: period boundaries and the character column where each period starts."""

    period: str
    bounds: tuple[date, ...]
    """Start of every period, then the day after the last one."""
    columns: tuple[int, ...]
    """Column of every period's first character, then the column after the last one."""

    def half(self, day: date) -> int:
        """Position of the start of `day` in half-characters from the left edge."""
        index = bisect_right(self.bounds, day) - 1
        if index < 0:
            return 0
        if index >= len(self.bounds) - 1:
            return 2 * self.columns[-1]
        span = (self.bounds[index + 1] - self.bounds[index]).days
        width = self.columns[index + 1] - self.columns[index]
        return 2 * self.columns[index] + (day - self.bounds[index]).days * 2 * width // span


Row = Text | tuple[Text, PlannedInitiative]
"""A timeline row: a heading on its own, or an initiative's label and the initiative."""


def _timeline(plan: Plan, width: int, period: str | None, group_by: GroupBy, shifts: Mapping[str, int]) -> list[RenderableType]:
    """The timeline: period headers, one bar per initiative under its group, and a legend."""
    wanted = period or plan.roadmap.period
    if not plan.initiatives:
        empty_title = _("Timeline by {period}").format(period=period_word(wanted))
        return [Rule(Text(empty_title), align="left", style=DIM), Text(_("No initiatives to show."))]
    styles = _category_styles(plan)
    rows = list(_rows(plan, group_by, styles))
    labels = [row[0] for row in rows if isinstance(row, tuple)]
    needed = max(label.cell_len for label in labels)
    label_width = min(needed, max(12, width * 3 // 10))
    # The timeline starts with the roadmap: earlier (done) work is marked `◂` in the first column.
    first = plan.roadmap.start
    last = max([plan.finish, first, *(item.finish for item in plan.initiatives)])
    reserve = max((_shift_mark(days).cell_len for days in shifts.values() if days), default=0)
    grid, blocks = _choose_grid(first, last, width - label_width - 1 - reserve, wanted, explicit=period is not None)
    spare = width - label_width - 1 - reserve - max(grid.columns[block.stop] - grid.columns[block.start] for block in blocks)
    label_width += max(0, min(spare, needed - label_width))

    title = Text(_("Timeline by {period}").format(period=period_word(grid.period)))
    if grid.period != wanted:
        title.append(_(" ({periods} do not fit {width} columns)").format(periods=period_plural(wanted), width=width), style=DIM)
    if len(blocks) > 1:
        title.append(_(" in {count} parts").format(count=len(blocks)), style=DIM)
    out: list[RenderableType] = [Rule(title, align="left", style=DIM)]
    for number, block in enumerate(blocks):
        if number:
            out.append(Text())
        out += _period_header(grid, block, label_width)
        status_date = plan.roadmap.status_date
        marker = _status_column(grid, block, status_date)
        if marker is not None and status_date is not None:
            mark = Text.assemble(" " * (label_width + 1 + marker), (STATUS_MARK, CRITICAL))
            mark.append(" " + _("as of {date}").format(date=day_text(status_date)), DIM)
            out.append(_line(mark, width))
        for row in rows:
            if isinstance(row, Text):
                out.append(_line(row.copy(), width))
            else:
                label, item = row
                line = label.copy()
                line.truncate(label_width, overflow="ellipsis", pad=True)
                line.append(" ")
                line.append_text(_bar(grid, block, item, styles.get(item.category, Style()), marker))
                line.rstrip()
                if shifts.get(item.id):
                    line.append_text(_shift_mark(shifts[item.id]))
                out.append(_line(line, width))
    out.append(_legend(plan, styles, width))
    return out


def _status_column(grid: _Grid, block: range, status_date: date | None) -> int | None:
    """The status date's column within the block, or None when it is not in the block."""
    if status_date is None or not grid.bounds[block.start] <= status_date < grid.bounds[block.stop]:
        return None
    return grid.half(status_date) // 2 - grid.columns[block.start]


def _choose_grid(first: date, last: date, area: int, period: str, *, explicit: bool) -> tuple[_Grid, list[range]]:
    """Periods that fit `area` characters: coarser ones unless asked for, folded into blocks if still too many."""
    candidates = [period] if explicit else list(reversed(PERIODS[: PERIODS.index(period) + 1]))
    for candidate in candidates:
        starts = period_starts(first, last, candidate)
        bounds = (*starts, next_period_start(starts[-1], candidate))
        count = len(starts)
        if count * _min_cell(candidate) <= area:
            # Equal widths keep bar lengths true to time; the spare columns go to the labels.
            columns = tuple(index * (area // count) for index in range(count + 1))
            return _Grid(candidate, bounds, columns), [range(count)]
    per_block = max(1, area // _min_cell(candidate))
    cell = max(_min_cell(candidate), area // per_block)
    blocks = [range(index, min(index + per_block, count)) for index in range(0, count, per_block)]
    return _Grid(candidate, bounds, tuple(index * cell for index in range(count + 1))), blocks


def _min_cell(period: str) -> int:
    """Narrowest column of a period: its longest label in the active language (`Q4`, `TW4`) and a space."""
    return max(MIN_CELL[period], len(period_part(date(2000, 12, 1), period)) + 1)


def _period_header(grid: _Grid, block: range, label_width: int) -> list[Text]:
    """One row of period labels (years only), or a row of years above a row of halves, quarters or months."""
    origin = grid.columns[block.start]
    size = grid.columns[block.stop] - origin
    starts = [(grid.columns[index] - origin, grid.bounds[index]) for index in block]
    pad = " " * (label_width + 1)
    if grid.period == "year":
        return [Text((pad + _place([(column, str(day.year), "") for column, day in starts], size)).rstrip(), BOLD)]
    years = [
        (column, str(day.year), f"'{day.year % 100:02d}")
        for n, (column, day) in enumerate(starts)
        if n == 0 or day.year != starts[n - 1][1].year
    ]
    parts = [(column, period_part(day, grid.period), "") for column, day in starts]
    return [Text((pad + _place(years, size)).rstrip(), BOLD), Text((pad + _place(parts, size)).rstrip())]


def _place(labels: list[tuple[int, str, str]], size: int) -> str:
    """Labels written at their columns, each in full or short form if it fits before the next, else left out."""
    chars = [" "] * size
    for index, (column, full, short) in enumerate(labels):
        limit = labels[index + 1][0] - 1 if index + 1 < len(labels) else size
        for text in (full, short):
            if text and column + len(text) <= limit:
                chars[column : column + len(text)] = text
                break
    return "".join(chars)


def _bar(grid: _Grid, block: range, item: PlannedInitiative, colour: Style, marker: int | None = None) -> Text:
    """The initiative's bar across the block's columns, in half-character steps, over a dim dotted background.

    Late work is drawn in red; the status date's column shows as a line where no bar covers it.
    """
    first, stop = grid.columns[block.start], grid.columns[block.stop]
    background = _background(grid, first, stop)
    if marker is not None:
        background = background[:marker] + STATUS_LINE + background[marker + 1 :]
    style = LATE if item.state == "late" else colour + Style(bold=item.critical, dim=item.status == "done")
    begin = grid.half(item.start)
    end = max(grid.half(item.finish + timedelta(days=1)), begin + 1)
    if item.finish < grid.bounds[0]:
        cells: dict[int, str] = {0: EARLIER}
    elif item.milestone:
        cells = {begin // 2: MILESTONE[item.status]}
    else:
        cells = {}
        for cell in range(begin // 2, (end - 1) // 2 + 1):
            left, right = begin <= 2 * cell < end, begin <= 2 * cell + 1 < end
            cells[cell] = FILL[item.status] if left and right else "▌" if left else "▐"
    shown = sorted(cell for cell in cells if first <= cell < stop)
    bar = Text()
    if not shown:
        bar.append(background, DIM)
        return bar
    low, high = shown[0], shown[-1] + 1
    bar.append(background[: low - first], DIM)
    bar.append("".join(cells[cell] for cell in range(low, high)), style)
    bar.append(background[high - first :], DIM)
    return bar


def _background(grid: _Grid, first: int, stop: int) -> str:
    """Dots where periods start, spaces elsewhere, for the columns `first` to `stop`."""
    starts = set(grid.columns)
    return "".join("·" if cell in starts else " " for cell in range(first, stop))


def _rows(plan: Plan, group_by: GroupBy, styles: dict[str, Style]) -> Iterator[Row]:
    """Headings and initiative rows in the order of the grouping."""
    if group_by == "category":
        names = {category.id: category.name for category in plan.categories}
        order = [category.id for category in plan.categories]
        order += sorted({item.category for item in plan.initiatives} - set(order))
        for category in order:
            members = [item for item in plan.initiatives if item.category == category]
            if members:
                yield Text(clean(names.get(category, category)), style=styles.get(category, Style()) + BOLD)
                yield from ((_label(item, 1), item) for item in members)
    elif group_by == "phase":
        for phase in plan.phases:
            yield Text.assemble((_("Phase {number}").format(number=phase.number), BOLD), (f"  {phase.start} → {phase.finish}", DIM))
            ids = set(phase.initiatives)
            yield from ((_label(item, 1), item) for item in plan.initiatives if item.id in ids)
    else:
        yield from _rows_by_region(plan)


def _rows_by_region(plan: Plan) -> Iterator[Row]:
    """Region headings in tree order (only regions with work below them), each followed by its initiatives."""
    shown = RegionTree.of(plan.regions, sort_siblings=False).with_ancestors(item.region for item in plan.initiatives)
    regions = [region for region in plan.regions if region.id in shown]
    top = min((region.depth for region in regions), default=0)
    headings = [
        (region.id, min(region.depth - top, MAX_INDENT), Text.assemble((clean(region.name), BOLD), (" " + region_kind_word(region.kind), DIM)))
        for region in regions
    ]
    headings += [(region_id, 0, Text(region_id, BOLD)) for region_id in sorted(shown - {region.id for region in regions})]
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    for region_id, depth, heading in headings:
        heading.pad_left(2 * depth)
        yield heading
        yield from ((_label(item, depth + 1), item) for item in by_region.get(region_id, []))


def _label(item: PlannedInitiative, indent: int) -> Text:
    """Indent, critical marker, id (red when late, yellow when at risk) and name."""
    label = Text("  " * indent)
    label.append("! " if item.critical else "  ", CRITICAL if item.critical else Style())
    style = BOLD if item.critical else (DIM if item.status == "done" else Style())
    label.append(item.id, style + (CRITICAL if item.state == "late" else AT_RISK if item.state == "at-risk" else Style()))
    label.append("  " + clean(item.name), DIM)
    return label


def _line(text: Text, width: int) -> Text:
    """One terminal line that never wraps."""
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis")
    return text


def _legend(plan: Plan, styles: dict[str, Style], width: int) -> Text:
    """Symbols, then one swatch per category, wrapped between entries only."""
    entries = [
        Text(f"{symbol} {meaning}")
        for symbol, meaning in [
            (FILL["planned"], status_word("planned")),
            (FILL["active"], status_word("active")),
            (FILL["done"], status_word("done")),
            (MILESTONE["planned"], _("milestone")),
            (MILESTONE["done"], _("milestone done")),
            ("!", _("critical")),
            ("▌▐", _("part of a column")),
            (EARLIER, _("before {start}").format(start=day_text(plan.roadmap.start))),
        ]
    ]
    status_date = plan.roadmap.status_date
    if status_date and plan.roadmap.start <= status_date <= max([plan.finish, *(item.finish for item in plan.initiatives)]):
        entries.append(Text(STATUS_MARK + STATUS_LINE + " " + _("status date {date}").format(date=day_text(status_date))))
    if any(item.state == "late" for item in plan.initiatives):
        entries.append(Text.assemble(("█", LATE), " " + _("late")))
    swatches = [Text.assemble(("■", styles[category.id]), " " + clean(category.name)) for category in plan.categories]
    legend = Text()
    for group in (entries, swatches):
        line = Text()
        for entry in group:
            if line and line.cell_len + 2 + entry.cell_len > width:
                legend.append_text(line)
                legend.append("\n")
                line = Text()
            if line:
                line.append("  ")
            line.append_text(entry)
        legend.append_text(line)
        legend.append("\n")
    legend.rstrip()
    return legend


def _phase_overview(plan: Plan) -> list[RenderableType]:
    """A table of phases: dates, and what each holds per region and category."""
    if not plan.phases:
        return []
    region_order = {region.id: index for index, region in enumerate(plan.regions)}
    region_names = {region.id: clean(region.name) for region in plan.regions}
    category_order = {category.id: index for index, category in enumerate(plan.categories)}
    category_names = {category.id: clean(category.name) for category in plan.categories}
    items = initiatives_by_id(plan)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(Text(_("Phase")), justify="right")
    table.add_column(Text(_("Dates")), no_wrap=True)
    table.add_column(Text(_("Periods")), no_wrap=True)
    table.add_column(Text(_("Holds")))
    for phase in plan.phases:
        members = [items[initiative] for initiative in phase.initiatives if initiative in items]
        holds = Text()
        for region_id in sorted({item.region for item in members}, key=lambda r: (region_order.get(r, -1), r)):
            counts = Counter(item.category for item in members if item.region == region_id)
            ordered = sorted(counts, key=lambda c: (category_order.get(c, len(category_order)), c))
            if holds:
                holds.append("\n")
            holds.append(region_names.get(region_id, region_id) + ": ", BOLD)
            holds.append(", ".join(f"{category_names.get(c, c)} ×{counts[c]}" for c in ordered))
        first, last = period_text(phase.start, plan.roadmap.period), period_text(phase.finish, plan.roadmap.period)
        periods = Text(first if first == last else f"{first}→{last}", DIM)
        table.add_row(Text(str(phase.number)), Text(f"{phase.start} → {phase.finish}"), periods, holds)
    return [Text(), Rule(Text(_("Phases")), align="left", style=DIM), table]


def _summary(plan: Plan) -> list[RenderableType]:
    """Counts per phase and category, cost per year, binding capacities, critical path and dropped work."""
    out: list[RenderableType] = [Text(), Rule(Text(_("Summary")), align="left", style=DIM)]
    has_cost = any(item.cost for item in plan.initiatives)
    by_phase = _table([_("Phase"), _("Initiatives"), _("Critical"), _("Done")] + ([_("Cost")] if has_cost else []))
    for phase in plan.phases:
        members = [item for item in plan.initiatives if item.phase == phase.number]
        by_phase.add_row(*_cells(str(phase.number), *_tally(members, has_cost, ["critical", "done"])))
    by_category = _table([_("Category"), _("Initiatives"), _("Planned"), _("Active"), _("Done")] + ([_("Cost")] if has_cost else []))
    for category in plan.categories:
        members = [item for item in plan.initiatives if item.category == category.id]
        by_category.add_row(*_cells(clean(category.name), *_tally(members, has_cost, list(SCHEDULED_STATUSES))))
    out += [by_phase, Text(), by_category]
    if plan.roadmap.status_date:
        out += [Text(), _state_table(plan, plan.roadmap.status_date)]
    if has_cost:
        per_year = _table([_("Year"), _("Cost")])
        for year, cost in cost_per_year(plan).items():
            per_year.add_row(*_cells(str(year), rupiah_short(cost)))
        per_year.add_row(*_cells(_("Total"), rupiah_short(sum(item.cost or 0 for item in plan.initiatives))), style=BOLD)
        out += [Text(), per_year]
    if plan.resources:
        capacity = _table([_("Resource"), _("Kind"), _("Capacity"), _("Peak"), _("Delayed"), _("Days waited")])
        for resource in plan.resources:
            amount = rupiah_short if resource.kind == "budget" else str
            per = "/" + period_word(resource.per) if resource.per else ""
            capacity.add_row(
                *_cells(
                    clean(resource.name),
                    resource_kind_word(resource.kind),
                    amount(resource.capacity) + per,
                    amount(resource.peak),
                    str(len(resource.delayed)),
                    str(resource.delay_days),
                ),
                style=BOLD if resource.binding else None,
            )
        out += [Text(), capacity]
    if plan.critical_path:
        out += [Text(), Text.assemble((_("Critical path: "), BOLD), " → ".join(plan.critical_path))]
    if plan.dropped:
        out += [Text.assemble((_("Dropped: "), BOLD), ", ".join(plan.dropped))]
    return out


def state_names() -> dict[str, str]:
    """Each schedule state in words, in the active language."""
    return {"on-track": _("on track"), "at-risk": _("at risk"), "late": _("late"), "done": _("done"), "dropped": _("dropped")}


def _state_table(plan: Plan, status_date: date) -> Table:
    """How many initiatives are in each schedule state on the status date."""
    counts = Counter(item.state for item in plan.initiatives)
    counts["dropped"] = len(plan.dropped)
    table = _table([_("As of {date}").format(date=day_text(status_date)), _("Initiatives")])
    for state, name in state_names().items():
        style = CRITICAL if state == "late" and counts[state] else AT_RISK if state == "at-risk" and counts[state] else None
        table.add_row(*_cells(name, str(counts[state])), style=style)
    return table


def _table(headers: list[str]) -> Table:
    """A plain summary table, numbers right-aligned."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(Text(header), justify="left" if index == 0 else "right")
    return table


def _tally(members: list[PlannedInitiative], has_cost: bool, columns: list[str]) -> list[str]:
    """Count, then count per status or flag, then the cost if the plan has costs."""
    counts = [str(len(members))]
    for column in columns:
        if column == "critical":
            counts.append(str(sum(item.critical for item in members)))
        else:
            counts.append(str(sum(item.status == column for item in members)))
    if has_cost:
        counts.append(rupiah_short(sum(item.cost or 0 for item in members)))
    return counts


def _cells(*values: str) -> list[Text]:
    """Table cells as Text, never markup."""
    return [Text(value) for value in values]


def _explain_chain(
    item: PlannedInitiative, items: dict[str, PlannedInitiative], plan_start: date
) -> list[RenderableType]:
    """The chain of binding predecessors, link by link, back to the first."""
    out: list[RenderableType] = [Text(), Text(_("Why it starts on {start}").format(start=day_text(item.start)), BOLD)]
    waited = sum(delay.days for delay in item.capacity_delays)
    if waited and item.earliest_start:
        out.append(_indent(Text(_("Predecessors allow {earliest_start}; capacity held it {waited} days more.").format(earliest_start=day_text(item.earliest_start), waited=waited)), 2))
    chain = binding_chain(item, items)
    for link in chain:
        dependency, predecessor = link.dependency, link.predecessor
        arrow = Text.assemble("← ", (dependency.id, BOLD))
        if predecessor is None:
            arrow.append(_("  (not in this plan)"), DIM)
            out += [_indent(arrow, 2), _indent(_reason(dependency), 4)]
            break
        arrow.append("  " + clean(predecessor.name))
        facts = [_dates(predecessor), _("slack {slack_days} days").format(slack_days=predecessor.slack_days)]
        facts += [_("critical")] if predecessor.critical else []
        facts += [_("waited {days} days for {resource}").format(days=delay.days, resource=delay.resource) for delay in predecessor.capacity_delays]
        reason = _reason(dependency)
        if link.also:
            reason.append(_("; also binding: ") + ", ".join(link.also), DIM)
        out += [_indent(arrow, 2), _indent(Text.assemble(_joined(facts), "\n", reason), 4)]
    if not chain:
        out.append(_indent(Text(_("No predecessor holds it back; the plan starts on {plan_start}.").format(plan_start=day_text(plan_start))), 2))
    return out


def _explain_other(item: PlannedInitiative, items: dict[str, PlannedInitiative]) -> list[RenderableType]:
    """Predecessors that did not decide the start, with the day each was ready."""
    others = [dependency for dependency in item.dependencies if not dependency.binding]
    if not others:
        return []
    out: list[RenderableType] = [Text(), Text(_("Other predecessors (not binding)"), BOLD)]
    for dependency in others:
        line = Text.assemble((dependency.id, BOLD))
        predecessor = items.get(dependency.id)
        if predecessor is not None:
            line.append(_("  ready {ready_day}").format(ready_day=day_text(ready_day(predecessor, dependency))), DIM)
        out += [_indent(line, 2), _indent(_reason(dependency), 4)]
    return out


def _explain_capacity(item: PlannedInitiative) -> list[RenderableType]:
    """Days the initiative waited for each resource."""
    if not item.capacity_delays:
        return []
    out: list[RenderableType] = [Text(), Text(_("Capacity delays"), BOLD)]
    for delay in item.capacity_delays:
        out.append(_indent(Text(_("{resource}: waited {days} days").format(resource=delay.resource, days=delay.days)), 2))
    objective = _("Levelling aims for the earliest roadmap finish it can find, not the earliest start of each initiative: work may wait where another order would start it sooner.")
    out.append(_indent(Text(objective, DIM), 2))
    return out


def _explain_quorum(item: PlannedInitiative, items: dict[str, PlannedInitiative]) -> list[RenderableType]:
    """Each quorum gate: which members were counted and which were not needed."""
    if not item.gates:
        return []
    out: list[RenderableType] = [Text(), Text(_("Quorum gates"), BOLD)]
    for gate in item.gates:
        rest = [member for member in gate.members if member not in gate.counted]
        line = Text(_("{rule}: waits for {k} of {length}; counted: ").format(rule=gate.rule, k=gate.k, length=len(gate.members)) + ", ".join(gate.counted))
        if rest:
            line.append(_("; not needed: ") + ", ".join(rest), DIM)
        out.append(_indent(line, 2))
    return out


def _explain_dependents(item: PlannedInitiative, items: dict[str, PlannedInitiative]) -> list[RenderableType]:
    """What waits for this initiative, and why."""
    out: list[RenderableType] = [Text(), Text(_("Unblocks"), BOLD)]
    if not item.dependents:
        out.append(_indent(Text(_("nothing")), 2))
    for dependent_id in item.dependents:
        dependent = items.get(dependent_id)
        line = Text.assemble("→ ", (dependent_id, BOLD))
        if dependent is None:
            line.append(_("  (not in this plan)"), DIM)
            out.append(_indent(line, 2))
            continue
        line.append("  " + clean(dependent.name))
        body = _joined([_("phase {phase}").format(phase=dependent.phase), _dates(dependent)])
        edge = next((dependency for dependency in dependent.dependencies if dependency.id == item.id), None)
        if edge is not None:
            body.append("\n")
            body.append_text(_reason(edge))
        out += [_indent(line, 2), _indent(body, 4)]
    return out


def _indent(text: Text, spaces: int) -> _Indented:
    """Text indented on every wrapped line, without trailing padding."""
    return _Indented(text, spaces)


@dataclass(frozen=True)
class _Indented:
    """Text wrapped to the width left after an indent, each line indented (rich's Padding pads lines on the right)."""

    text: Text
    spaces: int

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """One Text per wrapped line."""
        for line in self.text.wrap(console, max(1, options.max_width - self.spaces)):
            line.rstrip()
            yield Text(" " * self.spaces) + line


def _reason(dependency: PlannedDependency) -> Text:
    """The edge's reason, lag and quorum flag, dimmed."""
    text = clean(dependency.reason.text())
    if dependency.lag_days:
        text += _("; lag {lag_days} days").format(lag_days=dependency.lag_days)
    if dependency.quorum:
        text += _("; quorum gate")
    return Text(text, DIM)


def _dates(item: PlannedInitiative) -> str:
    """`start → finish`, or the day of a milestone."""
    if item.milestone:
        return f"◆ {day_text(item.start)}"
    return f"{day_text(item.start)} → {day_text(item.finish)}"


def _days(item: PlannedInitiative) -> str:
    """The duration as `N days` (a milestone takes none)."""
    if item.milestone:
        return _("milestone")
    return _count(item.duration_days, ngettext("{count} day", "{count} days", item.duration_days))


def _count(number: int, message: str) -> str:
    """A counted noun from its singular/plural message: `1 phase`, `3 phases` (`3 tahap`)."""
    return message.format(count=number)


def _joined(parts: list[str], style: Style | None = None) -> Text:
    """Parts joined with ` · `."""
    return Text(" · ".join(parts), style or Style())
