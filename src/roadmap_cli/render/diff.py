"""`roadmap diff` as text, a pull-request comment in Markdown, or JSON (version 1, see docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from roadmap_cli.diff import Amounts, FieldChange, PlanDiff, Ref, Shift
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.localize import day_text
from roadmap_cli.render.common import clean, escape_invisible, rupiah_short
from roadmap_cli.render.markdown import code, escape, plain

DIFF_JSON_VERSION = 1
COMMENT_LIMIT = 65_536
"""GitHub's limit on the characters of a pull-request comment."""
MARKDOWN_BUDGET = 60_000
"""Characters the Markdown diff may use, leaving room under COMMENT_LIMIT for a marker and a footer."""


def _days(days: int) -> str:
    """A signed number of days: `+94 days`, `-3 days`, `1 day`."""
    sign = "+" if days > 0 else ""
    return ngettext("{days} day", "{days} days", abs(days)).format(days=f"{sign}{days}")


def _money(amount: int) -> str:
    """A signed rupiah change: `+Rp 4,2 M`, `-Rp 750 jt`."""
    if amount == 0:
        return "Rp 0"
    return ("+" if amount > 0 else "-") + rupiah_short(abs(amount))


def _span(before: date, after: date) -> str:
    """`before → after`, or the one day when equal."""
    return day_text(before) if before == after else f"{day_text(before)} → {day_text(after)}"


def verdict(diff: PlanDiff) -> str:
    """The diff in one line: how the end of the plan moves, and the year whose budget changes most."""
    if diff.empty:
        return _("No change to the plan: finish {finish}").format(finish=day_text(diff.finish_after))
    days = diff.finish_days
    shifted = next((s for s in diff.shifts if s.id == diff.last), None)
    span = f"{day_text(diff.finish_before)} → {day_text(diff.finish_after)}"
    if days and shifted is not None and shifted.finish_days == days:
        name = clean(shifted.name)
        if days > 0:
            text = ngettext("{name} slips {days} day, {span}", "{name} slips {days} days, {span}", days)
        else:
            text = ngettext("{name} gains {days} day, {span}", "{name} gains {days} days, {span}", -days)
        parts = [text.format(name=name, days=abs(days), span=span)]
    elif days > 0:
        parts = [ngettext("the roadmap finish slips {days} day, {span}", "the roadmap finish slips {days} days, {span}", days).format(days=days, span=span)]
    elif days < 0:
        parts = [ngettext("the roadmap finish gains {days} day, {span}", "the roadmap finish gains {days} days, {span}", -days).format(days=-days, span=span)]
    else:
        parts = [_("the roadmap finish holds at {finish}").format(finish=day_text(diff.finish_after))]
    years = [amounts for amounts in diff.cost_per_year if amounts.change]
    if years:
        year = max(years, key=lambda a: (abs(a.change), -int(a.key)))
        parts.append(_("{year} budget {change}").format(year=year.key, change=_money(year.change)))
    counts = [
        ngettext("{count} initiative moves", "{count} initiatives move", len(diff.shifts)).format(count=len(diff.shifts)) if diff.shifts else "",
        ngettext("{count} added", "{count} added", len(diff.added)).format(count=len(diff.added)) if diff.added else "",
        ngettext("{count} removed", "{count} removed", len(diff.removed)).format(count=len(diff.removed)) if diff.removed else "",
    ]
    parts += [count for count in counts if count]
    line = "; ".join(parts)
    return line[:1].upper() + line[1:]


