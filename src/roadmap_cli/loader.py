"""Loading stage: read roadmap YAML files into plain data plus a SourceMap of positions."""

from __future__ import annotations

import codecs
import gc
import glob
import os
import re
import stat
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from roadmap_cli.errors import Diagnostic, LoadError, UsageError
from roadmap_cli.i18n import N_, _
from roadmap_cli.source import (
    FileTable,
    Record,
    Slot,
    SlotConcat,
    SlotMapping,
    SourceMap,
    SourceSpan,
    pack_position,
)
from roadmap_cli.suggest import closest

# libyaml's C parser when PyYAML was built with it; both produce the same events.
_YAML_LOADER: Callable[[str], Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

LIST_SECTIONS: tuple[str, ...] = ("categories", "regions", "initiatives", "resources", "rules")
_YAML_SUFFIXES = (".yaml", ".yml")
_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Hard limits that keep broken or hostile input from exhausting time or memory."""

    max_file_bytes: int = 64 * _MIB  # one file, checked with stat before reading
    max_total_bytes: int = 512 * _MIB  # all files of one roadmap
    max_depth: int = 64  # nested lists and mappings, aliases included
    max_nodes: int = 5_000_000  # YAML values in one file
    # values produced by aliases in one file: this many, or as many as the file writes out if more
    max_alias_nodes: int = 10_000
    max_number_digits: int = 100  # length of an int or float literal


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class RoadmapFiles:
    """The files to load as one roadmap: its folder and its entry files."""

    root: Path
    entries: tuple[Path, ...]


@dataclass(frozen=True)
class LoadedRoadmap:
    """Merged plain data of a roadmap, the positions of its nodes and the files read."""

    data: dict[str, Any]
    source_map: SourceMap
    files: tuple[str, ...]


# ---------------------------------------------------------------------------
# Scalars: PyYAML's YAML 1.1 implicit resolver, without timestamps.

_CORE = "tag:yaml.org,2002:"
_STR_TAG = _CORE + "str"
_MAP_TAG = _CORE + "map"
_SEQ_TAG = _CORE + "seq"
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


class _MergeKey:
    """The plain `<<` scalar, which means "merge" when used as a mapping key."""

    def __repr__(self) -> str:
        return "<<"


_MERGE = _MergeKey()


def _sexagesimal(text: str) -> list[str]:
    """The base-60 parts of `1:30:00`, least significant first."""
    parts = text.split(":")
    parts.reverse()
    return parts


def _construct_int(text: str) -> int:
    """An int the way PyYAML's SafeConstructor reads it (YAML 1.1 octal, hex, base 60...)."""
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        total, base = 0, 1
        for part in _sexagesimal(value):
            total += int(part) * base
            base *= 60
        return sign * total
    return sign * int(value)


def _construct_float(text: str) -> float:
    """A float the way PyYAML's SafeConstructor reads it (`.inf`, `.nan`, base 60...)."""
    value = text.replace("_", "").lower()
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        total, base = 0.0, 1.0
        for part in _sexagesimal(value):
            total += float(part) * base
            base *= 60
        return sign * total
    return sign * float(value)


def _construct_bool(text: str) -> bool:
    """`yes`, `On`, `false`... as a bool."""
    return _BOOL_VALUES[text.lower()]


def _construct_null(text: str) -> None:
    """`~`, `null` or nothing as None."""
    return None


def _construct_merge(text: str) -> _MergeKey:
    """The merge key marker."""
    return _MERGE


# tag -> (constructor, is a number)
_CONSTRUCTORS: dict[str, tuple[Callable[[str], Any], bool]] = {
    _CORE + "bool": (_construct_bool, False),
    _CORE + "float": (_construct_float, True),
    _CORE + "int": (_construct_int, True),
    _CORE + "null": (_construct_null, False),
    _CORE + "merge": (_construct_merge, False),
}
_Resolver = tuple[Callable[[str], Any], Callable[[str], Any], bool]


def _implicit_resolvers() -> tuple[dict[str, tuple[_Resolver, ...]], dict[str, Callable[[str], Any]]]:
    """PyYAML's own resolver patterns by first character, and each pattern by tag."""
    by_first: dict[str, tuple[_Resolver, ...]] = {}
    by_tag: dict[str, Callable[[str], Any]] = {}
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        chosen: list[_Resolver] = []
        for tag, regexp in resolvers:
            if tag in _CONSTRUCTORS:
                construct, numeric = _CONSTRUCTORS[tag]
                chosen.append((regexp.match, construct, numeric))
                by_tag[tag] = regexp.match
        if chosen and first is not None:
            by_first[first] = tuple(chosen)
    return by_first, by_tag


_RESOLVERS, _PATTERN_BY_TAG = _implicit_resolvers()
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*$").match
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Problem(Exception):
    """A problem with one node: code, message and hint for a Diagnostic at the node."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _short(text: str, width: int = 24) -> str:
    """`text` cut to `width` characters for messages."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _number_too_long(text: str, max_digits: int) -> _Problem:
    """The problem for a number literal longer than the limit."""
    return _Problem(
        "number-too-long",
        _("the number `{text}` has {length} characters; numbers longer than {max_digits} digits are refused").format(text=_short(text), length=len(text), max_digits=max_digits),
        _("if it is a code or an id, write it in quotes"),
    )


def _resolve_plain(text: str, max_digits: int) -> Any:
    """The value of an untagged plain scalar under YAML 1.1 rules, timestamps kept as text."""
    resolvers = _RESOLVERS.get(text[:1])
    if resolvers is None:
        return text
    for match, construct, numeric in resolvers:
        if match(text):
            if numeric and len(text) - text.count("_") > max_digits:
                raise _number_too_long(text, max_digits)
            try:
                return construct(text)
            except ValueError:  # `0x_` matches the int pattern but has no digits
                return text
    return text


def _show_tag(tag: str) -> str:
    """A tag as the user wrote it: `!!int` rather than `tag:yaml.org,2002:int`."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _unsupported_tag(tag: str, what: str) -> _Problem:
    """The problem for a tag a roadmap may not use."""
    return _Problem(
        "unsupported-tag",
        _("the tag `{tag}` is not allowed on {what} in a roadmap file").format(tag=_show_tag(tag), what=what),
        _("remove the tag; roadmap files hold plain text, numbers, true/false, lists and mappings"),
    )


def _resolve_tagged(text: str, tag: str, max_digits: int) -> Any:
    """The value of a scalar with an explicit tag (`!!str`, `!!int`...)."""
    if tag == "!" or tag == _STR_TAG:
        return text
    if tag not in _PATTERN_BY_TAG or tag == _CORE + "merge":
        raise _unsupported_tag(tag, _("a single value"))
    construct, numeric = _CONSTRUCTORS[tag]
    if _PATTERN_BY_TAG[tag](text) or (tag == _CORE + "float" and _DECIMAL(text)):
        if numeric and len(text) - text.count("_") > max_digits:
            raise _number_too_long(text, max_digits)
        try:
            return construct(text)
        except ValueError:
            pass
    raise _Problem(
        "bad-tagged-value",
        _("`{text}` is tagged `{tag}` but is not a valid {tag2}").format(text=_short(text), tag=_show_tag(tag), tag2=tag[len(_CORE) :]),
        _("remove the tag or fix the value"),
    )


# ---------------------------------------------------------------------------
# One document: a single pass over the parser's events builds data and positions.


class _Stop(Exception):
    """Parsing of a file cannot go on (limit reached, second document)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "anchor",
        "data",
        "expanded",
        "height",
        "is_map",
        "key",
        "key_pos",
        "kids",
        "merges",
        "nodes",
        "pos",
        "positions",
        "want_value",
    )

    def __init__(self, is_map: bool, pos: int, anchor: str | None, nodes: int, expanded: int) -> None:
        self.data: Any = {} if is_map else []
        self.is_map = is_map
        # packed positions: key and value per mapping entry, value per sequence item
        self.positions: list[int] = []
        # (index, record) of the children that are containers
        self.kids: list[tuple[int, Record | None]] = []
        self.key: Any = None
        self.key_pos = 0
        self.want_value = False
        self.anchor = anchor
        self.pos = pos
        self.nodes = nodes
        self.expanded = expanded
        self.height = 1
        self.merges: list[tuple[dict[Hashable, Any], Record]] | None = None


