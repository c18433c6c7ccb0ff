"""Tests for the loader: YAML to plain data, diagnostics, includes, merging and discovery."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from roadmap_cli.errors import Diagnostic, LoadError, UsageError
from roadmap_cli.loader import RoadmapFiles, discover_roadmaps, document, load_roadmap, load_yaml_text
from roadmap_cli.source import SourceMap
from support.roadmaps import roadmap_at, write_files


def problems(text: str | bytes, path: str = "r.yaml") -> list[Diagnostic]:
    """The diagnostics load_yaml_text raises for `text`."""
    with pytest.raises(LoadError) as caught:
        load_yaml_text(text, path)
    return caught.value.diagnostics


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    """(code, line, col) of each diagnostic."""
    return [(d.code, d.line, d.col) for d in diagnostics]


def load_errors(files: RoadmapFiles) -> list[Diagnostic]:
    """The diagnostics load_roadmap raises."""
    with pytest.raises(LoadError) as caught:
        load_roadmap(files)
    return caught.value.diagnostics


# --- scalars -----------------------------------------------------------------

YAML11 = [
    "~",
    "null",
    "Null",
    "NULL",
    "yes",
    "No",
    "ON",
    "off",
    "True",
    "FALSE",
    "y",
    "n",
    "0",
    "010",
    "08",
    "0x1F",
    "-0x1f",
    "0b101",
    "1_000",
    "-1",
    "+1",
    "1:30",
    "-1:30",
    "190:20:30",
    "1.0",
    "1.",
    ".5",
    "-.5",
    "1e3",
    "1.0e+3",
    "64.10",
    "64.71",
    "1_0.5_0",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:30.5",
    "6501",
    "65.01",
    "0.0",
    "1__2",
    "_1",
    "1.2.3",
    "6501x",
    "--",
    "+",
]


@pytest.mark.parametrize("token", YAML11)
def test_plain_scalars_resolve_like_pyyaml(parser: Any, token: str) -> None:
    expected = yaml.load(f"v: {token}\n", Loader=yaml.SafeLoader)["v"]
    data, _ = load_yaml_text(f"v: {token}\n", "s.yaml")
    value = data["v"]
    assert type(value) is type(expected)
    assert value == expected or (math.isnan(value) and math.isnan(expected))


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("2025-01-15", "2025-01-15"),
        ("2025-02-30", "2025-02-30"),
        ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
        ("=", "="),
        ("0x_", "0x_"),
        ("'<<'", "<<"),
        ("<<", "<<"),
    ],
)
def test_timestamps_and_odd_scalars_stay_text(parser: Any, token: str, value: str) -> None:
    data, source_map = load_yaml_text(f"v: {token}\n", "s.yaml")
    assert data == {"v": value}
    assert source_map.scalar_text(("v",)) is None


@pytest.mark.parametrize("token", ["'010'", '"yes"', "! 12", "|\n  12\n", "!!str 1.5", "'64.10'"])
def test_quoted_or_string_tagged_scalars_are_strings(parser: Any, token: str) -> None:
    data, _ = load_yaml_text(f"v: {token}\n", "s.yaml")
    assert isinstance(data["v"], str)


def test_core_tags_convert(parser: Any) -> None:
    text = "a: !!int '12'\nb: !!float 3\nc: !!bool 'yes'\nd: !!null ''\ne: !!map {k: 1}\nf: !!seq [1]\n"
    data, _ = load_yaml_text(text, "t.yaml")
    assert data == {"a": 12, "b": 3.0, "c": True, "d": None, "e": {"k": 1}, "f": [1]}
    assert type(data["b"]) is float


def test_value_that_does_not_fit_its_tag(parser: Any) -> None:
    (problem,) = problems("a: 1\nb: !!int twelve\n")
    assert where([problem]) == [("bad-tagged-value", 2, 4)]
    assert problem.message == "`twelve` is tagged `!!int` but is not a valid int"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("a: !custom x\n", "!custom"),
        ("a: !!timestamp 2025-01-01\n", "!!timestamp"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !!seq {x: 1}\n", "!!seq"),
    ],
)
def test_unsupported_tags(parser: Any, text: str, shown: str) -> None:
    (problem,) = problems(text)
    assert where([problem]) == [("unsupported-tag", 1, 4)]
    assert f"`{shown}`" in problem.message
    assert problem.hint.startswith("remove the tag")


def test_number_too_long(parser: Any) -> None:
    (problem,) = problems("a: 1\nb: " + "9" * 101 + "\n")
    assert where([problem]) == [("number-too-long", 2, 4)]
    assert load_yaml_text("b: " + "9" * 100 + "\n", "ok.yaml")[0] == {"b": int("9" * 100)}
    assert load_yaml_text("b: '" + "9" * 101 + "'\n", "ok.yaml")[0] == {"b": "9" * 101}


# --- structure errors --------------------------------------------------------


def test_duplicate_keys_name_both_lines(parser: Any) -> None:
    found = problems("name: a\nid: x\nname: b\nnested:\n  k: 1\n  k: 2\nflow: {z: 1, z: 2}\n")
    assert where(found) == [("duplicate-key", 3, 1), ("duplicate-key", 6, 3), ("duplicate-key", 7, 14)]
    assert found[0].message == "key `name` appears twice in this mapping (first at line 1)"
    assert found[2].message == "key `z` appears twice in this mapping (first at line 7, column 8)"


def test_complex_keys_are_refused(parser: Any) -> None:
    assert where(problems("? [a, b]\n: 1\n")) == [("complex-key", 1, 3)]


def test_syntax_error_position_and_message(parser: Any) -> None:
    (problem,) = problems("a: 1\nb: [1, 2\nc: 3\n")
    assert problem.code == "yaml-syntax"
    assert (problem.line, problem.col) == (3, 2)
    assert problem.message.startswith("invalid YAML: ")
    assert "(while parsing a flow sequence at line 2)" in problem.message


def test_tab_indentation_is_named(parser: Any) -> None:
    (problem,) = problems("a:\n  b: 1\n\tc: 2\n")
    assert where([problem]) == [("yaml-syntax", 3, 1)]
    assert "TAB" in problem.message
    assert problem.hint == "indent with spaces"


def test_multiple_documents(parser: Any) -> None:
    (problem,) = problems("version: 1\n---\nroadmap: {}\n")
    assert where([problem]) == [("multiple-documents", 2, 1)]
    assert problem.hint == "split into files and use include"


def test_anchor_and_alias_errors(parser: Any) -> None:
    assert where(problems("a: *nope\n")) == [("yaml-syntax", 1, 4)]
    assert where(problems("a: &x [1, *x]\n")) == [("yaml-syntax", 1, 11)]
    assert where(problems("a: &x 1\nb: &x 2\n")) == [("yaml-syntax", 2, 4)]


def test_errors_are_collected_and_sorted(parser: Any) -> None:
    found = problems("b: !x 1\na: 1\na: 2\nc: " + "1" * 200 + "\n")
    assert where(found) == [("unsupported-tag", 1, 4), ("duplicate-key", 3, 1), ("number-too-long", 4, 4)]


# --- merge keys ----------------------------------------------------------------

MERGES = """\
base: &base {owner: dinas, weeks: 4, tags: [a]}
extra: &extra {weeks: 8, region: '6501'}
one:
  <<: *base
  weeks: 6