def _value(value: Any, field: str) -> str:
    """A compared field's value in words: money in rupiah, durations in days."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "cost":
        return rupiah_short(value)
    if field == "duration_days":
        return ngettext("{days} day", "{days} days", value).format(days=value)
    if isinstance(value, list):
        return ", ".join(":".join(str(part) for part in v) if isinstance(v, list) else str(v) for v in value) or "—"
    return clean(str(value))


def _field_words() -> dict[str, str]:
    """The compared fields in words, in the active language."""
    return {
        "region": _("region"),
        "category": _("category"),
        "status": _("status"),
        "state": _("schedule state"),
        "duration_days": _("duration"),
        "milestone": _("milestone"),
        "cost": _("cost"),
        "owner": _("owner"),
        "tags": _("tags"),
        "description": _("description"),
        "depends_on": _("depends on"),
        "demands": _("demands"),
        "progress": _("progress"),
        "not_before": _("earliest start"),
    }


def _change_text(change: FieldChange) -> str:
    """`field before → after`; for lists of ids, what was added and removed."""
    before, after = change.before, change.after
    word = _field_words().get(change.field, change.field)
    if change.field in ("tags", "depends_on"):
        added = [f"+{v}" for v in after if v not in before]
        removed = [f"-{v}" for v in before if v not in after]
        return f"{word} " + ", ".join(added + removed)
    return f"{word} {_value(before, change.field)} → {_value(after, change.field)}"


WHY_WORDS = {
    "gate": lambda: _("its gate counts other members"),
    "binding": lambda: _("another predecessor now decides its start"),
    "capacity": lambda: _("its wait for capacity changed"),
    "status-date": lambda: _("the status date moved"),
}


def _why(changed: Mapping[tuple[str, str], FieldChange], shift: Shift, quote: Callable[[str], str], prose: Callable[[str], str]) -> str:
    """What moved an initiative: the edge that now decides its start, and the change it comes from (`changed` by id and field)."""
    parts = []
    if shift.binding is not None:
        parts.append(_("after {id} ({reason})").format(id=quote(shift.binding.id), reason=prose(shift.binding.reason.text())))
    changes = {field: changed[(shift.origin, field)] for field in shift.why if (shift.origin, field) in changed}
    words = [prose(_change_text(changes[w])) if w in changes else WHY_WORDS[w]() for w in shift.why if w in changes or w in WHY_WORDS]
    cause = "; ".join(words) or _("the levelled order changed")
    if shift.origin == shift.id and not changes:
        parts.append(cause)
    elif shift.origin == shift.id:
        parts.append(_("its own change: {cause}").format(cause=cause))
    else:
        parts.append(_("from {origin}: {cause}").format(origin=quote(shift.origin), cause=cause))
    return "; ".join(parts)


@dataclass(frozen=True)
class _Section:
    """A titled list of entries (table rows or lines)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[str, ...]
    moved: bool = False
    """True for the moved initiatives (text shows each over three lines)."""
    left: int = 1
    """How many leading columns text aligns left (the rest are figures, aligned right)."""


def _ref_line(ref: Ref, quote: Callable[[str], str], name: Callable[[str], str]) -> str:
    """`id  name, start → finish`."""
    return _("{id} {name}, {dates}").format(id=quote(ref.id), name=name(ref.name), dates=_span(ref.start, ref.finish))


def _amount_rows(amounts: tuple[Amounts, ...], label: Callable[[str], str], money: bool, sep: Callable[[list[str]], str]) -> tuple[str, ...]:
    """One row per changed figure: label, before, after, change."""
    show = rupiah_short if money else str
    rows = []
    for a in amounts:
        if a.before == a.after:
            continue
        change = _money(a.change) if money else (f"+{a.change}" if a.change > 0 else str(a.change))
        rows.append(sep([label(a.key), "—" if a.before is None else show(a.before), "—" if a.after is None else show(a.after), change]))
    return tuple(rows)


def _opens(before: date | None, after: date | None) -> str:
    """When a gate opens, before and after (a dash for a side without it)."""
    if before and after:
        return _span(before, after)
    return f"{day_text(before) if before else '—'} → {day_text(after) if after else '—'}"


def _sections(diff: PlanDiff, quote: Callable[[str], str], name: Callable[[str], str], prose: Callable[[str], str], sep: Callable[[list[str]], str]) -> list[_Section]:
    """Every part of the diff, in reading order: ids through `quote`, names through `name`, reasons through `prose`, cells joined by `sep`."""
    changed = {(c.id, c.field): c for c in diff.changed}
    moved = tuple(
        sep([f"{quote(s.id)} {name(s.name)}", _span(s.before.start, s.after.start), _span(s.before.finish, s.after.finish), _days(s.finish_days), _why(changed, s, quote, prose)]) for s in diff.shifts
    )
    gates = tuple(
        sep(
            [
                quote(g.id),
                quote(g.rule),
                ", ".join(quote(m) for m in g.counted_before) or "—",
                ", ".join(quote(m) for m in g.counted_after) or "—",
                _opens(g.opens_before, g.opens_after),
            ]
        )
        for g in diff.gates
    )
    critical = []
    if diff.critical_joined:
        critical.append(_("joined: {ids}").format(ids=", ".join(quote(i) for i in diff.critical_joined)))
    if diff.critical_left:
        critical.append(_("left: {ids}").format(ids=", ".join(quote(i) for i in diff.critical_left)))
    if diff.critical_before != diff.critical_after:
        critical.append(_("after: {path}").format(path=" → ".join(quote(i) for i in diff.critical_after) or "—"))
    figures = (_("Before"), _("After"), _("Change"))
    return [
        _Section(_("Moved"), (_("Initiative"), _("Start"), _("Finish"), _("Finish shift"), _("Why")), moved, moved=True),
        _Section(_("Added"), (), tuple(_ref_line(r, quote, name) for r in diff.added)),
        _Section(_("Removed"), (), tuple(_ref_line(r, quote, name) for r in diff.removed)),
        _Section(_("Renamed"), (), tuple(_("{id}: {before} → {after}").format(id=quote(r.id), before=name(r.before), after=name(r.after)) for r in diff.renamed)),
        _Section(_("Changed"), (), tuple(f"{quote(c.id)}: {name(_change_text(c))}" for c in diff.changed)),
        _Section(_("Critical path"), (), tuple(critical)),
        _Section(_("Cost per year"), (_("Year"), *figures), _amount_rows(diff.cost_per_year, str, True, sep)),
        _Section(_("Cost per region"), (_("Region"), *figures), _amount_rows(diff.cost_per_region, lambda r: name(diff.region_names.get(r, r)), True, sep)),
        _Section(_("Resource peaks"), (_("Resource"), *figures), _amount_rows(diff.peaks, lambda r: name(diff.resource_names.get(r, r)), False, sep)),
        _Section(_("Gates"), (_("Gated initiative"), _("Rule"), _("Counted before"), _("Counted after"), _("Opens")), gates, left=5),
    ]


