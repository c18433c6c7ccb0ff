"""Plan -> the documented JSON contract, version 1 (see docs/json.md): fixed key order, UTF-8, trailing newline."""

from __future__ import annotations

import json
from typing import Any

from roadmap_cli.durations import period_label, period_span
from roadmap_cli.plan import PHASE_HISTORY, Plan, PlannedDependency, PlannedInitiative
from roadmap_cli.render.common import escape_invisible

JSON_VERSION = 1


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data, keys in contract order."""
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
        "initiatives": [_initiative(item, info.period) for item in plan.initiatives],
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
        "categories": [
            {"id": category.id, "name": category.name, "color": category.color} for category in plan.categories
        ],
        "resources": [
            {
                "id": resource.id,
                "name": resource.name,
                "kind": resource.kind,
                "capacity": resource.capacity,
                "per": resource.per,
                "peak": resource.peak,
                "binding": resource.binding,
                "delayed": list(resource.delayed),
                "delay_days": resource.delay_days,
            }
            for resource in plan.resources
        ],
        "critical_path": list(plan.critical_path),
        "critical_by_resource": [{"resource": resource, "count": count} for resource, count in plan.critical_by_resource],
        "finish": plan.finish.isoformat(),
        "horizon_buffer_days": plan.horizon_buffer_days,
        "dropped": list(plan.dropped),
    }


def _history(plan: Plan) -> dict[str, Any] | None:
    """The done work outside the phases, or None."""
    history = plan.history
    if history is None:
        return None
    return {"start": history.start.isoformat(), "finish": history.finish.isoformat(), "initiatives": list(history.initiatives)}


def render_json(plan: Plan) -> str:
    """The plan as JSON text: indent 2, non-ASCII kept except invisible controls (escaped), one trailing newline."""
    return escape_invisible(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n")


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
        "gates": [
            {"rule": gate.rule, "k": gate.k, "members": list(gate.members), "counted": list(gate.counted)} for gate in item.gates
        ],
        "demands": [{"resource": resource, "amount": amount} for resource, amount in item.demands],
        "where": item.where,
        "state": item.state,
        "days_late": item.days_late,
        "progress": item.progress,
        "remaining_days": item.remaining_days,
    }


def _dependency(dependency: PlannedDependency) -> dict[str, Any]:
    """One predecessor with its reason in words and in parts."""
    reason = dependency.reason
    return {
        "id": dependency.id,
        "reason": reason.text(),
        "kind": reason.kind,
        "rule": reason.rule,
        "where": reason.where,
        "detail": reason.detail,
        "lag_days": dependency.lag_days,
        "binding": dependency.binding,
        "quorum": dependency.quorum,
    }
