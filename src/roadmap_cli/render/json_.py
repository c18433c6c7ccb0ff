"""Plan -> the documented JSON contract, version 1 (see docs/json.md): fixed key order, UTF-8, trailing newline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson

from roadmap_cli.durations import period_label, period_span
from roadmap_cli.funding import Share
from roadmap_cli.i18n import _
from roadmap_cli.plan import (
    PHASE_HISTORY,
    BudgetDelay,
    CapacityDelay,
    Phase,
    Plan,
    PlannedCategory,
    PlannedDependency,
    PlannedGate,
    PlannedIndicator,
    PlannedInitiative,
    PlannedRegion,
    PlannedSource,
    PlannedTarget,
    Reason,
    ResourceUse,
    RoadmapInfo,
)
from roadmap_cli.render.common import cost_breakdown, escape_invisible, source_name

JSON_VERSION = 1


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data, keys in contract order."""
    return _plan_dict(plan, [_initiative(item, plan.roadmap.period) for item in plan.initiatives])


def _plan_dict(plan: Plan, initiatives: list[dict[str, Any]]) -> dict[str, Any]:
    """The plan as plain JSON data with the `initiatives` given, keys in contract order."""
    info = plan.roadmap
    return {
        "version": JSON_VERSION,
        "roadmap": {
            "id": info.id,
            "name": info.name,
            "start": info.start.isoformat(),
            "period": info.period,
            "horizon": info.horizon.isoformat() if info.horizon else None,
            "owner": info.owner,
            "description": info.description,
            "status_date": info.status_date.isoformat() if info.status_date else None,
            "at_risk_slack_days": info.at_risk_slack_days,
        },
        "phase_mode": plan.phase_mode,
        "history": _history(plan),
        "phases": [
            {
                "number": phase.number,
                "name": phase.name,
                "start": phase.start.isoformat(),
                "finish": phase.finish.isoformat(),
                "periods": list(period_span(phase.start, phase.finish, info.period)),
                "initiatives": list(phase.initiatives),
            }
            for phase in plan.numbered_phases
        ],
        "initiatives": initiatives,
        "regions": [
            {
                "id": region.id,
                "name": region.name,
                "kind": region.kind,
                "parent": region.parent,
                "depth": region.depth,
                "code": region.code,
                "wave": region.wave,
            }
            for region in plan.regions
        ],
        "categories": [{"id": category.id, "name": category.name, "color": category.color} for category in plan.categories],
        "resources": [
            {
                "id": resource.id,
                "name": resource.name,
                "kind": resource.kind,
                "capacity": resource.capacity,
                "per": resource.per,
                "funding": resource.funding,
                "peak": resource.peak,
                "binding": resource.binding,
                "delayed": list(resource.delayed),
                "delay_days": resource.delay_days,
            }
            for resource in plan.resources
        ],
        "funding_sources": [{"id": source.id, "name": source_name(plan, source.id), "apbd": source.apbd, "builtin": source.builtin} for source in plan.funding_sources],
        "costs": _costs(plan),
        "critical_path": list(plan.critical_path),
        "critical_by_resource": [{"resource": resource, "count": count} for resource, count in plan.critical_by_resource],
        "finish": plan.finish.isoformat(),
        "horizon_buffer_days": plan.horizon_buffer_days,
        "dropped": list(plan.dropped),
        "indicators": [_indicator(indicator) for indicator in plan.indicators],
        "targets": [target_to_dict(target) for target in plan.targets],
    }


def _indicator(indicator: PlannedIndicator) -> dict[str, Any]:
    """One declared indicator, with the built-ins' definitions filled in."""
    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "min": indicator.min,
        "max": indicator.max,
        "bands": [{"name": name, "min": lowest} for name, lowest in indicator.bands],
        "domains": [{"id": domain_id, "name": name, "weight": weight} for domain_id, name, weight in indicator.domains],
        "builtin": indicator.builtin,
        "source": indicator.source,
    }


def target_to_dict(target: PlannedTarget, indicator: PlannedIndicator | None = None) -> dict[str, Any]:
    """One target: owner, indicator, baseline, yearly targets and actuals (years as JSON keys are text)."""
    data: dict[str, Any] = {
        "owner": target.owner,
        "id": target.owner_id,
        "region": target.region,
        "indicator": target.indicator,
        "baseline": {"year": target.baseline_year, "value": target.baseline},
        "yearly": {str(year): value for year, value in target.yearly},
        "actuals": {str(year): value for year, value in target.actuals},
        "where": target.where,
    }
    if indicator is not None:
        data["baseline"]["band"] = indicator.band(target.baseline)
    return data


