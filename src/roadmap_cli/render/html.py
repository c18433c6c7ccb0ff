"""Plan -> one self-contained, printable HTML report (Jinja2 template, autoescaped): figures, Gantt, tables, reasons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from roadmap_cli.durations import period_span
from roadmap_cli.i18n import _, current_language, ngettext
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.render.common import (
    DEFAULT_OPTIONS,
    ExportOptions,
    as_of,
    authority_text,
    budget_text,
    cost_breakdown,
    cost_per_year,
    phase_title,
    rupiah,
    source_name,
    state_text,
    visible,
)
from roadmap_cli.render.gantt import STATE_CLASS, Gantt, gantt_rows, stylesheet
from roadmap_cli.render.targets import check_date, target_rows

STATUS_COLUMN = {"planned": 1, "active": 2, "done": 3}
"""Where each status is counted in a category's tally (after the total)."""


@cache
def _environment() -> Environment:
    """The template environment: templates from the package, autoescaping on, undefined names an error."""
    return Environment(
        loader=PackageLoader("roadmap_cli", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class Row:
    """One initiative's line in a section table, as text (the template escapes it)."""

    anchor: str
    name: str
    id: str
    where: str
    """Region name, or category name when the sections are regions."""
    phase: int
    status: str
    start: str
    finish: str
    why: str
    critical: bool
    state: str
    """The row's CSS class for late (`late`) or at-risk (`risk`) work, else empty."""


@dataclass(frozen=True)
class Section:
    """A group of the report (region, category or phase) and its initiatives."""

    title: str
    note: str
    depth: int
    rows: tuple[Row, ...]


def render_html(plan: Plan, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    """The plan as one HTML file that needs nothing else: no network, fonts from the system, CSS and script inline."""
    chart = Gantt(plan, options)
    names = {item.id: item.name for item in plan.initiatives}
    regions = {region.id: region.name for region in plan.regions}
    categories = {category.id: category.name for category in plan.categories}
    has_cost = any(item.cost for item in plan.initiatives)
    context = {
        "lang": current_language(),
        "title": visible(plan.roadmap.name),
        "facts": _facts(plan),
        "description": visible(plan.roadmap.description or ""),
        "figures": _figures(plan, has_cost),
        "chart_css": Markup(stylesheet(len(plan.categories), external=any(item.external for item in plan.initiatives))),
        "chart_defs": Markup(f'<svg class="defs" width="0" height="0" aria-hidden="true">{chart.defs()}</svg>'),
        "chart_parts": [Markup(part) for part in chart.parts()],
        "legend": Markup(chart.legend_svg()),
        "phases": _phases(plan, has_cost),
        "has_cost": has_cost,
        "per_year": [(str(year), rupiah(cost)) for year, cost in cost_per_year(plan).items()],
        "total_cost": rupiah(sum(item.cost or 0 for item in plan.initiatives)),
        "per_region": _per_region(plan, regions),
        "per_source": _per_source(plan),
        "own_external": _own_external(plan),
        "per_category": _per_category(plan, categories),
        "resources": _resources(plan),
        "critical_path": [visible(names.get(initiative, initiative)) for initiative in plan.critical_path],
        "targets": _targets(plan),
        "targets_note": _("Checked {as_of}: the latest actual against that year's target.").format(as_of=as_of(check_date(plan))),
        "sections": _sections(plan, options, chart.row_of, names, regions, categories),
        "where_heading": _("Category") if options.group_by == "region" else _("Region"),
        "t": _labels(),
    }
    return _environment().get_template("report.html.j2").render(context)


def _labels() -> dict[str, str]:
    """Every fixed text of the template, translated."""
    return {
        "figures": _("Key figures"),
        "gantt": _("Schedule"),
        "gantt_hint": _("Hover a row, or follow a name in the tables below, to see the arrows from its predecessors."),
        "phases": _("Phases"),
        "phase": _("Phase"),
        "start": _("Start"),
        "finish": _("Finish"),
        "periods": _("Periods"),
        "initiatives": _("Initiatives"),
        "critical": _("Critical"),
        "done": _("Done"),
        "cost": _("Cost"),
        "per_year": _("Cost per year"),
        "per_region": _("Cost per region"),
        "per_source": _("Cost by funding source"),
        "source": _("Funding source"),
        "per_category": _("Cost per category"),
        "year": _("Year"),
        "total": _("Total"),
        "region": _("Region"),
        "category": _("Category"),
        "planned": _("Planned"),
        "active": _("Active"),
        "resources": _("Resources"),
        "resource": _("Resource"),
        "kind": _("Kind"),
        "capacity": _("Capacity"),
        "peak": _("Peak use"),
        "delayed": _("Delayed"),
        "waited": _("Days waited"),
        "critical_path": _("Critical path"),
        "details": _("Initiatives and why they start when they do"),
        "initiative": _("Initiative"),
        "status": _("Status"),
        "why": _("Why"),
        "print_a4": _("Print A4"),
        "print_a3": _("Print A3"),
        "none": _("None."),
        "targets": _("Targets"),
        "target_of": _("Region or initiative"),
        "indicator": _("Indicator"),
        "unit": _("Unit"),
        "baseline": _("Baseline"),
        "yearly": _("Yearly targets"),
        "actuals": _("Actuals"),
        "check": _("Check"),
    }


@dataclass(frozen=True)
class TargetLine:
    """One target's row in the report: its cells as text, and its check's state as the row's CSS class."""

    cells: tuple[str, ...]
    state: str


def _targets(plan: Plan) -> list[TargetLine]:
    """A row per target: whose, indicator, unit, baseline, yearly targets, actuals and the check on the status date."""
    lines = []
    for row in target_rows(plan):
        target = row.progress.target
        owner = row.progress.owner_name + (f" ({target.owner_id})" if target.owner == "initiative" else "")
        cells = (owner, row.indicator, row.unit, row.baseline, row.yearly, row.actuals or "–", row.check)
        lines.append(TargetLine(tuple(visible(cell) for cell in cells), row.progress.state))
    return lines


def _facts(plan: Plan) -> str:
    """The as-of line: start, status date, period, horizon and finish."""
    info = plan.roadmap
    facts = [_("start {day}").format(day=info.start)]
    if info.status_date:
        facts.append(as_of(info.status_date))
    facts.append(_("period {period}").format(period=info.period))
    if info.horizon:
        facts.append(_("horizon {day}").format(day=info.horizon))
    facts.append(_("finish {day}").format(day=plan.finish))
    if info.owner:
        facts.append(_("owner {owner}").format(owner=visible(info.owner)))
    return " · ".join(facts)


def _figures(plan: Plan, has_cost: bool) -> list[tuple[str, str]]:
    """Key figures as (value, label) pairs."""
    count = len(plan.initiatives)
    regions = len({item.region for item in plan.initiatives})
    critical = sum(item.critical for item in plan.initiatives)
    done = sum(item.status == "done" for item in plan.initiatives)
    active = sum(item.status == "active" for item in plan.initiatives)
    figures = [
        (str(count), ngettext("initiative", "initiatives", count)),
        (str(regions), ngettext("region with work", "regions with work", regions)),
        (str(len(plan.phases)), ngettext("phase", "phases", len(plan.phases))),
        (str(critical), _("on the critical path")),
        (str(done), _("done")),
        (str(active), _("active")),
        (plan.finish.isoformat(), _("finish")),
    ]
    if plan.roadmap.status_date:
        figures += [
            (str(sum(item.state == "late" for item in plan.initiatives)), _("late")),
            (str(sum(item.state == "at-risk" for item in plan.initiatives)), _("at risk")),
        ]
    if plan.roadmap.horizon and plan.finish > plan.roadmap.horizon:
        figures.append((plan.roadmap.horizon.isoformat(), _("horizon (the plan ends after it)")))
    if has_cost:
        figures.append((rupiah(sum(item.cost or 0 for item in plan.initiatives)), _("total cost")))
    if plan.dropped:
        figures.append((str(len(plan.dropped)), _("dropped")))
    return figures


def _phases(plan: Plan, has_cost: bool) -> list[list[str]]:
    """A row per phase: number, dates, periods, counts and cost."""
    by_phase: dict[int, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_phase.setdefault(item.phase, []).append(item)
    rows = []
    for phase in plan.phases:
        members = by_phase.get(phase.number, [])
        first, last = period_span(phase.start, phase.finish, plan.roadmap.period)
        row = [
            visible(phase_title(phase)) if phase.history else str(phase.number),
            str(phase.start),
            str(phase.finish),
            first if first == last else f"{first} – {last}",
            str(len(members)),
            str(sum(item.critical for item in members)),
            str(sum(item.status == "done" for item in members)),
        ]
        if has_cost:
            row.append(rupiah(sum(item.cost or 0 for item in members)))
        rows.append(row)
    return rows


def _per_region(plan: Plan, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """Initiatives and cost per region holding work, in tree order."""
    counts: dict[str, int] = {}
    costs: dict[str, int] = {}
    for item in plan.initiatives:
        counts[item.region] = counts.get(item.region, 0) + 1
        costs[item.region] = costs.get(item.region, 0) + (item.cost or 0)
    order = [region.id for region in plan.regions if region.id in counts]
    order += sorted(set(counts) - set(names))
    return [(visible(names.get(region, region)), str(counts[region]), rupiah(costs[region])) for region in order]


def _per_source(plan: Plan) -> list[tuple[str, str]]:
    """Cost per funding source, when some work says who pays or decides; else none."""
    if not any(item.funding or item.external for item in plan.initiatives):
        return []
    return [(visible(source_name(plan, source)), rupiah(amount)) for source, amount in cost_breakdown(plan).by_source.items()]


def _own_external(plan: Plan) -> str:
    """The region's own cost apart from external work, in one line."""
    costs = cost_breakdown(plan)
    return _("Region's own work: {own} · external work (not the region's budget): {external}").format(own=rupiah(costs.own), external=rupiah(costs.external))


def _per_category(plan: Plan, names: dict[str, str]) -> list[list[str]]:
    """Initiatives by status and cost per category, in track order."""
    tally: dict[str, list[int]] = {}
    for item in plan.initiatives:
        counts = tally.setdefault(item.category, [0, 0, 0, 0, 0])
        counts[0] += 1
        counts[STATUS_COLUMN.get(item.status, 1)] += 1
        counts[4] += item.cost or 0
    order = [category.id for category in plan.categories if category.id in tally]
    order += sorted(set(tally) - set(names))
    return [[visible(names.get(category, category)), *(str(number) for number in tally[category][:4]), rupiah(tally[category][4])] for category in order]


def _resources(plan: Plan) -> list[list[str]]:
    """A row per resource: name, kind, capacity, peak use, delayed initiatives and days waited."""
    rows = []
    for resource in plan.resources:
        amount = rupiah if resource.kind == "budget" else str
        per = f"/{resource.per}" if resource.per else ""
        rows.append(
            [
                visible(resource.name),
                resource.kind,
                amount(resource.capacity) + per,
                amount(resource.peak),
                str(len(resource.delayed)),
                str(resource.delay_days),
            ]
        )
    return rows


def _sections(
    plan: Plan,
    options: ExportOptions,
    row_of: dict[str, int],
    names: dict[str, str],
    regions: dict[str, str],
    categories: dict[str, str],
) -> list[Section]:
    """The initiative tables, one per heading of the chart's grouping, each initiative with its reason."""
    statuses = {"planned": _("planned"), "active": _("active"), "done": _("done")}
    sections: list[Section] = []
    current: tuple[str, str, int] | None = None
    rows: list[Row] = []
    for row in gantt_rows(plan, options.group_by):
        item = row.item
        if item is None:
            if current is not None and rows:
                sections.append(Section(*current, tuple(rows)))
            current, rows = (row.text, row.note, row.depth), []
            continue
        where = categories.get(item.category, item.category) if options.group_by == "region" else regions.get(item.region, item.region)
        status = statuses.get(item.status, item.status)
        if item.milestone:
            status = _("{status}, milestone").format(status=status)
        if item.state in STATE_CLASS:
            status = f"{status}, {state_text(item)}"
        rows.append(
            Row(
                anchor=f"g{row_of[item.id]}",
                name=row.text,
                id=item.id,
                where=visible(where),
                phase=item.phase,
                status=status,
                start=str(item.start),
                finish=str(item.finish),
                why=_why(item, names),
                critical=item.critical,
                state=STATE_CLASS.get(item.state, "").strip(),
            )
        )
    if current is not None and rows:
        sections.append(Section(*current, tuple(rows)))
    return sections


def _why(item: PlannedInitiative, names: dict[str, str]) -> str:
    """The binding predecessor with the reason of the edge, and the days waited for capacity."""
    parts = []
    for dependency in item.dependencies:
        if dependency.binding:
            name = visible(names.get(dependency.id, dependency.id))
            reason = visible(dependency.reason.text())
            if dependency.lag_working_days is not None:
                parts.append(
                    _("after {name} ({id}) plus {working} working days ({days} days): {reason}").format(
                        name=name, id=dependency.id, working=dependency.lag_working_days, days=dependency.lag_days, reason=reason
                    )
                )
            elif dependency.lag_days:
                parts.append(_("after {name} ({id}) plus {days} days: {reason}").format(name=name, id=dependency.id, days=dependency.lag_days, reason=reason))
            else:
                parts.append(_("after {name} ({id}): {reason}").format(name=name, id=dependency.id, reason=reason))
            break
    for delay in item.capacity_delays:
        parts.append(_("waited {days} days for {resource}").format(days=delay.days, resource=delay.resource))
    parts += [text for text in (budget_text(item), authority_text(item)) if text]
    if not parts:
        parts.append(_("nothing holds it back: it starts as early as the roadmap and its own dates allow"))
    return "; ".join(parts)
