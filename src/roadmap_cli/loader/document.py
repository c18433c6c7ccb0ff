"""One file: decoding, then a single pass over the parser's events that builds plain data and positions."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
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

from roadmap_cli.collector import collector_paused
from roadmap_cli.errors import Diagnostic, LoadError
from roadmap_cli.i18n import _
from roadmap_cli.loader.limits import DEFAULT_LIMITS, Limits
from roadmap_cli.loader.scalars import (
    MAP_TAG,
    MERGE,
    RESOLVERS,
    SEQ_TAG,
    Problem,
    kind,
    resolve_plain,
    resolve_tagged,
    short,
    unsupported_tag,
)
from roadmap_cli.loader.text import decode, depth_words, syntax_problem
from roadmap_cli.source import LINE_SHIFT, FileTable, Record, Slot, SourceMap, line_of, pack_position

# libyaml's C parser when PyYAML was built with it; both produce the same events.
_YAML_LOADER: Callable[[str], Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


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


@dataclass
class _Anchor:
    """A completed anchored node, ready to be repeated by aliases."""

    value: Any
    record: Record | None
    size: int
    height: int
    text: str | None


@dataclass
class Document:
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

    def run(self, loader_factory: Callable[[str], Any]) -> Document:
        """Parse the whole text; never raises for bad input."""
        complete = False
        documents = 0
        loader = loader_factory(self.text)
        try:
            with collector_paused():
                documents = self._events(loader.get_event)
            complete = True
        except _Stop:
            pass
        except yaml.MarkedYAMLError as exc:
            self.problem(*syntax_problem(exc, self.text, self.limits.max_depth))
        except yaml.YAMLError as exc:
            self.problem(self.root_pos, "yaml-syntax", _("invalid YAML: {exc}").format(exc=exc), _("fix the YAML syntax"))
        except (ValueError, RecursionError) as exc:  # defensive: parser internals on absurd input
            message = _("this file cannot be read as YAML: {exc}").format(exc=exc)
            self.problem(self.root_pos, "yaml-syntax", message, _("fix the YAML syntax"))
        finally:
            loader.dispose()
        empty = complete and (documents == 0 or self.root_text == "")
        root: Slot = (self.table, 0, self.root_pos, self.root_record)
        value = self.root if complete else None
        return Document(value, SourceMap(root), self.diagnostics, complete, empty)

    # The one function above the complexity limit (C901, 15): every event kind is dispatched here, and scalars,
    # most of all events, are resolved and attached inline, because a call per scalar costs a measurable share of
    # the load time of a big roadmap (benchmarks/run.py, stage `load`).
    def _events(self, get_event: Callable[[], Any]) -> int:  # noqa: C901
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
        resolvers_by_first = RESOLVERS
        plain_cache = self.plain_cache
        shift = LINE_SHIFT  # packed inline: scalars are the hot path
        top: _Frame | None = None
        nodes = 0
        documents = 0
        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                nodes += 1
                mark = event.start_mark
                pos = ((mark.line + 1) << shift) | (mark.column + 1)
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
                                    value = resolve_plain(raw, max_digits)
                            except Problem as problem:
                                self.problem(pos, problem.code, problem.message, problem.hint)
                            else:
                                if len(plain_cache) < _PLAIN_CACHE_SIZE:
                                    plain_cache[raw] = value
                        if value.__class__ is not str:
                            text = raw
                            if value is MERGE and (top is None or not top.is_map or top.want_value):
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
                    if key is _SKIP or key is MERGE or key in data:
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
                pos = pack_position(mark.line + 1, mark.column + 1)
                if nodes > max_nodes:
                    raise self._node_limit(pos)
                if len(stack) >= max_depth:
                    raise self.stop(pos, "depth-limit", *depth_words(max_depth))
                is_map = cls is MappingStartEvent
                tag = event.tag
                if tag is not None and tag != "!" and tag != (MAP_TAG if is_map else SEQ_TAG):
                    self.problem(pos, **_problem_fields(unsupported_tag(tag, _("a mapping") if is_map else _("a list"))))
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
                self._alias(event.anchor, pack_position(mark.line + 1, mark.column + 1))
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
            return resolve_tagged(raw, tag, max_digits)
        except Problem as problem:
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
                _("anchor `&{name}` is defined twice (first at line {first})").format(name=name, first=line_of(first)),
                _("give each anchor its own name"),
            )
        self.anchor_pos[name] = pos
        self.anchors.pop(name, None)

    def _scalar_anchor(self, name: str, pos: int, value: Any, text: str | None) -> None:
        """Register an anchored scalar."""
        self._anchor_start(name, pos)
        if value is MERGE:
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
            if key is _SKIP or key is MERGE or key in data:
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
        if key is MERGE:
            self._merge_value(frame, value, pos, record)
            return
        first = self.table.span(frame.positions[2 * list(frame.data).index(key)])
        at = _("line {line}").format(line=first.line)
        if line_of(frame.key_pos) == first.line:
            at += _(", column {col}").format(col=first.col)
        self.problem(
            frame.key_pos,
            "duplicate-key",
            _("key `{key}` appears twice in this mapping (first at {at})").format(key=short(str(key), 40), at=at),
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
                _("`<<` (merge key) needs a mapping or a list of mappings, found {kind}").format(kind=kind(value)),
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


def _problem_fields(problem: Problem) -> dict[str, str]:
    """The code, message and hint of a problem as keyword arguments."""
    return {"code": problem.code, "message": problem.message, "hint": problem.hint}


def parse_document(raw: str | bytes, display_path: str, limits: Limits) -> Document:
    """Decode and parse one file's content into data, positions and diagnostics."""
    table = FileTable(display_path)
    text = decode(raw, display_path, limits)
    if isinstance(text, Diagnostic):
        root: Slot = (table, 0, pack_position(1, 1), None)
        return Document(None, SourceMap(root), [text], False, False)
    return _DocumentBuilder(text, table, limits).run(_YAML_LOADER)


def load_yaml_text(text: str | bytes, display_path: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its SourceMap; raise LoadError on any problem."""
    document = parse_document(text, display_path, limits)
    if any(diagnostic.is_error for diagnostic in document.diagnostics):
        raise LoadError(document.diagnostics)
    return document.value, document.source_map
