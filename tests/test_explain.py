"""`roadmap explain` on the bundled roadmaps: rule ids, file:line, quorum members, what it unblocks, and typos."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from roadmap_cli.cli import app
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan, PlannedInitiative

ROOT = Path(__file__).resolve().parents[1]
ROADMAPS = ("roadmaps/kaltara", "roadmaps/kaltim")


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, so `file:line` reads as the CLI shows it there."""
    monkeypatch.chdir(ROOT)


def bundled_plan(folder: str) -> Plan:
    """The plan of a bundled roadmap, as `explain` builds it."""
    return build_plan(discover_roadmaps([Path(folder)])[0])[0]


def explain(initiative: str, folder: str) -> Result:
    """Run `roadmap explain` wide and without colour."""
    return CliRunner().invoke(app, ["explain", initiative, folder, "--width", "1000", "--color", "never"])


def rule_bound(plan: Plan) -> PlannedInitiative:
    """The first initiative (plan order) whose start a rule-made, non-quorum edge decides."""
    return next(p for p in plan.initiatives if any(d.binding and d.reason.rule and not d.quorum for d in p.dependencies))


def check_unblocks(output: str, planned: PlannedInitiative, plan: Plan) -> None:
    """The output ends with what the initiative unblocks, each with the reason of its edge."""
    unblocks = output[output.index("Unblocks") :]
    if not planned.dependents:
        assert "nothing" in unblocks
    for dependent in planned.dependents:
        edge = next(d for d in plan.initiative(dependent).dependencies if d.id == planned.id)
        source = f"rule {edge.reason.rule}" if edge.reason.rule else "explicit"
        line = next(text for text in unblocks.splitlines() if f"→ {dependent} " in text)
        assert line.endswith(source), line


@pytest.mark.parametrize("folder", ROADMAPS)
def test_explain_names_the_binding_rule_and_its_place(folder: str) -> None:
    plan = bundled_plan(folder)
    planned = rule_bound(plan)
    result = explain(planned.id, folder)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(planned.id)
    edge = next(d for d in planned.dependencies if d.binding and d.reason.rule and not d.quorum)
    chain = out[out.index(f"Why it starts on {planned.start}") : out.index("Unblocks")]
    assert f"← {edge.id}" in chain
    assert f"rule {edge.reason.rule} ({edge.reason.where}): {edge.reason.detail}" in chain
    path, line = edge.reason.where.rsplit(":", 1)
    declared = Path(path).read_text(encoding="utf-8").splitlines()[int(line) - 1 : int(line) + 2]
    assert any(f"id: {edge.reason.rule}" in text for text in declared), declared
    assert f"Phase {planned.phase}" in out and f"declared at {planned.where}" in out
    check_unblocks(out, planned, plan)


@pytest.mark.parametrize("folder", ROADMAPS)
def test_explain_a_gate_target_names_its_quorum(folder: str) -> None:
    plan = bundled_plan(folder)
    target = next(p for p in plan.initiatives if p.gates)
    result = explain(target.id, folder)
    assert result.exit_code == 0, result.output
    out = result.stdout
    quorum = out[out.index("Quorum gates") : out.index("Unblocks")]
    for gate in target.gates:
        edges = [d for d in target.dependencies if d.quorum and d.id in gate.members]
        assert {d.reason.rule for d in edges} == {gate.rule}
        counted = ", ".join(gate.counted)
        assert f"{gate.rule} ({edges[0].reason.where}): waits for {gate.k} of {len(gate.members)}; counted: {counted}" in quorum
        assert set(gate.counted) <= set(gate.members) and len(gate.counted) == gate.k
        for member in gate.members:
            assert member in quorum
        assert sum(d.binding for d in edges) <= 1
    check_unblocks(out, target, plan)


def test_explain_an_unknown_id_suggests_the_nearest() -> None:
    plan = bundled_plan(ROADMAPS[0])
    known = rule_bound(plan).id
    typo = known[:-2] + known[-1] + known[-2]
    result = explain(typo, ROADMAPS[0])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"roadmap: error: no initiative `{typo}` in the roadmap; did you mean `{known}`?\n"


def test_explain_an_id_nothing_resembles() -> None:
    result = explain("zzzz", ROADMAPS[0])
    assert result.exit_code == 2
    assert result.stderr == "roadmap: error: no initiative `zzzz` in the roadmap\n"


@pytest.mark.parametrize(
    ("initiative", "folder", "why"),
    [
        ("malinau.literasi-digital", "roadmaps/kaltara", "No predecessor holds it back; its earliest_start is 2027-01-01."),
        ("bulungan.masterplan", "roadmaps/kaltara", "It started on 2025-07-07: work already begun keeps its actual dates."),
        ("kaltara.jaringan-intra", "roadmaps/kaltara", "It started on 2026-03-02: work already begun keeps its actual dates."),
        (
            "bulungan.bts-blank-spot",
            "tests/fixtures/diff/kaltara",
            "No predecessor holds it back; work not started is planned from the status date 2025-04-24.",
        ),
    ],
)
def test_explain_says_what_releases_work_no_predecessor_holds(initiative: str, folder: str, why: str) -> None:
    """Without a binding predecessor the start comes from the actual start, `earliest_start` or the status date, and
    explain says which (not "the plan starts on 2025-01-01" for work that starts years later)."""
    result = explain(initiative, folder)
    assert result.exit_code == 0, result.stderr
    assert why in result.stdout
    assert "the plan starts on" not in result.stdout


def test_explain_work_held_by_capacity_names_no_missing_predecessor() -> None:
    """When capacity decided the start, explain says so and does not add that no predecessor holds it back."""
    result = explain("kaltara.masterplan-smart-province", "roadmaps/kaltara")
    assert "the budget-year rule held it 7 days" in result.stdout
    assert "capacity held it 120 days more" in result.stdout
    assert "No predecessor holds it back" not in result.stdout
