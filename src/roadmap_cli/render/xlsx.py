"""Plan -> an Excel workbook (openpyxl): plan, Gantt, phases, cost per year / region / category, resources, targets.

Cells are typed (dates, whole numbers, rupiah with a number format, booleans), every table has a frozen header,
an autofilter and column widths from its content. The bytes depend on the plan only: the workbook's created and
modified times are the roadmap start, and every zip entry carries the same fixed date.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from roadmap_cli.durations import period_label, period_starts
from roadmap_cli.i18n import _
from roadmap_cli.plan import PHASE_HISTORY, Plan, PlannedInitiative
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import as_of, cost_breakdown, cost_per_region, cost_per_year, phase_title, source_name, state_text
from roadmap_cli.render.targets import check_date, target_rows

DATE_FORMAT = "yyyy-mm-dd"
RUPIAH_FORMAT = '"Rp" #,##0'
"""Whole rupiah with thousands separators; Excel shows them in the reader's locale (dots in Indonesian)."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every zip entry (the earliest a zip file can hold), so the same plan gives the same bytes."""
PALETTE = ("56B4E9", "E69F00", "009E73", "F0E442", "0072B2", "D55E00", "CC79A7", "999999")
"""Okabe-Ito colours, told apart by colour-blind readers; a category without a `#RRGGBB` colour takes the next one."""
MAX_WIDTH = 60
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
CRITICAL_SIDE = Side(style="medium", color="C00000")
MARKS = {"done": "✓", "active": "▶", "planned": ""}
"""Status marks in the Gantt cells (a milestone is `◆`, `◇` when done); the fill is the category colour."""
STATE_MARKS = {"late": "✖", "at-risk": "⚠"}
"""Added to the status mark of late and at-risk work."""
STATUS_COLOUR = "C00000"
STATUS_SIDE = Side(style="thick", color=STATUS_COLOUR)
"""The status date's line down the Gantt sheet."""


def render_xlsx(plan: Plan) -> bytes:
    """The plan as the bytes of an .xlsx workbook."""
    workbook = Workbook()
    moment = datetime.combine(plan.roadmap.start, datetime.min.time())
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.properties.title = plan.roadmap.name
    workbook.properties.creator = "roadmap"
    sheet = workbook.active
    assert sheet is not None
    _plan_sheet(sheet, plan)
    _gantt_sheet(workbook.create_sheet(_("Gantt")), plan)
    _phase_sheet(workbook.create_sheet(_("Phases")), plan)
    _cost_sheets(workbook, plan)
    _resource_sheet(workbook.create_sheet(_("Resources")), plan)
    if plan.targets:
        _target_sheet(workbook.create_sheet(_("Targets")), plan)
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_dates(written.getvalue())


def _with_fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_DATE (openpyxl dates them with the time of writing)."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return fixed.getvalue()


