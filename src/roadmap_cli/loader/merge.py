"""Merging: the top-level mappings of a roadmap's files become one mapping, with a SourceMap in merged coordinates.

`version` must agree across files, the `roadmap` header is written once, the list sections are concatenated in file
order, and any other key is kept from the first file that has it (validation reports it as unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from roadmap_cli.i18n import _
from roadmap_cli.loader.document import Document
from roadmap_cli.loader.scalars import kind
from roadmap_cli.source import Slot, SlotConcat, SlotMapping, SourceMap, SourceSpan

LIST_SECTIONS: tuple[str, ...] = ("categories", "regions", "initiatives", "resources", "funding_sources", "rules")

Report = Callable[[SourceSpan, str, str, str], None]
"""Records a diagnostic: span, code, message, hint."""


class _Section:
    """One list section merged across files: its items and where each file's list lives."""

    __slots__ = ("items", "positions", "slot")

    def __init__(self, first: Slot) -> None:
        table, key_pos, value_pos, _record = first
        self.items: list[Any] = []
        self.positions = SlotConcat()
        self.slot: Slot = (table, key_pos, value_pos, self.positions)


class _Merger:
    """Collects the top-level entries of each file, then lays them out in the merged order."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.version: tuple[Any, Slot, str] | None = None
        self.header: tuple[Any, Slot] | None = None
        self.sections: dict[str, _Section] = {}
        self.extras: dict[Hashable, tuple[Any, Slot]] = {}
        self.root: Slot | None = None

    def add(self, document: Document) -> None:
        """Take in one parsed file, or report why its top level cannot be merged."""
        source_map = document.source_map
        if document.empty:
            self.report(
                source_map.nearest(()),
                "empty-file",
                _("file is empty; a roadmap file needs at least `version: 1`"),
                _("add `version: 1` and the sections this file provides, or delete the file"),
            )
            return
        if not isinstance(document.value, dict):
            self.report(
                source_map.nearest(()),
                "not-a-mapping",
                _("the top level of a roadmap file must be a mapping of keys such as `version:` and `initiatives:`, found {kind}").format(kind=kind(document.value)),
                _("start the file with `version: 1` and put items under section keys such as `initiatives:`"),
            )
            return
        if self.root is None:
            self.root = source_map.slot(())
        for key, value in document.value.items():
            slot = source_map.slot((key,))
            assert slot is not None
            if key == "include":
                continue
            if key == "version":
                self._version(value, slot)
            elif key == "roadmap":
                self._header(value, slot)
            elif key in LIST_SECTIONS:
                self._section(key, value, slot)
            elif key not in self.extras:
                self.extras[key] = (value, slot)

    def _version(self, value: Any, slot: Slot) -> None:
        """The first `version` wins; a different one elsewhere is reported."""
        table, _key_pos, value_pos, _record = slot
        if self.version is None:
            self.version = (value, slot, str(table.span(value_pos)))
            return
        first_value, first_slot, first_at = self.version
        if (type(value), value) == (type(first_value), first_value):
            return
        first = first_slot[0].texts.get(first_slot[2], str(first_value))
        here = table.texts.get(value_pos, value)
        self.report(
            table.span(value_pos),
            "version-mismatch",
            _("`version: {here}` here differs from `version: {first}` at {version}").format(here=here, first=first, version=first_at),
            _("use the same version (1) in every file of the roadmap"),
        )

    def _header(self, value: Any, slot: Slot) -> None:
        """The `roadmap` header is written once; a second one is reported."""
        if self.header is None:
            self.header = (value, slot)
            return
        first_table, first_key_pos = self.header[1][:2]
        table, key_pos = slot[:2]
        self.report(
            table.span(key_pos),
            "header-twice",
            _("the `roadmap` header is written twice: here and at {first_at}").format(first_at=first_table.span(first_key_pos)),
            _("keep a single `roadmap:` header, in one file of this roadmap"),
        )

    def _section(self, key: str, value: Any, slot: Slot) -> None:
        """Append one file's list section to the merged list and its positions."""
        table, _key_pos, value_pos, record = slot
        if value is not None and not isinstance(value, list):
            self.report(
                table.span(value_pos),
                "not-a-list",
                _("expected a list of {key} under `{key}:`, found {kind}").format(key=key, kind=kind(value)),
                _("write each of the {key} as a list item starting with `- `").format(key=key),
            )
            return
        section = self.sections.get(key)
        if section is None:
            section = self.sections[key] = _Section(slot)
        if value:
            section.items.extend(value)
            assert isinstance(record, tuple)
            section.positions.append(record)

    def result(self) -> tuple[dict[str, Any], SourceMap]:
        """The merged mapping, keys in a fixed order (version, roadmap, sections, the rest), and its SourceMap."""
        data: dict[Any, Any] = {}
        slots: dict[Hashable, Slot] = {}
        if self.version is not None:
            data["version"], slots["version"] = self.version[0], self.version[1]
        if self.header is not None:
            data["roadmap"], slots["roadmap"] = self.header
        for name in LIST_SECTIONS:
            section = self.sections.get(name)
            if section is not None:
                data[name], slots[name] = section.items, section.slot
        for key, (value, slot) in self.extras.items():
            data[key], slots[key] = value, slot
        if self.root is None:
            return data, SourceMap()
        table, _key_pos, value_pos, _record = self.root
        return data, SourceMap((table, 0, value_pos, SlotMapping(slots)))


def merge_documents(documents: list[Document], report: Report) -> tuple[dict[str, Any], SourceMap]:
    """Merge the complete files' top-level mappings into one roadmap mapping and its SourceMap."""
    merger = _Merger(report)
    for document in documents:
        if document.complete:
            merger.add(document)
    return merger.result()
