"""Each pydantic error type reaches its describer in `validate._DESCRIBERS`: code, message and hint, in both languages."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import i18n
from roadmap_cli.errors import RoadmapError
from support.roadmaps import checked, item, roadmap, write_roadmap

Change = Callable[[dict[str, Any]], None]

STATUS_DATE = "2025-06-30"


def _as_of_june(**fields: Any) -> Change:
    """A change that sets the header's status date to 2025-06-30 and the initiative's `fields`."""

    def change(data: dict[str, Any]) -> None:
        data["roadmap"]["status_date"] = STATUS_DATE
        data["initiatives"][0].update(fields)

    return change


CASES: list[tuple[str, Change, tuple[str, str, str]]] = [
    (
        "a region code that is no Kemendagri code",
        lambda d: d["regions"][0].update(code="65-71"),
        ("invalid-value", "`65-71` is not a Kemendagri code", 'write it like "65", "65.71" or "65.71.01" (quoted)'),
    ),
    (
        "a rule without a kind",
        lambda d: d.update(rules=[{"id": "x", "stages": ["a"]}]),
        ("missing-field", "rule `x` is missing `kind`", "rule kinds: category-order, gate, hierarchy, wave"),
    ),
    (
        "a rule kind that is not text",
        lambda d: d.update(rules=[{"kind": ["gate"], "id": "x"}]),
        ("unknown-rule-kind", "`['gate']` is not a rule kind; did you mean `gate`?", "rule kinds: category-order, gate, hierarchy, wave"),
    ),
    (
        "a number below its bound",
        lambda d: d["regions"][0].update(wave=0),
        ("invalid-value", "the number 0 is not a valid `wave`: input should be greater than or equal to 1", "see docs/format.md for `wave`"),
    ),
    (
        "a fraction for a whole number",
        lambda d: d["regions"][0].update(wave=1.5),
        ("invalid-value", "the number 1.5 is not a valid `wave`: input should be a valid integer, got a number with a fractional part", "see docs/format.md for `wave`"),
    ),
    (
        "text for a cost, without thousands separators",
        lambda d: d["initiatives"][0].update(cost="abc"),
        ("invalid-value", "`abc` is not a valid `cost`: input should be a valid integer", "see docs/format.md for `cost`"),
    ),
    (
        "text for a true/false",
        lambda d: d["initiatives"][0].update(milestone="maybe"),
        ("invalid-value", "`maybe` is not a valid `milestone`: input should be a valid boolean, unable to interpret input", "see docs/format.md for `milestone`"),
    ),
    (
        "empty text",
        lambda d: d["initiatives"][0].update(name=""),
        ("invalid-value", "`name` is too short: string should have at least 1 character", "see docs/format.md for `name`"),
    ),
    (
        "too few stages, a tuple in pydantic's own words",
        lambda d: d.update(rules=[{"kind": "category-order", "id": "x", "stages": []}]),
        ("invalid-value", "`stages` is too short: tuple should have at least 2 items after validation, not 0", "see docs/format.md for `stages`"),
    ),
    (
        "text where a list goes",
        lambda d: d["initiatives"][0].update(tags="x"),
        ("wrong-type", "`tags` should be a list, not `x`", "write `tags: [a, b]` or one `- item` per line"),
    ),
    (
        "text where a rule goes",
        lambda d: d.update(rules=["x"]),
        ("wrong-type", "`rules` should be a mapping, not `x`", "see docs/format.md for `rules`"),
    ),
    (
        "a list for a duration",
        lambda d: d["initiatives"][0].update(duration=[1]),
        ("invalid-value", "a list is not a valid `duration`: input should be a valid integer", "see docs/format.md for `duration`"),
    ),
    (
        "a date written with slashes",
        lambda d: d["roadmap"].update(start="2025/01/01"),
        ("invalid-date", "`2025/01/01` is not a valid date in `start`", "write dates as YYYY-MM-DD, e.g. 2026-01-15"),
    ),
    (
        "a number for a date",
        lambda d: d["roadmap"].update(start=20250101),
        ("invalid-date", "the number 20250101 is not a valid date in `start`", "write dates as YYYY-MM-DD, e.g. 2026-01-15"),
    ),
    (
        "a boolean for a progress",
        _as_of_june(status="active", started="2025-01-02", progress=True),
        ("invalid-value", "`True` is not a progress (in `progress`)", "write the share done, e.g. `progress: 40%`"),
    ),
    (
        "null for a name",
        lambda d: d["initiatives"][0].update(name=None),
        ("ambiguous-scalar", "`null` in `name` is read by YAML as nothing (null), not as text", 'quote it: name: "null"'),
    ),
    (
        "a rule whose kind is null",
        lambda d: d.update(rules=[{"kind": None, "id": "x"}]),
        ("unknown-rule-kind", "rule `x` has no `kind`", "rule kinds: category-order, gate, hierarchy, wave"),
    ),
    (
        "a file without a version",
        lambda d: d.pop("version"),
        ("missing-field", "the roadmap file is missing `version`", "start the file with `version: 1`"),
    ),
    (
        "a file without a header",
        lambda d: d.pop("roadmap"),
        ("missing-field", "the roadmap file is missing `roadmap`", "add a `roadmap:` header with id, name and start"),
    ),
    (
        "a header without a name",
        lambda d: d["roadmap"].pop("name"),
        ("missing-field", "the roadmap header (`roadmap:`) is missing `name`", "add `name:` to the roadmap header (`roadmap:`)"),
    ),
    (
        "a dependency without an id",
        lambda d: d["initiatives"][0].update(depends_on=[{"lag": "1d"}]),
        ("missing-field", "a dependency of initiative `a` is missing `id`", "add `id:` to a dependency of initiative `a`"),
    ),
]
"""pydantic errors: the data change and the first diagnostic's code, message and hint."""

