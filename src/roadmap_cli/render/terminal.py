"""Terminal view of a plan (header, timeline, phases, summary) and `explain` for one initiative, as rich renderables."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len, set_cell_size
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
    period_word,
    region_kind_word,
    resource_kind_word,
    status_word,
)
from roadmap_cli.plan import PHASE_HISTORY, BudgetDelay, Phase, Plan, PlannedDependency, PlannedInitiative, binding_chain
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import (
    AUTHORITY_WORDS,
    EXTERNAL_MARK,
    GROUPINGS,
    GroupBy,
    budget_name,
    clean,
    cost_breakdown,
    cost_per_year,
    funding_text,
    initiatives_by_id,
    phase_note,
    ready_day,
    rupiah_short,
    source_name,
    unknown_message,
)
from roadmap_cli.vocabulary import PERIODS, SCHEDULED_STATUSES

if TYPE_CHECKING:
    from roadmap_cli.diff import PlanDiff

FILL = {"planned": "█", "active": "▓", "done": "░"}
"""Bar fill per status, so status reads without colour."""
MILESTONE = {"planned": "◆", "active": "◆", "done": "◇"}
EXTERNAL_FILL = "▒"
"""Bar fill of planned and active work the region does not decide (central government or a partner)."""
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


LABELS = ("name", "id", "both")
"""What the timeline's label column shows: the initiative's name, its id, or both."""
LABEL_SHARE = (2, 5)
"""The label column takes at most this share of the width (numerator, denominator) before the timeline gets the rest."""
NARROW = 100
"""Below this width the phase table gives windows to the month."""
SHOWN = 6
"""Gate members and dependents `explain` lists before it counts the rest (`--all` lists them all)."""
BRIEF = 3
"""Other predecessors and other binding ones `explain` lists before it counts the rest."""


@dataclass(frozen=True)
class Baseline:
    """A plan's diff against a baseline, and what the baseline was read from."""

    label: str
    diff: PlanDiff


def render_plan(
    plan: Plan,
    *,
    width: int,
    period: str | None = None,
    group_by: GroupBy = "region",
    labels: str = "name",
    detail: bool = False,
    summary_only: bool = False,
    baseline: Baseline | None = None,
) -> list[RenderableType]:
    """The plan for a terminal `width` columns wide: header, timeline, phase table and summary (and shifts against a baseline).

    `labels` chooses the label column (name, id or both), `detail` adds what each phase holds per
    region, and `summary_only` leaves the timeline out.
    """
    if period is not None and period not in PERIODS:
        raise ValueError(unknown_message("period", period, PERIODS))
    if group_by not in GROUPINGS:
        raise ValueError(unknown_message("grouping", group_by, GROUPINGS))
    if labels not in LABELS:
        raise ValueError(unknown_message("label", labels, LABELS))
    shifts = {shift.id: shift.finish_days for shift in baseline.diff.shifts} if baseline else {}
    timeline = [] if summary_only else [Text(), *_timeline(plan, width, period, group_by, shifts, labels)]
    return [
        _header(plan),
        *timeline,
        *_phase_overview(plan, width, detail),
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
                *_cells(
                    shift.id, f"{day_text(shift.before.start)} → {day_text(shift.after.start)}", f"{day_text(shift.before.finish)} → {day_text(shift.after.finish)}", _signed_days(shift.finish_days)
                ),
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


def render_explain(plan: Plan, initiative_id: str, *, show_all: bool = False) -> RenderableType:
    """Why an initiative sits where it does: dates, float, binding chain, capacity, quorum gates and what it unblocks.

    Long lists (other predecessors, gate members, dependents) show their first few and count the
    rest unless `show_all`.
    """
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
        _joined([_phase_name(plan, item.phase), _dates(item), _days(item)]),
        *_explain_float(plan, item),
    ]
    extra = []
    if item.earliest_start and item.earliest_start != item.start:
        extra.append(_("earliest start {earliest_start}").format(earliest_start=day_text(item.earliest_start)))
    if item.latest_start and item.latest_start != item.start:
        extra.append(_("latest start {latest_start}").format(latest_start=day_text(item.latest_start)))
    if item.where:
        extra.append(_("declared at {where}").format(where=item.where))
    if extra:
        lines.append(_joined(extra, DIM))
    lines += _explain_funding(plan, item)
    lines += _explain_chain(item, items, plan.roadmap.start, plan.roadmap.status_date, show_all)
    lines += _explain_other(item, items, show_all)
    lines += _explain_capacity(item)
    lines += _explain_quorum(item, show_all)
    lines += _explain_dependents(item, items, show_all)
    return Group(*lines)


