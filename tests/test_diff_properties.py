"""Properties of diffs over generated roadmaps: A against A is empty, A-B mirrors B-A, shifts are the exports' differences,
and moving the status date forward never moves done work."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_cli.diff import Amounts, PlanDiff, diff_records
from roadmap_cli.errors import CycleError
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.render.diff import render_diff_json, render_diff_markdown, render_diff_text
from roadmap_cli.render.json_ import render_json
from test_properties import OPTIONS, PROPERTY, roadmaps, without_closing_dependencies, write_split


def export(data: dict[str, Any], folder: Path) -> dict[str, Any] | None:
    """The roadmap's JSON export as data (None when its rules make a cycle)."""
    write_split(folder, data)
    try:
        plan = build_plan(discover_roadmaps([folder])[0], OPTIONS)[0]
    except CycleError:
        return None
    finally:
        shutil.rmtree(folder)
    record: dict[str, Any] = json.loads(render_json(plan))
    return record


@st.composite
def changes(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """The roadmap after a change: some durations, names and costs edited, maybe the last initiative removed, one added."""
    items = []
    for spec in data["initiatives"]:
        spec = dict(spec)
        if not spec.get("milestone") and spec.get("status", "planned") == "planned" and draw(st.integers(0, 3)) == 0:
            spec["duration"] = f"{draw(st.integers(1, 90))}d"
        if draw(st.integers(0, 5)) == 0:
            spec["name"] = spec["name"] + " (revised)"
        if draw(st.integers(0, 4)) == 0:
            spec["cost"] = draw(st.integers(0, 5)) * 1_000_000_000
        items.append(spec)
    last = items[-1]["id"]
    if len(items) > 1 and draw(st.booleans()) and not any(last in json.dumps(spec.get("depends_on", [])) for spec in items):
        items.pop()
    if draw(st.booleans()):
        depends = [draw(st.sampled_from(items))["id"]] if draw(st.booleans()) else []
        items.append({"id": "new", "name": "New work", "region": "k1", "category": "c0", "duration": "20d", "depends_on": depends})
    return dict(data, initiatives=items)


def pair(data: dict[str, Any], choose: st.DataObject) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Exports of a roadmap and of a change to it (None when either has a cycle)."""
    with tempfile.TemporaryDirectory() as tmp:
        data = without_closing_dependencies(data, Path(tmp) / "bare")
        before = export(data, Path(tmp) / "a")
        after = export(choose.draw(changes(data)), Path(tmp) / "b")
    return None if before is None or after is None else (before, after)


def amounts(figures: tuple[Amounts, ...], mirrored: bool = False) -> dict[str, tuple[int | None, int | None]]:
    """Figures keyed, optionally with before and after swapped."""
    return {a.key: (a.after, a.before) if mirrored else (a.before, a.after) for a in figures}


def test_every_renderer_says_an_empty_diff_is_empty_on_the_bundled_roadmap() -> None:
    """The bundled roadmap against itself: empty in every format (the generated cases check the data)."""
    folder = Path(__file__).resolve().parents[1] / "roadmaps" / "kaltara"
    record = json.loads(render_json(build_plan(discover_roadmaps([folder])[0])[0]))
    diff = diff_records(record, record)
    assert diff.empty and json.loads(render_diff_json(diff, "a", "b"))["empty"] is True
    assert "<details>" not in render_diff_markdown(diff, "a", "b")
    assert render_diff_text(diff, "a", "b").splitlines()[1] == "No change to the plan: finish 2029-10-19"


@settings(PROPERTY, max_examples=40)
@given(roadmaps())
def test_a_roadmap_against_itself_is_an_empty_diff(data: dict[str, Any]) -> None:
    """diff A A: nothing added, removed, renamed, changed or moved; every figure the same."""
    with tempfile.TemporaryDirectory() as tmp:
        record = export(without_closing_dependencies(data, Path(tmp) / "bare"), Path(tmp) / "a")
    if record is None:
        return
    diff = diff_records(record, record)
    assert diff.empty
    assert not (diff.added or diff.removed or diff.renamed or diff.changed or diff.shifts or diff.gates or diff.finish_days)


@settings(PROPERTY, max_examples=40)
@given(roadmaps(), st.data())
def test_a_diff_and_its_reverse_are_mirror_images(data: dict[str, Any], choose: st.DataObject) -> None:
    """diff B A is diff A B turned round: added and removed swap, every before and after swaps, every shift negates."""
    found = pair(data, choose)
    if found is None:
        return
    forward, backward = diff_records(*found), diff_records(found[1], found[0])
    assert (forward.added, forward.removed) == (backward.removed, backward.added)
    assert [(r.id, r.before, r.after) for r in forward.renamed] == [(r.id, r.after, r.before) for r in backward.renamed]
    assert [(c.id, c.field, c.before, c.after) for c in forward.changed] == [(c.id, c.field, c.after, c.before) for c in backward.changed]
    assert [(s.id, s.start_days, s.finish_days) for s in forward.shifts] == [(s.id, -s.start_days, -s.finish_days) for s in backward.shifts]
    assert [(s.before, s.after) for s in forward.shifts] == [(s.after, s.before) for s in backward.shifts]
    assert (forward.finish_before, forward.finish_after) == (backward.finish_after, backward.finish_before)
    assert (forward.critical_before, forward.critical_after) == (backward.critical_after, backward.critical_before)
    assert (forward.critical_joined, forward.critical_left) == (backward.critical_left, backward.critical_joined)
    for figures in ("cost_per_year", "cost_per_region", "peaks"):
        assert amounts(getattr(forward, figures)) == amounts(getattr(backward, figures), mirrored=True)
    assert [(g.id, g.rule, g.counted_before, g.counted_after) for g in forward.gates] == [(g.id, g.rule, g.counted_after, g.counted_before) for g in backward.gates]
    assert forward.empty == backward.empty


@settings(PROPERTY, max_examples=40)
@given(roadmaps(), st.data())
def test_shifts_are_the_difference_of_the_two_exports(data: dict[str, Any], choose: st.DataObject) -> None:
    """Each shift is the difference of the initiative's dates in the two JSON exports; unmoved initiatives have none."""
    found = pair(data, choose)
    if found is None:
        return
    diff = diff_records(*found)
    before = {item["id"]: item for item in found[0]["initiatives"]}
    after = {item["id"]: item for item in found[1]["initiatives"]}
    expected = {}
    for item_id in before.keys() & after.keys():
        days = tuple((date.fromisoformat(after[item_id][k]) - date.fromisoformat(before[item_id][k])).days for k in ("start", "finish"))
        if days != (0, 0):
            expected[item_id] = days
    assert {s.id: (s.start_days, s.finish_days) for s in diff.shifts} == expected
    sizes = [max(abs(s.start_days), abs(s.finish_days)) for s in diff.shifts]
    assert sizes == sorted(sizes, reverse=True)
    assert diff.finish_days == (date.fromisoformat(found[1]["finish"]) - date.fromisoformat(found[0]["finish"])).days
    assert_renders(diff)


def assert_renders(diff: PlanDiff) -> None:
    """Every format renders the diff; the JSON's shifts are the diff's."""
    data = json.loads(render_diff_json(diff, "a", "b"))
    assert [(s["id"], s["start_days"], s["finish_days"]) for s in data["shifts"]] == [(s.id, s.start_days, s.finish_days) for s in diff.shifts]
    assert render_diff_text(diff, "a", "b").endswith("\n")
    assert len(render_diff_markdown(diff, "a", "b")) < 65_536


@settings(PROPERTY, max_examples=40)
@given(roadmaps(), st.integers(1, 400))
def test_moving_the_status_date_forward_never_moves_done_work(data: dict[str, Any], days: int) -> None:
    """A later status date: every done initiative keeps its start and finish."""
    later = date.fromisoformat(data["roadmap"]["status_date"]) + timedelta(days=days)
    with tempfile.TemporaryDirectory() as tmp:
        data = without_closing_dependencies(data, Path(tmp) / "bare")
        moved = dict(data, roadmap=dict(data["roadmap"], status_date=later.isoformat()))
        before, after = export(data, Path(tmp) / "a"), export(moved, Path(tmp) / "b")
    if before is None or after is None:
        return
    diff = diff_records(before, after)
    done = {item["id"] for item in before["initiatives"] if item["status"] == "done"}
    assert not [s.id for s in diff.shifts if s.id in done]
    dates = {item["id"]: (item["start"], item["finish"]) for item in after["initiatives"] if item["id"] in done}
    assert dates == {item["id"]: (item["start"], item["finish"]) for item in before["initiatives"] if item["id"] in done}
    assert diff.head_status_date == later
