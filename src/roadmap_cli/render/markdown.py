"""Plan -> GitHub-flavoured Markdown: title, summary table, then a table per phase; user text is escaped."""

from __future__ import annotations

import re

from roadmap_cli.durations import period_span
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.render.common import clean, rupiah

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#])")
"""ASCII punctuation that Markdown or GitHub could read as syntax (CommonMark lets any of it be backslash-escaped)."""
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]+$")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
"""A list marker or setext underline at the start of a paragraph."""


def escape(text: str) -> str:
    """User text for a Markdown paragraph or table cell: one line, syntax characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(clean(text).split()))


def _paragraph(text: str) -> str:
    """User text as a paragraph of its own, so a leading `-`, `+`, `=` or `1.` does not start a list or heading."""
    return _BLOCK_START.sub(lambda match: "\\" + match[0] if match[1] else f"{match[2]}\\{match[3]}", escape(text))


def code(identifier: str) -> str:
    """An id as inline code, or escaped text when it is not a plain id."""
    return f"`{identifier}`" if _PLAIN_ID.match(identifier) else escape(identifier)


def render_markdown(plan: Plan) -> str:
    """The plan as a Markdown document."""
    info = plan.roadmap
    lines = [f"# {escape(info.name)}", ""]
    facts = [code(info.id)] + ([f"owner {escape(info.owner)}"] if info.owner else [])
    facts += [f"start {info.start}", f"period {info.period}"]
    facts += [f"horizon {info.horizon}"] if info.horizon else []
    facts += [f"finish {plan.finish}"]
    lines += [" · ".join(facts), ""]
    if info.description:
        lines += [_paragraph(info.description), ""]
    lines += _summary(plan)
    names = _names(plan)
    for phase in plan.phases:
        first, last = period_span(phase.start, phase.finish, info.period)
        periods = first if first == last else f"{first} – {last}"
        lines += [f"## Phase {phase.number} · {periods} · {phase.start} – {phase.finish}", ""]
        lines += _row(["Initiative", "Region", "Category", "Status", "Start", "Finish", "Depends on", "Why"])
        lines.append("|---|---|---|---|---|---|---|---|")
        members = set(phase.initiatives)
        for item in plan.initiatives:
            if item.id in members:
                lines += _row(_cells(names, item))
        lines.append("")
    return "\n".join(lines)


def _summary(plan: Plan) -> list[str]:
    """Summary table per phase with a total row, then binding capacities, critical path and dropped work."""
    has_cost = any(item.cost for item in plan.initiatives)
    lines = ["## Summary", ""]
    lines += _row(["Phase", "Start", "Finish", "Initiatives", "Critical", "Done"] + (["Cost"] if has_cost else []))
    lines.append("|---:|---|---|---:|---:|---:|" + ("---:|" if has_cost else ""))
    for phase in plan.phases:
        members = [item for item in plan.initiatives if item.phase == phase.number]
        lines += _row([str(phase.number), str(phase.start), str(phase.finish), *_tally(members, has_cost)])
    first = min((phase.start for phase in plan.phases), default=plan.roadmap.start)
    lines += _row(["**Total**", str(first), str(plan.finish), *_tally(list(plan.initiatives), has_cost)])
    lines.append("")
    notes = [
        f"- Capacity of **{escape(resource.name)}** ({resource.kind}) delayed "
        f"{len(resource.delayed)} initiative{'' if len(resource.delayed) == 1 else 's'} "
        f"by {resource.delay_days} days in total: {', '.join(code(i) for i in resource.delayed)}"
        for resource in plan.resources
        if resource.binding
    ]
    if plan.critical_path:
        notes.append("- Critical path: " + " → ".join(code(i) for i in plan.critical_path))
    if plan.dropped:
        notes.append("- Dropped: " + ", ".join(code(i) for i in plan.dropped))
    return lines + ([*notes, ""] if notes else [])


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
    """One initiative's row in a phase table."""
    regions, categories = names
    status = [item.status] + (["milestone"] if item.milestone else []) + (["**critical**"] if item.critical else [])
    depends = []
    why = []
    for dependency in item.dependencies:
        marks = ["binding"] if dependency.binding else []
        marks += [f"+{dependency.lag_days}d"] if dependency.lag_days else []
        depends.append(code(dependency.id) + (f" ({', '.join(marks)})" if marks else ""))
        why.append(f"{code(dependency.id)}: {escape(dependency.reason.text())}")
    why += [f"waited {delay.days} days for {code(delay.resource)}" for delay in item.capacity_delays]
    return [
        f"{escape(item.name)} ({code(item.id)})",
        escape(regions.get(item.region, item.region)),
        escape(categories.get(item.category, item.category)),
        ", ".join(status),
        str(item.start),
        str(item.finish),
        ", ".join(depends),
        "; ".join(why),
    ]


def _row(cells: list[str]) -> list[str]:
    """A table row (cells are already escaped)."""
    return ["| " + " | ".join(cells) + " |"]