def _facts(diff: PlanDiff, base: str, head: str) -> list[str]:
    """What is compared with what, as of which status dates, and the finish."""
    out = [_("{base} → {head}").format(base=base, head=head)]
    before, after = diff.base_status_date, diff.head_status_date
    if before == after:
        out.append(_("as of {date}").format(date=day_text(after)) if after else "")
    else:
        out.append(_("status date {before} → {after}").format(before=day_text(before) if before else "—", after=day_text(after) if after else "—"))
    if diff.finish_days:
        out.append(_("finish {span} ({days})").format(span=_span(diff.finish_before, diff.finish_after), days=_days(diff.finish_days)))
    else:
        out.append(_("finish {finish}").format(finish=day_text(diff.finish_after)))
    return [fact for fact in out if fact]


_CELL = "\x1f"
"""Separates the cells of a text row until they are padded (`clean` keeps control characters out of user text)."""


def _text_rows(section: _Section) -> list[str]:
    """A section's rows as text: moved initiatives over three lines, tables padded to their widest cell."""
    rows = [row.split(_CELL) for row in section.rows]
    if section.moved:
        out = []
        for who, start, finish, shift, why in rows:
            out += [f"  {shift}  {who}", "      " + _("start {start} · finish {finish}").format(start=start, finish=finish), f"      {why}"]
        return out
    if not section.header:
        return [f"  {cells[0]}" for cells in rows]
    table = [list(section.header), *rows]
    widths = [max(len(cells[column]) for cells in table) for column in range(len(section.header))]
    return ["  " + "  ".join(cell.ljust(width) if column < section.left else cell.rjust(width) for column, (cell, width) in enumerate(zip(cells, widths))).rstrip() for cells in table]


def render_diff_text(diff: PlanDiff, base: str, head: str) -> str:
    """The diff as plain text: the verdict, then each part, every entry listed."""
    out = [clean(diff.name), verdict(diff), " · ".join(_facts(diff, clean(base), clean(head)))]
    for section in _sections(diff, str, clean, clean, _CELL.join):
        if section.rows:
            out += ["", f"{section.title} ({len(section.rows)})", *_text_rows(section)]
    return "\n".join(out) + "\n"


def _cells(cells: list[str]) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def _fit(sections: list[_Section], budget: int) -> list[int]:
    """How many rows of each section fit in `budget` characters: every row when they fit, else fair shares."""
    sizes = [[len(row) + 1 for row in section.rows] for section in sections]
    totals = [sum(size) for size in sizes]
    if sum(totals) <= budget:
        return [len(section.rows) for section in sections]
    order = sorted(range(len(sections)), key=lambda i: (totals[i], i))
    counts = [0] * len(sections)
    left = budget
    for place, index in enumerate(order):
        share = left // (len(order) - place)
        if totals[index] <= share:
            counts[index] = len(sections[index].rows)
            left -= totals[index]
            continue
        used = 0
        for size in sizes[index]:
            if used + size > share:
                break
            used += size
            counts[index] += 1
        left -= used
    return counts


def _label(text: str) -> str:
    """A side's label as inline code (escaped text when it holds a backtick or is empty)."""
    shown = clean(text)
    return f"`{shown}`" if shown and "`" not in shown else escape(shown)


