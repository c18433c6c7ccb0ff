"""Helpers shared by the renderers: lookups, money, cost per year, quorum counting and clean user text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from roadmap_cli.i18n import N_, _, ngettext
from roadmap_cli.indicators import BUILTIN_TEXTS
from roadmap_cli.localize import day_text, number_text, rupiah_compact, rupiah_exact
from roadmap_cli.plan import BudgetDelay, Phase, Plan, PlannedDependency, PlannedIndicator, PlannedInitiative
from roadmap_cli.suggest import closest

GroupBy = Literal["region", "category", "phase"]
GROUPINGS: tuple[GroupBy, ...] = ("region", "category", "phase")


@dataclass(frozen=True)
class ExportOptions:
    """The view options an export honours where it has a layout: grouping, period columns and width."""

    group_by: GroupBy = "region"
    period: str | None = None
    """Timeline columns (`year`, `half`, `quarter`, `month`); None means the roadmap's own period."""
    width: int | None = None
    """Output width in terminal columns; None means the format's default."""
    delimiter: str = ","
    """CSV field separator."""


DEFAULT_OPTIONS = ExportOptions()
"""The options of an export given none: grouped by region, the roadmap's period, the format's default width."""


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""The characters of Unicode category Cc (C0, DEL and C1) and the line and paragraph separators."""
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (Trojan Source)."""


_HIDDEN = re.compile("[\u061c\u200e\u200f\ufffe\uffff]")
"""Bidirectional marks (`clean` removes the embeddings, overrides and isolates) and the XML non-characters."""


def clean(text: str) -> str:
    """User text on one line: control characters (newlines, tabs, ESC) become spaces, bidirectional controls go."""
    if text.isprintable():
        return text
    return _BIDI_CONTROL.sub("", _CONTROL.sub(" ", text))


def clean_lines(text: str) -> str:
    """User text that may span lines: as `clean`, line by line, keeping the line breaks."""
    return "\n".join(clean(line) for line in text.splitlines())


_JSON_INVISIBLE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters `json.dumps(ensure_ascii=False)` keeps raw that a terminal or editor acts on: DEL, C1, separators, bidi."""


def escape_invisible(json_text: str) -> str:
    """JSON text with the characters in _JSON_INVISIBLE written as `\\uXXXX` escapes: the same data, safe to show."""
    return _JSON_INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def visible(text: str) -> str:
    """User text for HTML and SVG: on one line, without control characters and without bidi controls."""
    return text if text.isprintable() else _HIDDEN.sub("", clean(text))


def rupiah(amount: int) -> str:
    """Rupiah with Indonesian thousands separators, e.g. `Rp 1.500.000.000`."""
    return rupiah_exact(amount)


def rupiah_short(amount: int) -> str:
    """Rupiah rounded to a scale word: `Rp 1,5 miliar` (Indonesian) or `Rp 1,5 M` (English), `Rp 750 juta`/`jt`."""
    return rupiah_compact(amount)


def as_of(day: date) -> str:
    """The status date in words: `as of 2025-04-24`, `per 24 Apr 2025`."""
    return _("as of {date}").format(date=day_text(day))


def state_text(item: PlannedInitiative) -> str:
    """Where late or at-risk work stands, in words (`12 days late`, `at risk`); empty for other work."""
    if item.state == "late":
        return ngettext("{days} day late", "{days} days late", item.days_late).format(days=item.days_late)
    if item.state == "at-risk":
        return _("at risk")
    return ""


UNKNOWN_MESSAGES = {
    "initiative": (N_("unknown initiative `{unknown}`; {hint}"), N_("the plan has no initiatives")),
    "region": (N_("unknown region `{unknown}`; {hint}"), N_("the plan has no regions")),
    "category": (N_("unknown category `{unknown}`; {hint}"), N_("the plan has no categories")),
    "status": (N_("unknown status `{unknown}`; {hint}"), N_("the plan has no statuses")),
    "period": (N_("unknown period `{unknown}`; {hint}"), N_("the plan has no periods")),
    "grouping": (N_("unknown grouping `{unknown}`; {hint}"), N_("the plan has no groupings")),
}
"""Per kind of id: the message for an unknown one, and the hint when the plan has none at all."""


def unknown_message(kind: str, unknown: str, known: Iterable[str]) -> str:
    """An `unknown <kind>` message with the closest known ids as a suggestion."""
    choices = sorted(known)
    close = closest(unknown, choices, limit=3)
    message, nothing = UNKNOWN_MESSAGES[kind]
    if close:
        quoted = [f"`{name}`" for name in close]
        if len(quoted) > 1:
            hint = _("did you mean {choices} or {last}?").format(choices=", ".join(quoted[:-1]), last=quoted[-1])
        else:
            hint = _("did you mean {choice}?").format(choice=quoted[0])
    elif choices:
        shown = ", ".join(f"`{name}`" for name in choices[:10]) + (", ..." if len(choices) > 10 else "")
        hint = _("known: {shown}").format(shown=shown)
    else:
        hint = _(nothing)
    return _(message).format(unknown=unknown, hint=hint)


def initiatives_by_id(plan: Plan) -> dict[str, PlannedInitiative]:
    """The plan's initiatives keyed by id."""
    return {item.id: item for item in plan.initiatives}


