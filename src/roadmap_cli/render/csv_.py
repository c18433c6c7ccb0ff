"""Plan -> CSV, one row per initiative (and a second table, one row per target): UTF-8 with a byte-order mark, `\\n` line ends, text quoted, formula cells defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from roadmap_cli.i18n import NC_, pgettext
from roadmap_cli.plan import PHASE_HISTORY, Plan, PlannedInitiative
from roadmap_cli.render.common import clean, clean_lines
from roadmap_cli.render.targets import check_date, target_rows

COLUMNS = (
    NC_("csv column", "id"),
    NC_("csv column", "name"),
    NC_("csv column", "region"),
    NC_("csv column", "region_name"),
    NC_("csv column", "category"),
    NC_("csv column", "category_name"),
    NC_("csv column", "status"),
    NC_("csv column", "state"),
    NC_("csv column", "days_late"),
    NC_("csv column", "status_date"),
    NC_("csv column", "phase"),
    NC_("csv column", "start"),
    NC_("csv column", "finish"),
    NC_("csv column", "duration_days"),
    NC_("csv column", "milestone"),
    NC_("csv column", "slack_days"),
    NC_("csv column", "critical"),
    NC_("csv column", "earliest_start"),
    NC_("csv column", "latest_start"),
    NC_("csv column", "cost"),
    NC_("csv column", "funding"),
    NC_("csv column", "authority"),
    NC_("csv column", "owner"),
    NC_("csv column", "tags"),
    NC_("csv column", "dependencies"),
    NC_("csv column", "dependency_names"),
    NC_("csv column", "binding"),
    NC_("csv column", "reasons"),
    NC_("csv column", "dependents"),
    NC_("csv column", "capacity_delays"),
    NC_("csv column", "budget_delay_days"),
    NC_("csv column", "description"),
)
"""The header row: these names in English, translated column by column in Indonesian (`nama`, `wilayah`, ...), under
the context `csv column` so that a header stays one word where the same English word reads as prose elsewhere."""
TARGET_COLUMNS = (
    NC_("csv column", "target_of"),
    NC_("csv column", "id"),
    NC_("csv column", "name"),
    NC_("csv column", "region"),
    NC_("csv column", "region_name"),
    NC_("csv column", "indicator"),
    NC_("csv column", "indicator_name"),
    NC_("csv column", "unit"),
    NC_("csv column", "baseline_year"),
    NC_("csv column", "baseline"),
    NC_("csv column", "targets"),
    NC_("csv column", "actuals"),
    NC_("csv column", "status_date"),
    NC_("csv column", "check"),
    NC_("csv column", "actual_year"),
    NC_("csv column", "actual"),
    NC_("csv column", "expected"),
    NC_("csv column", "next_year"),
    NC_("csv column", "next_target"),
)
"""The header row of the targets table (`plan.targets.csv`), translated as COLUMNS are."""
CSV_COLUMN = "csv column"
"""The message context of the header names."""
DELIMITERS = (",", ";")
"""Field separators: `,`, or `;` for spreadsheets whose locale writes decimals with a comma (Indonesian Excel)."""
LIST_SEPARATOR = ", "
"""Joins the items of a list field (tags, dependencies, ...) inside one quoted cell."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets, so it gets a leading `'`."""
BOM = "\ufeff"
"""Lets Excel detect UTF-8; Python reads it back with `encoding="utf-8-sig"`."""

Cell = str | int | None


ROWS_PER_CHUNK = 256
"""Rows `csv_chunks` makes at a time."""


def render_csv(plan: Plan, *, delimiter: str = ",") -> str:
    """The initiatives as CSV text, a header row first; every text cell is quoted, numbers are not."""
    return "".join(csv_chunks(plan, delimiter=delimiter))


