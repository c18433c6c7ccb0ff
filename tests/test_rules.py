"""Rule expansion: every rule kind's exact edges and reasons, explicit lags, dropped work and rule-made cycles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_cli.errors import CycleError, RoadmapError
from roadmap_cli.graph import DependencyGraph, check_acyclic, find_cycles, topological_order
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Reason
from roadmap_cli.rules import Edge
from roadmap_cli.source import SourceSpan
from support.roadmaps import checked, item, line_of, region, roadmap, write_roadmap


def rule_line(path: Path, rule_id: str) -> int:
    """Line where the rule with this id starts (its `- kind:` line, as written by `dump`)."""
    return line_of(path, f"id: {rule_id}", line_of(path, "rules:")) - 1


def where(path: Path, line: int) -> str:
    """`file:line` as the loader shows it: relative to the working directory when under it, else absolute."""
    absolute, cwd = os.path.abspath(path), os.getcwd()
    shown = os.path.relpath(absolute, cwd) if absolute.startswith(cwd.rstrip(os.sep) + os.sep) else absolute
    return f"{Path(shown).as_posix()}:{line}"


def pairs(edges: tuple[Edge, ...] | list[Edge], rule: str | None = None) -> set[tuple[str, str]]:
    """(source, target) of the edges, only those of `rule` when given."""
    return {(e.source, e.target) for e in edges if rule is None or e.reason.rule == rule}


def test_category_order_grouped_stages_and_empty_middle_stage(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("r1.net1", "r1", "net"),
            item("r1.net2", "r1", "net"),
            item("r1.spbe", "r1", "spbe"),
            item("r1.lit", "r1", "lit"),
            item("r1.svc", "r1", "svc"),
            item("r1.inno", "r1", "inno"),
            item("r1.other", "r1", "other"),
            item("r2.net", "r2", "net"),
            item("r2.svc", "r2", "svc"),
            item("r3.svc", "r3", "svc"),
        ],
        regions=[region("p", "province"), region("r1", parent="p"), region("r2", parent="p"), region("r3", parent="p")],
        categories=("net", "spbe", "lit", "svc", "inno", "other"),
        rules=[{"kind": "category-order", "id": "net-first", "stages": ["net", ["spbe", "lit"], ["svc", "inno"]]}],
    )
    path = write_roadmap(tmp_path, data)
    edges = checked(path).expansion.edges
    assert pairs(edges) == {
        ("r1.net1", "r1.spbe"),
        ("r1.net1", "r1.lit"),
        ("r1.net2", "r1.spbe"),
        ("r1.net2", "r1.lit"),
        ("r1.spbe", "r1.svc"),
        ("r1.spbe", "r1.inno"),
        ("r1.lit", "r1.svc"),
        ("r1.lit", "r1.inno"),
        ("r2.net", "r2.svc"),
    }
    assert len(edges) == 9
    line = rule_line(path, "net-first")
    for edge in edges:
        assert (edge.reason.kind, edge.reason.rule, edge.reason.where, edge.lag, edge.gate) == (
            "category-order",
            "net-first",
            where(path, line),
            0,
            None,
        )
    by_pair = {(e.source, e.target): e.reason for e in edges}
    assert by_pair["r2.net", "r2.svc"].detail == "`svc` after `net` in region `r2`"
    assert by_pair["r2.net", "r2.svc"].text() == f"rule net-first ({where(path, line)}): `svc` after `net` in region `r2`"


def test_category_order_match_and_category_in_two_stages(tmp_path: Path) -> None:
    data = roadmap(
        [item("x.a", category="a", tags=["t"]), item("x.b", category="b", tags=["t"]), item("x.c", category="c"), item("y.a", category="a")],
        rules=[{"kind": "category-order", "id": "co", "stages": ["a", ["b", "a"], "c"], "match": {"tags": ["t"]}}],
    )
    # `a` counts in its first stage; x.c and y.a do not match, so c's stage is empty and nothing waits for y.a.
    assert pairs(checked(write_roadmap(tmp_path, data)).expansion.edges) == {("x.a", "x.b")}


HIERARCHY_REGIONS = [
    region("prov", "province"),
    region("kab1", parent="prov", code="65.01"),
    region("kec1", "kecamatan", parent="kab1"),
    region("desa1", "desa", parent="kec1"),
    region("kab2", parent="prov", code="65.02"),
    region("kec2", "kecamatan", parent="kab2"),
]


def test_hierarchy_by_category_skips_a_level_without_work(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("prov.a", "prov", "a"),
            item("prov.b", "prov", "b"),
            item("kab1.b", "kab1", "b"),
            item("kec1.a", "kec1", "a"),
            item("kec1.b", "kec1", "b"),
            item("desa1.a", "desa1", "a"),
            item("kab2.a", "kab2", "a"),
            item("kec2.a", "kec2", "a"),
            item("kec2.c", "kec2", "c"),
        ],
        regions=HIERARCHY_REGIONS,
        rules=[{"kind": "hierarchy", "id": "below-first", "by": "category", "match": {"categories": ["a", "b"]}}],
    )
    path = write_roadmap(tmp_path, data)
    edges = checked(path).expansion.edges
    assert pairs(edges) == {
        ("desa1.a", "kec1.a"),
        ("kec1.a", "prov.a"),  # kab1 has no `a` work: the province waits for kec1's
        ("kec2.a", "kab2.a"),
        ("kab2.a", "prov.a"),
        ("kec1.b", "kab1.b"),
        ("kab1.b", "prov.b"),
    }
    reasons = {(e.source, e.target): e.reason for e in edges}
    assert reasons["kec1.a", "prov.a"].detail == "region `prov` waits for `kec1` below it (category `a`)"
    assert {r.where for r in reasons.values()} == {where(path, rule_line(path, "below-first"))}
    assert {(r.kind, r.rule) for r in reasons.values()} == {("hierarchy", "below-first")}


def test_hierarchy_by_all(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("prov.a", "prov", "a"),
            item("kab1.c", "kab1", "c"),
            item("kec1.a", "kec1", "a"),
            item("kec2.b", "kec2", "b"),
            item("kec2.c", "kec2", "c"),
        ],
        regions=HIERARCHY_REGIONS,
        rules=[{"kind": "hierarchy", "id": "all-below", "by": "all"}],
    )
    edges = checked(write_roadmap(tmp_path, data)).expansion.edges
    assert pairs(edges) == {
        ("kec1.a", "kab1.c"),
        ("kab1.c", "prov.a"),
        ("kec2.b", "prov.a"),  # kab2 has no work at all
        ("kec2.c", "prov.a"),
    }
    assert {e.reason.detail for e in edges if e.target == "kab1.c"} == {"region `kab1` waits for `kec1` below it"}


GATE_REGIONS = [
    region("prov", "province"),
    *(region(f"k{n}", parent="prov", code=f"65.0{n}") for n in range(1, 6)),
    region("kc1", "kecamatan", parent="k1"),
    region("prov2", "province"),
    region("k6", parent="prov2"),
]
GATE_ITEMS = [
    item("prov.smart", "prov", "b"),
    item("prov.mp", "prov", "a", tags=["mp"]),
    *(item(f"k{n}.mp", f"k{n}", "a", tags=["mp"]) for n in range(1, 6)),
    item("kc1.mp", "kc1", "a", tags=["mp"]),
    item("k6.mp", "k6", "a", tags=["mp"]),
]


@pytest.mark.parametrize(
    ("within", "quorum", "members", "k"),
    [
        ("children", "80%", ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp"), 4),
        ("descendants", "80%", ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp", "kc1.mp"), 5),
        ("any", "80%", ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp", "k6.mp", "kc1.mp", "prov.mp"), 7),
        ("children", 2, ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp"), 2),
        ("any", "100%", ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp", "k6.mp", "kc1.mp", "prov.mp"), 8),
        ("descendants", "1%", ("k1.mp", "k2.mp", "k3.mp", "k4.mp", "k5.mp", "kc1.mp"), 1),
    ],
)
def test_gate_members_and_quorum(tmp_path: Path, within: str, quorum: str | int, members: tuple[str, ...], k: int) -> None:
    rule = {"kind": "gate", "id": "gate80", "target": {"initiatives": ["prov.smart"]}, "require": {"tags": ["mp"]}, "within": within, "quorum": quorum}
    path = write_roadmap(tmp_path, roadmap(GATE_ITEMS, regions=GATE_REGIONS, rules=[rule]))
    expansion = checked(path).expansion
    (gate,) = expansion.gates
    assert (gate.key, gate.rule, gate.target, gate.members, gate.k) == ("gate80:prov.smart", "gate80", "prov.smart", members, k)
    listed = ", ".join(members) if len(members) <= 6 else f"{', '.join(members[:5])} and {len(members) - 5} more"
    assert gate.reason.detail == f"`prov.smart` waits for {quorum} ({k} of {len(members)}) of: {listed}"
    assert gate.reason.where == where(path, rule_line(path, "gate80"))
    assert [(e.source, e.target, e.gate, e.reason) for e in expansion.edges] == [(m, "prov.smart", gate.key, gate.reason) for m in members]


def test_gate_never_counts_the_target_and_each_target_gets_its_own_gate(tmp_path: Path) -> None:
    rule = {"kind": "gate", "id": "g", "target": {"tags": ["mp"], "regions": ["k1", "k2"]}, "require": {"tags": ["mp"], "regions": ["k1", "k3", "k4"]}, "quorum": 1}
    path = write_roadmap(tmp_path, roadmap(GATE_ITEMS, regions=GATE_REGIONS, rules=[rule]))
    gates = checked(path).expansion.gates
    assert [(g.key, g.members, g.k) for g in gates] == [("g:k1.mp", ("k3.mp", "k4.mp"), 1), ("g:k2.mp", ("k1.mp", "k3.mp", "k4.mp"), 1)]


def test_gate_empty_warns_and_quorum_too_large_fails(tmp_path: Path) -> None:
    empty = {"kind": "gate", "id": "empty", "target": {"initiatives": ["k6.mp"]}, "require": {"tags": ["mp"]}, "within": "children"}
    path = write_roadmap(tmp_path / "empty", roadmap(GATE_ITEMS, regions=GATE_REGIONS, rules=[empty]))
    result = checked(path)
    assert result.expansion.gates == () and result.expansion.edges == ()
    assert [(d.code, d.line) for d in result.warnings if d.code == "gate-empty"] == [("gate-empty", rule_line(path, "empty"))]
    large = {"kind": "gate", "id": "large", "target": {"initiatives": ["prov.smart"]}, "require": {"tags": ["mp"]}, "within": "children", "quorum": 6}
    path = write_roadmap(tmp_path / "large", roadmap(GATE_ITEMS, regions=GATE_REGIONS, rules=[large]))
    with pytest.raises(RoadmapError) as error:
        checked(path)
    assert [(d.code, d.line) for d in error.value.diagnostics if d.is_error] == [("quorum-too-large", rule_line(path, "large"))]


WAVE_REGIONS = [
    region("prov", "province"),
    region("w1a", parent="prov", wave=1),
    region("w1b", parent="prov", wave=1),
    region("w2", parent="prov", wave=2),
    region("w2k", "kecamatan", parent="w2"),
    region("w3", parent="prov", wave=3),
    region("w5", parent="prov", wave=5),
    region("nowave", parent="prov"),
    region("prov2", "province"),
    region("x1", parent="prov2", wave=1),
    region("x2", parent="prov2", wave=2),
]


def test_wave_three_waves_siblings_and_subtree(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("w1a.launch", "w1a", milestone=True, tags=["launch"]),
            item("w1b.launch", "w1b", milestone=True, tags=["launch"]),
            item("w1a.work", "w1a"),
            item("w2.launch", "w2", milestone=True, tags=["launch"]),
            item("w2.work", "w2"),
            item("w2k.work", "w2k"),
            item("w3.work", "w3"),
            item("w5.work", "w5"),
            item("nowave.work", "nowave"),
            item("prov.work", "prov"),
            item("x1.launch", "x1", milestone=True, tags=["launch"]),
            item("x2.work", "x2"),
        ],
        regions=WAVE_REGIONS,
        rules=[{"kind": "wave", "id": "waves", "milestone": {"tags": ["launch"]}}],
    )
    path = write_roadmap(tmp_path, data)
    edges = checked(path).expansion.edges
    wave2 = ("w2.launch", "w2.work", "w2k.work")
    assert pairs(edges) == (
        {(m, w) for m in ("w1a.launch", "w1b.launch") for w in wave2}
        | {("w2.launch", "w3.work")}  # wave 3 waits for the nearest earlier wave only
        | {("w2.launch", "w5.work")}  # wave 3 has no milestone and wave 4 no region: wave 5 waits for wave 2
        | {("x1.launch", "x2.work")}  # siblings under another parent form their own sequence
    )
    reasons = {(e.source, e.target): e.reason for e in edges}
    assert reasons["w1b.launch", "w2k.work"].detail == "wave 2 region `w2k` starts after wave 1 reaches `w1b.launch`"
    assert reasons["w2.launch", "w5.work"].detail == "wave 5 region `w5` starts after wave 2 reaches `w2.launch`"
    assert {(r.kind, r.rule, r.where) for r in reasons.values()} == {("wave", "waves", where(path, rule_line(path, "waves")))}


def test_wave_match_limits_who_waits(tmp_path: Path) -> None:
    data = roadmap(
        [item("w1a.launch", "w1a", milestone=True, tags=["launch"]), item("w2.work", "w2", tags=["g"]), item("w2.old", "w2")],
        regions=WAVE_REGIONS,
        rules=[{"kind": "wave", "id": "waves", "milestone": {"tags": ["launch"]}, "match": {"tags": ["g"]}}],
    )
    assert pairs(checked(write_roadmap(tmp_path, data)).expansion.edges) == {("w1a.launch", "w2.work")}


def test_wave_milestones_below_an_earlier_wave_region_hold_the_next_wave_back(tmp_path: Path) -> None:
    """A milestone in a kecamatan below a wave 1 kabupaten holds wave 2 back, as docs/format.md's example says."""
    regions = [
        region("kaltara", "province"),
        region("bulungan", parent="kaltara", wave=1),
        region("tanjung-selor", "kecamatan", parent="bulungan"),
        region("malinau", parent="kaltara", wave=2),
    ]
    data = roadmap(
        [
            item("bulungan.penetapan", "bulungan", milestone=True, tags=["penetapan-masterplan"]),
            item("tanjung-selor.masterplan", "tanjung-selor", duration="3m"),
            item("tanjung-selor.penetapan", "tanjung-selor", milestone=True, tags=["penetapan-masterplan"], depends_on=["tanjung-selor.masterplan"]),
            item("malinau.masterplan", "malinau", duration="3m"),
        ],
        regions=regions,
        rules=[{"kind": "wave", "id": "bulungan-dulu", "milestone": {"tags": ["penetapan-masterplan"]}}],
        status_date="2025-01-01",
    )
    path = write_roadmap(tmp_path, data)
    assert pairs(checked(path).expansion.edges, "bulungan-dulu") == {("bulungan.penetapan", "malinau.masterplan"), ("tanjung-selor.penetapan", "malinau.masterplan")}
    starts = {p.id: p.start.isoformat() for p in build_plan(discover_roadmaps([path])[0])[0].initiatives}
    assert (starts["tanjung-selor.penetapan"], starts["malinau.masterplan"]) == ("2025-04-01", "2025-04-01")  # not 1 January, when Bulungan's own milestone falls