two:
  <<: [*extra, *base]
  id: two
three:
  <<: {inline: true}
  <<: *extra
"""


def test_merge_keys_follow_the_yaml_merge_spec(parser: Any) -> None:
    data, _ = load_yaml_text(MERGES, "m.yaml")
    assert list(data["one"].items()) == [("owner", "dinas"), ("weeks", 6), ("tags", ["a"])]
    # earlier mappings in a `<<` list win, as yaml.org/type/merge.html says (and PyYAML before 6.0.3)
    assert list(data["two"].items()) == [
        ("owner", "dinas"),
        ("weeks", 8),
        ("tags", ["a"]),
        ("region", "6501"),
        ("id", "two"),
    ]
    assert list(data["three"].items()) == [("inline", True), ("weeks", 8), ("region", "6501")]
    assert data["one"]["tags"] is data["base"]["tags"]


def test_merge_needs_mappings(parser: Any) -> None:
    (problem,) = problems("a:\n  <<: 3\n")
    assert where([problem]) == [("bad-merge", 2, 7)]
    assert problem.message == "`<<` (merge key) needs a mapping or a list of mappings, found a number"


# --- encoding ------------------------------------------------------------------


def test_invalid_utf8_points_at_the_bad_byte(parser: Any) -> None:
    (problem,) = problems(b"a: 1\nb: caf\xe9\n")
    assert where([problem]) == [("encoding", 2, 7)]
    assert "0xe9" in problem.message


def test_utf8_bom_is_accepted(parser: Any) -> None:
    data, source_map = load_yaml_text(b"\xef\xbb\xbfname: Kota\n", "b.yaml")
    assert data == {"name": "Kota"}
    assert str(source_map.value(("name",))) == "b.yaml:1:7"


def test_control_characters_are_refused(parser: Any) -> None:
    assert where(problems("a: 1\nb: x\x00y\n")) == [("encoding", 2, 5)]


# --- roadmaps: merging ---------------------------------------------------------------


def test_multi_file_roadmap_merges_in_order_with_merged_positions(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path / "rm",
        {
            "a.yaml": "version: 1\nroadmap:\n  name: K\ninclude: [parts/*.yaml]\ninitiatives:\n  - id: a1\n",
            "parts/p1.yaml": "initiatives:\n  - id: p1\n    depends_on: [a1]\n    weeks: 010\nregions: []\n",
            "parts/p2.yaml": "regions:\n  - code: '65'\nzzz: first\n",
            "b.yaml": "version: 1\ninitiatives:\n  - id: b1\n  - id: b2\n    depends_on:\n      - id: p1\nzzz: second\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    loaded = load_roadmap(roadmap_at(Path("rm")))
    assert loaded.files == ("rm/a.yaml", "rm/b.yaml", "rm/parts/p1.yaml", "rm/parts/p2.yaml")
    assert list(loaded.data) == ["version", "roadmap", "regions", "initiatives", "zzz"]
    assert [item["id"] for item in loaded.data["initiatives"]] == ["a1", "p1", "b1", "b2"]
    assert loaded.data["zzz"] == "first"
    assert loaded.data["regions"] == [{"code": "65"}]
    source_map = loaded.source_map
    assert str(source_map.value(("initiatives", 3, "depends_on", 0, "id"))) == "rm/b.yaml:6:13"
    assert str(source_map.key(("initiatives", 1, "depends_on"))) == "rm/parts/p1.yaml:3:5"
    assert source_map.scalar_text(("initiatives", 1, "weeks")) == "010"
    assert loaded.data["initiatives"][1]["weeks"] == 8
    assert str(source_map.value(("regions", 0, "code"))) == "rm/parts/p2.yaml:2:11"
    assert str(source_map.value(("roadmap", "name"))) == "rm/a.yaml:3:9"
    assert str(source_map.value(("zzz",))) == "rm/parts/p2.yaml:3:6"
    assert str(source_map.key(("initiatives",))) == "rm/a.yaml:5:1"
    assert str(source_map.nearest(("initiatives", 4, "id"))) == "rm/a.yaml:6:3"
    assert source_map.value(("include",)) is None
    assert "include" not in loaded.data


def test_single_file_roadmap(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"one.yaml": "version: 1\nroadmap: {name: One}\nrules:\n"})
    monkeypatch.chdir(tmp_path)
    loaded = load_roadmap(discover_roadmaps([Path("one.yaml")])[0])
    assert loaded.data == {"version": 1, "roadmap": {"name": "One"}, "rules": []}
    assert loaded.files == ("one.yaml",)
    assert isinstance(loaded.source_map, SourceMap)


def test_display_paths_are_absolute_outside_the_working_directory(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "rm", {"a.yaml": "version: 1\n"})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    loaded = load_roadmap(roadmap_at(tmp_path / "rm"))
    assert loaded.files == ((tmp_path / "rm" / "a.yaml").as_posix(),)


def test_header_twice_version_mismatch_and_bad_sections(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path,
        {
            "a.yaml": "version: 1\nroadmap: {name: A}\ninitiatives: {id: x}\n",
            "b.yaml": "version: 2\nroadmap: {name: B}\nregions: 65\n",
            "c.yaml": "version: true\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    found = load_errors(roadmap_at(Path(".")))
    assert where(found) == [
        ("not-a-list", 3, 14),
        ("version-mismatch", 1, 10),
        ("header-twice", 2, 1),
        ("not-a-list", 3, 10),
        ("version-mismatch", 1, 10),
    ]
    assert [d.path for d in found] == ["a.yaml", "b.yaml", "b.yaml", "b.yaml", "c.yaml"]
    assert found[0].message == "expected a list of initiatives under `initiatives:`, found a mapping"
    assert found[1].message == "`version: 2` here differs from `version: 1` at a.yaml:1:10"
    assert found[2].message == "the `roadmap` header is written twice: here and at a.yaml:2:1"
    assert found[4].message == "`version: true` here differs from `version: 1` at a.yaml:1:10"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "empty-file", "file is empty; a roadmap file needs at least `version: 1`"),
        ("# nothing yet\n", "empty-file", "file is empty; a roadmap file needs at least `version: 1`"),
        (
            "- a\n- b\n",
            "not-a-mapping",
            ("the top level of a roadmap file must be a mapping of keys such as `version:` and `initiatives:`, found a list"),
        ),
    ],
)
def test_file_level_shape_errors(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, code: str, message: str) -> None:
    write_files(tmp_path, {"x.yaml": text})
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(roadmap_at(Path(".")))
    assert (problem.path, problem.line, problem.col, problem.code, problem.message) == ("x.yaml", 1, 1, code, message)


def test_errors_from_all_files_are_reported(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a.yaml": "a: [\n", "b.yaml": "x: 1\nx: 2\n", "c.yaml": ""})
    monkeypatch.chdir(tmp_path)
    assert [(d.path, d.code) for d in load_errors(roadmap_at(Path(".")))] == [
        ("a.yaml", "yaml-syntax"),
        ("b.yaml", "duplicate-key"),
        ("c.yaml", "empty-file"),
    ]


# --- roadmaps: includes ------------------------------------------------------------


def test_nested_includes_load_each_file_once(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path,
        {
            "main.yaml": "include: [x/one.yaml, two.yaml, '*.yaml']\ninitiatives: [{id: m}]\n",
            "x/one.yaml": "include: [../two.yaml, deeper/*.yml]\ninitiatives: [{id: one}]\n",
            "x/deeper/d.yml": "initiatives: [{id: d}]\n",
            "two.yaml": "initiatives: [{id: two}]\n",
            "zz.yaml": "include: [two.yaml]\ninitiatives: [{id: zz}]\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    loaded = load_roadmap(RoadmapFiles(Path("."), (Path("main.yaml"), Path("zz.yaml"))))
    assert [item["id"] for item in loaded.data["initiatives"]] == ["m", "one", "two", "d", "zz"]
    assert loaded.files == ("main.yaml", "two.yaml", "x/deeper/d.yml", "x/one.yaml", "zz.yaml")


def test_include_loop_shows_the_chain(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path,
        {"a.yaml": "include:\n  - b.yaml\n", "b.yaml": "include: [c.yaml]\n", "c.yaml": "include: [a.yaml]\n"},
    )
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(RoadmapFiles(Path("."), (Path("a.yaml"),)))
    assert (problem.path, problem.line, problem.col, problem.code) == ("c.yaml", 1, 11, "include-loop")
    assert problem.message == "include loop: a.yaml -> b.yaml -> c.yaml -> a.yaml"


def test_include_of_itself_is_a_loop(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a.yaml": "include: [./a.yaml]\n"})
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(roadmap_at(Path(".")))
    assert problem.message == "include loop: a.yaml -> a.yaml"


def test_include_errors(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path,
        {
            "rm/main.yaml": "include:\n  - regoins.yaml\n  - ../outside.yaml\n  - parts\n  - nothing/*.yaml\n  - 7\n  - /etc/hosts\n  - sub/missing.yaml\n",
            "rm/regions.yaml": "regions: []\n",
            "rm/parts/p.yaml": "regions: []\n",
            "outside.yaml": "regions: []\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    found = load_errors(RoadmapFiles(Path("rm"), (Path("rm/main.yaml"),)))
    assert where(found) == [
        ("include-missing", 2, 5),
        ("include-outside", 3, 5),
        ("include-not-file", 4, 5),
        ("include-missing", 5, 5),
        ("include-invalid", 6, 5),
        ("include-invalid", 7, 5),
        ("include-missing", 8, 5),
    ]
    assert found[0].message == "included file `regoins.yaml` does not exist"
    assert found[0].hint == "did you mean `regions.yaml`?"
    assert found[1].message == "include `../outside.yaml` leads outside the roadmap folder `rm` (to `../outside.yaml` from there)"
    assert found[2].message == "include `parts` is a folder"
    assert found[3].message == "include pattern `nothing/*.yaml` matches no file"
    assert "rm/sub does not exist" in found[6].hint


def test_include_must_be_a_list(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a.yaml": "include: b.yaml\n", "b.yaml": "version: 1\n"})
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(RoadmapFiles(Path("."), (Path("a.yaml"),)))
    assert where([problem]) == [("include-invalid", 1, 10)]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_out_of_the_root_is_refused(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"secret.yaml": "regions: []\n", "rm/main.yaml": "include: [link.yaml, 'l*.yaml']\n"})
    (tmp_path / "rm" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    monkeypatch.chdir(tmp_path)
    found = load_errors(RoadmapFiles(Path("rm"), (Path("rm/main.yaml"),)))
    assert where(found) == [("include-outside", 1, 11), ("include-outside", 1, 22)]
    assert "(to `../secret.yaml` from there)" in found[0].message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"a.yaml": "version: 1\n"})
    (tmp_path / "a.yaml").chmod(0)
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(RoadmapFiles(Path("."), (Path("a.yaml"),)))
    assert where([problem]) == [("unreadable", 1, 1)]


def test_missing_entry_file(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (problem,) = load_errors(RoadmapFiles(Path("."), (Path("gone.yaml"),)))
    assert (problem.path, problem.line, problem.col, problem.code) == ("gone.yaml", 1, 1, "unreadable")
    assert problem.message == "cannot read this file: No such file or directory"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs fifos")
def test_fifo_is_not_read(parser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    write_files(tmp_path, {"a.yaml": "include: [pipe.yaml]\n"})
    monkeypatch.chdir(tmp_path)
    found = load_errors(RoadmapFiles(Path("."), (Path("a.yaml"), Path("pipe.yaml"))))
    assert [(d.path, d.code) for d in found] == [("a.yaml", "include-not-file"), ("pipe.yaml", "unreadable")]


# --- discovery ----------------------------------------------------------------------


def test_discover_file_folder_and_folder_of_roadmaps(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "single.yaml": "",
            "flat/b.yml": "",
            "flat/a.yaml": "",
            "flat/.hidden.yaml": "",
            "flat/notes.txt": "",
            "flat/sub/ignored.yaml": "",
            "many/zeta/z.yaml": "",
            "many/alpha/a.yaml": "",
            "many/empty/readme.md": "",
            "many/.git/x.yaml": "",
        },
    )
    found = discover_roadmaps([tmp_path / "single.yaml", tmp_path / "flat", tmp_path / "many"])
    assert found == [
        RoadmapFiles(tmp_path, (tmp_path / "single.yaml",)),
        RoadmapFiles(tmp_path / "flat", (tmp_path / "flat/a.yaml", tmp_path / "flat/b.yml")),
        RoadmapFiles(tmp_path / "many/alpha", (tmp_path / "many/alpha/a.yaml",)),
        RoadmapFiles(tmp_path / "many/zeta", (tmp_path / "many/zeta/z.yaml",)),
    ]


def test_discover_removes_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"rm/a.yaml": ""})
    monkeypatch.chdir(tmp_path)
    found = discover_roadmaps([Path("rm"), Path("rm/"), tmp_path / "rm", Path("rm/../rm")])
    assert found == [RoadmapFiles(Path("rm"), (Path("rm/a.yaml"),))]


def test_discover_errors(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    expected = r"no roadmap found in .*empty: expected \*\.yaml files or subfolders with them"
    with pytest.raises(UsageError, match=expected):
        discover_roadmaps([tmp_path / "empty"])
    with pytest.raises(UsageError, match="does not exist"):
        discover_roadmaps([tmp_path / "missing"])


# --- both parsers agree -----------------------------------------------------------------

PARITY = [
    NESTED := "a: 1\nb:\n  - x\n  - {y: 2, z: [3, 4]}\n  -\n    - deep\nc: |\n  text\nd: >-\n  folded\ne:\nf: ~\n",
    "- a\n- b:\n  c: d\n-   - e\n- ? k\n  : v\n",
    MERGES,
    "a: 'q'\nb: \"dq\"\nc: 0x1F\nd: 010\ne: 1:30\nf: 64.10\ng: .inf\nh: yes\ni: 2025-01-15\nj: !!str 3\n",
    "[a, b, {c: d}, [], {}]",
    "k: 'it''s'\nl: \"tab\\there\"\nm: plain text with: colon\nn: -1\n",
    "a: 1\nb: [1, 2\n",
    "a:\n  - b\n  c: d\n",
    'x: "unterminated\n',
    "a: b: c\n",
]


def positions(data: Any, source_map: SourceMap, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in `data` with its key span, value span and scalar text."""
    found = [(path, source_map.key(path), source_map.value(path), source_map.scalar_text(path))]
    if isinstance(data, dict):
        for key, value in data.items():
            found += positions(value, source_map, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += positions(value, source_map, (*path, index))
    return found


def outcome(text: str) -> Any:
    """Data and every position, or the (code, line, col) of each diagnostic."""
    try:
        data, source_map = load_yaml_text(text, "p.yaml")
    except LoadError as error:
        return where(error.diagnostics)
    return repr(data), positions(data, source_map)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", PARITY)
def test_libyaml_and_python_parsers_give_identical_results(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "_YAML_LOADER", yaml.CSafeLoader)
    fast = outcome(text)
    monkeypatch.setattr(document, "_YAML_LOADER", yaml.SafeLoader)
    assert outcome(text) == fast


def test_a_path_that_is_neither_a_file_nor_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UsageError) as caught:
        discover_roadmaps([fifo])
    assert str(caught.value) == f"{fifo} is not a file or a folder"


def test_an_unreadable_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from roadmap_cli.loader import discovery

    def refuse(path: Any) -> list[str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(discovery.os, "listdir", refuse)
    with pytest.raises(UsageError) as caught:
        discover_roadmaps([tmp_path])
    assert str(caught.value) == f"cannot read folder {tmp_path}: Permission denied"


def test_an_unreadable_neighbour_is_not_taken_for_the_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A header-less file alone is loaded as it is when the neighbour that might hold the header cannot be read."""
    write_files(tmp_path, {"regions.yaml": "version: 1\nregions: []\n", "roadmap.yaml": "version: 1\nroadmap: {id: x, name: X, start: 2025-01-01}\n"})
    real_open = open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("roadmap.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    loaded = load_roadmap(RoadmapFiles(tmp_path, (tmp_path / "regions.yaml",)))
    assert loaded.data == {"version": 1, "regions": []}


def test_a_tagged_number_without_digits_is_refused(parser: Any) -> None:
    (diagnostic,) = problems("a: !!int 0x_\n")
    assert (diagnostic.code, diagnostic.message, diagnostic.hint) == ("bad-tagged-value", "`0x_` is tagged `!!int` but is not a valid int", "remove the tag or fix the value")