_SKIP = object()  # the key of a value that is dropped (complex key); also "not cached"
_PLAIN_CACHE_SIZE = 100_000
_KINDS = (
    (dict, N_("a mapping")),
    (list, N_("a list")),
    (str, N_("text")),
    (bool, N_("true/false")),
    (int, N_("a number")),
    (float, N_("a number")),
)


def _kind(value: Any) -> str:
    """A planner's word for the type of a value."""
    if value is None:
        return _("nothing (null)")
    for cls, word in _KINDS:
        if isinstance(value, cls):
            return _(word)
    return type(value).__name__


@dataclass
class _Anchor:
    """A completed anchored node, ready to be repeated by aliases."""

    value: Any
    record: Record | None
    size: int
    height: int
    text: str | None


@dataclass
class _Document:
    """The result of parsing one file."""

    value: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic]
    complete: bool
    empty: bool


class _DocumentBuilder:
    """Builds plain data and the position table of one file from parser events."""

    def __init__(self, text: str, table: FileTable, limits: Limits) -> None:
        self.text = text
        self.table = table
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.anchor_pos: dict[str, int] = {}
        self.shapes: dict[tuple[Hashable, ...], tuple[Hashable, ...]] = {}
        # plain scalars already resolved; repeats (keys, statuses, ids) then share one object
        self.plain_cache: dict[str, Any] = {}
        self.nodes = 0
        self.expanded = 0
        self.root: Any = None
        self.root_pos = pack_position(1, 1)
        self.root_record: Record | None = None
        self.root_text: str | None = None

    def problem(self, pos: int, code: str, message: str, hint: str) -> Diagnostic:
        """Record a diagnostic at a packed position and return it."""
        span = self.table.span(pos)
        diagnostic = Diagnostic(span.path, span.line, span.col, code, message, hint)
        self.diagnostics.append(diagnostic)
        return diagnostic

    def stop(self, pos: int, code: str, message: str, hint: str) -> _Stop:
        """A _Stop carrying a new diagnostic."""
        return _Stop(self.problem(pos, code, message, hint))

    def run(self, loader_factory: Callable[[str], Any]) -> _Document:
        """Parse the whole text; never raises for bad input."""
        complete = False
        documents = 0
        loader = loader_factory(self.text)
        # The data has no reference cycles; cyclic GC passes over millions of new
        # containers would only cost time (about a third of the load time at 250,000 initiatives).
        collecting = gc.isenabled()
        gc.disable()
        try:
            documents = self._events(loader.get_event)
            complete = True
        except _Stop:
            pass
        except yaml.MarkedYAMLError as exc:
            self._syntax_error(exc)
        except yaml.YAMLError as exc:
            self.problem(self.root_pos, "yaml-syntax", _("invalid YAML: {exc}").format(exc=exc), _("fix the YAML syntax"))
        except (ValueError, RecursionError) as exc:  # defensive: parser internals on absurd input
            message = _("this file cannot be read as YAML: {exc}").format(exc=exc)
            self.problem(self.root_pos, "yaml-syntax", message, _("fix the YAML syntax"))
        finally:
            if collecting:
                gc.enable()
            loader.dispose()
        empty = complete and (documents == 0 or self.root_text == "")
        root: Slot = (self.table, 0, self.root_pos, self.root_record)
        value = self.root if complete else None
        return _Document(value, SourceMap(root), self.diagnostics, complete, empty)

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> None:
        """Turn a PyYAML/libyaml syntax error into a diagnostic."""
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, met while looking ahead
            self.problem(pack_position(line, col), "depth-limit", *_depth_words(self.limits.max_depth))
            return
        problem = (exc.problem or exc.context or _("invalid YAML")).strip()
        source_line = self.text.split("\n", line)[line - 1] if line - 1 < self.text.count("\n") + 1 else ""
        leading = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in leading[: max(col, 1)] or source_line[col - 1 : col] == "\t":
            tab = leading.find("\t") + 1 or col
            self.problem(
                pack_position(line, tab),
                "yaml-syntax",
                _("a TAB character is used for indentation; YAML allows only spaces there"),
                _("indent with spaces"),
            )
            return
        quoted = _quoted_value(source_line) if "mapping values are not allowed" in problem else None
        if quoted is not None:
            self.problem(
                pack_position(line, col),
                "yaml-syntax",
                _("invalid YAML: a colon followed by a space inside a value starts a new key (`{problem}`)").format(problem=problem),
                _("put the value in quotes: {quoted}").format(quoted=quoted),
            )
            return
        context = ""
        if exc.context and exc.problem and exc.context_mark is not None:
            context = _(" ({strip} at line {line})").format(strip=exc.context.strip(), line=exc.context_mark.line + 1)
        self.problem(
            pack_position(line, col),
            "yaml-syntax",
            _("invalid YAML: {problem}{context}").format(problem=problem, context=context),
            _("check the indentation, colons, quotes and brackets on this line and the one before"),
        )

    def _events(self, get_event: Callable[[], Any]) -> int:
        """Consume all events; return the number of documents.

        Scalars, by far the most frequent events, are handled inline: this loop is the
        loader's hot path.
        """
        limits = self.limits
        max_digits = limits.max_number_digits
        max_nodes = limits.max_nodes
        max_depth = limits.max_depth
        stack = self.stack
        texts = self.table.texts
        resolvers_by_first = _RESOLVERS
        plain_cache = self.plain_cache
        top: _Frame | None = None
        nodes = 0
        documents = 0
        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                nodes += 1
                mark = event.start_mark
                pos = ((mark.line + 1) << 32) | (mark.column + 1)
                if nodes > max_nodes:
                    raise self._node_limit(pos)
                value = raw = event.value
                text: str | None = None
                if event.tag is None:
                    if event.implicit[0]:
                        value = plain_cache.get(raw, _SKIP)
                        if value is _SKIP:
                            value = raw
                            try:
                                if raw[:1] in resolvers_by_first:
                                    value = _resolve_plain(raw, max_digits)
                            except _Problem as problem:
                                self.problem(pos, problem.code, problem.message, problem.hint)
                            else:
                                if len(plain_cache) < _PLAIN_CACHE_SIZE:
                                    plain_cache[raw] = value
                        if value.__class__ is not str:
                            text = raw
                            if value is _MERGE and (top is None or not top.is_map or top.want_value):
                                value, text = raw, None
                else:
                    value = self._tagged(raw, event.tag, pos, max_digits)
                if event.anchor is not None:
                    self._scalar_anchor(event.anchor, pos, value, text)
                if top is None:
                    self.root, self.root_pos = value, pos
                    self.root_text = raw if event.implicit[0] else None
                elif not top.is_map:
                    top.data.append(value)
                    top.positions.append(pos)
                    if text is not None:
                        texts[pos] = text
                elif not top.want_value:
                    top.want_value = True
                    top.key = value
                    top.key_pos = pos
                else:
                    top.want_value = False
                    key = top.key
                    data = top.data
                    if key is _SKIP or key is _MERGE or key in data:
                        self._unusual_value(top, value, pos, None)
                    else:
                        data[key] = value
                        positions = top.positions
                        positions.append(top.key_pos)
                        positions.append(pos)
                        if text is not None:
                            texts[pos] = text
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                nodes += 1
                mark = event.start_mark
                pos = ((mark.line + 1) << 32) | (mark.column + 1)
                if nodes > max_nodes:
                    raise self._node_limit(pos)
                if len(stack) >= max_depth:
                    raise self.stop(pos, "depth-limit", *_depth_words(max_depth))
                is_map = cls is MappingStartEvent
                tag = event.tag
                if tag is not None and tag != "!" and tag != (_MAP_TAG if is_map else _SEQ_TAG):
                    self.problem(pos, **_problem_fields(_unsupported_tag(tag, _("a mapping") if is_map else _("a list"))))
                if event.anchor is not None:
                    self._anchor_start(event.anchor, pos)
                top = _Frame(is_map, pos, event.anchor, nodes, self.expanded)
                stack.append(top)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                self.nodes = nodes
                self._close()
                top = stack[-1] if stack else None
            elif cls is AliasEvent:
                nodes += 1
                self.nodes = nodes
                mark = event.start_mark
                self._alias(event.anchor, ((mark.line + 1) << 32) | (mark.column + 1))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise self.stop(
                        pack_position(mark.line + 1, mark.column + 1),
                        "multiple-documents",
                        _("several YAML documents (`---`) in one file; a roadmap file holds one document"),
                        _("split into files and use include"),
                    )
            elif cls is StreamEndEvent:
                return documents

    def _tagged(self, raw: str, tag: str, pos: int, max_digits: int) -> Any:
        """The value of a tagged scalar; a refused one stays text."""
        try:
            return _resolve_tagged(raw, tag, max_digits)
        except _Problem as problem:
            self.problem(pos, problem.code, problem.message, problem.hint)
            return raw

    def _node_limit(self, pos: int) -> _Stop:
        """The _Stop for too many nodes."""
        return self.stop(
            pos,
            "node-limit",
            _("the file has more than {max_nodes:,} YAML values").format(max_nodes=self.limits.max_nodes),
            _("split the roadmap into several files and use include"),
        )

    def _anchor_start(self, name: str, pos: int) -> None:
        """Note where an anchor is defined; a second definition is an error, as in PyYAML."""
        first = self.anchor_pos.get(name)
        if first is not None:
            self.problem(
                pos,
                "yaml-syntax",
                _("anchor `&{name}` is defined twice (first at line {first})").format(name=name, first=first >> 32),
                _("give each anchor its own name"),
            )
        self.anchor_pos[name] = pos
        self.anchors.pop(name, None)

    def _scalar_anchor(self, name: str, pos: int, value: Any, text: str | None) -> None:
        """Register an anchored scalar."""
        self._anchor_start(name, pos)
        if value is _MERGE:
            value, text = "<<", None
        self.anchors[name] = _Anchor(value, None, 1, 0, text)

    def _attach(self, value: Any, pos: int, record: Record | None, text: str | None) -> None:
        """Add a finished container or alias to the innermost open container."""
        frame = self.stack[-1]
        if not frame.is_map:
            frame.data.append(value)
            frame.positions.append(pos)
            if record is not None:
                frame.kids.append((len(frame.data) - 1, record))
            if text is not None:
                self.table.texts[pos] = text
        elif not frame.want_value:
            frame.want_value = True
            frame.key_pos = pos
            if record is not None or isinstance(value, (dict, list)):
                message = _("a list or mapping is used as a mapping key")
                self.problem(pos, "complex-key", message, _("use a plain text key such as `name:`"))
                frame.key = _SKIP
            else:
                frame.key = value
        else:
            frame.want_value = False
            key = frame.key
            data = frame.data
            if key is _SKIP or key is _MERGE or key in data:
                self._unusual_value(frame, value, pos, record)
                return
            data[key] = value
            frame.positions.append(frame.key_pos)
            frame.positions.append(pos)
            if record is not None:
                frame.kids.append((len(data) - 1, record))
            if text is not None:
                self.table.texts[pos] = text

    def _unusual_value(self, frame: _Frame, value: Any, pos: int, record: Record | None) -> None:
        """A mapping value whose key was refused, is `<<`, or is a duplicate."""
        key = frame.key
        if key is _SKIP:
            return
        if key is _MERGE:
            self._merge_value(frame, value, pos, record)
            return
        first = self.table.span(frame.positions[2 * list(frame.data).index(key)])
        at = _("line {line}").format(line=first.line)
        if frame.key_pos >> 32 == first.line:
            at += _(", column {col}").format(col=first.col)
        self.problem(
            frame.key_pos,
            "duplicate-key",
            _("key `{key}` appears twice in this mapping (first at {at})").format(key=_short(str(key), 40), at=at),
            _("remove one of them, or rename it"),
        )

    def _merge_value(self, frame: _Frame, value: Any, pos: int, record: Record | None) -> None:
        """Remember the mapping(s) named by a `<<` merge key, applied when the mapping closes."""
        sources: list[tuple[dict[Hashable, Any], Record]] = []
        if isinstance(value, dict) and record is not None:
            sources.append((value, record))
        elif isinstance(value, list) and record is not None and record[3] is not None:
            items = record[3]
            if all(isinstance(item, dict) for item in value):
                sources.extend((item, rec) for item, rec in zip(value, items, strict=True) if rec is not None)
                sources.reverse()  # yaml.org/type/merge.html: earlier mappings in the list win
        if not sources and value != []:
            self.problem(
                pos,
                "bad-merge",
                _("`<<` (merge key) needs a mapping or a list of mappings, found {kind}").format(kind=_kind(value)),
                _("write e.g. `<<: *defaults`, where `defaults` is an anchored mapping"),
            )
            return
        if frame.merges is None:
            frame.merges = []
        frame.merges.extend(sources)

    def _close(self) -> None:
        """Finish the innermost container and attach it to its parent."""
        stack = self.stack
        frame = stack.pop()
        table = self.table
        if frame.merges:
            self._apply_merges(frame)
        data = frame.data
        kids: tuple[Record | None, ...] | None = None
        if frame.kids:
            children: list[Record | None] = [None] * len(data)
            for index, kid in frame.kids:
                children[index] = kid
            kids = tuple(children)
        offset = len(table.positions)
        table.positions.extend(frame.positions)
        if frame.is_map:
            shape = tuple(data)
            record: Record = (table, offset, self.shapes.setdefault(shape, shape), kids)
        else:
            record = (table, offset, len(data), kids)
        if frame.anchor is not None:
            size = 1 + (self.nodes - frame.nodes) + (self.expanded - frame.expanded)
            self.anchors[frame.anchor] = _Anchor(data, record, size, frame.height, None)
        if stack:
            parent = stack[-1]
            if frame.height >= parent.height:
                parent.height = frame.height + 1
            self._attach(data, frame.pos, record, None)
        else:
            self.root, self.root_pos, self.root_record = data, frame.pos, record

    def _apply_merges(self, frame: _Frame) -> None:
        """Put merged keys first, own keys overriding them, as PyYAML's flatten_mapping does."""
        positions = self.table.positions
        entries: dict[Hashable, tuple[int, int, Record | None, Any]] = {}
        for source, (_position, offset, shape, kids) in frame.merges or ():
            assert isinstance(shape, tuple)
            for index, key in enumerate(shape):
                at = offset + 2 * index
                kid = kids[index] if kids is not None else None
                entries[key] = (positions[at], positions[at + 1], kid, source[key])
        own_kids = dict(frame.kids)
        own = frame.positions
        for index, (key, value) in enumerate(frame.data.items()):
            entries[key] = (own[2 * index], own[2 * index + 1], own_kids.get(index), value)
        frame.data = {key: entry[3] for key, entry in entries.items()}
        frame.positions = [pos for entry in entries.values() for pos in entry[:2]]
        frame.kids = [(index, entry[2]) for index, entry in enumerate(entries.values()) if entry[2] is not None]

    def _alias(self, name: str, pos: int) -> None:
        """Repeat an anchored node, counting what it expands to."""
        anchor = self.anchors.get(name)
        if anchor is None:
            if name in self.anchor_pos:
                self.problem(
                    pos,
                    "yaml-syntax",
                    _("alias `*{name}` is used inside the value it names (a structure containing itself)").format(name=name),
                    _("remove the alias"),
                )
            else:
                self.problem(
                    pos,
                    "yaml-syntax",
                    _("alias `*{name}` refers to no anchor `&{name}` defined above it").format(name=name),
                    _("define `&{name}` before using `*{name}`, or check the spelling").format(name=name),
                )
            anchor = _Anchor(None, None, 1, 0, None)
        self.expanded += anchor.size
        allowed = max(self.limits.max_alias_nodes, self.nodes)
        if self.expanded > allowed:
            raise self.stop(
                pos,
                "alias-limit",
                _("aliases (`*name`) here expand to more than {allowed:,} values, which looks like a 'billion laughs' attack").format(allowed=allowed),
                _("write the values out, or use fewer nested aliases"),
            )
        if len(self.stack) + anchor.height > self.limits.max_depth:
            raise self.stop(
                pos,
                "depth-limit",
                _("alias `*{name}` nests lists and mappings more than {max_depth} levels deep").format(name=name, max_depth=self.limits.max_depth),
                _("flatten the structure; a roadmap needs only a few levels"),
            )
        if not self.stack:
            self.root, self.root_pos, self.root_record = anchor.value, pos, anchor.record
            return
        parent = self.stack[-1]
        if anchor.height >= parent.height:
            parent.height = anchor.height + 1
        self._attach(anchor.value, pos, anchor.record, anchor.text)