def test_explicit_edges_with_lags_and_reasons(tmp_path: Path) -> None:
    data = roadmap(
        [
            item("x"),
            item("y", depends_on=[{"id": "x", "lag": "2w"}]),
            item("z", depends_on=["x", {"id": "y", "lag": "-3d"}]),
        ]
    )
    path = write_roadmap(tmp_path, data)
    edges = checked(path).expansion.edges
    assert [(e.source, e.target, e.lag, e.gate) for e in edges] == [("x", "y", 14, None), ("x", "z", 0, None), ("y", "z", -3, None)]
    y_dep = line_of(path, "- id: x", line_of(path, "- id: y"))
    assert edges[0].reason == Reason("explicit", where(path, y_dep), "y depends on x")
    assert edges[0].reason.text() == f"explicit ({where(path, y_dep)})"
    z_deps = line_of(path, "depends_on:", line_of(path, "- id: z"))
    assert [e.reason.where for e in edges[1:]] == [where(path, z_deps + 1), where(path, z_deps + 2)]


def test_explicit_edges_come_before_rule_edges_on_the_same_pair(tmp_path: Path) -> None:
    data = roadmap([item("x", category="a"), item("y", category="b", depends_on=[{"id": "x", "lag": "5d"}])], rules=[{"kind": "category-order", "id": "co", "stages": ["a", "b"]}])
    graph = checked(write_roadmap(tmp_path, data)).graph
    assert [(e.reason.kind, e.lag) for e in graph.reasons("x", "y")] == [("explicit", 5), ("category-order", 0)]


