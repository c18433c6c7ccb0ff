"""Source positions: a compact side table from data paths to file:line:col."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TypeAlias

PathKey: TypeAlias = "tuple[str | int, ...]"

LINE_SHIFT = 32
"""A packed position is `line << LINE_SHIFT | col` (the loader's hot loop packs it inline with this constant)."""
_COL_MASK = (1 << LINE_SHIFT) - 1


def pack_position(line: int, col: int) -> int:
    """Pack a 1-based (line, col) pair into one int for the position tables."""
    return (line << LINE_SHIFT) | col


def line_of(packed: int) -> int:
    """The line of a packed position."""
    return packed >> LINE_SHIFT


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a YAML node starts, 1-based."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class FileTable:
    """Positions of one file: packed (line, col) entries and the text of plain non-string scalars."""

    __slots__ = ("path", "positions", "texts")

    def __init__(self, path: str) -> None:
        self.path = path
        self.positions = array("Q")
        self.texts: dict[int, str] = {}

    def span(self, packed: int) -> SourceSpan:
        """The span of a packed position in this file."""
        return SourceSpan(self.path, packed >> LINE_SHIFT, packed & _COL_MASK)


# A container node of one file: (table, offset into table.positions, shape, children).
# shape is the tuple of keys for a mapping (entries are key and value positions, two per
# key) or the length for a sequence (one value position per item). children holds the
# record of each child that is itself a container, or is None when no child is.
Record: TypeAlias = "tuple[FileTable, int, tuple[Hashable, ...] | int, tuple[Record | None, ...] | None]"

# A located node: (table, packed key position or 0, packed value position, container or None).
Slot: TypeAlias = "tuple[FileTable, int, int, Record | SlotMapping | SlotConcat | None]"


class SlotMapping:
    """A mapping whose entries come from different files (the top level of a merged roadmap)."""

    __slots__ = ("entries",)

    def __init__(self, entries: dict[Hashable, Slot]) -> None:
        self.entries = entries

    def child(self, segment: str | int) -> Slot | None:
        """The slot of one entry, if known."""
        return self.entries.get(segment)


class SlotConcat:
    """A list concatenated from list nodes of several files (a merged list section)."""

    __slots__ = ("_length", "records", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.records: list[Record] = []
        self._length = 0

    def append(self, record: Record) -> None:
        """Add the items of one file's sequence node at the end."""
        shape = record[2]
        if isinstance(shape, int) and shape:
            self.starts.append(self._length)
            self.records.append(record)
            self._length += shape

    def child(self, segment: str | int) -> Slot | None:
        """The slot of one merged item, if known."""
        if type(segment) is not int or segment < 0:
            return None
        part = bisect_right(self.starts, segment) - 1
        if part < 0:
            return None
        return _record_child(self.records[part], segment - self.starts[part])


def _record_child(record: Record, segment: str | int) -> Slot | None:
    """The slot of a child of a container record, if it exists."""
    table, offset, shape, children = record
    positions = table.positions
    if isinstance(shape, int):
        if type(segment) is not int or not 0 <= segment < shape:
            return None
        child = children[segment] if children is not None else None
        return (table, 0, positions[offset + segment], child)
    try:
        index = shape.index(segment)
    except ValueError:
        return None
    child = children[index] if children is not None else None
    return (table, positions[offset + 2 * index], positions[offset + 2 * index + 1], child)


def _child(slot: Slot, segment: str | int) -> Slot | None:
    """The slot one path segment below `slot`, if known."""
    container = slot[3]
    if container is None:
        return None
    if isinstance(container, tuple):
        return _record_child(container, segment)
    return container.child(segment)


class SourceMap:
    """Positions of keys and values, looked up by the path of the node in the data."""

    __slots__ = ("_root",)

    def __init__(self, root: Slot | None = None) -> None:
        self._root = root

    def _walk(self, key: PathKey) -> tuple[Slot | None, bool]:
        """The slot at `key` (True) or at its deepest known ancestor (False)."""
        slot = self._root
        if slot is None:
            return None, False
        for segment in key:
            below = _child(slot, segment)
            if below is None:
                return slot, False
            slot = below
        return slot, True

    def slot(self, key: PathKey) -> Slot | None:
        """The located node at exactly `key`, for building merged maps."""
        slot, exact = self._walk(key)
        return slot if exact else None

    def value(self, key: PathKey) -> SourceSpan | None:
        """Position of the value at exactly `key`, if known."""
        slot, exact = self._walk(key)
        if slot is None or not exact:
            return None
        return slot[0].span(slot[2])

    def key(self, key: PathKey) -> SourceSpan | None:
        """Position of the mapping key naming the last segment of `key`, if known."""
        slot, exact = self._walk(key)
        if slot is None or not exact or not slot[1]:
            return None
        return slot[0].span(slot[1])

    def nearest(self, key: PathKey, prefer_key: bool = False) -> SourceSpan:
        """Position of `key`, or of its nearest known ancestor; never fails."""
        slot, _ = self._walk(key)
        if slot is None:
            return SourceSpan("<unknown>", 1, 1)
        if prefer_key and slot[1]:
            return slot[0].span(slot[1])
        return slot[0].span(slot[2])

    def scalar_text(self, key: PathKey) -> str | None:
        """Source text of the plain scalar at `key` when YAML read it as a non-string."""
        slot, exact = self._walk(key)
        if slot is None or not exact:
            return None
        return slot[0].texts.get(slot[2])