_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*?)\s*$")


def _quoted_value(source_line: str) -> str | None:
    """`key: "a: b"` for a line `key: a: b` whose value holds `: `, else None."""
    match = _KEY_AND_VALUE.match(source_line)
    if match is None or ": " not in match.group(3) or match.group(3)[0] in "\"'[{":
        return None
    value = match.group(3).replace("\\", "\\\\").replace('"', '\\"')
    return f'{match.group(2)}: "{value}"'


def _depth_words(max_depth: int) -> tuple[str, str]:
    """Message and hint of a depth-limit diagnostic."""
    return (
        _("lists and mappings are nested more than {max_depth} levels deep here").format(max_depth=max_depth),
        _("flatten the structure; a roadmap needs only a few levels"),
    )


def _problem_fields(problem: _Problem) -> dict[str, str]:
    """The code, message and hint of a problem as keyword arguments."""
    return {"code": problem.code, "message": problem.message, "hint": problem.hint}


def _position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(raw: str | bytes, display_path: str, limits: Limits) -> str | Diagnostic:
    """The text of a file as str, or the diagnostic saying why it is not acceptable."""
    if len(raw) > limits.max_file_bytes:
        return Diagnostic(
            display_path,
            1,
            1,
            "size-limit",
            _("file is {length:.1f} MiB; files larger than {max_file_bytes:.0f} MiB are refused").format(length=len(raw) / _MIB, max_file_bytes=limits.max_file_bytes / _MIB),
            _("split the roadmap into several files and use include"),
        )
    if isinstance(raw, bytes):
        body = raw.removeprefix(codecs.BOM_UTF8)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            line_start = body.rfind(b"\n", 0, exc.start) + 1
            col = len(body[line_start : exc.start].decode("utf-8", "replace")) + 1
            return Diagnostic(
                display_path,
                line,
                col,
                "encoding",
                _("the file is not valid UTF-8 text (byte 0x{body:02x} at line {line})").format(body=body[exc.start], line=line),
                _("save the file as UTF-8"),
            )
    else:
        text = raw.removeprefix("\ufeff")
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _position_of(text, bad.start())
        return Diagnostic(
            display_path,
            line,
            col,
            "encoding",
            _("the file contains the control character U+{ord:04X}, which YAML does not allow").format(ord=ord(bad.group())),
            _("remove it; if the file was saved as UTF-16 or as a binary file, save it as UTF-8 text"),
        )
    return text


