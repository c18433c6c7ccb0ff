"""Targets as the plan exports show them: one row per target, with the check `roadmap status` makes on the status date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from roadmap_cli.i18n import _
from roadmap_cli.localize import number_text
from roadmap_cli.plan import Plan
from roadmap_cli.render.common import indicator_value, indicator_word
from roadmap_cli.render.status import target_check, target_state_word
from roadmap_cli.status import TargetProgress, target_progresses


@dataclass(frozen=True)
class TargetRow:
    """One target with its words in the active language; `progress` keeps the numbers for typed cells."""

    progress: TargetProgress
    owner: str
    """`Region` or `Initiative`, in words."""
    indicator: str
    """The indicator's name (a built-in's translated)."""
    unit: str
    baseline: str
    """The baseline value with its band, and its year."""
    yearly: str
    """`year: value` of each yearly target."""
    actuals: str
    """`year: value` of each actual."""
    state: str
    """The check's result in words: on target, behind target, or no actual yet."""
    check: str
    """The check in a sentence, as `roadmap status` words it."""


def check_date(plan: Plan) -> date:
    """The day targets are checked on: the plan's status date (its start when it has none), as `roadmap status` does."""
    return plan.roadmap.status_date or plan.roadmap.start


def _values_text(values: tuple[tuple[int, float], ...]) -> str:
    """`2026: 2.75; 2027: 3.1`: each year's value in the active language's number format, to two decimals."""
    return "; ".join(f"{year}: {number_text(round(value, 2))}" for year, value in values)


def target_rows(plan: Plan) -> tuple[TargetRow, ...]:
    """Every target of the plan with its check, regions first (in tree order), then initiatives (in plan order)."""
    rows = []
    for progress in target_progresses(plan, check_date(plan)):
        indicator, target = progress.indicator, progress.target
        rows.append(
            TargetRow(
                progress=progress,
                owner=_("Region") if target.owner == "region" else _("Initiative"),
                indicator=indicator_word(indicator, indicator.name),
                unit=indicator_word(indicator, indicator.unit),
                baseline=_("{value} in {year}").format(value=indicator_value(indicator, target.baseline), year=target.baseline_year),
                yearly=_values_text(target.yearly),
                actuals=_values_text(target.actuals),
                state=target_state_word(progress.state),
                check=target_check(progress),
            )
        )
    return tuple(rows)