def _history(plan: Plan) -> dict[str, Any] | None:
    """The done work outside the phases, or None."""
    history = plan.history
    if history is None:
        return None
    return {"start": history.start.isoformat(), "finish": history.finish.isoformat(), "initiatives": list(history.initiatives)}


def _costs(plan: Plan) -> dict[str, Any]:
    """Cost totals: the region's own and external work, and by funding source, region and owner."""
    costs = cost_breakdown(plan)
    return {
        "total": costs.total,
        "own": costs.own,
        "external": costs.external,
        "by_source": [{"source": source, "amount": amount} for source, amount in costs.by_source.items()],
        "by_region": [{"region": region, "own": own, "external": external} for region, (own, external) in costs.by_region.items()],
        "by_owner": [{"owner": owner, "own": own, "external": external} for owner, (own, external) in costs.by_owner.items()],
    }


def render_json(plan: Plan) -> str:
    """The plan as JSON text: indent 2, non-ASCII kept except invisible controls (escaped), one trailing newline."""
    return "".join(json_chunks(plan))


def json_chunks(plan: Plan) -> Iterator[str]:
    """The text of `render_json` a piece at a time: the plan's other fields, then each initiative, then the rest.

    A 40 MB export written as it is made is never in memory whole, let alone twice (the data, then its text).
    Each piece is what `json.dumps(..., ensure_ascii=False, indent=2)` writes for the whole at that place.
    """
    data = _plan_dict(plan, [])
    keys = list(data)
    at = keys.index("initiatives")
    head = _dumps({key: data[key] for key in keys[:at]})
    yield head[: -len("\n}")] + ',\n  "initiatives": ['
    period = plan.roadmap.period
    for number, item in enumerate(plan.initiatives):
        yield ("\n    " if number == 0 else ",\n    ") + _dumps(_initiative(item, period)).replace("\n", "\n    ")
    yield ("\n  ]" if plan.initiatives else "]") + "," + _dumps({key: data[key] for key in keys[at + 1 :]})[1:] + "\n"


def _dumps(data: dict[str, Any]) -> str:
    """One JSON object, indent 2, invisible controls escaped, no trailing newline.

    orjson writes exactly what `json.dumps(..., ensure_ascii=False, indent=2)` writes for this data (strings,
    integers, booleans, null, lists and string-keyed dicts), three times faster and without the standard library's
    list of chunks; data it refuses (an integer beyond 64 bits, a lone surrogate) goes through `json` as before.
    """
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    return escape_invisible(text)


def _initiative(item: PlannedInitiative, period: str) -> dict[str, Any]:
    """One initiative, keys in contract order."""
    return {
        "id": item.id,
        "name": item.name,
        "region": item.region,
        "category": item.category,
        "status": item.status,
        "phase": None if item.phase == PHASE_HISTORY else item.phase,
        "period": period_label(item.start, period),
        "start": item.start.isoformat(),
        "finish": item.finish.isoformat(),
        "duration_days": item.duration_days,
        **({} if item.working_days is None else {"duration_working_days": item.working_days}),
        "milestone": item.milestone,
        "slack_days": item.slack_days,
        "critical": item.critical,
        "earliest_start": item.earliest_start.isoformat() if item.earliest_start else None,
        "latest_start": item.latest_start.isoformat() if item.latest_start else None,
        "cost": item.cost,
        "owner": item.owner,
        "tags": list(item.tags),
        "description": item.description,
        "dependencies": [_dependency(dependency) for dependency in item.dependencies],
        "binding": [dependency.id for dependency in item.dependencies if dependency.binding],
        "dependents": list(item.dependents),
        "capacity_delays": [{"resource": delay.resource, "days": delay.days} for delay in item.capacity_delays],
        "gates": [{"rule": gate.rule, "k": gate.k, "members": list(gate.members), "counted": list(gate.counted)} for gate in item.gates],
        "demands": [{"resource": resource, "amount": amount} for resource, amount in item.demands],
        "where": item.where,
        "state": item.state,
        "days_late": item.days_late,
        "progress": item.progress,
        "remaining_days": item.remaining_days,
        "not_before": item.not_before.isoformat() if item.not_before else None,
        "funding": [{"source": share.source, "percent": share.percent, "amount": share.amount} for share in item.funding],
        "authority": item.authority,
        "external": item.external,
        "budget_delay": _budget_delay(item.budget_delay),
    }


