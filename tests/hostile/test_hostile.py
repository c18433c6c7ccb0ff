"""Hostile and broken inputs: the loader refuses them quickly, with a clear diagnostic and no crash."""

from __future__ import annotations

import builtins
import gc
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml

from roadmap_cli.errors import Diagnostic, LoadError
from roadmap_cli.loader import DEFAULT_LIMITS, Limits, RoadmapFiles, document, load_roadmap, load_yaml_text

pytestmark = pytest.mark.usefixtures("parser")
MEMORY_BUDGET = 64 * 1024 * 1024  # far below the tool's budget; these inputs must be refused early


class CountingParser:
    """Wraps a YAML loader class and counts the parser events the loader asks for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.events = 0

    def __call__(self, text: str) -> Any:
        """A loader for `text` whose `get_event` counts."""
        parser = self.inner(text)
        get_event = parser.get_event

        def counted() -> Any:
            self.events += 1
            return get_event()

        parser.get_event = counted
        return parser


def refused(text: str | bytes, limits: Limits = DEFAULT_LIMITS, max_events: int = 1_000) -> list[Diagnostic]:
    """The diagnostics for `text`, checking the parser events consumed (bounded work, not time) and memory used."""
    counting = CountingParser(document._YAML_LOADER)
    document._YAML_LOADER = counting
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as caught:
            load_yaml_text(text, "h.yaml", limits)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        document._YAML_LOADER = counting.inner
    assert counting.events <= max_events, counting.events
    assert gc.isenabled()
    assert peak < MEMORY_BUDGET
    return caught.value.diagnostics


def only(diagnostics: list[Diagnostic]) -> tuple[str, int, int]:
    """(code, line, col) of the single diagnostic."""
    assert len(diagnostics) == 1, diagnostics
    (diagnostic,) = diagnostics
    return diagnostic.code, diagnostic.line, diagnostic.col


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level repeats the previous one nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for level in range(1, levels):
        name, previous = names[level], names[level - 1]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_stopped_at_once() -> None:
    diagnostics = refused(billion_laughs())
    assert only(diagnostics) == ("alias-limit", 5, 8)
    assert "billion laughs" in diagnostics[0].message


def test_aliases_within_the_limit_are_fine() -> None:
    data, _ = load_yaml_text(billion_laughs(3), "ok.yaml")
    assert len(data["c"]) == 9 and data["c"][0] is data["b"]


def test_aliases_may_expand_as_much_as_the_file_itself() -> None:
    items = "\n".join(f"- {{id: i{n}, name: N, weeks: 4, deps: *d}}" for n in range(3000))
    data, _ = load_yaml_text("- &d [a, b, c, d, e]\n" + items + "\n", "ok.yaml")
    assert len(data) == 3001


@pytest.mark.parametrize(
    ("text", "col"),
    [("[" * 10_000 + "]" * 10_000, 65), ("{a: " * 10_000 + "}" * 10_000, 257), ("- " * 10_000 + "x\n", 129)],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_deep_nesting_is_refused_without_recursion(parser: Any, text: str, col: int) -> None:
    diagnostics = refused(text, max_events=200)
    if parser is not yaml.SafeLoader and text.startswith("[["):
        col = 1001  # libyaml looks ahead for a possible `[...]: key` and meets its own limit of 1000 first
    assert only(diagnostics) == ("depth-limit", 1, col)
    assert diagnostics[0].message == "lists and mappings are nested more than 64 levels deep here"


def test_aliases_cannot_build_deep_nesting() -> None:
    lines = ["l0: &l0 [x]"] + [f"l{n}: &l{n} [*l{n - 1}]" for n in range(1, 80)]
    assert only(refused("\n".join(lines) + "\n")) == ("depth-limit", 64, 12)


def test_node_limit() -> None:
    diagnostics = refused("[" + ", ".join(["1"] * 200) + "]\n", Limits(max_nodes=100))
    assert only(diagnostics) == ("node-limit", 1, 299)


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: nothing is really written
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    with pytest.raises(LoadError) as caught:
        load_roadmap(RoadmapFiles(Path("."), (Path("huge.yaml"),)))
    assert not [name for name in opened if name.endswith("huge.yaml")], "the file must be refused before it is opened"
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code, diagnostic.line, diagnostic.col) == ("huge.yaml", "size-limit", 1, 1)
    assert diagnostic.message == "file is 100.0 MiB; files larger than 64 MiB are refused"


def test_total_size_of_a_roadmap_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text("regions: []\n" + "#" * 600 + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    files = RoadmapFiles(Path("."), (Path("a.yaml"), Path("b.yaml"), Path("c.yaml")))
    with pytest.raises(LoadError) as caught:
        load_roadmap(files, Limits(max_file_bytes=1000, max_total_bytes=1500))
    assert [(d.path, d.code) for d in caught.value.diagnostics] == [("c.yaml", "size-limit")]


def test_text_over_the_size_limit_is_refused() -> None:
    assert only(refused("a: " + "x" * 2000 + "\n", Limits(max_file_bytes=1000))) == ("size-limit", 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system {}\n",
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
    ],
)
def test_python_tags_are_refused_and_never_constructed(text: str) -> None:
    diagnostics = refused(text)
    assert only(diagnostics) == ("unsupported-tag", 1, 4)
    assert diagnostics[0].hint.startswith("remove the tag")


def test_invalid_utf8() -> None:
    diagnostics = refused(b"version: 1\nroadmap:\n  name: \xff\xfe broken\n")
    assert only(diagnostics) == ("encoding", 3, 9)
    assert diagnostics[0].message == "the file is not valid UTF-8 text (byte 0xff at line 3)"


def test_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError) as caught:
        load_roadmap(RoadmapFiles(Path("."), (Path("empty.yaml"),)))
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.code, diagnostic.line, diagnostic.col) == ("empty.yaml", "empty-file", 1, 1)


def test_multi_document_file() -> None:
    diagnostics = refused("version: 1\n---\nversion: 1\n---\nversion: 1\n")
    assert only(diagnostics) == ("multiple-documents", 2, 1)


def test_five_thousand_digit_number() -> None:
    diagnostics = refused("version: 1\nbudget: " + "7" * 5000 + "\nratio: 1." + "5" * 5000 + "\n")
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("number-too-long", 2, 9), ("number-too-long", 3, 8)]
    assert diagnostics[0].message == ("the number `77777777777777777777777…` has 5000 characters; numbers longer than 100 digits are refused")


def test_impossible_date_loads_as_text() -> None:
    data, source_map = load_yaml_text("start: 2025-02-30\nend: 2025-13-45 10:00:00\n", "d.yaml")
    assert data == {"start": "2025-02-30", "end": "2025-13-45 10:00:00"}
    assert source_map.scalar_text(("start",)) is None


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [("a:\n\tb: 1\n", 2, 1), ("initiatives:\n  - id: a\n\t  name: b\n", 3, 1), ("a:\n  b:\n  \t- c\n", 3, 3)],
)
def test_tabs_used_for_indentation(text: str, line: int, col: int) -> None:
    diagnostics = refused(text)
    assert only(diagnostics) == ("yaml-syntax", line, col)
    assert diagnostics[0].message == "a TAB character is used for indentation; YAML allows only spaces there"
    assert diagnostics[0].hint == "indent with spaces"