def render_diff_markdown(diff: PlanDiff, base: str, head: str, *, budget: int = MARKDOWN_BUDGET) -> str:
    """The diff as a pull-request comment: the verdict first, then collapsed sections, the tail summarised to fit `budget`."""
    head_lines = [f"**{escape(verdict(diff))}**", "", " · ".join(_facts(diff, _label(base), _label(head))), ""]
    sections = [s for s in _sections(diff, code, escape, plain, _cells) if s.rows]
    frames = []
    for section in sections:
        summary = f"<details><summary>{escape(section.title)} ({len(section.rows)})</summary>"
        table = [_cells(list(section.header)), _cells(["---"] * len(section.header))] if section.header else []
        frames.append((summary, table))
    reserve = sum(len(s) + sum(len(t) + 1 for t in table) + 200 for s, table in frames) + sum(len(line) + 1 for line in head_lines)
    counts = _fit(sections, max(0, budget - reserve))
    out = list(head_lines)
    for section, (summary, table), count in zip(sections, frames, counts):
        bullet = "" if section.header else "- "
        out += [summary, "", *table, *(f"{bullet}{row}" for row in section.rows[:count])]
        rest = len(section.rows) - count
        if rest:
            more = ngettext("… and {count} more (see `roadmap diff --format json`)", "… and {count} more (see `roadmap diff --format json`)", rest)
            out += ["", escape(more.format(count=rest)).replace("\\`", "`")]
        out += ["", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _ref(ref: Ref) -> dict[str, Any]:
    """An initiative reference as JSON."""
    return {"id": ref.id, "name": ref.name, "start": ref.start.isoformat(), "finish": ref.finish.isoformat()}


def _iso(day: date | None) -> str | None:
    """An optional date as ISO text."""
    return day.isoformat() if day else None


def diff_to_dict(diff: PlanDiff, base: str, head: str) -> dict[str, Any]:
    """The diff as JSON data, keys in contract order."""
    return {
        "version": DIFF_JSON_VERSION,
        "roadmap": diff.roadmap,
        "name": diff.name,
        "base": base,
        "head": head,
        "empty": diff.empty,
        "status_date": {"before": _iso(diff.base_status_date), "after": _iso(diff.head_status_date)},
        "finish": {"before": diff.finish_before.isoformat(), "after": diff.finish_after.isoformat(), "days": diff.finish_days, "last": diff.last},
        "added": [_ref(r) for r in diff.added],
        "removed": [_ref(r) for r in diff.removed],
        "renamed": [{"id": r.id, "before": r.before, "after": r.after} for r in diff.renamed],
        "changed": [{"id": c.id, "field": c.field, "before": c.before, "after": c.after} for c in diff.changed],
        "shifts": [
            {
                "id": s.id,
                "name": s.name,
                "start_before": s.before.start.isoformat(),
                "start_after": s.after.start.isoformat(),
                "start_days": s.start_days,
                "finish_before": s.before.finish.isoformat(),
                "finish_after": s.after.finish.isoformat(),
                "finish_days": s.finish_days,
                "binding": None
                if s.binding is None
                else {
                    "id": s.binding.id,
                    "kind": s.binding.reason.kind,
                    "rule": s.binding.reason.rule,
                    "where": s.binding.reason.where,
                    "detail": s.binding.reason.detail,
                    "lag_days": s.binding.lag_days,
                },
                "origin": s.origin,
                "why": list(s.why),
            }
            for s in diff.shifts
        ],
        "critical_path": {
            "before": list(diff.critical_before),
            "after": list(diff.critical_after),
            "joined": list(diff.critical_joined),
            "left": list(diff.critical_left),
        },
        "cost_per_year": [{"year": int(a.key), "before": a.before, "after": a.after, "change": a.change} for a in diff.cost_per_year],
        "cost_per_region": [{"region": a.key, "name": diff.region_names.get(a.key, a.key), "before": a.before, "after": a.after, "change": a.change} for a in diff.cost_per_region],
        "resources": [{"id": a.key, "name": diff.resource_names.get(a.key, a.key), "peak_before": a.before, "peak_after": a.after} for a in diff.peaks],
        "gates": [
            {
                "id": g.id,
                "rule": g.rule,
                "k_before": g.k_before,
                "k_after": g.k_after,
                "counted_before": list(g.counted_before),
                "counted_after": list(g.counted_after),
                "opens_before": _iso(g.opens_before),
                "opens_after": _iso(g.opens_after),
            }
            for g in diff.gates
        ],
    }


def render_diff_json(diff: PlanDiff, base: str, head: str) -> str:
    """The diff as JSON text: indent 2, non-ASCII kept, invisible controls escaped, one trailing newline."""
    return escape_invisible(json.dumps(diff_to_dict(diff, base, head), ensure_ascii=False, indent=2) + "\n")
