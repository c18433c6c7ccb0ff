"""Plan -> GitHub-flavoured Markdown: title, summary and cost tables, then a table per phase; user text is escaped."""

from __future__ import annotations

import re
from functools import lru_cache

from roadmap_cli.i18n import _, ngettext
from roadmap_cli.localize import day_text, period_text, period_word, resource_kind_word, status_word
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.render.common import (
    as_of,
    authority_text,
    budget_text,
    clean,
    cost_breakdown,
    cost_per_region,
    cost_per_year,
    lag_mark,
    phase_note,
    phase_title,
    rupiah,
    source_name,
    state_text,
)
from roadmap_cli.render.targets import check_date, target_rows

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")
"""ASCII punctuation that Markdown or GitHub could read as syntax (CommonMark lets any of it be backslash-escaped)."""
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]+$")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
"""A list marker or setext underline at the start of a paragraph."""
_QUOTED = re.compile(r"`([^`]*)`")
"""A backtick-quoted id in a reason text."""
ESCAPE_CACHE = 1 << 14
"""Distinct texts `escape` remembers: every region, category and owner name of a national roadmap."""


def _backslashed(match: re.Match[str]) -> str:
    """The matched syntax character with a backslash before it."""
    return "\\" + match[0]


@lru_cache(maxsize=ESCAPE_CACHE)
def escape(text: str) -> str:
    """User text for a Markdown paragraph or table cell: one line, syntax characters backslash-escaped.

    A replacement function rather than a backslash template (which sends every match through the template
    expansion), and cached: the names of regions, categories and owners repeat on every row.
    """
    return _SPECIAL.sub(_backslashed, " ".join(clean(text).split()))


def _paragraph(text: str) -> str:
    """User text as a paragraph of its own, so a leading `-`, `+`, `=` or `1.` does not start a list or heading."""
    return _BLOCK_START.sub(lambda match: "\\" + match[0] if match[1] else f"{match[2]}\\{match[3]}", escape(text))


def _unquoted(match: re.Match[str]) -> str:
    """The id inside a backtick-quoted match."""
    return match[1]


def plain(text: str) -> str:
    """A reason text for Markdown: its backtick-quoted ids as plain words, then escaped."""
    return escape(_QUOTED.sub(_unquoted, text))


@lru_cache(maxsize=ESCAPE_CACHE)
def code(identifier: str) -> str:
    """An id as inline code, or escaped text when it is not a plain id (cached: every dependency names one)."""
    return f"`{identifier}`" if _PLAIN_ID.match(identifier) else escape(identifier)


def render_markdown(plan: Plan) -> str:
    """The plan as a Markdown document."""
    info = plan.roadmap
    lines = [f"# {escape(info.name)}", ""]
    facts = [code(info.id)] + ([_("owner {owner}").format(owner=escape(info.owner))] if info.owner else [])
    facts += [_("start {start}").format(start=day_text(info.start))]
    facts += [as_of(info.status_date)] if info.status_date else []
    facts += [_("period {period}").format(period=period_word(info.period))]
    facts += [_("horizon {horizon}").format(horizon=day_text(info.horizon))] if info.horizon else []
    facts += [_("finish {finish}").format(finish=day_text(plan.finish))]
    lines += [" · ".join(facts), ""]
    if info.description:
        lines += [_paragraph(info.description), ""]
    lines += _summary(plan)
    lines += _costs(plan)
    lines += _targets(plan)
    names = _names(plan)
    by_phase = _by_phase(plan)
    if plan.numbered_phases:
        lines += [escape(phase_note(plan)), ""]
    for phase in plan.phases:
        first, last = period_text(phase.start, info.period), period_text(phase.finish, info.period)
        periods = first if first == last else f"{first} – {last}"
        chosen = by_phase.get(phase.number, [])
        table = _row([_("Initiative"), _("Region"), _("Category"), _("Status"), _("Dates"), _("Depends on")])
        table.append("|---|---|---|---|---|---|")
        for item in chosen:
            table += _row(_cells(names, item))
        if phase.history:
            count = ngettext("{count} initiative done", "{count} initiatives done", len(chosen)).format(count=len(chosen))
            summary = f"{escape(phase_title(phase))} · {count} · {phase.start} – {phase.finish}"
            lines += ["<details>", f"<summary>{summary}</summary>", "", *table, "", "</details>", ""]
            continue
        lines += [f"## {escape(phase_title(phase))} · {periods} · {phase.start} – {phase.finish}", ""]
        lines += [*table, "", *_why(phase.number, chosen)]
    return "\n".join(lines)


