"""`roadmap status` as text, Markdown or JSON (version 1, see docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from roadmap_cli.i18n import _, ngettext
from roadmap_cli.localize import period_word
from roadmap_cli.plan import PlannedInitiative
from roadmap_cli.render.common import clean, indicator_value, indicator_word, rupiah_short
from roadmap_cli.render.json_ import target_to_dict
from roadmap_cli.status import StatusReport, TargetProgress

STATUS_JSON_VERSION = 1


def _state_words() -> dict[str, str]:
    """Schedule states in words, in the active language."""
    return {"on-track": _("on track"), "at-risk": _("at risk"), "late": _("late"), "done": _("done"), "dropped": _("dropped")}


def target_state_word(state: str) -> str:
    """A target state in words, in the active language."""
    return {"on-target": _("on target"), "behind": _("behind target"), "not-measured": _("no actual since the baseline")}[state]


def target_line(progress: TargetProgress) -> str:
    """One target in a sentence: baseline, latest actual against the year's target, next target."""
    indicator, target = progress.indicator, progress.target
    baseline = _("baseline {value} in {year}").format(value=indicator_value(indicator, target.baseline), year=target.baseline_year)
    owner = _("{owner} · {indicator}").format(owner=clean(progress.owner_name), indicator=clean(indicator_word(indicator, indicator.name)))
    return owner + ": " + baseline + "; " + target_check(progress)


def target_check(progress: TargetProgress) -> str:
    """A target's check on the status date: the latest actual against the year's target (or none yet), then the next target."""
    indicator = progress.indicator
    parts = []
    if progress.actual is not None and progress.expected is not None:
        year, value = progress.actual
        parts.append(
            _("actual {value} in {year}, target {expected}: {state}").format(
                value=indicator_value(indicator, value), year=year, expected=indicator_value(indicator, progress.expected), state=target_state_word(progress.state)
            )
        )
    else:
        parts.append(target_state_word(progress.state))
    if progress.next is not None:
        parts.append(_("next target {value} in {year}").format(value=indicator_value(indicator, progress.next[1]), year=progress.next[0]))
    return "; ".join(parts)


def _lines(report: StatusReport, bullet: str, code: Callable[[str], str], heading: Callable[[str], str]) -> list[str]:
    """The report's lines, with a list bullet, an id style and a heading style."""
    plan = report.plan
    words = _state_words()

    def named(item: PlannedInitiative) -> str:
        return f"{code(item.id)}  {clean(item.name)}"

    out = [heading(clean(plan.roadmap.name)), ""]
    out.append(_("As of {date} · period {period}").format(date=report.status_date.isoformat(), period=period_word(plan.roadmap.period)))
    out.append(" · ".join(f"{words[state]} {count}" for state, count in report.counts.items()))
    sections: list[tuple[str, list[str]]] = [
        (_("Done since {date}").format(date=report.since.isoformat()), [_("{item}, finished {date}").format(item=named(i), date=i.finish.isoformat()) for i in report.done]),
        (
            _("Late"),
            [
                ngettext("{item}: {days} day late, finishes {date}", "{item}: {days} days late, finishes {date}", late.item.days_late).format(
                    item=named(late.item), days=late.item.days_late, date=late.item.finish.isoformat()
                )
                + ("; " + _("blocks {ids}").format(ids=", ".join(code(b.id) for b in late.blocks)) if late.blocks else "")
                for late in report.late
            ],
        ),
        (_("At risk"), [_("{item}: slack {days} days, finishes {date}").format(item=named(i), days=i.slack_days, date=i.finish.isoformat()) for i in report.at_risk]),
        (_("Starting by {date}").format(date=report.until.isoformat()), [_("{item}, starts {date}").format(item=named(i), date=i.start.isoformat()) for i in report.starting]),
        (
            _("Waiting on a gate"),
            [
                _("{item}: gate {rule}, {met} of {k} needed finished ({members} members); missing {missing}").format(
                    item=named(g.item), rule=code(g.rule), met=g.met, k=g.k, members=g.members, missing=", ".join(code(m) for m in g.missing)
                )
                for g in report.gates
            ],
        ),
    ]
    if report.targets:
        sections.append((_("Targets"), [target_line(progress) for progress in report.targets]))
    for title, entries in sections:
        out += ["", heading(title)]
        out += [f"{bullet}{entry}" for entry in entries] or [_("none")]
    if report.budget is not None:
        budget = report.budget
        out += ["", heading(_("Budget {year}").format(year=budget.year))]
        out.append(_("spent {spent} by {date} of {planned} planned for the year").format(spent=rupiah_short(budget.spent), date=report.status_date.isoformat(), planned=rupiah_short(budget.planned)))
    return out


def render_status_text(report: StatusReport) -> str:
    """The status page as plain text."""
    return "\n".join(_lines(report, "  - ", lambda text: text, lambda text: text)) + "\n"


def render_status_markdown(report: StatusReport) -> str:
    """The status page as GitHub-flavoured Markdown."""
    return "\n".join(_lines(report, "- ", lambda text: f"`{text}`", lambda text: f"## {text}")) + "\n"


def status_to_dict(report: StatusReport) -> dict[str, Any]:
    """The status page as JSON data, keys in contract order."""

    def ref(item: PlannedInitiative) -> dict[str, Any]:
        return {"id": item.id, "name": item.name, "state": item.state, "start": item.start.isoformat(), "finish": item.finish.isoformat()}

    budget = report.budget
    return {
        "roadmap": report.plan.roadmap.id,
        "name": report.plan.roadmap.name,
        "status_date": report.status_date.isoformat(),
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "counts": dict(report.counts),
        "done": [ref(i) for i in report.done],
        "late": [dict(ref(late.item), days_late=late.item.days_late, blocks=[b.id for b in late.blocks]) for late in report.late],
        "at_risk": [dict(ref(i), slack_days=i.slack_days) for i in report.at_risk],
        "starting": [ref(i) for i in report.starting],
        "gates": [{"id": g.item.id, "rule": g.rule, "k": g.k, "members": g.members, "met": g.met, "missing": list(g.missing)} for g in report.gates],
        "budget": None if budget is None else {"year": budget.year, "planned": budget.planned, "spent": budget.spent},
        "targets": [_progress_dict(progress) for progress in report.targets],
    }


def _progress_dict(progress: TargetProgress) -> dict[str, Any]:
    """One target's standing as JSON data: the target as in the plan export, then its state."""
    actual = progress.actual
    return dict(
        target_to_dict(progress.target, progress.indicator),
        state=progress.state,
        actual=None if actual is None else {"year": actual[0], "value": actual[1], "band": progress.indicator.band(actual[1])},
        expected=None if progress.expected is None else round(progress.expected, 6),
        next=None if progress.next is None else {"year": progress.next[0], "value": progress.next[1], "band": progress.indicator.band(progress.next[1])},
    )


def render_status_json(reports: list[StatusReport]) -> str:
    """Every roadmap's status page as one JSON document."""
    data = {"version": STATUS_JSON_VERSION, "roadmaps": [status_to_dict(report) for report in reports]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
