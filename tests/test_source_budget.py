"""The yearly budget of a funding source: the shares it pays are drawn from it, with the budget-year rule and levelling."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from roadmap_cli.budgets import source_budgets, source_demands, with_source_demands
from roadmap_cli.cli import app
from roadmap_cli.errors import ScheduleError
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan, check_files
from roadmap_cli.plan import Plan
from roadmap_cli.render.xlsx import render_xlsx

HEADER = """\
version: 1
roadmap: {{id: dana, name: Dana, start: 2025-01-01, status_date: {status_date}}}
categories:
  - {{id: c, name: C}}
regions:
  - {{id: r, name: R, kind: kota}}
"""
BUDGET = """\
resources:
  - {id: apbd, name: APBD Kota, kind: budget, funding: apbd-kabkota, capacity: 1000, per: year}
"""
WORK = """\
initiatives:
  - {id: survei, name: Survei, region: r, category: c, duration: 60d, cost: 800, funding: apbd-kabkota}
  - {id: aplikasi, name: Aplikasi, region: r, category: c, duration: 60d, cost: 1000, funding: {apbd-kabkota: 50%, dak: 50%}}
  - {id: bts, name: BTS, region: r, category: c, duration: 60d, cost: 9000, funding: bakti, authority: central}
  - {id: kajian, name: Kajian, region: r, category: c, duration: 30d, funding: apbd-kabkota}
"""


def _write(tmp_path: Path, text: str, status_date: str = "2025-04-24") -> Path:
    """A roadmap file of HEADER (as of `status_date`) and `text`."""
    path = tmp_path / "roadmap.yaml"
    path.write_text(HEADER.format(status_date=status_date) + text, encoding="utf-8")
    return path


def _plan(path: Path) -> Plan:
    """The levelled plan of one roadmap file, which must have no warnings."""
    plan, warnings = build_plan(discover_roadmaps([path])[0])
    assert [str(w) for w in warnings] == []
    return plan


def _dates(plan: Plan) -> dict[str, tuple[date, date]]:
    """Start and finish of every initiative."""
    return {item.id: (item.start, item.finish) for item in plan.initiatives}


def test_each_initiative_draws_its_share_from_its_sources_budget(tmp_path: Path) -> None:
    """A whole source pays the cost, a split its share, another source and an initiative without a cost nothing."""
    checked = check_files(discover_roadmaps([_write(tmp_path, BUDGET + WORK)])[0]).checked
    model = checked.model
    assert source_budgets(model) == {"apbd-kabkota": "apbd"}
    drawn = {item.id: source_demands(item, source_budgets(model)) for item in model.initiatives}
    assert drawn == {"survei": {"apbd": 800}, "aplikasi": {"apbd": 500}, "bts": {}, "kajian": {}}
    assert {item.id: item.demands for item in with_source_demands(model).initiatives} == drawn
    plain = model.model_copy(update={"resources": ()})
    assert with_source_demands(plain) is plain


def test_a_source_budget_plans_as_the_same_demands_written_out(tmp_path: Path) -> None:
    """The plan with the source's budget equals the plan with the same budget demands written on each initiative."""
    tied = _plan(_write(tmp_path, BUDGET + WORK))
    (tmp_path / "written").mkdir()
    written_work = WORK.replace("funding: apbd-kabkota}", "funding: apbd-kabkota, demands: {apbd: 800}}", 1)
    written_work = written_work.replace("funding: {apbd-kabkota: 50%, dak: 50%}}", "funding: {apbd-kabkota: 50%, dak: 50%}, demands: {apbd: 500}}")
    written = _plan(_write(tmp_path / "written", BUDGET.replace(" funding: apbd-kabkota,", "") + written_work))
    assert _dates(tied) == _dates(written)
    assert [item.demands for item in tied.initiatives] == [item.demands for item in written.initiatives]
    assert [replace(resource, funding=None) for resource in tied.resources] == list(written.resources)
    assert [resource.funding for resource in tied.resources] == ["apbd-kabkota"]


def _charges(plan: Plan, resource: str) -> dict[int, float]:
    """What the work of the plan charges to a budget per calendar year: each demand spread evenly over its days."""
    per_year: dict[int, float] = {}
    for item in plan.initiatives:
        amount = dict(item.demands).get(resource, 0)
        days = (item.finish - item.start).days + 1
        for offset in range(days):
            year = date.fromordinal(item.start.toordinal() + offset).year
            per_year[year] = per_year.get(year, 0) + amount / days
    return per_year