def _names(plan: Plan) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Region, category and initiative names by id."""
    return (
        {region.id: region.name for region in plan.regions},
        {category.id: category.name for category in plan.categories},
        {item.id: item.name for item in plan.initiatives},
    )


def _plan_sheet(sheet: Worksheet, plan: Plan) -> None:
    """One row per initiative with names and ids, typed dates, numbers and rupiah."""
    sheet.title = _("Plan")
    regions, categories, names = _names(plan)
    headers = [
        _("ID"), _("Initiative"), _("Region"), _("Region ID"), _("Category"), _("Category ID"), _("Status"),
        _("State"), _("Days late"), _("Status date"), _("Phase"), _("Start"), _("Finish"), _("Days"), _("Milestone"), _("Slack (days)"), _("Critical"),
        _("Earliest start"), _("Latest start"), _("Cost"), _("Funding"), _("Authority"), _("Owner"), _("Depends on"),
        _("Depends on (IDs)"), _("Binding"), _("Dependents (IDs)"), _("Capacity waits"), _("Budget-year wait (days)"), _("Tags"),
        _("Description"),
    ]  # fmt: skip
    rows = [
        [
            item.id,
            item.name,
            regions.get(item.region, item.region),
            item.region,
            categories.get(item.category, item.category),
            item.category,
            item.status,
            item.state,
            item.days_late,
            plan.roadmap.status_date,
            None if item.phase == PHASE_HISTORY else item.phase,
            item.start,
            item.finish,
            item.duration_days,
            item.milestone,
            item.slack_days,
            item.critical,
            item.earliest_start,
            item.latest_start,
            item.cost,
            ", ".join(f"{share.source}: {share.amount if share.percent is None else f'{share.percent}%'}" for share in item.funding),
            item.authority,
            item.owner,
            ", ".join(names.get(dependency.id, dependency.id) for dependency in item.dependencies),
            ", ".join(dependency.id for dependency in item.dependencies),
            ", ".join(dependency.id for dependency in item.dependencies if dependency.binding),
            ", ".join(item.dependents),
            ", ".join(f"{delay.resource}: {delay.days}" for delay in item.capacity_delays),
            item.budget_delay.days if item.budget_delay else None,
            ", ".join(item.tags),
            item.description,
        ]
        for item in plan.initiatives
    ]
    _table(sheet, headers, rows, freeze="C2")


def _gantt_sheet(sheet: Worksheet, plan: Plan) -> None:
    """One row per initiative grouped by region in tree order, one column per period, bars in category colours."""
    fills = _category_fills(plan)
    regions, _categories, _names_by_id = _names(plan)
    first = min((item.start for item in plan.initiatives), default=plan.roadmap.start)
    last = max((item.finish for item in plan.initiatives), default=plan.roadmap.start)
    period = plan.roadmap.period
    starts = period_starts(first, last, period)
    fixed = [_("ID"), _("Initiative"), _("Region"), _("Status"), _("State"), _("Start"), _("Finish")]
    headers = fixed + [period_label(start, period) for start in starts]
    ordered = _by_region_tree(plan)
    rows: list[list[Any]] = [[item.id, item.name, regions.get(item.region, item.region), item.status, state_text(item) or _state_word(item.state), item.start, item.finish] for item in ordered]
    _table(sheet, headers, rows, freeze=f"{get_column_letter(len(fixed) + 1)}2", widths_for=len(fixed))
    index = {start: column for column, start in enumerate(starts, len(fixed) + 1)}
    for row, item in enumerate(ordered, 2):
        columns = [index[start] for start in period_starts(item.start, item.finish, period)]
        mark = ("◇" if item.status == "done" else "◆") if item.milestone else MARKS.get(item.status, "")
        mark += STATE_MARKS.get(item.state, "")
        for column in columns:
            cell = sheet.cell(row=row, column=column, value=mark or None)
            cell.fill = fills[item.category]
            cell.alignment = Alignment(horizontal="center")
            if item.critical:
                cell.border = Border(top=CRITICAL_SIDE, bottom=CRITICAL_SIDE)
    status_date = plan.roadmap.status_date
    status_column = index.get(period_starts(status_date, status_date, period)[0]) if status_date else None
    if status_column:
        # The status date's period: its header cell says so, and a red line runs down its left edge.
        marked = sheet.cell(row=1, column=status_column, value=f"{headers[status_column - 1]} ▼")
        marked.font = Font(bold=True, color=STATUS_COLOUR)
        for row in range(2, len(ordered) + 2):
            edge = sheet.cell(row=row, column=status_column)
            edge.border = Border(left=STATUS_SIDE, top=edge.border.top, bottom=edge.border.bottom)
    for column in range(len(fixed) + 1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = len(headers[column - 1]) + 1 + (column == status_column) * 2
        sheet.cell(row=1, column=column).alignment = Alignment(horizontal="center")
    legend_row = len(ordered) + 3
    sheet.cell(row=legend_row, column=2, value=_("Legend")).font = HEADER_FONT
    for offset, category in enumerate(plan.categories, 1):
        sheet.cell(row=legend_row + offset, column=1).fill = fills[category.id]
        _as_text([sheet.cell(row=legend_row + offset, column=2, value=category.name)])
    marks_row = legend_row + len(plan.categories) + 1
    legend = [
        _("✓ done, ▶ active, empty: planned"),
        _("◆ milestone (◇ when done)"),
        _("red top and bottom border: critical path"),
    ]
    if status_date:
        legend += [
            _("✖ late, ⚠ at risk (the State column gives the days)"),
            _("▼ and a red line at the left of its period: {as_of}").format(as_of=as_of(status_date)),
        ]
    for offset, text in enumerate(legend):
        sheet.cell(row=marks_row + offset, column=2, value=text)


def _state_word(state: str) -> str:
    """On-track and done work's state in words (late and at-risk work says more: `state_text`)."""
    return {"on-track": _("on track"), "done": _("done")}.get(state, state)