def test_dropped_initiatives_are_left_out_of_every_rule(tmp_path: Path) -> None:
    data = roadmap(
        [
            *GATE_ITEMS,
            item("k5.b", "k5", "b", depends_on=["k5.mp", "k4.mp"]),
            item("k5.c", "k5", "c"),
        ],
        regions=GATE_REGIONS,
        rules=[
            {"kind": "gate", "id": "g", "target": {"initiatives": ["prov.smart"]}, "require": {"tags": ["mp"]}, "within": "children", "quorum": "80%"},
            {"kind": "category-order", "id": "co", "stages": ["a", "b", "c"]},
            {"kind": "hierarchy", "id": "h", "by": "all", "match": {"categories": ["b"]}},
        ],
    )
    dropped = next(i for i in data["initiatives"] if i["id"] == "k5.mp")
    dropped["status"] = "dropped"
    result = checked(write_roadmap(tmp_path, data))
    assert "k5.mp" not in result.graph.nodes
    assert all("k5.mp" not in (e.source, e.target) for e in result.expansion.edges)
    (gate,) = result.expansion.gates
    assert (gate.members, gate.k) == (("k1.mp", "k2.mp", "k3.mp", "k4.mp"), 4)  # 80% of 4 rounds up to 4
    assert pairs(result.expansion.edges, "co") == {("k5.b", "k5.c"), ("prov.mp", "prov.smart")}
    assert pairs(result.expansion.edges, "h") == {("k5.b", "prov.smart")}
    assert ("k4.mp", "k5.b") in pairs(result.expansion.edges)
    assert [d.code for d in result.warnings if d.code == "depends-on-dropped"] == ["depends-on-dropped"]