def lag_mark(dependency: PlannedDependency) -> str:
    """The lag as a short mark, as the roadmap wrote it: `+30d`, or `+10hk` for working days."""
    if dependency.lag_working_days is not None:
        return f"+{dependency.lag_working_days}hk"
    return f"+{dependency.lag_days}d"


def ready_day(predecessor: PlannedInitiative, dependency: PlannedDependency) -> date:
    """The first day a dependent may start once `predecessor` is done: the day after its last day (a milestone's own day), plus lag."""
    after = 0 if predecessor.milestone else 1
    return predecessor.finish + timedelta(days=after + dependency.lag_days)


def cost_per_year(plan: Plan) -> dict[int, int]:
    """Cost per calendar year, each initiative's cost spread over its days (milestones on their day)."""
    totals: dict[int, int] = {}
    for item in plan.initiatives:
        if not item.cost:
            continue
        days = max(1, (item.finish - item.start).days + 1)
        given = 0
        counted = 0
        for year in range(item.start.year, item.finish.year + 1):
            first = max(item.start, date(year, 1, 1))
            last = min(item.finish, date(year, 12, 31))
            counted += (last - first).days + 1
            share = item.cost * counted // days - given
            given += share
            totals[year] = totals.get(year, 0) + share
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class CostBreakdown:
    """Cost of the plan: the region's own work and external work, and by funding source, region and owner."""

    total: int
    own: int
    """Cost of work the region decides (authority `own`): the region's budget."""
    external: int
    """Cost of work the central government or a partner decides: not the region's budget."""
    by_source: dict[str | None, int]
    """Rupiah per funding source id in the plan's source order; None for cost with no `funding:`."""
    by_region: dict[str, tuple[int, int]]
    """(own, external) per region holding costed work, in tree order."""
    by_owner: dict[str | None, tuple[int, int]]
    """(own, external) per owner (OPD), by name; None for work without an owner, last."""


def cost_breakdown(plan: Plan) -> CostBreakdown:
    """The plan's cost split by authority, funding source, region and owner."""
    by_source: dict[str | None, int] = {source.id: 0 for source in plan.funding_sources}
    by_region: dict[str, tuple[int, int]] = {}
    by_owner: dict[str | None, tuple[int, int]] = {}
    own = external = 0
    for item in plan.initiatives:
        if not item.cost:
            continue
        part = (0, item.cost) if item.external else (item.cost, 0)
        own, external = own + part[0], external + part[1]
        region_before = by_region.get(item.region, (0, 0))
        by_region[item.region] = (region_before[0] + part[0], region_before[1] + part[1])
        owner_before = by_owner.get(item.owner, (0, 0))
        by_owner[item.owner] = (owner_before[0] + part[0], owner_before[1] + part[1])
        funded = 0
        for share in item.funding:
            by_source[share.source] = by_source.get(share.source, 0) + (share.amount or 0)
            funded += share.amount or 0
        if funded < item.cost:
            by_source[None] = by_source.get(None, 0) + item.cost - funded
    order = [region.id for region in plan.regions if region.id in by_region]
    order += sorted(set(by_region) - set(order))
    owners = sorted((owner for owner in by_owner if owner is not None), key=str.casefold) + ([None] if None in by_owner else [])
    return CostBreakdown(
        own + external,
        own,
        external,
        {source: amount for source, amount in by_source.items() if amount},
        {region: by_region[region] for region in order},
        {owner: by_owner[owner] for owner in owners},
    )


