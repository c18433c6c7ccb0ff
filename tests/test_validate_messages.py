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
]

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


@pytest.mark.parametrize("name", sorted(INDONESIAN))
def test_pydantics_words_are_translated_inside_the_description(tmp_path: Path, name: str) -> None:
    change = next(case[1] for case in CASES if case[0] == name)
    i18n.set_language("id")
    assert _first_problem(tmp_path, change)[1] == INDONESIAN[name]
