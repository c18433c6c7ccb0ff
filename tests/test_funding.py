"""Funding splits, the budget-year rule at its boundary dates, and how the plan reports both."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roadmap_cli.funding import BudgetCalendar, BudgetEntry, Share, first_budget, month_day, shares, sources
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan, check_files
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.render.common import cost_breakdown

INDONESIA = BudgetCalendar()
"""The default calendar: APBD of N fixed by 30 November of N-1, APBD-P of N by 30 September of N."""


def test_one_source_pays_everything() -> None:
    """A single id is 100% of the cost."""
    assert shares("apbd-provinsi", 900) == (Share("apbd-provinsi", 100, 900),)


def test_percent_split_adds_up_to_the_cost() -> None:
    """Rupiah of a percent split round so that they add up; the largest remainder gets the rupiah left over."""
    assert shares({"apbd-provinsi": "33%", "dak": "33%", "csr": "34%"}, 100) == (
        Share("apbd-provinsi", 33, 33),
        Share("dak", 33, 33),
        Share("csr", 34, 34),
    )
    split = shares({"apbd-provinsi": "60%", "dak": "40%"}, 1_000_001)
    assert [share.amount for share in split] == [600_001, 400_000]
    assert sum(share.amount or 0 for share in split) == 1_000_001


def test_percent_split_without_cost_has_no_rupiah() -> None:
    """Without a cost the shares keep their percents only."""
    assert shares({"apbd-kabkota": "50%", "csr": "50%"}, None) == (Share("apbd-kabkota", 50, None), Share("csr", 50, None))


def test_amount_split_keeps_the_amounts() -> None:
    """A split in rupiah is taken as written, with no percent."""
    assert shares({"apbd-kabkota": 700, "csr": 300}, 1000) == (Share("apbd-kabkota", None, 700), Share("csr", None, 300))


def test_declared_source_inherits_apbd_of_the_builtin_it_renames() -> None:
    """Redeclaring a built-in id keeps its APBD flag unless the declaration sets one; a new id is not APBD by default."""
    known = sources((("dak", "DAK Fisik", None), ("hibah", "Hibah", None), ("bankeu", "Bantuan keuangan", True)))
    assert known["dak"].apbd and not known["dak"].builtin
    assert not known["hibah"].apbd
    assert known["bankeu"].apbd
    assert not known["bakti"].apbd and known["apbd-provinsi"].apbd


@pytest.mark.parametrize(
    ("status_date", "entry"),
    [
        (date(2025, 1, 1), BudgetEntry("apbd-p", 2025, date(2025, 10, 1))),
        (date(2025, 4, 24), BudgetEntry("apbd-p", 2025, date(2025, 10, 1))),
        (date(2025, 9, 30), BudgetEntry("apbd-p", 2025, date(2025, 10, 1))),
        (date(2025, 10, 1), BudgetEntry("apbd", 2026, date(2026, 1, 1))),
        (date(2025, 11, 30), BudgetEntry("apbd", 2026, date(2026, 1, 1))),
        (date(2025, 12, 1), BudgetEntry("apbd-p", 2026, date(2026, 10, 1))),
        (date(2025, 12, 31), BudgetEntry("apbd-p", 2026, date(2026, 10, 1))),
    ],
)
def test_first_budget_at_the_boundaries(status_date: date, entry: BudgetEntry) -> None:
    """By 30 September: the APBD-P of the year; by 30 November: next year's APBD; in December: next year's APBD-P."""
    assert first_budget(status_date, INDONESIA) == entry


@pytest.mark.parametrize(
    ("status_date", "entry"),
    [
        (date(2025, 4, 24), BudgetEntry("apbd", 2026, date(2026, 1, 1))),
        (date(2025, 11, 30), BudgetEntry("apbd", 2026, date(2026, 1, 1))),
        (date(2025, 12, 1), BudgetEntry("apbd", 2027, date(2027, 1, 1))),
    ],
)
def test_first_budget_without_apbd_p(status_date: date, entry: BudgetEntry) -> None:
    """With no APBD-P, new work waits for the next APBD it can still enter."""
    assert first_budget(status_date, BudgetCalendar(apbd_p_by=None)) == entry


def test_month_day_accepts_only_days_of_every_year() -> None:
    """`11-30` is a day; `02-29`, `02-30` and `1130` are not."""
    assert month_day("11-30") == (11, 30)
    assert month_day("02-29") is None
    assert month_day("02-30") is None
    assert month_day("1130") is None


ROADMAP = """\
version: 1
roadmap:
  id: dana
  name: Dana
  start: 2025-01-01
  status_date: {status_date}
  {calendar}
categories:
  - {{id: c, name: C}}
regions:
  - {{id: r, name: R, kind: kota}}
initiatives:
  - {{id: apbd, name: APBD work, region: r, category: c, duration: 30d, cost: 1000, funding: {{apbd-kabkota: 60%, dak: 40%}}}}
  - {{id: bts, name: BTS, region: r, category: c, duration: 90d, cost: 5000, funding: bakti, authority: central}}
  - {{id: after, name: After BTS, region: r, category: c, duration: 30d, cost: 500, funding: apbd-kabkota, depends_on: [bts]}}
  - {{id: begun, name: Begun, region: r, category: c, duration: 60d, funding: apbd-kabkota, status: active, started: 2025-03-01}}
  - {{id: csr, name: CSR work, region: r, category: c, duration: 30d, funding: csr, authority: partner}}
