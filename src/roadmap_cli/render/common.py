"""Helpers shared by the renderers: lookups, money, cost per year, quorum counting and clean user text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from roadmap_cli.plan import Plan, PlannedDependency, PlannedInitiative
from roadmap_cli.suggest import closest

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""The characters of Unicode category Cc (C0, DEL and C1) and the line and paragraph separators."""
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (Trojan Source)."""


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


def rupiah(amount: int) -> str:
    """Rupiah with Indonesian thousands separators, e.g. `Rp 1.500.000.000`."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def rupiah_short(amount: int) -> str:
    """Rupiah in Indonesian short scale, rounded to two decimals: `Rp 1,5 M` (miliar), `Rp 750 jt` (juta)."""
    for scale, suffix in ((10**12, "T"), (10**9, "M"), (10**6, "jt")):
        hundredths = (amount * 100 + scale // 2) // scale
        if hundredths >= 100:
            whole, fraction = divmod(hundredths, 100)
            decimals = f",{fraction:02d}".rstrip("0").rstrip(",")
            return f"Rp {whole:,}".replace(",", ".") + f"{decimals} {suffix}"
    return rupiah(amount)


def unknown_message(kind: str, unknown: str, known: Iterable[str]) -> str:
    """An `unknown <kind>` message with the closest known ids as a suggestion."""
    choices = sorted(known)
    close = closest(unknown, choices, limit=3)
    if close:
        quoted = [f"`{name}`" for name in close]
        hint = "did you mean " + (", ".join(quoted[:-1]) + " or " if len(quoted) > 1 else "") + quoted[-1] + "?"
    elif choices:
        shown = ", ".join(f"`{name}`" for name in choices[:10])
        hint = f"known: {shown}" + (", ..." if len(choices) > 10 else "")
    else:
        hint = f"the plan has no {kind}s"
    return f"unknown {kind} `{unknown}`; {hint}"


def initiatives_by_id(plan: Plan) -> dict[str, PlannedInitiative]:
    """The plan's initiatives keyed by id."""
    return {item.id: item for item in plan.initiatives}


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


def cost_per_region(plan: Plan) -> dict[str, tuple[int, int]]:
    """Initiative count and cost per region holding work, regions in tree order (then unknown ids sorted)."""
    totals: dict[str, tuple[int, int]] = {}
    for item in plan.initiatives:
        count, amount = totals.get(item.region, (0, 0))
        totals[item.region] = (count + 1, amount + (item.cost or 0))
    order = [region.id for region in plan.regions if region.id in totals]
    order += sorted(set(totals) - set(order))
    return {region_id: totals[region_id] for region_id in order}