def test_levelling_delays_work_the_years_budget_cannot_pay(tmp_path: Path) -> None:
    """As of 24 April 2025 APBD work may start on 1 October 2025 (APBD-P 2025), but the 1,000 a year cannot pay the
    survey (800) and the application's share (500) in 2025: levelling moves them until no year is charged more than its budget.
    The BTS (BAKTI) draws nothing and does not wait; with a large enough budget nothing waits."""
    plan = _plan(_write(tmp_path, BUDGET + WORK))
    survey, app_work, bts = plan.initiative("survei"), plan.initiative("aplikasi"), plan.initiative("bts")
    assert min(survey.start, app_work.start) >= date(2025, 10, 1)
    assert all(charge <= 1000 + 1e-6 for charge in _charges(plan, "apbd").values())
    assert _charges(plan, "apbd").keys() == {2025, 2026}
    assert {d.resource for item in (survey, app_work) for d in item.capacity_delays} == {"apbd"}
    assert bts.start == date(2025, 4, 24) and bts.demands == () and not bts.capacity_delays
    assert plan.resources[0].binding and plan.resources[0].peak <= 1000
    (tmp_path / "rich").mkdir()
    rich = _plan(_write(tmp_path / "rich", BUDGET.replace("capacity: 1000,", "capacity: 100000,") + WORK))
    assert rich.initiative("survei").start == rich.initiative("aplikasi").start == date(2025, 10, 1)
    assert rich.initiative("survei").budget_delay is not None and not rich.resources[0].binding


def test_done_work_spends_the_budget_of_its_year(tmp_path: Path) -> None:
    """Done work funded from the source spent 900 of 2025's 1,000; new work (500) enters the APBD-P 2025 and may
    start on 1 October at the earliest, but only 100 is left for 2025, so it waits until nearly all of it falls in 2026."""
    work = """\
initiatives:
  - {id: lama, name: Lama, region: r, category: c, duration: 60d, cost: 900, funding: apbd-kabkota, status: done, started: 2025-01-01, finished: 2025-02-28}
  - {id: baru, name: Baru, region: r, category: c, duration: 30d, cost: 500, funding: apbd-kabkota}
"""
    plan = _plan(_write(tmp_path, BUDGET + work, status_date="2025-03-01"))
    new = plan.initiative("baru")
    assert new.budget_delay is not None and new.budget_delay.start == date(2025, 10, 1)
    assert new.start > date(2025, 10, 1) and [d.resource for d in new.capacity_delays] == ["apbd"]
    charges = _charges(plan, "apbd")
    assert charges[2025] <= 1000 + 1e-6 and charges[2025] > 900


def test_a_share_no_year_can_pay_is_an_error_at_the_funding(tmp_path: Path) -> None:
    """A milestone whose share is above the yearly budget cannot be placed: the error points at its funding."""
    work = """\
initiatives:
  - id: peresmian
    name: Peresmian
    region: r
    category: c
    milestone: true
    cost: 3000
    funding: {apbd-kabkota: 50%, dak: 50%}
"""
    path = _write(tmp_path, BUDGET + work)
    with pytest.raises(ScheduleError) as caught:
        build_plan(discover_roadmaps([path])[0])
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.line) == ("cannot-schedule", 16)
    assert "draws 1500 from budget `apbd` (its share paid by `apbd-kabkota`)" in problem.message


def test_cli_validate_explain_and_json(tmp_path: Path) -> None:
    """`validate` passes, `explain` names the budget the application waited for, JSON lists the drawn shares."""
    path = _write(tmp_path, BUDGET + WORK)
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    explained = runner.invoke(app, ["explain", "aplikasi", str(path), "--no-pager", "--color", "never"])
    assert explained.exit_code == 0 and "apbd: waited" in explained.stdout
    exported = json.loads(runner.invoke(app, ["export", str(path), "-f", "json"]).stdout)
    demands = {item["id"]: item["demands"] for item in exported["initiatives"]}
    assert demands["aplikasi"] == [{"resource": "apbd", "amount": 500}] and demands["bts"] == []
    assert [(resource["id"], resource["funding"]) for resource in exported["resources"]] == [("apbd", "apbd-kabkota")]


def test_workbook_names_the_budgets_source(tmp_path: Path) -> None:
    """The Resources sheet says whose budget it is."""
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(_plan(_write(tmp_path, BUDGET + WORK)))))["Resources"]
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][-1], rows[1][0], rows[1][-1]) == ("Funding source", "apbd", "kabupaten/kota APBD")


def test_cli_reports_a_conflicting_demand(tmp_path: Path) -> None:
    """An explicit demand on the source's budget: exit 1, file:line, what and how to fix."""
    path = _write(tmp_path, BUDGET + WORK.replace("funding: apbd-kabkota}", "funding: apbd-kabkota, demands: {apbd: 800}}", 1))
    result = CliRunner().invoke(app, ["validate", str(path), "--color", "never"])
    assert result.exit_code == 1
    assert f"{path}:10:" in result.stderr and "error[source-budget-demand]" in result.stderr
    assert "hint: remove `apbd` from `demands:`" in result.stderr