def _parse_document(raw: str | bytes, display_path: str, limits: Limits) -> _Document:
    """Decode and parse one file's content into data, positions and diagnostics."""
    table = FileTable(display_path)
    text = _decode(raw, display_path, limits)
    if isinstance(text, Diagnostic):
        root: Slot = (table, 0, pack_position(1, 1), None)
        return _Document(None, SourceMap(root), [text], False, False)
    return _DocumentBuilder(text, table, limits).run(_YAML_LOADER)


def load_yaml_text(text: str | bytes, display_path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its SourceMap; raise LoadError on any problem."""
    document = _parse_document(text, display_path, limits)
    if any(diagnostic.is_error for diagnostic in document.diagnostics):
        raise LoadError(document.diagnostics)
    return document.value, document.source_map


# ---------------------------------------------------------------------------
# Roadmaps: discovery, includes and merging.


def _yaml_files(folder: Path) -> tuple[Path, ...]:
    """The visible *.yaml/*.yml files at the top level of `folder`, sorted by name."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UsageError(_("cannot read folder {folder}: {strerror}").format(folder=folder, strerror=exc.strerror)) from None
    return tuple(
        folder / name
        for name in names
        if not name.startswith(".") and name.lower().endswith(_YAML_SUFFIXES) and (folder / name).is_file()
    )


def _subfolders(folder: Path) -> list[Path]:
    """The visible immediate subfolders of `folder`, sorted by name."""
    names = sorted(os.listdir(folder))
    return [folder / name for name in names if not name.startswith(".") and (folder / name).is_dir()]


def discover_roadmaps(paths: Sequence[Path]) -> list[RoadmapFiles]:
    """The roadmaps named by command-line paths: a file, a folder of files, or a folder of roadmap folders."""
    found: list[RoadmapFiles] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for given in paths:
        path = Path(given)
        if path.is_file():
            candidates = [RoadmapFiles(path.parent, (path,))]
        elif path.is_dir():
            top = _yaml_files(path)
            if top:
                candidates = [RoadmapFiles(path, top)]
            else:
                candidates = [RoadmapFiles(sub, files) for sub in _subfolders(path) if (files := _yaml_files(sub))]
            if not candidates:
                raise UsageError(_("no roadmap found in {path}: expected *.yaml files or subfolders with them").format(path=path))
        elif path.exists():
            raise UsageError(_("{path} is not a file or a folder").format(path=path))
        else:
            raise UsageError(_("{path} does not exist").format(path=path))
        for candidate in candidates:
            identity = (os.path.realpath(candidate.root), tuple(os.path.realpath(e) for e in candidate.entries))
            if identity not in seen:
                seen.add(identity)
                found.append(candidate)
    return found


FOLDER_LEVELS_SEARCHED = 3
"""How many folders up from a header-less file to look for the roadmap it belongs to."""
_HEADER_LINE = re.compile(rb"^roadmap:", re.MULTILINE)


def _has_header(path: Path) -> bool:
    """True when a YAML file has a top-level `roadmap:` key (read as bytes, at most 1 MiB)."""
    try:
        with open(path, "rb") as handle:
            return _HEADER_LINE.search(handle.read(_MIB)) is not None
    except OSError:
        return False


def _display(path: Path | str, cwd: str) -> str:
    """A path relative to the working directory when under it, else absolute; `/` separators."""
    absolute = os.path.abspath(path)
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(absolute).as_posix()


def _is_glob(pattern: str) -> bool:
    """True when an include entry is a glob pattern rather than one path."""
    return any(char in pattern for char in "*?[")


@dataclass(frozen=True)
class _Origin:
    """Where a file was included from: the include entry's position, and whether it was a glob."""

    span: SourceSpan
    is_glob: bool


class _RoadmapReader:
    """Reads the files of one roadmap in include order, then merges them."""

    def __init__(self, files: RoadmapFiles, limits: Limits) -> None:
        self.limits = limits
        self.cwd = os.getcwd()
        self.root = files.root
        self.root_real = os.path.realpath(files.root)
        self.entries = files.entries
        self.diagnostics: list[Diagnostic] = []
        self.read: list[str] = []
        self.total_bytes = 0
        self.total_exceeded = False

    def add(self, span: SourceSpan, code: str, message: str, hint: str) -> None:
        """Record a diagnostic at a span."""
        self.diagnostics.append(Diagnostic(span.path, span.line, span.col, code, message, hint))

    def run(self) -> LoadedRoadmap:
        """Load every file, follow includes, merge; raise LoadError if anything is wrong."""
        loaded = self._load_all()
        data, source_map = self._merge(loaded)
        if "roadmap" not in data and len(self.entries) == 1 and not self.diagnostics:
            self._part_of_folder(self.entries[0])
        if any(diagnostic.is_error for diagnostic in self.diagnostics):
            raise LoadError(self.diagnostics)
        return LoadedRoadmap(data, source_map, tuple(sorted(self.read)))

    def _part_of_folder(self, entry: Path) -> None:
        """When a header-less file given alone belongs to a folder roadmap, say to validate that folder."""
        folder = entry.resolve().parent
        for candidate in [folder, *folder.parents][:FOLDER_LEVELS_SEARCHED]:
            header = next((path for path in _yaml_files(candidate) if path.resolve() != entry.resolve() and _has_header(path)), None)
            if header is not None:
                shown = Path(os.path.relpath(candidate, self.cwd)).as_posix()
                self.add(
                    SourceSpan(_display(entry, self.cwd), 1, 1),
                    "part-of-folder",
                    _("this file has no `roadmap:` header: it is one file of the roadmap in folder {folder} (header in {header})").format(
                        folder=shown, header=Path(os.path.relpath(header, self.cwd)).as_posix()
                    ),
                    _("validate the folder: roadmap validate {folder}").format(folder=shown),
                )
                return

    def _load_all(self) -> list[_Document]:
        """Parse entry files in order, each followed by its includes (depth first), each file once."""
        loaded: list[_Document] = []
        seen: set[str] = set()
        pending: list[tuple[Path, tuple[tuple[str, str], ...], _Origin | None]] = [
            (entry, (), None) for entry in reversed(self.entries)
        ]
        while pending:
            path, chain, origin = pending.pop()
            real = os.path.realpath(path)
            display = _display(path, self.cwd)
            if origin is not None and any(real == ancestor for ancestor, _ in chain):
                if not origin.is_glob:
                    loop = " -> ".join([name for _, name in chain] + [display])
                    self.add(origin.span, "include-loop", _("include loop: {loop}").format(loop=loop), _("remove one of these includes"))
                continue
            if real in seen:
                continue
            seen.add(real)
            document = self._read(path, display)
            if document is None:
                continue
            self.diagnostics.extend(document.diagnostics)
            loaded.append(document)
            if document.complete and isinstance(document.value, dict):
                link = (*chain, (real, display))
                for target, target_origin in reversed(self._includes(path, document)):
                    pending.append((target, link, target_origin))
        return loaded

    def _read(self, path: Path, display: str) -> _Document | None:
        """Read and parse one file, checking its size before reading it."""
        limits = self.limits
        here = SourceSpan(display, 1, 1)
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                self.add(here, "unreadable", _("this is not a regular file"), _("name a YAML file or a folder of them"))
                return None
            if info.st_size > limits.max_file_bytes:
                self.add(
                    here,
                    "size-limit",
                    _("file is {st_size:.1f} MiB; files larger than {max_file_bytes:.0f} MiB are refused").format(st_size=info.st_size / _MIB, max_file_bytes=limits.max_file_bytes / _MIB),
                    _("split the roadmap into several files and use include"),
                )
                return None
            if self.total_bytes + info.st_size > limits.max_total_bytes:
                if not self.total_exceeded:
                    self.add(
                        here,
                        "size-limit",
                        _("the files of this roadmap add up to more than {max_total_bytes:.0f} MiB").format(max_total_bytes=limits.max_total_bytes / _MIB),
                        _("split it into several roadmaps"),
                    )
                    self.total_exceeded = True
                return None
            with open(path, "rb") as handle:
                raw = handle.read(limits.max_file_bytes + 1)
        except OSError as exc:
            message = _("cannot read this file: {value}").format(value=exc.strerror or exc)
            self.add(here, "unreadable", message, _("check that it exists and that you may read it"))
            return None
        self.total_bytes += len(raw)
        self.read.append(display)
        return _parse_document(raw, display, limits)

    def _includes(self, path: Path, document: _Document) -> list[tuple[Path, _Origin]]:
        """The files named by a file's `include` list, checked; problems become diagnostics."""
        data = document.value
        spec = data.get("include")
        if spec is None:
            return []
        source_map = document.source_map
        if not isinstance(spec, list):
            self.add(
                source_map.nearest(("include",)),
                "include-invalid",
                _("`include` must be a list of file paths or glob patterns, found {kind}").format(kind=_kind(spec)),
                _("write e.g. `include: [regions.yaml, initiatives/*.yaml]`"),
            )
            return []
        folder = path.parent
        targets: list[tuple[Path, _Origin]] = []
        for index, item in enumerate(spec):
            span = source_map.nearest(("include", index))
            if not isinstance(item, str) or not item.strip():
                self.add(
                    span,
                    "include-invalid",
                    _("each `include` entry must be a file path or glob pattern, found {kind}").format(kind=_kind(item)),
                    _('write a path relative to this file\'s folder, e.g. "regions.yaml"'),
                )
            elif os.path.isabs(item):
                self.add(
                    span,
                    "include-invalid",
                    _("include `{item}` is an absolute path").format(item=item),
                    _("write it relative to the folder of this file"),
                )
            elif _is_glob(item):
                targets.extend(self._glob(folder, item, span))
            else:
                target = self._single(folder, item, span)
                if target is not None:
                    targets.append((target, _Origin(span, False)))
        return targets

    def _outside(self, target: Path, item: str, span: SourceSpan) -> bool:
        """Report and return True when `target` resolves outside the roadmap folder."""
        real = os.path.realpath(target)
        if real == self.root_real or real.startswith(self.root_real.rstrip(os.sep) + os.sep):
            return False
        self.add(
            span,
            "include-outside",
            _("include `{item}` leads outside the roadmap folder `{root}` (to `{as_posix}` from there)").format(item=item, root=_display(self.root, self.cwd), as_posix=Path(os.path.relpath(real, self.root_real)).as_posix()),
            _("move the file into the roadmap folder; includes may not leave it, also not through `..` or symlinks"),
        )
        return True

    def _glob(self, folder: Path, pattern: str, span: SourceSpan) -> list[tuple[Path, _Origin]]:
        """The files matching an include pattern, sorted; folders are skipped."""
        matches = sorted(glob.glob(pattern, root_dir=folder, recursive=True))
        hits = [folder / match for match in matches if not (folder / match).is_dir()]
        if not hits:
            self.add(
                span,
                "include-missing",
                _("include pattern `{pattern}` matches no file").format(pattern=pattern),
                _("check the pattern; it is relative to {folder}").format(folder=_display(folder, self.cwd)),
            )
        origin = _Origin(span, True)
        return [
            (hit, origin) for hit in hits if not self._outside(hit, pattern, span) and self._is_file(hit, pattern, span)
        ]

    def _single(self, folder: Path, item: str, span: SourceSpan) -> Path | None:
        """The file named by one include path, if it is acceptable."""
        target = folder / item
        if self._outside(target, item, span):
            return None
        if not os.path.lexists(target) or (target.is_symlink() and not target.exists()):
            message = _("included file `{item}` does not exist").format(item=item)
            self.add(span, "include-missing", message, _did_you_mean(target, item, self.cwd))
            return None
        return target if self._is_file(target, item, span) else None

    def _is_file(self, target: Path, item: str, span: SourceSpan) -> bool:
        """Report and return False when an include target is not a regular file."""
        try:
            mode = os.stat(target).st_mode
        except OSError as exc:
            message = _("cannot read included file `{item}`: {value}").format(item=item, value=exc.strerror or exc)
            self.add(span, "unreadable", message, _("check its permissions"))
            return False
        if stat.S_ISREG(mode):
            return True
        what = _("a folder") if stat.S_ISDIR(mode) else _("not a regular file")
        self.add(
            span,
            "include-not-file",
            _("include `{item}` is {what}").format(item=item, what=what),
            _("include YAML files, e.g. `parts/*.yaml`"),
        )
        return False

    def _merge(self, loaded: list[_Document]) -> tuple[dict[str, Any], SourceMap]:
        """Merge the files' top-level mappings into one, with a SourceMap in merged coordinates."""
        version: tuple[Any, Slot, str] | None = None
        header: tuple[Any, Slot] | None = None
        sections: dict[str, list[Any]] = {}
        section_slots: dict[str, Slot] = {}
        concats: dict[str, SlotConcat] = {}
        extras: dict[Hashable, tuple[Any, Slot]] = {}
        root: Slot | None = None
        for document in loaded:
            if not document.complete:
                continue
            source_map = document.source_map
            file_root = source_map.slot(())
            assert file_root is not None
            if document.empty:
                self.add(
                    source_map.nearest(()),
                    "empty-file",
                    _("file is empty; a roadmap file needs at least `version: 1`"),
                    _("add `version: 1` and the sections this file provides, or delete the file"),
                )
                continue
            if not isinstance(document.value, dict):
                self.add(
                    source_map.nearest(()),
                    "not-a-mapping",
                    _("the top level of a roadmap file must be a mapping of keys such as `version:` and `initiatives:`, found {kind}").format(kind=_kind(document.value)),
                    _("start the file with `version: 1` and put items under section keys such as `initiatives:`"),
                )
                continue
            if root is None:
                root = file_root
            for key, value in document.value.items():
                slot = source_map.slot((key,))
                assert slot is not None
                table = slot[0]
                if key == "include":
                    continue
                if key == "version":
                    if version is None:
                        version = (value, slot, str(table.span(slot[2])))
                    elif (type(value), value) != (type(version[0]), version[0]):
                        first = version[1][0].texts.get(version[1][2], str(version[0]))
                        here = table.texts.get(slot[2], value)
                        self.add(
                            table.span(slot[2]),
                            "version-mismatch",
                            _("`version: {here}` here differs from `version: {first}` at {version}").format(here=here, first=first, version=version[2]),
                            _("use the same version (1) in every file of the roadmap"),
                        )
                elif key == "roadmap":
                    if header is None:
                        header = (value, slot)
                    else:
                        first_at = header[1][0].span(header[1][1])
                        self.add(
                            table.span(slot[1]),
                            "header-twice",
                            _("the `roadmap` header is written twice: here and at {first_at}").format(first_at=first_at),
                            _("keep a single `roadmap:` header, in one file of this roadmap"),
                        )
                elif key in LIST_SECTIONS:
                    self._merge_section(key, value, slot, sections, section_slots, concats)
                elif key not in extras:
                    extras[key] = (value, slot)
        data: dict[Any, Any] = {}
        slots: dict[Hashable, Slot] = {}
        if version is not None:
            data["version"], slots["version"] = version[0], version[1]
        if header is not None:
            data["roadmap"], slots["roadmap"] = header
        for section in LIST_SECTIONS:
            if section in sections:
                data[section] = sections[section]
                slots[section] = section_slots[section]
        for key, (value, slot) in extras.items():
            data[key], slots[key] = value, slot
        if root is None:
            return data, SourceMap()
        return data, SourceMap((root[0], 0, root[2], SlotMapping(slots)))

    def _merge_section(
        self,
        key: str,
        value: Any,
        slot: Slot,
        sections: dict[str, list[Any]],
        section_slots: dict[str, Slot],
        concats: dict[str, SlotConcat],
    ) -> None:
        """Append one file's list section to the merged list and its positions."""
        if value is not None and not isinstance(value, list):
            self.add(
                slot[0].span(slot[2]),
                "not-a-list",
                _("expected a list of {key} under `{key}:`, found {kind}").format(key=key, kind=_kind(value)),
                _("write each of the {key} as a list item starting with `- `").format(key=key),
            )
            return
        if key not in sections:
            sections[key] = []
            concats[key] = SlotConcat()
            section_slots[key] = (slot[0], slot[1], slot[2], concats[key])
        if value:
            sections[key].extend(value)
            record = slot[3]
            assert isinstance(record, tuple)
            concats[key].append(record)


def _did_you_mean(target: Path, item: str, cwd: str) -> str:
    """A hint for a missing include: a similar file name in the same folder, if any."""
    folder = target.parent
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return _("check the path; it is relative to the folder of this file ({folder} does not exist)").format(folder=_display(folder, cwd))
    close = closest(target.name, names)
    if close:
        suggestion = PurePosixPath(PurePosixPath(item).parent, close[0]).as_posix()
        return _("did you mean `{removeprefix}`?").format(removeprefix=suggestion.removeprefix('./'))
    return _("check the path; it is relative to the folder of this file")


def load_roadmap(files: RoadmapFiles, limits: Limits = DEFAULT_LIMITS) -> LoadedRoadmap:
    """Load and merge all files of one roadmap; raise LoadError with every problem found."""
    return _RoadmapReader(files, limits).run()
