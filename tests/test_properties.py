"""Properties of plans over generated roadmaps: dependencies, minimal phases, capacities, determinism, cycles."""

from __future__ import annotations

import itertools
import random
import re
import shutil
import tempfile
from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_cli.errors import CycleError, ReferenceCheckError
from roadmap_cli.loader import discover_roadmaps, load_roadmap
from roadmap_cli.pipeline import CheckedGraph, build_plan, check_files
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.planner import PlanOptions
from roadmap_cli.render import EXPORTERS
from roadmap_cli.rules import expand_rules
from roadmap_cli.validate import check_roadmap
from support.roadmaps import dump, item, region

START = date(2025, 1, 1)
OPTIONS = PlanOptions(effort=1)
REGIONS = [
    ("p", "province", None),
    ("k1", "kabupaten", "p"),
    ("k2", "kabupaten", "p"),
    ("k3", "kota", "p"),
    ("k1a", "kecamatan", "k1"),
    ("k2a", "kecamatan", "k2"),
]
CATEGORIES = ("c0", "c1", "c2")
TAGS = ("t1", "t2")
LAGS = (0, 0, 0, 0, 3, 10, 30, -2, -15)
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def day(offset: int) -> str:
    """The ISO date `offset` days after the roadmap start."""
    return (START + timedelta(days=offset)).isoformat()


def offset(text: str) -> int:
    """Days from the roadmap start to the ISO date `text`."""
    return (date.fromisoformat(text) - START).days