"""


def _plan(tmp_path: Path, status_date: str, calendar: str = "") -> tuple[Plan, dict[str, PlannedInitiative]]:
    """The plan of ROADMAP as of `status_date`, and its initiatives by id."""
    path = tmp_path / "roadmap.yaml"
    path.write_text(ROADMAP.format(status_date=status_date, calendar=calendar), encoding="utf-8")
    plan, _warnings = build_plan(discover_roadmaps([path])[0])
    return plan, {item.id: item for item in plan.initiatives}


def test_apbd_work_waits_for_the_first_budget_it_can_enter(tmp_path: Path) -> None:
    """As of 24 April 2025, APBD work starts after the APBD-P 2025, and the plan says the rule held it."""
    _, items = _plan(tmp_path, "2025-04-24")
    work = items["apbd"]
    assert work.start == date(2025, 10, 1)
    assert work.budget_delay is not None and (work.budget_delay.budget, work.budget_delay.year, work.budget_delay.days) == ("apbd-p", 2025, 160)


def test_work_held_by_a_predecessor_reports_no_budget_delay(tmp_path: Path) -> None:
    """APBD work whose predecessor finishes after the budget start is not delayed by the rule."""
    _, items = _plan(tmp_path, "2025-09-01")
    after = items["after"]
    assert after.start > date(2025, 10, 1) and after.budget_delay is None


def test_active_and_external_work_is_not_delayed(tmp_path: Path) -> None:
    """Active APBD work keeps its dates; BAKTI and CSR work start on the status date."""
    _, items = _plan(tmp_path, "2025-10-15")
    assert items["begun"].start == date(2025, 3, 1) and items["begun"].budget_delay is None
    assert items["bts"].start == date(2025, 10, 15) and items["bts"].budget_delay is None
    assert items["csr"].start == date(2025, 10, 15)
    assert items["apbd"].start == date(2026, 1, 1)


def test_declared_calendar_without_apbd_p(tmp_path: Path) -> None:
    """`apbd_p_by: null` sends new APBD work to the next full APBD."""
    _, items = _plan(tmp_path, "2025-04-24", "budget_calendar: {apbd_by: 10-31, apbd_p_by: null}")
    assert items["apbd"].start == date(2026, 1, 1)


def test_external_cost_is_kept_apart(tmp_path: Path) -> None:
    """Central and partner work is external: its cost is not in the region's own total; sources split the rest."""
    plan, _ = _plan(tmp_path, "2025-04-24")
    costs = cost_breakdown(plan)
    assert (costs.total, costs.own, costs.external) == (6500, 1500, 5000)
    assert costs.by_source == {"apbd-kabkota": 1100, "dak": 400, "bakti": 5000}
    assert costs.by_region == {"r": (1500, 5000)}


def test_work_already_in_a_budget_is_not_held(tmp_path: Path) -> None:
    """`budgeted_in: 2025` says the APBD 2025 already holds the work: it starts on the status date."""
    path = tmp_path / "roadmap.yaml"
    text = ROADMAP.format(status_date="2025-04-24", calendar="").replace("funding: {apbd-kabkota: 60%, dak: 40%}", "funding: {apbd-kabkota: 60%, dak: 40%}, budgeted_in: 2025")
    path.write_text(text, encoding="utf-8")
    plan, _warnings = build_plan(discover_roadmaps([path])[0])
    work = plan.initiative("apbd")
    assert work.start == date(2025, 4, 24) and work.budget_delay is None


BUNDLED = Path(__file__).resolve().parents[1] / "roadmaps"


@pytest.mark.parametrize("name", ["kaltara", "kaltim"])
def test_bundled_apbd_work_starts_in_a_budget_it_can_enter(name: str) -> None:
    """No planned APBD-funded initiative starts before the first budget it can enter (or the year of the APBD already holding it)."""
    files = discover_roadmaps([BUNDLED / name])[0]
    model = check_files(files).checked.model
    plan, _warnings = build_plan(files)
    assert plan.roadmap.status_date is not None
    entry = first_budget(plan.roadmap.status_date, INDONESIA)
    known = sources(tuple((s.id, s.name, s.apbd) for s in model.funding_sources))
    checked = 0
    for item in model.initiatives:
        if item.status.value != "planned" or not any(known[share.source].apbd for share in shares(item.funding, item.cost)):
            continue
        earliest = date(item.budgeted_in, 1, 1) if item.budgeted_in else entry.start
        assert plan.initiative(item.id).start >= earliest, item.id
        checked += 1
    assert checked > 5


def test_bundled_bts_work_is_central_and_outside_the_region_budget() -> None:
    """Kaltara's BTS/BAKTI work is central government's: external in the plan, paid by BAKTI, no region cost."""
    plan, _warnings = build_plan(discover_roadmaps([BUNDLED / "kaltara"])[0])
    bts = [item for item in plan.initiatives if ".bts" in item.id]
    assert len(bts) == 5
    for item in bts:
        assert item.external and item.authority == "central", item.id
        assert [share.source for share in item.funding] == ["bakti"], item.id
    costs = cost_breakdown(plan)
    assert costs.own == sum(item.cost or 0 for item in plan.initiatives if not item.external)
    assert costs.own + costs.external == costs.total
    assert all(item.authority == "own" for item in plan.initiatives if item.cost and ".bts" not in item.id)