CHECKS: list[tuple[str, Change, tuple[str, str, str]]] = [
    (
        "an initiative that is no milestone without a duration",
        lambda d: d["initiatives"][0].pop("duration"),
        ("missing-field", "initiative `a` is missing `duration`", "add e.g. `duration: 6m`, or `milestone: true` for a zero-length event"),
    ),
    ("active without a start", _as_of_june(status="active"), ("status-dates", "initiative `a` is active but has no `started` date", "add `started: YYYY-MM-DD`")),
    (
        "done without a finish",
        _as_of_june(status="done", started="2025-01-02"),
        ("status-dates", "initiative `a` is done but has no `finished` date", "add `finished: YYYY-MM-DD`"),
    ),
    (
        "planned with a start",
        _as_of_june(started="2025-01-02"),
        ("status-dates", "initiative `a` is planned but has actual dates", "set `status: active` or `status: done`, or remove the dates"),
    ),
    (
        "active with a finish",
        _as_of_june(status="active", started="2025-01-02", finished="2025-01-05"),
        ("status-dates", "initiative `a` is active but has a `finished` date", "set `status: done`, or remove `finished`"),
    ),
    (
        "finished before it started",
        _as_of_june(status="done", started="2025-01-05", finished="2025-01-02"),
        ("status-dates", "initiative `a` finished (2025-01-02) before it started (2025-01-05)", "check both dates"),
    ),
    (
        "both progress and remaining",
        _as_of_june(status="active", started="2025-01-02", progress=40, remaining="5d"),
        ("invalid-value", "initiative `a` gives both `progress` and `remaining`", "keep only one of them"),
    ),
    (
        "a team that renews per period",
        lambda d: (d.update(resources=[{"id": "t", "name": "T", "kind": "team", "capacity": 2, "per": "year"}]), d["initiatives"][0].update(demands={"t": 1})),
        ("invalid-value", "team `t` has `per: year`, but only a budget renews per period", "remove `per`, or set `kind: budget`"),
    ),
    (
        "a region whose parent is not declared",
        lambda d: d["regions"].append({"id": "k", "name": "Region k", "kind": "kabupaten", "parent": "nowhere"}),
        ("unknown-region", "unknown region `nowhere`", "declare region `nowhere` under `regions:` or fix the id"),
    ),
    (
        "a Kemendagri code that is in no region list",
        lambda d: d["initiatives"][0].update(region="65.99"),
        ("unknown-region", "unknown region `65.99`", "declare region `65.99` under `regions:` or fix the id"),
    ),
]
"""Checks after the schema: the data change and the first diagnostic's code, message and hint."""

INDONESIAN = {
    "a number below its bound": "angka 0 bukan `wave` yang sah: nilai harus lebih besar dari atau sama dengan 1",
    "empty text": "`name` terlalu pendek: teks harus berisi sedikitnya 1 karakter",
    "text for a true/false": "`maybe` bukan `milestone` yang sah: nilai harus berupa true/false yang sah; nilai ini tidak dapat ditafsirkan",
}


def _first_problem(tmp_path: Path, change: Change) -> tuple[str, str, str]:
    """Code, message and hint of the first diagnostic of a one-initiative roadmap after `change`."""
    data = copy.deepcopy(roadmap([item("a")]))
    change(data)
    with pytest.raises(RoadmapError) as caught:
        checked(write_roadmap(tmp_path, data))
    first = caught.value.diagnostics[0]
    return first.code, first.message, first.hint


@pytest.mark.parametrize(("change", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_error_type_is_described(tmp_path: Path, change: Change, expected: tuple[str, str, str]) -> None:
    assert _first_problem(tmp_path, change) == expected


@pytest.mark.parametrize(("change", "expected"), [case[1:] for case in CHECKS], ids=[case[0] for case in CHECKS])
def test_each_check_is_described(tmp_path: Path, change: Change, expected: tuple[str, str, str]) -> None:
    assert _first_problem(tmp_path, change) == expected


@pytest.mark.parametrize("status", ["planned", "done"])
def test_progress_of_work_that_is_not_active_is_a_warning(tmp_path: Path, status: str) -> None:
    """`progress` on planned or done work is ignored, with a warning that says so; the roadmap is still valid."""
    data = copy.deepcopy(roadmap([item("a")]))
    dates = {"started": "2025-01-02", "finished": "2025-01-20"} if status == "done" else {}
    _as_of_june(status=status, progress=40, **dates)(data)
    warnings = checked(write_roadmap(tmp_path, data)).warnings
    assert [(w.code, w.message, w.hint) for w in warnings] == [
        ("progress-not-active", f"initiative `a` is {status}, so its `progress` is ignored", "set `status: active` and `started:`, or remove `progress`")
    ]


@pytest.mark.parametrize("name", sorted(INDONESIAN))
def test_pydantics_words_are_translated_inside_the_description(tmp_path: Path, name: str) -> None:
    change = next(case[1] for case in CASES if case[0] == name)
    i18n.set_language("id")
    assert _first_problem(tmp_path, change)[1] == INDONESIAN[name]