@st.composite
def initiative(draw: st.DrawFn, n: int, resources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The n-th initiative: planned (with dependencies on earlier ones), done or active; with tags and demands."""
    fields: dict[str, Any] = {"tags": draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2))}
    milestone = draw(st.integers(0, 6)) == 0
    duration = 0 if milestone else draw(st.integers(1, 60))
    status = draw(st.sampled_from(("planned",) * 10 + ("done", "active")))
    if status == "done":
        started = draw(st.integers(-400, 20))
        finished = started if milestone else started + draw(st.integers(0, 90))
        fields.update(status="done", started=day(started), finished=day(finished))
    elif status == "active":
        fields.update(status="active", started=day(draw(st.integers(-60, 40))))
    else:
        if n and draw(st.booleans()):
            before = draw(st.lists(st.integers(0, n - 1), unique=True, min_size=1, max_size=3))
            fields["depends_on"] = [f"i{b:02d}" if (lag := draw(st.sampled_from(LAGS))) == 0 else {"id": f"i{b:02d}", "lag": f"{lag}d"} for b in before]
        if draw(st.integers(0, 6)) == 0:
            fields["earliest_start"] = day(draw(st.integers(-10, 150)))
        demands = {rid: draw(st.integers(1, spec["capacity"])) for rid, spec in resources.items() if draw(st.integers(0, 2))}
        if demands:
            fields["demands"] = demands
    where = draw(st.sampled_from(REGIONS))[0]
    category = draw(st.sampled_from(CATEGORIES))
    return item(f"i{n:02d}", where, category, None if milestone else f"{duration}d", milestone=milestone, **fields)


@st.composite
def rule_list(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Zero to three rules of any kind, with random selectors."""
    rules: list[dict[str, Any]] = []
    if draw(st.booleans()):
        order = draw(st.permutations(CATEGORIES))
        stages: list[Any] = list(order) if draw(st.booleans()) else [order[0], list(order[1:])]
        rules.append({"kind": "category-order", "id": "order", "stages": stages})
    if draw(st.integers(0, 2)) == 0:
        rule: dict[str, Any] = {"kind": "hierarchy", "id": "below", "by": draw(st.sampled_from(("category", "all")))}
        if draw(st.booleans()):
            rule["match"] = {"categories": [draw(st.sampled_from(CATEGORIES))]}
        rules.append(rule)
    if draw(st.integers(0, 2)) == 0:
        rules.append(
            {
                "kind": "gate",
                "id": "ready",
                "target": {"regions": ["p"], "categories": [draw(st.sampled_from(CATEGORIES))]},
                "require": {"tags": [draw(st.sampled_from(TAGS))]},
                "within": draw(st.sampled_from(("children", "descendants", "any"))),
                "quorum": draw(st.sampled_from(("50%", "80%", "100%", 1))),
            }
        )
    if draw(st.integers(0, 2)) == 0:
        wave: dict[str, Any] = {"kind": "wave", "id": "waves", "milestone": {"tags": [draw(st.sampled_from(TAGS))]}}
        if draw(st.booleans()):
            wave["match"] = {"categories": [draw(st.sampled_from(CATEGORIES))]}
        rules.append(wave)
    return rules


@st.composite
def roadmaps(draw: st.DrawFn) -> dict[str, Any]:
    """A roadmap of 1-25 initiatives over a small region tree, with optional resources and rules."""
    resources: dict[str, dict[str, Any]] = {}
    if draw(st.integers(0, 3)):
        resources["team"] = {"id": "team", "name": "Team", "kind": "team", "capacity": draw(st.integers(1, 3))}
    if draw(st.booleans()):
        resources["crew"] = {"id": "crew", "name": "Crew", "kind": "crew", "capacity": draw(st.integers(1, 2))}
    if draw(st.integers(0, 2)) == 0:
        resources["money"] = {"id": "money", "name": "Money", "kind": "budget", "capacity": draw(st.integers(50, 200)), "per": "year"}
    count = draw(st.one_of(st.integers(1, 6), st.integers(12, 25)))
    waves = {r: draw(st.sampled_from((None, 1, 2, 3))) for r in ("k1", "k2", "k3")}
    initiatives = [draw(initiative(n, resources)) for n in range(count)]
    actual = [offset(spec[key]) for spec in initiatives for key in ("started", "finished") if key in spec]
    status_date = day(max([-30, *actual]) + draw(st.integers(0, 60)))
    return {
        "version": 1,
        "roadmap": {"id": "gen", "name": "Generated", "start": START.isoformat(), "status_date": status_date},
        "categories": [{"id": c, "name": f"Category {c}"} for c in CATEGORIES],
        "regions": [region(r, kind, parent, **({"wave": waves[r]} if waves.get(r) else {})) for r, kind, parent in REGIONS],
        "resources": list(resources.values()),
        "initiatives": initiatives,
        "rules": draw(rule_list()),
    }


def write_split(folder: Path, data: dict[str, Any], rng: random.Random | None = None) -> Path:
    """Write the roadmap as one file, or (with `rng`) as 2-3 files with lists split and shuffled."""
    folder.mkdir(parents=True)
    if rng is None:
        (folder / "roadmap.yaml").write_text(dump(data), encoding="utf-8")
        return folder
    files: list[dict[str, Any]] = [{} for _ in range(rng.randint(2, 3))]
    head = rng.randrange(len(files))
    files[head].update(version=1, roadmap=data["roadmap"], categories=data["categories"])
    files[rng.randrange(len(files))]["rules"] = data["rules"]
    for section in ("regions", "resources", "initiatives"):
        entries = [dict(entry) for entry in data[section]]
        rng.shuffle(entries)
        for entry in entries:
            if "depends_on" in entry:
                entry["depends_on"] = rng.sample(entry["depends_on"], len(entry["depends_on"]))
            files[rng.randrange(len(files))].setdefault(section, []).append(entry)
    names = rng.sample(["a.yaml", "b.yaml", "c.yaml", "z.yml"], len(files))
    for name, content in zip(names, files):
        (folder / name).write_text(dump(content), encoding="utf-8")
    return folder


def expanded(folder: Path) -> nx.DiGraph:
    """Every expanded edge (explicit and rule-made), without the pipeline's cycle check."""
    loaded = load_roadmap(discover_roadmaps([folder])[0])
    expansion = expand_rules(check_roadmap(loaded.data, loaded.source_map, loaded.files))
    graph = nx.DiGraph((e.source, e.target) for e in expansion.edges)
    graph.add_nodes_from(spec["id"] for spec in loaded.data["initiatives"])
    return graph


def without_closing_dependencies(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The roadmap minus each explicit dependency that would close a cycle with the rules' edges and earlier ones."""
    bare = dict(data, initiatives=[{k: v for k, v in spec.items() if k != "depends_on"} for spec in data["initiatives"]])
    graph = expanded(write_split(folder, bare))
    kept = []
    for spec in data["initiatives"]:
        spec = dict(spec)
        deps = []
        for dep in spec.pop("depends_on", []):
            pred = dep if isinstance(dep, str) else dep["id"]
            if not nx.has_path(graph, spec["id"], pred):
                graph.add_edge(pred, spec["id"])
                deps.append(dep)
        kept.append(dict(spec, depends_on=deps) if deps else spec)
    return dict(data, initiatives=kept)


def exclusive_finish(p: PlannedInitiative) -> int:
    """Offset of the day after the work (its start day for zero-length work)."""
    return (p.start - START).days + p.duration_days


def release(spec: dict[str, Any], status: int) -> int:
    """Earliest allowed start offset of planned work: its earliest start, the roadmap start and the status date."""
    return max(0, status, offset(spec["earliest_start"]) if "earliest_start" in spec else 0)


def spec_lags(data: dict[str, Any]) -> dict[tuple[str, str], list[int]]:
    """Lags of the explicit dependencies as written, by (predecessor, successor)."""
    lags: dict[tuple[str, str], list[int]] = defaultdict(list)
    for spec in data["initiatives"]:
        for dep in spec.get("depends_on", []):
            pred, lag = (dep, 0) if isinstance(dep, str) else (dep["id"], int(dep["lag"][:-1]))
            lags[pred, spec["id"]].append(lag)
    return lags


def check_plan(plan: Plan, prepared: CheckedGraph, data: dict[str, Any]) -> None:
    """Every dependency, gate, phase, date and binding property of one plan."""
    items = {p.id: p for p in plan.initiatives}
    specs = {spec["id"]: spec for spec in data["initiatives"]}
    explicit = spec_lags(data)
    gates = defaultdict(list)
    for gate in prepared.expansion.gates:
        gates[gate.target].append(gate)
    status_day = offset(data["roadmap"]["status_date"])
    for p in plan.initiatives:
        spec = specs[p.id]
        status = spec.get("status", "planned")
        start = (p.start - START).days
        length = int(spec.get("duration", "0d")[:-1])
        if status == "done":
            assert (p.start.isoformat(), p.finish.isoformat()) == (spec["started"], spec["finished"])
        elif status == "active" and length:  # it runs at least until the status date
            assert p.duration_days == max(length, status_day + 1 - start) and p.finish == p.start + timedelta(days=p.duration_days - 1)
        elif status == "active":  # a milestone not reached yet is reached on the status date at the earliest
            assert start == max(offset(spec["started"]), status_day) and p.finish == p.start
        else:
            assert p.duration_days == length and p.finish == p.start + timedelta(days=max(0, length - 1))
            assert start >= status_day, p.id  # no unstarted work starts before the status date
        if status == "active" and length:
            assert p.start.isoformat() == spec["started"]
        assert [g.rule for g in p.gates] == [g.rule for g in gates[p.id]]
        lower, strict_phase, gate_phase = release(spec, status_day), 0, 0
        for gate, planned_gate in zip(gates[p.id], p.gates):
            finishes = sorted((exclusive_finish(items[m]), m) for m in gate.members)
            assert (planned_gate.k, planned_gate.members) == (gate.k, gate.members)
            assert planned_gate.counted == tuple(m for _, m in finishes[: gate.k])
            lower = max(lower, finishes[gate.k - 1][0])
            member_phases = sorted(items[m].phase for m in gate.members)
            gate_phase = max(gate_phase, member_phases[gate.k - 1])
            assert status == "done" or sum(phase < p.phase for phase in member_phases) >= gate.k  # at least k members in earlier phases
        for d in p.dependencies:
            pred = items[d.id]
            edges = prepared.graph.reasons(d.id, p.id)
            rule_made = any(e.gate is None and e.reason.kind != "explicit" for e in edges)
            assert d.quorum == all(e.gate is not None for e in edges)
            ready = exclusive_finish(pred) + d.lag_days
            if not d.quorum:
                assert d.lag_days == max(explicit.get((d.id, p.id), []) + [0] * rule_made)
                assert pred.phase < p.phase or status == "done"
                strict_phase = max(strict_phase, pred.phase)
                lower = max(lower, ready)
            counted_last = any(d.id == g.counted[-1] and exclusive_finish(pred) == start for g in p.gates)
            assert d.binding == (status == "planned" and ((not d.quorum and start == ready) or counted_last)), (p.id, d)
        assert p.phase == (0 if status == "done" else 1 + max(strict_phase, gate_phase))  # phases are minimal; done work is history
        if status == "planned":
            assert start >= lower  # after every predecessor (plus lag) and the k-th gate member
            assert start == lower or p.capacity_delays, p.id  # only capacity moves work past its earliest start
            assert p.earliest_start is not None and (p.earliest_start - START).days <= start
        if status != "done":
            assert p.slack_days >= 0 and p.critical == (p.slack_days == 0), p.id
    for before, after in zip(plan.critical_path, plan.critical_path[1:]):
        first, then = items[before], items[after]
        waited = {delay.resource for delay in then.capacity_delays} & {r for r, _ in first.demands}
        assert first.critical and then.critical
        assert any(d.id == before and d.binding for d in then.dependencies) or (waited and exclusive_finish(first) == (then.start - START).days)
    check_capacities(plan, data)


def check_capacities(plan: Plan, data: dict[str, Any]) -> None:
    """No team or crew is over capacity on any day, and no budget in any year."""
    for resource in data["resources"]:
        rid, capacity = resource["id"], resource["capacity"]
        users = [(p, dict(p.demands)[rid]) for p in plan.initiatives if dict(p.demands).get(rid)]
        if resource["kind"] == "budget":
            charged: dict[int, Fraction] = defaultdict(Fraction)
            for p, amount in users:
                days = max(1, p.duration_days)
                for n in range(days):
                    charged[(p.start + timedelta(days=n)).year] += Fraction(amount, days)
            assert max(charged.values(), default=0) <= capacity, (rid, dict(charged))
        else:
            events: dict[int, int] = defaultdict(int)
            for p, amount in users:
                if p.duration_days:
                    events[(p.start - START).days] += amount
                    events[exclusive_finish(p)] -= amount
            level = 0
            for offset in sorted(events):
                level += events[offset]
                assert level <= capacity, (rid, offset, level)


@PROPERTY
@given(roadmaps())
def test_plans_keep_every_dependency_phase_and_capacity(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = without_closing_dependencies(data, Path(tmp) / "bare")
        folder = write_split(Path(tmp) / "one", data)
        try:
            prepared = check_files(discover_roadmaps([folder])[0])
        except CycleError as error:  # the rules alone make a cycle
            assert not nx.is_directed_acyclic_graph(expanded(folder)), error.diagnostics
            return
        assert nx.is_directed_acyclic_graph(expanded(folder))
        plan, _ = build_plan(discover_roadmaps([folder])[0], OPTIONS)
        check_plan(plan, prepared, data)
        if not any("demands" in spec for spec in data["initiatives"]):
            assert plan == build_plan(discover_roadmaps([folder])[0], PlanOptions(level=False))[0]


@settings(PROPERTY, max_examples=60)
@given(roadmaps(), st.lists(st.integers(0, 400), min_size=25, max_size=25))
def test_done_work_spans_its_actual_days_whatever_its_duration(data: dict[str, Any], durations: list[int]) -> None:
    """Done work occupies `started`..`finished`, its dependents start the day after, its `duration` moves nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        data = without_closing_dependencies(data, Path(tmp) / "bare")
        rewritten = [dict(spec, duration=f"{days}d") if spec.get("status") == "done" and not spec.get("milestone") else spec for spec, days in zip(data["initiatives"], durations)]
        plans = []
        for roadmap in (data, dict(data, initiatives=rewritten)):
            folder = write_split(Path(tmp) / "one", roadmap)
            try:
                plans.append(build_plan(discover_roadmaps([folder])[0], OPTIONS)[0])
            except CycleError:
                return
            shutil.rmtree(folder)
    assert plans[0] == plans[1]
    items = {p.id: p for p in plans[0].initiatives}
    for spec in data["initiatives"]:
        p = items[spec["id"]]
        assert (p.duration_days == 0) == (p.milestone and (spec.get("status") != "done" or spec["started"] == spec["finished"]))
        if spec.get("status") == "done":
            last = date.fromisoformat(spec["finished"])
            assert (p.start, p.finish, p.duration_days) == (date.fromisoformat(spec["started"]), last, p.duration_days)
            assert p.duration_days == (0 if p.milestone and spec["started"] == spec["finished"] else (last - p.start).days + 1)
            for dependent in p.dependents:
                waits = [d for d in items[dependent].dependencies if d.id == p.id and not d.quorum]
                if waits and items[dependent].status == "planned":
                    assert items[dependent].start >= last + timedelta(days=p.duration_days > 0) + timedelta(days=max(w.lag_days for w in waits))


LOCATION = re.compile(r"[^\s\"()]+\.ya?ml:\d+")


@settings(PROPERTY, max_examples=60)
@given(roadmaps(), st.randoms(use_true_random=False))
def test_file_and_item_order_do_not_change_the_export(data: dict[str, Any], rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = without_closing_dependencies(data, Path(tmp) / "bare")
        one = write_split(Path(tmp) / "one", data)
        split = write_split(Path(tmp) / "split", data, rng)
        try:
            exports = [EXPORTERS["json"](build_plan(discover_roadmaps([folder])[0], OPTIONS)[0]) for folder in (one, split, one)]
        except CycleError:
            return
    assert exports[0] == exports[2]  # the same files give byte-identical JSON
    assert LOCATION.sub("FILE:LINE", exports[0]) == LOCATION.sub("FILE:LINE", exports[1])  # only positions move


@settings(PROPERTY, max_examples=50)
@given(roadmaps(), st.data())
def test_a_cycle_always_fails_fast(data: dict[str, Any], choose: st.DataObject) -> None:
    planned = [spec for spec in data["initiatives"] if spec.get("status", "planned") == "planned"]
    if not planned:
        return
    first = choose.draw(st.sampled_from(planned), label="closes the cycle")
    second = {k: v for k, v in first.items() if k not in ("depends_on", "demands")}
    second.update(id="back", category=choose.draw(st.sampled_from(CATEGORIES), label="category of back"))
    if second["category"] == first["category"]:
        second["depends_on"] = [first["id"]]  # an explicit cycle: back -> first -> back
    else:
        # a rule-made edge first -> back (same region, later stage), closed by the explicit edge back -> first
        data["rules"] = [{"kind": "category-order", "id": "closing", "stages": [first["category"], second["category"]]}, *data["rules"]]
    first["depends_on"] = [*first.get("depends_on", []), "back"]
    data["initiatives"].append(second)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_split(Path(tmp) / "cycle", data)
        with pytest.raises((CycleError, ReferenceCheckError)) as error:
            build_plan(discover_roadmaps([folder])[0], OPTIONS, verbose=True)
        graph = expanded(folder)
    cycles = [d for d in error.value.diagnostics if d.is_error]
    assert cycles and {d.code for d in cycles} == {"dependency-cycle"}
    for diagnostic in cycles:
        if diagnostic.message.startswith(("rules ", "rule ")):  # contradicting rules: one example cycle in the hint
            assert re.fullmatch(r"rules? (`[^`]+`(, )?)+ contradicts? (each other|itself) in \d+ regions?: .+", diagnostic.message)
            ids = diagnostic.hint.split("`: ", 1)[1].split(": ", 1)[0].split(" -> ")
        else:
            ids = diagnostic.message.split(": ", 1)[1].split(" -> ")
        assert ids[0] == ids[-1] and len(ids) >= 3
        for a, b in itertools.pairwise(ids):
            assert graph.has_edge(a, b)
            assert re.search(rf"(: |; ){re.escape(a)} -> {re.escape(b)}: (explicit|rule [^ ]+) \(", diagnostic.hint), (a, b)