def _phase_name(plan: Plan, number: int) -> str:
    """`Phase 3`, `Phase 2 · Tahap 2 - Akselerasi`, or `History` for done work."""
    if number == PHASE_HISTORY:
        return _("History")
    phase = next((phase for phase in plan.phases if phase.number == number), None)
    title = _("Phase {phase}").format(phase=number)
    return f"{title} · {clean(phase.name)}" if phase is not None and phase.name else title


def _explain_float(plan: Plan, item: PlannedInitiative) -> list[RenderableType]:
    """Total float and the buffer to the horizon, each with its definition."""
    if item.status == "done":
        return []
    facts = [_("float {days} days").format(days=item.slack_days) + (" · " + _("critical") if item.critical else "")]
    if plan.horizon_buffer_days is not None and plan.roadmap.horizon is not None:
        facts.append(_("buffer to the horizon {days} days").format(days=plan.horizon_buffer_days))
    definition = _("Float: days it may slip before the roadmap's finish {finish} moves (critical: no float).").format(finish=day_text(plan.finish))
    if plan.horizon_buffer_days is not None and plan.roadmap.horizon is not None:
        definition += " " + _("Buffer: days that finish may slip before {horizon}.").format(horizon=day_text(plan.roadmap.horizon))
    return [_joined(facts), _indent(Text(definition, DIM), 0)]


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
    lines: list[RenderableType] = [Text(clean(info.name), style=BOLD)]
    lines.append(_joined([info.id] + ([_("owner {owner}").format(owner=clean(info.owner))] if info.owner else []), DIM))
    dates = [_("start {start}").format(start=day_text(info.start))]
    if info.status_date:
        dates.append(_("as of {date}").format(date=day_text(info.status_date)))
    dates.append(_("period {period}").format(period=period_word(info.period)))
    if info.horizon:
        dates.append(_("horizon {horizon}").format(horizon=day_text(info.horizon)))
    finish = Text(_("finish {finish}").format(finish=day_text(plan.finish)))
    if info.horizon and plan.finish > info.horizon:
        finish.append(_(", after the horizon"), style=CRITICAL)
    lines.append(_Facts((*map(Text, dates), finish)))
    counts = [
        _count(len(plan.initiatives), ngettext("{count} initiative", "{count} initiatives", len(plan.initiatives))),
        _count(len(regions := {item.region for item in plan.initiatives}), ngettext("{count} region", "{count} regions", len(regions))),
        _count(len(plan.numbered_phases), ngettext("{count} phase", "{count} phases", len(plan.numbered_phases))),
        _("{count} critical").format(count=sum(item.critical for item in plan.initiatives)),
    ]
    if plan.history:
        counts.append(_("{count} done (history)").format(count=len(plan.history.initiatives)))
    if plan.dropped:
        counts.append(_("{count} dropped").format(count=len(plan.dropped)))
    lines.append(_Facts(tuple(map(Text, counts))))
    late = sum(item.state == "late" for item in plan.initiatives)
    at_risk = sum(item.state == "at-risk" for item in plan.initiatives)
    if info.status_date and (late or at_risk):
        warning = (
            Text(ngettext("{count} late", "{count} late", late).format(count=late), CRITICAL if late else Style()),
            Text(ngettext("{count} at risk", "{count} at risk", at_risk).format(count=at_risk), AT_RISK if at_risk else Style()),
        )
        lines.append(_Facts(warning))
    return Group(*lines)


@dataclass(frozen=True)
class _Facts:
    """Facts joined with ` · `, wrapped only between facts: `finish 2029-10-19` never splits across lines."""

    parts: tuple[Text, ...]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        """One line per run of facts that fits the width."""
        line = Text()
        for part in self.parts:
            if line and line.cell_len + 3 + part.cell_len > options.max_width:
                yield line
                line = Text()
            if line:
                line.append(" · ")
            line.append_text(part)
        yield line


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