def _phase_sheet(sheet: Worksheet, plan: Plan) -> None:
    """One row per phase: dates, periods, counts and cost."""
    by_phase: dict[int, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_phase.setdefault(item.phase, []).append(item)
    headers = [_("Phase"), _("Start"), _("Finish"), _("Periods"), _("Initiatives"), _("Critical"), _("Done"), _("Cost")]
    rows = []
    for phase in plan.phases:
        members = by_phase.get(phase.number, [])
        first, last = period_label(phase.start, plan.roadmap.period), period_label(phase.finish, plan.roadmap.period)
        rows.append(
            [
                phase_title(phase) if phase.history or phase.name else phase.number,
                phase.start,
                phase.finish,
                first if first == last else f"{first} – {last}",
                len(members),
                sum(item.critical for item in members),
                sum(item.status == "done" for item in members),
                sum(item.cost or 0 for item in members),
            ]
        )
    _table(sheet, headers, rows)


def _cost_sheets(workbook: Workbook, plan: Plan) -> None:
    """Cost per calendar year, per region and per category, each with a total row."""
    total = sum(item.cost or 0 for item in plan.initiatives)
    years = [[year, amount] for year, amount in cost_per_year(plan).items()]
    _table(workbook.create_sheet(_("Cost per year")), [_("Year"), _("Cost")], years, total=[_("Total"), total])
    names, categories, _initiatives = _names(plan)
    regions = [[names.get(region_id, region_id), region_id, count, amount] for region_id, (count, amount) in cost_per_region(plan).items()]
    headers = [_("Region"), _("Region ID"), _("Initiatives"), _("Cost")]
    _table(workbook.create_sheet(_("Cost per region")), headers, regions, total=[_("Total"), None, len(plan.initiatives), total])
    per_category: dict[str, list[int]] = {category.id: [0, 0] for category in plan.categories}
    for item in plan.initiatives:
        tally = per_category.setdefault(item.category, [0, 0])
        tally[0] += 1
        tally[1] += item.cost or 0
    rows = [[categories.get(key, key), key, count, amount] for key, (count, amount) in per_category.items()]
    headers = [_("Category"), _("Category ID"), _("Initiatives"), _("Cost")]
    _table(workbook.create_sheet(_("Cost per category")), headers, rows, total=[_("Total"), None, len(plan.initiatives), total])
    if any(item.funding or item.external for item in plan.initiatives):
        costs = cost_breakdown(plan)
        sources = [[source_name(plan, source), source, amount] for source, amount in costs.by_source.items()]
        _table(workbook.create_sheet(_("Cost by funding source")), [_("Funding source"), _("Source ID"), _("Cost")], sources, total=[_("Total"), None, total])
        owners = [[owner or _("no owner given"), own, external] for owner, (own, external) in costs.by_owner.items()]
        _table(workbook.create_sheet(_("Cost per owner")), [_("Owner"), _("Own work"), _("External work")], owners, total=[_("Total"), costs.own, costs.external])


def _resource_sheet(sheet: Worksheet, plan: Plan) -> None:
    """One row per resource: capacity, peak use, the waits its capacity caused and, for a source's budget, the source."""
    headers = [
        _("ID"), _("Resource"), _("Kind"), _("Capacity"), _("Per"), _("Peak use"), _("Initiatives delayed"),
        _("Days of delay"), _("Delayed (IDs)"), _("Funding source"),
    ]  # fmt: skip
    rows = [
        [
            resource.id,
            resource.name,
            resource.kind,
            resource.capacity,
            resource.per,
            resource.peak,
            len(resource.delayed),
            resource.delay_days,
            ", ".join(resource.delayed),
            source_name(plan, resource.funding) if resource.funding else None,
        ]
        for resource in plan.resources
    ]
    _table(sheet, headers, rows)
    for row, resource in enumerate(plan.resources, 2):
        if resource.kind == "budget":
            for column in (4, 6):
                sheet.cell(row=row, column=column).number_format = RUPIAH_FORMAT


def _target_sheet(sheet: Worksheet, plan: Plan) -> None:
    """One row per target: whose, the indicator, baseline, yearly targets and actuals, and the check on the status date."""
    headers = [
        _("Target of"), _("ID"), _("Name"), _("Region ID"), _("Indicator"), _("Indicator ID"), _("Unit"),
        _("Baseline year"), _("Baseline"), _("Yearly targets"), _("Actuals"), _("Status date"), _("Check"),
        _("Latest actual (year)"), _("Latest actual"), _("Target that year"), _("Next target (year)"), _("Next target"),
    ]  # fmt: skip
    rows = []
    for row in target_rows(plan):
        progress, target = row.progress, row.progress.target
        actual, upcoming = progress.actual or (None, None), progress.next or (None, None)
        rows.append(
            [
                row.owner,
                target.owner_id,
                progress.owner_name,
                target.region,
                row.indicator,
                target.indicator,
                row.unit,
                target.baseline_year,
                target.baseline,
                row.yearly,
                row.actuals,
                check_date(plan),
                row.state,
                actual[0],
                actual[1],
                None if progress.expected is None else round(progress.expected, 6),
                upcoming[0],
                upcoming[1],
            ]
        )
    _table(sheet, headers, rows, freeze="D2")


def _table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    freeze: str = "A2",
    total: Sequence[Any] | None = None,
    widths_for: int | None = None,
) -> None:
    """Headers and rows with typed cells, a frozen header, an autofilter, widths (of the first `widths_for` columns,
    or all), rupiah in the Cost column, an optional bold total row; printed A4 landscape, one page wide, the
    header repeated on every page."""
    money = {_("Cost"), _("Own work"), _("External work")}
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    width = len(headers)
    for number, row in enumerate(rows, 2):
        sheet.append([_cell_value(value) for value in row])
        # Row by number, not `sheet[sheet.max_row]`: openpyxl finds max_row and max_column by scanning every cell.
        width = max(width, len(row))
        _as_text([sheet.cell(row=number, column=column) for column in range(1, width + 1)])
    last_row = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_row}"
    if total is not None:
        sheet.append([_cell_value(value) for value in total])
        for cell in sheet[last_row + 1]:
            cell.font = HEADER_FONT
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for column, header in enumerate(headers, 1):
        values = [row[column - 1] for row in rows if column <= len(row)]
        if header in money:
            _format_column(sheet, column, RUPIAH_FORMAT, len(rows) + (total is not None))
        elif any(isinstance(value, date) for value in values):
            _format_column(sheet, column, DATE_FORMAT, len(rows))
        if widths_for is None or column <= widths_for:
            longest = max([len(header)] + [_shown_length(value) for value in values])
            sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, longest + 2)


