"""Tests for the SourceMap: positions of keys and values looked up by data path."""

from __future__ import annotations

from typing import Any

import pytest

from roadmap_cli import loader
from roadmap_cli.source import SourceMap, SourceSpan

pytestmark = pytest.mark.usefixtures("parser")


def spans(source_map: SourceMap, path: tuple[str | int, ...]) -> tuple[str | None, str | None]:
    """`line:col` of the key and of the value at `path`."""
    key, value = source_map.key(path), source_map.value(path)
    return (f"{key.line}:{key.col}" if key else None, f"{value.line}:{value.col}" if value else None)


NESTED = """\
roadmap:
  name: Kaltara
initiatives:
  - id: a
    depends_on: [b, c]
  -   id: b
      tags:
        - x
        - {k: v, n: 2}
  - [nested, [list]]
"""


def test_positions_of_keys_and_values_in_nested_maps_and_lists() -> None:
    data, source_map = loader.load_yaml_text(NESTED, "r.yaml")
    assert data["initiatives"][1]["tags"][1] == {"k": "v", "n": 2}
    assert spans(source_map, ()) == (None, "1:1")
    assert spans(source_map, ("roadmap",)) == ("1:1", "2:3")
    assert spans(source_map, ("roadmap", "name")) == ("2:3", "2:9")
    assert spans(source_map, ("initiatives",)) == ("3:1", "4:3")
    assert spans(source_map, ("initiatives", 0)) == (None, "4:5")
    assert spans(source_map, ("initiatives", 0, "depends_on")) == ("5:5", "5:17")
    assert spans(source_map, ("initiatives", 0, "depends_on", 1)) == (None, "5:21")
    assert spans(source_map, ("initiatives", 1, "id")) == ("6:7", "6:11")
    assert spans(source_map, ("initiatives", 1, "tags", 0)) == (None, "8:11")
    assert spans(source_map, ("initiatives", 1, "tags", 1, "n")) == ("9:18", "9:21")
    assert spans(source_map, ("initiatives", 2, 1, 0)) == (None, "10:15")


def test_span_is_printed_as_path_line_col() -> None:
    _, source_map = loader.load_yaml_text(NESTED, "roadmaps/r.yaml")
    assert str(source_map.value(("roadmap", "name"))) == "roadmaps/r.yaml:2:9"
    assert source_map.value(("roadmap", "name")) == SourceSpan("roadmaps/r.yaml", 2, 9)


def test_unknown_paths_give_none_and_nearest_falls_back_to_ancestor() -> None:
    _, source_map = loader.load_yaml_text(NESTED, "r.yaml")
    missing = ("initiatives", 0, "name")
    assert source_map.value(missing) is None
    assert source_map.key(missing) is None
    assert str(source_map.nearest(missing)) == "r.yaml:4:5"
    assert str(source_map.nearest(("initiatives", 7, "id"))) == "r.yaml:4:3"
    assert str(source_map.nearest(("initiatives", 7, "id"), prefer_key=True)) == "r.yaml:3:1"
    assert str(source_map.nearest(("nope",))) == "r.yaml:1:1"
    assert str(source_map.nearest(("roadmap", "name", "deeper"))) == "r.yaml:2:9"


def test_nearest_prefers_key_when_asked() -> None:
    _, source_map = loader.load_yaml_text(NESTED, "r.yaml")
    assert str(source_map.nearest(("roadmap", "name"), prefer_key=True)) == "r.yaml:2:3"
    assert str(source_map.nearest(("initiatives", 0, "depends_on", 0), prefer_key=True)) == "r.yaml:5:18"


@pytest.mark.parametrize("segment", ["0", True, -1, 3, 1.0])
def test_list_indices_must_be_in_range_ints(segment: Any) -> None:
    _, source_map = loader.load_yaml_text("items: [a, b, c]\n", "r.yaml")
    assert source_map.value(("items", segment)) is None
    assert source_map.value(("items", 2)) == SourceSpan("r.yaml", 1, 15)


def test_empty_source_map_never_fails() -> None:
    source_map = SourceMap()
    assert source_map.value(("a",)) is None
    assert source_map.key(("a",)) is None
    assert source_map.scalar_text(("a",)) is None
    assert source_map.nearest(("a", 1)) == SourceSpan("<unknown>", 1, 1)


def test_empty_text_maps_to_line_one() -> None:
    data, source_map = loader.load_yaml_text("", "e.yaml")
    assert data is None
    assert source_map.nearest(("version",)) == SourceSpan("e.yaml", 1, 1)


SCALARS = """\
a: 64.10
b: '64.10'
c: yes
d: 010
e:
f: text
g: 1:30
h: &n 0x1F
i: *n
j: !!int "12"
k: 2025-01-15
"""


def test_scalar_text_only_for_plain_non_string_scalars() -> None:
    data, source_map = loader.load_yaml_text(SCALARS, "s.yaml")
    assert data == {
        "a": 64.1,
        "b": "64.10",
        "c": True,
        "d": 8,
        "e": None,
        "f": "text",
        "g": 90,
        "h": 31,
        "i": 31,
        "j": 12,
        "k": "2025-01-15",
    }
    texts = {key: source_map.scalar_text((key,)) for key in data}
    assert texts == {
        "a": "64.10",
        "b": None,
        "c": "yes",
        "d": "010",
        "e": "",
        "f": None,
        "g": "1:30",
        "h": "0x1F",
        "i": "0x1F",
        "j": None,
        "k": None,
    }
    assert source_map.scalar_text(("missing",)) is None


def test_alias_value_is_at_the_alias_and_its_children_at_the_anchor() -> None:
    text = "base: &b\n  owner: dinas\nother: *b\n"
    data, source_map = loader.load_yaml_text(text, "a.yaml")
    assert data["other"] is data["base"]
    assert spans(source_map, ("other",)) == ("3:1", "3:8")
    assert spans(source_map, ("other", "owner")) == ("2:3", "2:10")


def test_merge_key_positions_point_where_each_key_is_written() -> None:
    text = "defaults: &d\n  owner: dinas\n  weeks: 4\nitem:\n  <<: *d\n  weeks: 6\n  id: x\n"
    data, source_map = loader.load_yaml_text(text, "m.yaml")
    assert list(data["item"].items()) == [("owner", "dinas"), ("weeks", 6), ("id", "x")]
    assert spans(source_map, ("item", "owner")) == ("2:3", "2:10")
    assert spans(source_map, ("item", "weeks")) == ("6:3", "6:10")
    assert spans(source_map, ("item", "id")) == ("7:3", "7:7")
    assert source_map.scalar_text(("item", "weeks")) == "6"


def test_mappings_sharing_keys_keep_their_own_positions() -> None:
    text = "- {id: a, name: A}\n- {id: b, name: B}\n- {name: C, id: c}\n"
    _, source_map = loader.load_yaml_text(text, "k.yaml")
    assert spans(source_map, (1, "name")) == ("2:11", "2:17")
    assert spans(source_map, (2, "id")) == ("3:13", "3:17")