def _summary(plan: Plan) -> list[str]:
    """Summary table per phase with a total row, then binding capacities, critical path and dropped work."""
    has_cost = any(item.cost for item in plan.initiatives)
    lines = ["## " + _("Summary"), ""]
    lines += _row([_("Phase"), _("Start"), _("Finish"), _("Initiatives"), _("Critical"), _("Done")] + ([_("Cost")] if has_cost else []))
    lines.append("|---:|---|---|---:|---:|---:|" + ("---:|" if has_cost else ""))
    by_phase = _by_phase(plan)
    for phase in plan.phases:
        members = by_phase.get(phase.number, [])
        label = escape(phase_title(phase)) if phase.history else str(phase.number)
        lines += _row([label, str(phase.start), str(phase.finish), *_tally(members, has_cost)])
    first = min((phase.start for phase in plan.phases), default=plan.roadmap.start)
    lines += _row(["**" + _("Total") + "**", str(first), str(plan.finish), *_tally(list(plan.initiatives), has_cost)])
    lines.append("")
    notes = [
        "- "
        + ngettext(
            "Capacity of **{resource}** ({kind}) delayed {count} initiative by {days} days in total: {initiatives}",
            "Capacity of **{resource}** ({kind}) delayed {count} initiatives by {days} days in total: {initiatives}",
            len(resource.delayed),
        ).format(
            resource=escape(resource.name),
            kind=resource_kind_word(resource.kind),
            count=len(resource.delayed),
            days=resource.delay_days,
            initiatives=", ".join(code(i) for i in resource.delayed),
        )
        for resource in plan.resources
        if resource.binding
    ]
    if plan.critical_path:
        notes.append("- " + _("Critical path: ") + " → ".join(code(i) for i in plan.critical_path))
    for state, label in (("late", _("Late: ")), ("at-risk", _("At risk: "))):
        ids = [code(item.id) for item in plan.initiatives if item.state == state]
        if ids:
            notes.append("- " + label + ", ".join(ids))
    if plan.dropped:
        notes.append("- " + _("Dropped: ") + ", ".join(code(i) for i in plan.dropped))
    return lines + ([*notes, ""] if notes else [])