def test_rule_made_cycle_names_every_edge_and_its_reason(tmp_path: Path) -> None:
    data = roadmap(
        [item("x", category="a", depends_on=["z"]), item("y", category="b"), item("z", category="c")],
        rules=[{"kind": "category-order", "id": "abc", "stages": ["a", "b", "c"]}],
    )
    path = write_roadmap(tmp_path, data)
    with pytest.raises(CycleError) as error:
        checked(path)
    (diagnostic,) = [d for d in error.value.diagnostics if d.code == "dependency-cycle"]
    assert diagnostic.message == "dependencies form a cycle: x -> y -> z -> x"
    rule_at = where(path, rule_line(path, "abc"))
    dep_at = where(path, line_of(path, "- z"))
    assert diagnostic.hint == (
        f"break one of these edges: x -> y: rule abc ({rule_at}): `b` after `a` in region `r`; y -> z: rule abc ({rule_at}): `c` after `b` in region `r`; z -> x: explicit ({dep_at})"
    )
    with pytest.raises(CycleError):
        build_plan(discover_roadmaps([path])[0])


def test_two_rules_making_a_cycle(tmp_path: Path) -> None:
    data = roadmap(
        [item("prov.a", "prov", "a"), item("kab1.b", "kab1", "b")],
        regions=HIERARCHY_REGIONS[:2],
        rules=[
            {"kind": "hierarchy", "id": "up", "by": "all"},
            {"kind": "gate", "id": "down", "target": {"regions": ["kab1"]}, "require": {"regions": ["prov"]}},
        ],
    )
    path = write_roadmap(tmp_path, data)
    with pytest.raises(CycleError) as error:
        checked(path)
    (diagnostic,) = [d for d in error.value.diagnostics if d.is_error]
    assert "kab1.b -> prov.a: rule up (" in diagnostic.hint and "prov.a -> kab1.b: rule down (" in diagnostic.hint
    assert f"({where(path, rule_line(path, 'up'))})" in diagnostic.hint and f"({where(path, rule_line(path, 'down'))})" in diagnostic.hint