def csv_chunks(plan: Plan, *, delimiter: str = ",") -> Iterator[str]:
    """The text of `render_csv` a few rows at a time, so a large plan's CSV can be written without being whole in memory."""
    if delimiter not in DELIMITERS:
        raise ValueError(delimiter)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([pgettext(CSV_COLUMN, column) for column in COLUMNS])
    status_date = plan.roadmap.status_date.isoformat() if plan.roadmap.status_date else None
    regions = {region.id: region.name for region in plan.regions}
    categories = {category.id: category.name for category in plan.categories}
    names = {item.id: item.name for item in plan.initiatives}
    for number, item in enumerate(plan.initiatives, 1):
        writer.writerow(_row(item, status_date, regions, categories, names))
        if number % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def render_targets_csv(plan: Plan, *, delimiter: str = ",") -> str:
    """The targets as CSV text, one row per target with the check `roadmap status` makes on the status date."""
    if delimiter not in DELIMITERS:
        raise ValueError(delimiter)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([pgettext(CSV_COLUMN, column) for column in TARGET_COLUMNS])
    regions = {region.id: region.name for region in plan.regions}
    status_date = check_date(plan).isoformat()
    for row in target_rows(plan):
        progress, target = row.progress, row.progress.target
        actual, upcoming = progress.actual or (None, None), progress.next or (None, None)
        writer.writerow(
            [
                target.owner,
                target.owner_id,
                defuse(progress.owner_name),
                target.region,
                defuse(regions.get(target.region, target.region)),
                target.indicator,
                defuse(row.indicator),
                defuse(row.unit),
                target.baseline_year,
                target.baseline,
                _years(target.yearly),
                _years(target.actuals),
                status_date,
                progress.state,
                actual[0],
                actual[1],
                None if progress.expected is None else round(progress.expected, 6),
                upcoming[0],
                upcoming[1],
            ]
        )
    return BOM + buffer.getvalue()


def _years(values: tuple[tuple[int, float], ...]) -> str:
    """`2026=2.75, 2027=3.1`: each year's value with a decimal point; not `2026: 2.75`, which a spreadsheet that
    detects special numbers reads as a time of day (2026 hours and 2.75 minutes)."""
    return LIST_SEPARATOR.join(f"{year}={value:g}" for year, value in values)


def defuse(text: str) -> str:
    """Text that a spreadsheet keeps as text: a leading `'` when it would start a formula; control characters go."""
    return clean_lines("'" + text if text.startswith(FORMULA_START) else text)


def _row(item: PlannedInitiative, status_date: str | None, regions: dict[str, str], categories: dict[str, str], names: dict[str, str]) -> list[Cell]:
    """The cells of one initiative, in COLUMNS order (numbers as int, so they stay unquoted); the plan's status date
    is repeated in every row, so each row says what day its state is true on."""
    return [
        item.id,
        defuse(item.name),
        item.region,
        defuse(regions.get(item.region, item.region)),
        item.category,
        defuse(categories.get(item.category, item.category)),
        item.status,
        item.state,
        item.days_late,
        status_date,
        None if item.phase == PHASE_HISTORY else item.phase,
        item.start.isoformat(),
        item.finish.isoformat(),
        item.duration_days,
        _bool(item.milestone),
        item.slack_days,
        _bool(item.critical),
        item.earliest_start.isoformat() if item.earliest_start else None,
        item.latest_start.isoformat() if item.latest_start else None,
        item.cost,
        LIST_SEPARATOR.join(f"{share.source}: {share.amount if share.percent is None else f'{share.percent}%'}" for share in item.funding),
        item.authority,
        defuse(item.owner or ""),
        LIST_SEPARATOR.join(item.tags),
        LIST_SEPARATOR.join(dependency.id for dependency in item.dependencies),
        defuse(LIST_SEPARATOR.join(names.get(dependency.id, dependency.id) for dependency in item.dependencies)),
        LIST_SEPARATOR.join(dependency.id for dependency in item.dependencies if dependency.binding),
        "\n".join(f"{dependency.id}: {clean(dependency.reason.text())}" for dependency in item.dependencies),
        LIST_SEPARATOR.join(item.dependents),
        LIST_SEPARATOR.join(f"{delay.resource}: {delay.days}" for delay in item.capacity_delays),
        item.budget_delay.days if item.budget_delay else None,
        defuse(item.description or ""),
    ]


def _bool(value: bool) -> str:
    """`true` or `false`, as in the JSON."""
    return "true" if value else "false"