def _by_phase(plan: Plan) -> dict[int, list[PlannedInitiative]]:
    """The initiatives of each phase, in plan order (grouped once, so a document stays linear in the plan)."""
    grouped: dict[int, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        grouped.setdefault(item.phase, []).append(item)
    return grouped


def _tally(members: list[PlannedInitiative], has_cost: bool) -> list[str]:
    """Count, critical, done, and the cost if the plan has costs."""
    cells = [
        str(len(members)),
        str(sum(item.critical for item in members)),
        str(sum(item.status == "done" for item in members)),
    ]
    if has_cost:
        cells.append(rupiah(sum(item.cost or 0 for item in members)))
    return cells


def _names(plan: Plan) -> tuple[dict[str, str], dict[str, str]]:
    """Region and category names by id (built once per document)."""
    return {region.id: region.name for region in plan.regions}, {category.id: category.name for category in plan.categories}


def _cells(names: tuple[dict[str, str], dict[str, str]], item: PlannedInitiative) -> list[str]:
    """One initiative's row in a phase table: short cells, so the table fits GitHub's content width."""
    regions, categories = names
    status = [status_word(item.status)] + ([_("milestone")] if item.milestone else [])
    status += ["**" + _("critical") + "**"] if item.critical else []
    state = state_text(item)
    status += ["**" + state + "**"] if state else []
    status += ["_" + _("external: {authority}").format(authority=authority_text(item)) + "_"] if item.external else []
    depends = []
    for dependency in item.dependencies:
        marks = [_("binding")] if dependency.binding else []
        marks += [lag_mark(dependency)] if dependency.lag_days else []
        depends.append(code(dependency.id) + (f" ({', '.join(marks)})" if marks else ""))
    return [
        f"{escape(item.name)} ({code(item.id)})",
        escape(regions.get(item.region, item.region)),
        escape(categories.get(item.category, item.category)),
        ", ".join(status),
        str(item.start) if item.start == item.finish else f"{item.start} – {item.finish}",
        ", ".join(depends),
    ]


def _why(number: int, members: list[PlannedInitiative]) -> list[str]:
    """A folded list under a phase table: per initiative, the reason of each dependency and its capacity waits."""
    entries = []
    for item in members:
        reasons = [f"{code(dependency.id)}: {plain(dependency.reason.text())}" for dependency in item.dependencies]
        reasons += [_("waited {days} days for {resource}").format(days=delay.days, resource=code(delay.resource)) for delay in item.capacity_delays]
        reasons += [budget_text(item)] if item.budget_delay else []
        if reasons:
            entries.append(f"- {escape(item.name)} ({code(item.id)}): " + "; ".join(reasons))
    if not entries:
        return []
    summary = _("Why these dates (phase {number})").format(number=number)
    return ["<details>", f"<summary>{summary}</summary>", "", *entries, "", "</details>", ""]


def _costs(plan: Plan) -> list[str]:
    """Cost per calendar year and per region, each with a total row; nothing when the plan has no costs."""
    if not any(item.cost for item in plan.initiatives):
        return []
    total = rupiah(sum(item.cost or 0 for item in plan.initiatives))
    total_label = "**" + _("Total") + "**"
    lines = ["## " + _("Cost per year"), ""]
    lines += _row([_("Year"), _("Cost")]) + ["|---:|---:|"]
    for year, amount in cost_per_year(plan).items():
        lines += _row([str(year), rupiah(amount)])
    lines += _row([total_label, total]) + ["", "## " + _("Cost per region"), ""]
    lines += _row([_("Region"), _("Initiatives"), _("Cost")]) + ["|---|---:|---:|"]
    names = {region.id: region.name for region in plan.regions}
    for region_id, (count, amount) in cost_per_region(plan).items():
        lines += _row([escape(names.get(region_id, region_id)), str(count), rupiah(amount)])
    return lines + _row([total_label, str(len(plan.initiatives)), total]) + [""] + _funding(plan)


def _funding(plan: Plan) -> list[str]:
    """Cost by funding source and by owner, the region's own work apart from external work; nothing when no work says who pays or decides."""
    if not any(item.funding or item.external for item in plan.initiatives):
        return []
    costs = cost_breakdown(plan)
    lines = ["## " + _("Cost by funding source"), ""]
    lines += _row([_("Funding source"), _("Cost")]) + ["|---|---:|"]
    for source, amount in costs.by_source.items():
        lines += _row([escape(source_name(plan, source)), rupiah(amount)])
    lines += ["", _("Region's own work: {own} · external work (not the region's budget): {external}").format(own=rupiah(costs.own), external=rupiah(costs.external)), ""]
    lines += ["## " + _("Cost per owner"), ""]
    lines += _row([_("Owner"), _("Own work"), _("External work")]) + ["|---|---:|---:|"]
    for owner, (own, external) in costs.by_owner.items():
        lines += _row([escape(owner) if owner else _("no owner given"), rupiah(own), rupiah(external)])
    return lines + [""]


def _targets(plan: Plan) -> list[str]:
    """A table of the targets with the check `roadmap status` makes on the status date; nothing when there are none."""
    rows = target_rows(plan)
    if not rows:
        return []
    lines = ["## " + _("Targets"), "", escape(_("Checked {as_of}: the latest actual against that year's target.").format(as_of=as_of(check_date(plan)))), ""]
    lines += _row([_("Region or initiative"), _("Indicator"), _("Unit"), _("Baseline"), _("Yearly targets"), _("Actuals"), _("Check")])
    lines.append("|---|---|---|---|---|---|---|")
    for row in rows:
        target = row.progress.target
        owner = escape(row.progress.owner_name)
        owner += f" ({code(target.owner_id)})" if target.owner == "initiative" else ""
        lines += _row([owner, escape(row.indicator), escape(row.unit), escape(row.baseline), escape(row.yearly), escape(row.actuals) or "–", escape(row.check)])
    return lines + [""]


def _row(cells: list[str]) -> list[str]:
    """A table row (cells are already escaped)."""
    return ["| " + " | ".join(cells) + " |"]