def source_name(plan: Plan, source_id: str | None) -> str:
    """The funding source's name in the active language (built-in names are translated); `no funding given` for None."""
    if source_id is None:
        return _("no funding given")
    source = next((s for s in plan.funding_sources if s.id == source_id), None)
    if source is None:
        return source_id
    return _(source.name) if source.builtin else source.name


EXTERNAL_MARK = "↗"
"""Marks external work in every view: a dependency the region can only propose or wait for."""
AUTHORITY_WORDS = {"own": N_("own work"), "central": N_("central government"), "partner": N_("partner")}
"""Who decides, in words: the region itself, the central government, or a partner."""


def authority_text(item: PlannedInitiative) -> str:
    """`central government` or `partner` for external work, empty for the region's own."""
    return _(AUTHORITY_WORDS[item.authority]) if item.external else ""


def funding_text(plan: Plan, item: PlannedInitiative) -> str:
    """Who pays, in words: `APBD Provinsi 60% · DAK 40%`, with rupiah for a split by amounts; empty without `funding:`."""
    parts = []
    for share in item.funding:
        if share.percent is not None and share.percent != 100:
            parts.append(f"{source_name(plan, share.source)} {share.percent}%")
        elif share.percent is None and share.amount is not None:
            parts.append(f"{source_name(plan, share.source)} {rupiah_compact(share.amount)}")
        else:
            parts.append(source_name(plan, share.source))
    return " · ".join(parts)


def budget_name(delay: BudgetDelay) -> str:
    """The budget the work waits for: `APBD-P 2025` or `APBD 2026` (the same words in English and Indonesian)."""
    return f"APBD-P {delay.year}" if delay.budget == "apbd-p" else f"APBD {delay.year}"


def budget_text(item: PlannedInitiative) -> str:
    """Why the budget-year rule held the work: `waited 160 days for APBD-P 2025 (from 1 Oct 2025)`; empty when it did not."""
    delay = item.budget_delay
    if delay is None:
        return ""
    return _("waited {days} days for {budget} (from {start})").format(days=delay.days, budget=budget_name(delay), start=day_text(delay.start))


def cost_per_region(plan: Plan) -> dict[str, tuple[int, int]]:
    """Initiative count and cost per region holding work, regions in tree order (then unknown ids sorted)."""
    totals: dict[str, tuple[int, int]] = {}
    for item in plan.initiatives:
        count, amount = totals.get(item.region, (0, 0))
        totals[item.region] = (count + 1, amount + (item.cost or 0))
    order = [region.id for region in plan.regions if region.id in totals]
    order += sorted(set(totals) - set(order))
    return {region_id: totals[region_id] for region_id in order}


def phase_title(phase: Phase) -> str:
    """`Phase 3`, `Phase 1 · Tahap 1 - Fondasi` for a named window, or `History` for done work."""
    if phase.history:
        return _("History")
    title = _("Phase {number}").format(number=phase.number)
    return f"{title} · {clean(phase.name)}" if phase.name else title


def phase_note(plan: Plan) -> str:
    """What the phases are: dependency stages (saying so when their windows overlap) or windows in time."""
    numbered = plan.numbered_phases
    if plan.phase_mode == "calendar":
        return _("Phases are windows in time; each initiative is in the phase where it starts.")
    overlap = any(later.start <= earlier.finish for earlier, later in pairwise(numbered))
    note = _("Phases are dependency stages: each initiative comes one stage after the work it waits for.")
    if overlap:
        note += " " + _("Their windows overlap: a stage is not a period (--phases calendar groups by period).")
    if plan.history:
        note += " " + _("Done work is history, outside the phases.")
    return note


def indicator_word(indicator: PlannedIndicator, text: str) -> str:
    """A name of an indicator (its own, a band's, a domain's) in the active language: built-in names are translated."""
    return _(text) if indicator.builtin and text in BUILTIN_TEXTS else text


def indicator_value(indicator: PlannedIndicator, value: float) -> str:
    """A value with its band, e.g. `2.45 (Fair)`, in the active language's number format."""
    band = indicator.band(value)
    shown = number_text(round(value, 2))
    return _("{value} ({band})").format(value=shown, band=indicator_word(indicator, band)) if band else shown