def test_graph_order_and_cycles_are_deterministic(tmp_path: Path) -> None:
    data = roadmap([item("c"), item("a", depends_on=["c"]), item("b"), item("d", depends_on=["b"])])
    graph = checked(write_roadmap(tmp_path, data)).graph
    assert list(graph.nodes) == ["a", "b", "c", "d"]
    assert topological_order(graph) == ["b", "c", "a", "d"]
    assert find_cycles([("y", "x"), ("x", "y"), ("b", "a"), ("a", "b"), ("q", "r")]) == [[("a", "b"), ("b", "a")], [("x", "y"), ("y", "x")]]


def _ring(n: int) -> DependencyGraph:
    """A dependency graph that is one cycle of `n` explicit edges."""
    graph = DependencyGraph()
    for i in range(n):
        source, target = f"t{i:05d}", f"t{(i + 1) % n:05d}"
        span = SourceSpan("roadmap.yaml", i + 1, 5)
        graph.add_edge(source, target, edges=[Edge(source, target, Reason("explicit", f"roadmap.yaml:{i + 1}", f"{target} depends on {source}"), span)])
    return graph


def test_a_long_cycle_is_shortened_to_its_ends_and_count() -> None:
    with pytest.raises(CycleError) as error:
        check_acyclic(_ring(20_000))
    (diagnostic,) = error.value.diagnostics
    assert len(diagnostic.message) + len(diagnostic.hint) < 1_000
    assert diagnostic.message == "dependencies form a cycle: t00000 -> t00001 -> t00002 -> t00003 -> ... 19994 more edges ... -> t19997 -> t19998 -> t19999 -> t00000"
    assert diagnostic.hint.endswith("t19999 -> t00000: explicit (roadmap.yaml:20000) (`roadmap validate --verbose` shows all 20000)")


def test_verbose_shows_a_long_cycle_in_full() -> None:
    with pytest.raises(CycleError) as error:
        check_acyclic(_ring(30), verbose=True)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.message.count(" -> ") == 30
    assert diagnostic.hint.count("explicit (") == 30 and "more edges" not in diagnostic.hint


def test_a_short_cycle_is_shown_in_full() -> None:
    with pytest.raises(CycleError) as error:
        check_acyclic(_ring(8))
    assert "more edges" not in error.value.diagnostics[0].message