def _budget_delay(delay: BudgetDelay | None) -> dict[str, Any] | None:
    """The budget-year delay of an initiative, or None."""
    if delay is None:
        return None
    return {"budget": delay.budget, "year": delay.year, "start": delay.start.isoformat(), "days": delay.days}


def _dependency(dependency: PlannedDependency) -> dict[str, Any]:
    """One predecessor with its reason in words and in parts."""
    reason = dependency.reason
    written = {} if dependency.lag_working_days is None else {"lag_working_days": dependency.lag_working_days}
    return {
        "id": dependency.id,
        "reason": reason.text(),
        "kind": reason.kind,
        "rule": reason.rule,
        "where": reason.where,
        "detail": reason.detail,
        "lag_days": dependency.lag_days,
        **written,
        "binding": dependency.binding,
        "quorum": dependency.quorum,
    }


def plan_from_dict(data: Any) -> Plan:
    """The plan a JSON export (version 1) describes, the inverse of `plan_to_dict`; ValueError names what is wrong."""
    if not isinstance(data, dict) or "initiatives" not in data or "roadmap" not in data:
        raise ValueError(_("not a JSON export of a plan (no `roadmap` and `initiatives`)"))
    if data.get("version") != JSON_VERSION:
        raise ValueError(_("JSON export version {found}, but this tool reads version {version}").format(found=data.get("version"), version=JSON_VERSION))
    try:
        return _plan(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(_("not a JSON export of a plan: {error}").format(error=f"{type(error).__name__}: {error}")) from None


def _day(text: Any) -> date:
    """An ISO date of the export."""
    if not isinstance(text, str):
        raise TypeError(f"date expected, found {text!r}")
    return date.fromisoformat(text)


def _maybe_day(text: Any) -> date | None:
    """An ISO date, or None."""
    return None if text is None else _day(text)


def _plan(data: dict[str, Any]) -> Plan:
    """The plan of a version-1 export; raises KeyError, TypeError or ValueError on a malformed one."""
    info = data["roadmap"]
    roadmap = RoadmapInfo(
        id=str(info["id"]),
        name=str(info["name"]),
        start=_day(info["start"]),
        period=str(info["period"]),
        horizon=_maybe_day(info.get("horizon")),
        owner=info.get("owner"),
        description=info.get("description"),
        status_date=_maybe_day(info.get("status_date")),
        at_risk_slack_days=int(info.get("at_risk_slack_days", 30)),
    )
    return Plan(
        roadmap=roadmap,
        categories=tuple(PlannedCategory(str(c["id"]), str(c["name"]), c.get("color")) for c in data["categories"]),
        regions=tuple(PlannedRegion(str(r["id"]), str(r["name"]), str(r["kind"]), r.get("parent"), int(r["depth"]), r.get("code"), r.get("wave")) for r in data["regions"]),
        initiatives=tuple(_planned(item) for item in data["initiatives"]),
        phases=_phases_from(data),
        resources=tuple(
            ResourceUse(str(r["id"]), str(r["name"]), str(r["kind"]), int(r["capacity"]), r.get("per"), int(r["peak"]), tuple(r["delayed"]), int(r["delay_days"]), r.get("funding"))
            for r in data["resources"]
        ),
        finish=_day(data["finish"]),
        critical_path=tuple(str(i) for i in data["critical_path"]),
        dropped=tuple(str(i) for i in data.get("dropped", ())),
        phase_mode=str(data.get("phase_mode", "stages")),
        horizon_buffer_days=data.get("horizon_buffer_days"),
        critical_by_resource=tuple((str(r["resource"]), int(r["count"])) for r in data.get("critical_by_resource", ())),
        funding_sources=tuple(PlannedSource(str(f["id"]), str(f["name"]), bool(f["apbd"]), False) for f in data.get("funding_sources", ())),
        indicators=tuple(_indicator_from(i) for i in data.get("indicators", ())),
        targets=tuple(_target_from(t) for t in data.get("targets", ())),
    )


def _indicator_from(data: dict[str, Any]) -> PlannedIndicator:
    """An indicator of a version-1 export."""
    return PlannedIndicator(
        id=str(data["id"]),
        name=str(data["name"]),
        unit=str(data["unit"]),
        direction=str(data["direction"]),
        min=data.get("min"),
        max=data.get("max"),
        bands=tuple((str(b["name"]), float(b["min"])) for b in data["bands"]),
        domains=tuple((str(d["id"]), str(d["name"]), float(d["weight"])) for d in data["domains"]),
        builtin=bool(data["builtin"]),
        source=data.get("source"),
    )


def _target_from(data: dict[str, Any]) -> PlannedTarget:
    """A target of a version-1 export."""
    return PlannedTarget(
        indicator=str(data["indicator"]),
        owner=str(data["owner"]),
        owner_id=str(data["id"]),
        region=str(data["region"]),
        baseline_year=int(data["baseline"]["year"]),
        baseline=float(data["baseline"]["value"]),
        yearly=tuple((int(year), float(value)) for year, value in data["yearly"].items()),
        actuals=tuple((int(year), float(value)) for year, value in data["actuals"].items()),
        where=str(data.get("where", "")),
    )


def _phases_from(data: dict[str, Any]) -> tuple[Phase, ...]:
    """History (if any) and the numbered phases of an export."""
    history = data.get("history")
    phases = [Phase(PHASE_HISTORY, tuple(history["initiatives"]), _day(history["start"]), _day(history["finish"]))] if history else []
    phases += [Phase(int(p["number"]), tuple(p["initiatives"]), _day(p["start"]), _day(p["finish"]), p.get("name")) for p in data["phases"]]
    return tuple(phases)


def _planned(item: dict[str, Any]) -> PlannedInitiative:
    """One initiative of an export."""
    return PlannedInitiative(
        id=str(item["id"]),
        name=str(item["name"]),
        region=str(item["region"]),
        category=str(item["category"]),
        status=str(item["status"]),
        phase=PHASE_HISTORY if item["phase"] is None else int(item["phase"]),
        start=_day(item["start"]),
        finish=_day(item["finish"]),
        duration_days=int(item["duration_days"]),
        slack_days=int(item["slack_days"]),
        critical=bool(item["critical"]),
        milestone=bool(item["milestone"]),
        working_days=None if item.get("duration_working_days") is None else int(item["duration_working_days"]),
        cost=item.get("cost"),
        owner=item.get("owner"),
        tags=tuple(item.get("tags", ())),
        description=item.get("description"),
        earliest_start=_maybe_day(item.get("earliest_start")),
        latest_start=_maybe_day(item.get("latest_start")),
        dependencies=tuple(
            PlannedDependency(
                str(d["id"]),
                Reason(str(d["kind"]), str(d["where"]), str(d["detail"]), d.get("rule")),
                int(d["lag_days"]),
                bool(d["binding"]),
                bool(d["quorum"]),
                None if d.get("lag_working_days") is None else int(d["lag_working_days"]),
            )
            for d in item["dependencies"]
        ),
        dependents=tuple(item["dependents"]),
        capacity_delays=tuple(CapacityDelay(str(c["resource"]), int(c["days"])) for c in item["capacity_delays"]),
        gates=tuple(PlannedGate(str(g["rule"]), int(g["k"]), tuple(g["members"]), tuple(g["counted"])) for g in item["gates"]),
        demands=tuple((str(d["resource"]), int(d["amount"])) for d in item["demands"]),
        where=str(item.get("where", "")),
        state=str(item.get("state", "on-track")),
        days_late=int(item.get("days_late", 0)),
        progress=item.get("progress"),
        remaining_days=item.get("remaining_days"),
        not_before=_maybe_day(item.get("not_before")),
        funding=tuple(Share(str(f["source"]), f.get("percent"), f.get("amount")) for f in item.get("funding", ())),
        authority=str(item.get("authority", "own")),
        budget_delay=_budget_delay_from(item.get("budget_delay")),
    )


def _budget_delay_from(data: Any) -> BudgetDelay | None:
    """The budget-year delay of an exported initiative, or None."""
    if data is None:
        return None
    return BudgetDelay(str(data["budget"]), int(data["year"]), _day(data["start"]), int(data["days"]))