@dataclass(frozen=True)
class _Entry:
    """An initiative's row before its label is fitted: indent and marker, the label text, and its region heading's name."""

    prefix: Text
    item: PlannedInitiative
    text: str
    style: Style


Row = Text | tuple[Text, PlannedInitiative]
"""A timeline row: a heading on its own, or an initiative's label and the initiative."""


def _timeline(plan: Plan, width: int, period: str | None, group_by: GroupBy, shifts: Mapping[str, int], labels: str = "name") -> list[RenderableType]:
    """The timeline: period headers, one bar per initiative under its group, and a legend."""
    wanted = period or plan.roadmap.period
    if not plan.initiatives:
        empty_title = _("Timeline by {period}").format(period=period_word(wanted))
        return [Rule(Text(empty_title), align="left", style=DIM), Text(_("No initiatives to show."))]
    styles = _category_styles(plan)
    entries = list(_rows(plan, group_by, styles, labels))
    needed = max(entry.prefix.cell_len + cell_len(entry.text) for entry in entries if isinstance(entry, _Entry))
    label_width = min(needed, max(12, width * LABEL_SHARE[0] // LABEL_SHARE[1]))
    # The timeline starts with the roadmap: earlier (done) work is marked `◂` in the first column.
    first = plan.roadmap.start
    last = max([plan.finish, first, *(item.finish for item in plan.initiatives)])
    reserve = max((_shift_mark(days).cell_len for days in shifts.values() if days), default=0)
    grid, blocks = _choose_grid(first, last, width - label_width - 1 - reserve, wanted, explicit=period is not None)
    spare = width - label_width - 1 - reserve - max(grid.columns[block.stop] - grid.columns[block.start] for block in blocks)
    label_width += max(0, min(spare, needed - label_width))
    rows = _fit_labels(entries, label_width)

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
    years = [(column, str(day.year), f"'{day.year % 100:02d}") for n, (column, day) in enumerate(starts) if n == 0 or day.year != starts[n - 1][1].year]
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
    style = LATE if item.state == "late" else colour + Style(bold=item.critical, dim=item.status == "done", italic=item.external)
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
            fill = EXTERNAL_FILL if item.external and item.status != "done" else FILL[item.status]
            cells[cell] = fill if left and right else "▌" if left else "▐"
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


def _rows(plan: Plan, group_by: GroupBy, styles: dict[str, Style], labels: str) -> Iterator[Text | _Entry]:
    """Headings and initiative entries in the order of the grouping; history is one collapsed line when grouped by phase."""
    if group_by == "category":
        names = {category.id: category.name for category in plan.categories}
        order = [category.id for category in plan.categories]
        order += sorted({item.category for item in plan.initiatives} - set(order))
        grouped: dict[str, list[PlannedInitiative]] = {}
        for item in plan.initiatives:
            grouped.setdefault(item.category, []).append(item)
        for category in order:
            if category in grouped:
                yield Text(clean(names.get(category, category)), style=styles.get(category, Style()) + BOLD)
                yield from (_entry(item, 1, labels) for item in grouped[category])
    elif group_by == "phase":
        by_phase: dict[int, list[PlannedInitiative]] = {}
        for item in plan.initiatives:
            by_phase.setdefault(item.phase, []).append(item)
        for phase in plan.phases:
            heading = Text.assemble((_phase_name(plan, phase.number), BOLD), (f"  {phase.start} → {phase.finish}", DIM))
            if phase.history:
                heading.append("  " + _("{count} done, not shown").format(count=len(phase.initiatives)), DIM)
                yield heading
                continue
            yield heading
            yield from (_entry(item, 1, labels) for item in by_phase.get(phase.number, []))
    else:
        yield from _rows_by_region(plan, labels)


def _rows_by_region(plan: Plan, labels: str) -> Iterator[Text | _Entry]:
    """Region headings in tree order (only regions with work below them), each followed by its initiatives."""
    shown = RegionTree.of(plan.regions, sort_siblings=False).with_ancestors(item.region for item in plan.initiatives)
    regions = [region for region in plan.regions if region.id in shown]
    names = {region.id: clean(region.name) for region in regions}
    top = min((region.depth for region in regions), default=0)
    headings = [(region.id, min(region.depth - top, MAX_INDENT), Text.assemble((clean(region.name), BOLD), (" " + region_kind_word(region.kind), DIM))) for region in regions]
    headings += [(region_id, 0, Text(region_id, BOLD)) for region_id in sorted(shown - {region.id for region in regions})]
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    for region_id, depth, heading in headings:
        heading.pad_left(2 * depth)
        yield heading
        yield from (_entry(item, depth + 1, labels, names.get(region_id)) for item in by_region.get(region_id, []))


def _entry(item: PlannedInitiative, indent: int, labels: str, heading: str | None = None) -> _Entry:
    """Indent, critical marker and label text (the name without the region heading's name at its end, the id, or both)."""
    prefix = Text("  " * indent)
    prefix.append("! " if item.critical else "  ", CRITICAL if item.critical else Style())
    if item.external:
        prefix.append(EXTERNAL_MARK + " ", DIM)
    state = CRITICAL if item.state == "late" else AT_RISK if item.state == "at-risk" else Style()
    style = (BOLD if item.critical else DIM if item.status == "done" else Style()) + state
    name = clean(item.name)
    if labels == "id":
        return _Entry(prefix, item, item.id, style)
    if labels == "both":
        return _Entry(prefix, item, f"{item.id}  {name}", style)
    if heading and name.lower().endswith(" " + heading.lower()) and name[: -len(heading)].strip():
        name = name[: -len(heading)].rstrip(" ,-–·")
    return _Entry(prefix, item, name, style)


def _fit_labels(entries: list[Text | _Entry], width: int) -> list[Row]:
    """Labels cut to `width` cells; where cut names collide under one heading, each of them keeps its id at the end."""
    rows: list[Row] = []
    group: list[_Entry] = []

    def flush() -> None:
        cut = [_cut(entry.prefix.cell_len, entry.text, width) for entry in group]
        seen = Counter(cut)
        for entry, text in zip(group, cut):
            if seen[text] > 1:
                room = width - entry.prefix.cell_len - cell_len(entry.item.id) - 1
                text = (_cut(0, entry.text, room) + " " if room >= 4 else "") + entry.item.id
            label = entry.prefix.copy()
            label.append(text, entry.style)
            rows.append((label, entry.item))
        group.clear()

    for entry in entries:
        if isinstance(entry, _Entry):
            group.append(entry)
            continue
        flush()
        rows.append(entry)
    flush()
    return rows


def _cut(used: int, text: str, width: int) -> str:
    """`text` cut with an ellipsis to fit `width` cells after `used` cells of prefix."""
    room = width - used
    if cell_len(text) <= room:
        return text
    return set_cell_size(text, max(0, room - 1)).rstrip() + "…"


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
    if any(item.external for item in plan.initiatives):
        entries.append(Text(f"{EXTERNAL_MARK}{EXTERNAL_FILL} " + _("external: central government or partner decides")))
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


def _phase_overview(plan: Plan, width: int, detail: bool) -> list[RenderableType]:
    """The phase table, one line per phase: window, initiatives per category, critical and cost; per region with `detail`.

    One pass over the initiatives counts everything, so the table is linear in the plan.
    """
    if not plan.phases:
        return []
    order = {category.id: index for index, category in enumerate(plan.categories)}
    counts: dict[int, Counter[str]] = {phase.number: Counter() for phase in plan.phases}
    critical: Counter[int] = Counter()
    cost: Counter[int] = Counter()
    held: dict[int, dict[str, Counter[str]]] = {}
    for item in plan.initiatives:
        counts.setdefault(item.phase, Counter())[item.category] += 1
        critical[item.phase] += item.critical
        cost[item.phase] += item.cost or 0
        if detail:
            held.setdefault(item.phase, {}).setdefault(item.region, Counter())[item.category] += 1
    categories = [category.id for category in plan.categories]
    categories += sorted({c for tally in counts.values() for c in tally} - set(categories))
    has_cost = any(cost.values())
    named = any(phase.name for phase in plan.phases)
    short = width < NARROW
    styles = _category_styles(plan)
    names = {category.id: clean(category.name) for category in plan.categories}
    widest = [
        max(cell_len(_("Phase")), cell_len(_("History")), *(len(str(phase.number)) for phase in plan.phases)),
        max(cell_len(_("Window")), *(cell_len(_window(phase, short)) for phase in plan.phases)),
        max(cell_len(_("Total")), len(str(len(plan.initiatives)))),
        cell_len(_("Critical")),
        max([cell_len(_("Cost")), *(cell_len(rupiah_short(amount)) for amount in cost.values())]) if has_cost else -1,
        min(24, max([cell_len(_("Name")), *(cell_len(clean(phase.name or "")) for phase in plan.phases)])) if named else -1,
    ]
    fixed = sum(size + 1 for size in widest)
    room = (width - fixed) // max(1, len(categories)) - 1
    if all(cell_len(names.get(c, c)) <= room for c in categories):
        headers = {c: names.get(c, c) for c in categories}
    elif all(cell_len(c) <= room for c in categories):
        headers = {c: c for c in categories}
    else:
        headers = {c: set_cell_size(c, min(3, cell_len(c))).rstrip() for c in categories}
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=0)
    table.add_column(Text(_("Phase")), no_wrap=True)
    if named:
        table.add_column(Text(_("Name")), max_width=24, overflow="fold")
    table.add_column(Text(_("Window")), no_wrap=True)
    for category in categories:
        table.add_column(Text(headers[category], styles.get(category, Style())), justify="right", no_wrap=True)
    table.add_column(Text(_("Total")), justify="right", no_wrap=True)
    table.add_column(Text(_("Critical")), justify="right", no_wrap=True)
    if has_cost:
        table.add_column(Text(_("Cost")), justify="right", no_wrap=True)
    for phase in plan.phases:
        tally = counts.get(phase.number, Counter())
        cells = [Text(_("History"), DIM) if phase.history else Text(str(phase.number))]
        if named:
            cells.append(Text(clean(phase.name or ""), DIM if phase.history else Style()))
        cells.append(Text(_window(phase, short), DIM if phase.history else Style()))
        cells += [Text(str(tally[c]) if tally[c] else "·", DIM if not tally[c] else Style()) for c in categories]
        cells += [Text(str(sum(tally.values()))), Text("–" if phase.history else str(critical[phase.number]))]
        if has_cost:
            cells.append(Text(rupiah_short(cost[phase.number])))
        table.add_row(*cells, style=DIM if phase.history else None)
    out: list[RenderableType] = [Text(), Rule(Text(_("Phases")), align="left", style=DIM), Text(phase_note(plan), DIM), table]
    cut = [c for c in categories if headers[c] != names.get(c, c)]
    if cut:
        out.append(Text(" · ".join(f"{headers[c]} {names.get(c, c)}" for c in cut), DIM))
    if detail:
        out += _phase_detail(plan, held, order)
    return out


def _window(phase: Phase, short: bool) -> str:
    """A phase's first and last day (to the month when `short`)."""
    first, last = (phase.start.isoformat()[:7], phase.finish.isoformat()[:7]) if short else (str(phase.start), str(phase.finish))
    return first if first == last else f"{first} → {last}"


def _phase_detail(plan: Plan, held: dict[int, dict[str, Counter[str]]], order: dict[str, int]) -> list[RenderableType]:
    """What each phase holds per region and category (`--detail`)."""
    regions = {region.id: index for index, region in enumerate(plan.regions)}
    region_names = {region.id: clean(region.name) for region in plan.regions}
    category_names = {category.id: clean(category.name) for category in plan.categories}
    out: list[RenderableType] = []
    for phase in plan.phases:
        out += [Text(), Text(_phase_name(plan, phase.number), BOLD)]
        for region_id in sorted(held.get(phase.number, {}), key=lambda r: (regions.get(r, -1), r)):
            tally = held[phase.number][region_id]
            line = Text.assemble((region_names.get(region_id, region_id) + ": ", BOLD))
            line.append(", ".join(f"{category_names.get(c, c)} ×{tally[c]}" for c in sorted(tally, key=lambda c: (order.get(c, len(order)), c))))
            out.append(_indent(line, 2))
    return out


def _summary(plan: Plan) -> list[RenderableType]:
    """Counts per phase and category, cost per year, binding capacities, critical path and dropped work."""
    out: list[RenderableType] = [Text(), Rule(Text(_("Summary")), align="left", style=DIM)]
    has_cost = any(item.cost for item in plan.initiatives)
    out += _critical_lines(plan)
    by_category = _table([_("Category"), _("Initiatives"), _("Planned"), _("Active"), _("Done")] + ([_("Cost")] if has_cost else []))
    for category in plan.categories:
        members = [item for item in plan.initiatives if item.category == category.id]
        by_category.add_row(*_cells(clean(category.name), *_tally(members, has_cost, list(SCHEDULED_STATUSES))))
    out += [Text(), by_category]
    if plan.roadmap.status_date:
        out += [Text(), _state_table(plan, plan.roadmap.status_date)]
    if has_cost:
        per_year = _table([_("Year"), _("Cost")])
        for year, cost in cost_per_year(plan).items():
            per_year.add_row(*_cells(str(year), rupiah_short(cost)))
        per_year.add_row(*_cells(_("Total"), rupiah_short(sum(item.cost or 0 for item in plan.initiatives))), style=BOLD)
        out += [Text(), per_year]
        out += _funding_summary(plan)
    out += _budget_lines(plan)
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


def _funding_summary(plan: Plan) -> list[RenderableType]:
    """Cost by funding source, and the region's own cost apart from external work; nothing when no work says who pays or decides."""
    if not any(item.funding or item.external for item in plan.initiatives):
        return []
    costs = cost_breakdown(plan)
    by_source = _table([_("Funding source"), _("Cost")])
    for source, amount in costs.by_source.items():
        by_source.add_row(*_cells(source_name(plan, source), rupiah_short(amount)))
    own = _("Region's own work: {own} · external work (not the region's budget): {external}").format(own=rupiah_short(costs.own), external=rupiah_short(costs.external))
    return [Text(), by_source, Text(own)]


def _budget_lines(plan: Plan) -> list[RenderableType]:
    """Which initiatives the budget-year rule held back, per budget, like the capacity table's delays."""
    held: dict[BudgetDelay, list[str]] = {}
    for item in plan.initiatives:
        if item.budget_delay is not None:
            held.setdefault(replace(item.budget_delay, days=0), []).append(item.id)
    out: list[RenderableType] = []
    for delay, ids in held.items():
        line = ngettext(
            "Budget year: {count} initiative funded from an APBD waits for {budget}, from {start}: {ids}",
            "Budget year: {count} initiatives funded from an APBD wait for {budget}, from {start}: {ids}",
            len(ids),
        ).format(count=len(ids), budget=budget_name(delay), start=day_text(delay.start), ids=", ".join(ids))
        out.append(Text(line))
    return [Text(), *out] if out else []


def _critical_lines(plan: Plan) -> list[RenderableType]:
    """How much of the remaining work is critical, which resource makes it so, and the buffer to the horizon."""
    remaining = [item for item in plan.initiatives if item.status != "done"]
    count = sum(item.critical for item in remaining)
    lines: list[RenderableType] = [
        Text(
            ngettext(
                "{count} of {total} initiatives still to do is critical: no float, any slip moves the finish {finish}.",
                "{count} of {total} initiatives still to do are critical: no float, any slip moves the finish {finish}.",
                count,
            ).format(count=count, total=len(remaining), finish=day_text(plan.finish))
        )
    ]
    names = {resource.id: (clean(resource.name), resource.capacity) for resource in plan.resources}
    for resource_id, number in plan.critical_by_resource:
        name, capacity = names.get(resource_id, (resource_id, 0))
        lines.append(
            Text(
                ngettext(
                    "{count} of them is critical only because it shares {resource} (capacity {capacity}) with other work.",
                    "{count} of them are critical only because they share {resource} (capacity {capacity}) with other work.",
                    number,
                ).format(count=number, resource=name, capacity=capacity),
                BOLD if 2 * number >= count else Style(),
            )
        )
    if plan.horizon_buffer_days is not None and plan.roadmap.horizon is not None:
        lines.append(
            Text(
                _("Buffer to the horizon: {days} days (the finish {finish} may slip this far before the horizon {horizon}).").format(
                    days=plan.horizon_buffer_days, finish=day_text(plan.finish), horizon=day_text(plan.roadmap.horizon)
                ),
                CRITICAL if plan.horizon_buffer_days < 0 else Style(),
            )
        )
    return lines


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


def _explain_chain(item: PlannedInitiative, items: dict[str, PlannedInitiative], plan_start: date, status_date: date | None, show_all: bool = False) -> list[RenderableType]:
    """The chain of binding predecessors, link by link, back to the first."""
    out: list[RenderableType] = [Text(), Text(_("Why it starts on {start}").format(start=day_text(item.start)), BOLD)]
    waited = sum(delay.days for delay in item.capacity_delays)
    if item.budget_delay is not None:
        out.append(
            _indent(
                Text(
                    _("Funded from an APBD, it can start on {start} at the earliest, in {budget}: the budget-year rule held it {days} days.").format(
                        start=day_text(item.budget_delay.start), budget=budget_name(item.budget_delay), days=item.budget_delay.days
                    )
                ),
                2,
            )
        )
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
        facts = [_dates(predecessor), _("critical") if predecessor.critical else _("float {days} days").format(days=predecessor.slack_days)]
        facts += [_("waited {days} days for {resource}").format(days=delay.days, resource=delay.resource) for delay in predecessor.capacity_delays]
        reason = _reason(dependency)
        if link.also:
            listed = ", ".join(link.also if show_all or len(link.also) <= BRIEF else link.also[:BRIEF])
            if len(link.also) > BRIEF and not show_all:
                listed = ngettext("{join} and {count} more", "{join} and {count} more", len(link.also) - BRIEF).format(join=listed, count=len(link.also) - BRIEF)
            reason.append(_("; also binding: ") + listed, DIM)
        arrow.append("  ")
        arrow.append_text(_joined(facts, DIM))
        out += [_indent(arrow, 2), _indent(reason, 4)]
    if not chain and not waited and item.budget_delay is None:
        out.append(_indent(Text(_unheld_start(item, plan_start, status_date)), 2))
    return out


def _explain_funding(plan: Plan, item: PlannedInitiative) -> list[RenderableType]:
    """Who pays and who decides, when the roadmap says."""
    facts = []
    if item.funding:
        facts.append(_("funded by {sources}").format(sources=funding_text(plan, item)))
    if item.external:
        facts.append(_("external: {authority} decides; its cost is not the region's budget").format(authority=_(AUTHORITY_WORDS[item.authority])))
    return [_joined(facts)] if facts else []


def _unheld_start(item: PlannedInitiative, plan_start: date, status_date: date | None) -> str:
    """Why work that no predecessor holds back starts when it does: its actual start, the plan start, the status date or
    its `earliest_start` (the only other release the planner knows)."""
    if item.status in ("active", "done"):
        return _("It started on {started}: work already begun keeps its actual dates.").format(started=day_text(item.start))
    if item.start == plan_start:
        return _("No predecessor holds it back; the plan starts on {plan_start}.").format(plan_start=day_text(plan_start))
    if item.start == status_date:
        return _("No predecessor holds it back; work not started is planned from the status date {status_date}.").format(status_date=day_text(item.start))
    return _("No predecessor holds it back; its earliest_start is {earliest_start}.").format(earliest_start=day_text(item.start))


def _explain_other(item: PlannedInitiative, items: dict[str, PlannedInitiative], show_all: bool) -> list[RenderableType]:
    """Predecessors that did not decide the start, with the day each was ready; gate members are left to the gate."""
    others = [dependency for dependency in item.dependencies if not dependency.binding and not dependency.quorum]
    if not others:
        return []
    out: list[RenderableType] = [Text(), Text(_("Other predecessors (not binding)"), BOLD)]
    shown = others if show_all else others[:BRIEF]
    for dependency in shown:
        line = Text.assemble((dependency.id, BOLD))
        predecessor = items.get(dependency.id)
        if predecessor is not None:
            line.append(_("  ready {ready_day}").format(ready_day=day_text(ready_day(predecessor, dependency))), DIM)
        line.append(" · " + _short_reason(dependency), DIM)
        out.append(_indent(line, 2))
    out += _more(len(others) - len(shown))
    return out


def _more(hidden: int) -> list[RenderableType]:
    """`… and 18 more (--all lists them)`, when some were left out."""
    if hidden <= 0:
        return []
    return [_indent(Text(ngettext("… and {count} more (--all lists it)", "… and {count} more (--all lists them)", hidden).format(count=hidden), DIM), 2)]


def _explain_capacity(item: PlannedInitiative) -> list[RenderableType]:
    """Days the initiative waited for each resource."""
    if not item.capacity_delays:
        return []
    out: list[RenderableType] = [Text(), Text(_("Capacity delays"), BOLD)]
    for delay in item.capacity_delays:
        out.append(_indent(Text(_("{resource}: waited {days} days").format(resource=delay.resource, days=delay.days)), 2))
    objective = _(
        "Levelling minimises the roadmap finish first, then the total delay (the days all work waits past what its predecessors allow), not the start of each initiative: work may wait where another order would start it sooner, and budget-paid work may start later than its first fit when straddling budget years lets the roadmap finish sooner."
    )
    out.append(_indent(Text(objective, DIM), 2))
    return out


def _explain_quorum(item: PlannedInitiative, show_all: bool) -> list[RenderableType]:
    """Each quorum gate: k of n, the k counted (the last of them decides), and the rest as a count unless `show_all`."""
    if not item.gates:
        return []
    out: list[RenderableType] = [Text(), Text(_("Quorum gates"), BOLD)]
    places = {dependency.reason.rule: dependency.reason.where for dependency in item.dependencies if dependency.quorum}
    for gate in item.gates:
        counted = list(gate.counted) if show_all or len(gate.counted) <= SHOWN else [*gate.counted[: SHOWN - 1], "…", gate.counted[-1]]
        rule = _("{rule} ({where})").format(rule=gate.rule, where=places[gate.rule]) if gate.rule in places else gate.rule
        line = Text(_("{rule}: waits for {k} of {length}; counted: ").format(rule=rule, k=gate.k, length=len(gate.members)) + ", ".join(counted))
        rest = [member for member in gate.members if member not in gate.counted]
        if rest and (show_all or len(gate.members) <= SHOWN):
            line.append(_("; not needed: ") + ", ".join(rest), DIM)
        elif rest:
            line.append(ngettext("; {count} more not needed", "; {count} more not needed", len(rest)).format(count=len(rest)), DIM)
        if not show_all and len(gate.members) > SHOWN:
            line.append(" " + _("(--all lists every member)"), DIM)
        out.append(_indent(line, 2))
    return out


def _explain_dependents(item: PlannedInitiative, items: dict[str, PlannedInitiative], show_all: bool) -> list[RenderableType]:
    """What waits for this initiative, and why (the first few unless `show_all`)."""
    out: list[RenderableType] = [Text(), Text(_("Unblocks"), BOLD)]
    if not item.dependents:
        out.append(_indent(Text(_("nothing")), 2))
    shown = item.dependents if show_all else item.dependents[:SHOWN]
    for dependent_id in shown:
        dependent = items.get(dependent_id)
        line = Text.assemble("→ ", (dependent_id, BOLD))
        if dependent is None:
            line.append(_("  (not in this plan)"), DIM)
            out.append(_indent(line, 2))
            continue
        facts = [_phase_name_short(dependent.phase), _dates(dependent)]
        edge = next((dependency for dependency in dependent.dependencies if dependency.id == item.id), None)
        if edge is not None:
            facts.append(_short_reason(edge))
        line.append("  ")
        line.append_text(_joined(facts, DIM))
        out.append(_indent(line, 2))
    out += _more(len(item.dependents) - len(shown))
    return out


def _short_reason(dependency: PlannedDependency) -> str:
    """`rule gelombang` or `explicit`: which rule made the edge (the full reason is in the chain and the exports)."""
    if dependency.reason.rule is None:
        return _("explicit")
    return _("rule {rule}").format(rule=dependency.reason.rule)


def _phase_name_short(number: int) -> str:
    """`phase 3`, or `history` for done work."""
    return _("history") if number == PHASE_HISTORY else _("phase {phase}").format(phase=number)


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
    if dependency.lag_working_days is not None:
        text += _("; lag {working} working days ({lag_days} days)").format(working=dependency.lag_working_days, lag_days=dependency.lag_days)
    elif dependency.lag_days:
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
    days = _count(item.duration_days, ngettext("{count} day", "{count} days", item.duration_days))
    if item.working_days is not None:
        working = _count(item.working_days, ngettext("{count} working day", "{count} working days", item.working_days))
        return f"{working} ({days})"
    return days


def _count(number: int, message: str) -> str:
    """A counted noun from its singular/plural message: `1 phase`, `3 phases` (`3 tahap`)."""
    return message.format(count=number)


def _joined(parts: list[str], style: Style | None = None) -> Text:
    """Parts joined with ` · `."""
    return Text(" · ".join(parts), style or Style())