def _cell_value(value: Any) -> Any:
    """A value as openpyxl should store it: dates as dates, empty text as an empty cell."""
    if isinstance(value, str):
        return value or None
    return value


def _as_text(cells: Sequence[Any]) -> None:
    """Keep user text that starts with `=` as text: openpyxl would store it as a formula, which a spreadsheet runs."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def _format_column(sheet: Worksheet, column: int, number_format: str, count: int) -> None:
    """Give the data cells of a column a number format."""
    for row in range(2, count + 2):
        sheet.cell(row=row, column=column).number_format = number_format


def _shown_length(value: Any) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, date):
        return 10
    if isinstance(value, int):
        return len(f"{value:,}") + 3
    return max((len(line) for line in str(value).splitlines()), default=0)


def _category_fills(plan: Plan) -> dict[str, PatternFill]:
    """A solid fill per category: its own `#RRGGBB` colour, otherwise the next Okabe-Ito colour."""
    fills: dict[str, PatternFill] = {}
    spare = 0
    for category in plan.categories:
        colour = (category.color or "").lstrip("#")
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
            colour = PALETTE[spare % len(PALETTE)]
            spare += 1
        fills[category.id] = PatternFill("solid", fgColor=colour.upper())
    for item in plan.initiatives:
        if item.category not in fills:
            fills[item.category] = PatternFill("solid", fgColor=PALETTE[spare % len(PALETTE)])
            spare += 1
    return fills


def _by_region_tree(plan: Plan) -> list[PlannedInitiative]:
    """The initiatives grouped by region in tree order (plan order within a region), unknown regions last."""
    tree = RegionTree.of(plan.regions, sort_siblings=False)
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    ordered = [item for region_id in tree.order() for item in by_region.pop(region_id, [])]
    return ordered + [item for region_id in sorted(by_region) for item in by_region[region_id]]
