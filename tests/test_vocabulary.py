"""One definition of the format's words: the models, the JSON Schema, the CLI choices and the docs tables agree with it."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_cli import cli
from roadmap_cli.models import Initiative, RegionKind, RoadmapHeader, json_schema
from roadmap_cli.render import BINARY_EXPORTERS, EXPORTERS, FILE_EXTENSIONS
from roadmap_cli.render.mermaid import PERIOD_MONTHS
from roadmap_cli.render.terminal import MIN_CELL
from roadmap_cli.vocabulary import (
    DAYS_PER_UNIT,
    DURATION_PATTERN,
    EXPORT_FORMATS,
    LANGUAGES,
    PERIODS,
    QUORUM_COUNT_PATTERN,
    QUORUM_SHARE_PATTERN,
    STATUSES,
    WORKING_DAY_UNITS,
    ExportFormat,
    Language,
    Period,
    Status,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _table(markdown: str, heading: str) -> list[list[str]]:
    """The rows (cells without the header) of the first table after `heading`."""
    section = markdown.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]


def _ticked(cell: str) -> list[str]:
    """The words in backticks in a table cell, in order."""
    return re.findall(r"`([^`]+)`", cell)


def _option_type(command: Callable[..., None], name: str) -> Any:
    """The type a CLI command's option is parsed into (inside Optional, list and Annotated)."""
    hint = typing.get_type_hints(command)[name]
    while typing.get_origin(hint) in (list, typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


def test_docs_duration_units_match() -> None:
    """docs/format.md's unit table lists every unit with its days."""
    rows = _table((DOCS / "format.md").read_text(encoding="utf-8"), "## Durations")
    working = [row for row in rows if _ticked(row[0]) == list(WORKING_DAY_UNITS)]
    assert len(working) == 1, "one row names the working-day units"
    assert {_ticked(unit)[0]: int(re.sub(r"\D.*", "", days.strip("*"))) for unit, _means, days in rows if [unit] != working[0][:1]} == DAYS_PER_UNIT


def test_docs_statuses_match() -> None:
    """docs/format.md's status table has one row per status, in order."""
    rows = _table((DOCS / "format.md").read_text(encoding="utf-8"), "## Statuses and actual dates")
    assert [_ticked(row[0])[0] for row in rows] == list(STATUSES)


def test_docs_periods_and_region_kinds_match() -> None:
    """The header's `period` row and the regions' `kind` row name exactly the periods and kinds."""
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    period_row = next(row for row in _table(text, "## `roadmap`: the header") if row[0] == "`period`")
    assert [word for word in _ticked(period_row[2]) if word in PERIODS or word.isalpha()] == list(PERIODS)
    kind_row = next(row for row in _table(text, "## `regions`") if row[0] == "`kind`")
    assert _ticked(kind_row[2]) == [kind.value for kind in RegionKind]


def test_docs_export_formats_match() -> None:
    """docs/output.md's export table lists every format with its extension, in order."""
    rows = _table((DOCS / "output.md").read_text(encoding="utf-8"), "## `roadmap export`")
    assert [(_ticked(name)[0], _ticked(extension)[0]) for name, extension, _content in rows] == [(name, FILE_EXTENSIONS[name]) for name in EXPORT_FORMATS]


def test_exporters_and_renderers_cover_the_vocabulary() -> None:
    """Every format has an exporter and an extension; every period a column width and a gantt tick step."""
    assert list(EXPORTERS) + list(BINARY_EXPORTERS) == list(EXPORT_FORMATS)
    assert list(FILE_EXTENSIONS) == list(EXPORT_FORMATS)
    assert list(MIN_CELL) == list(PERIODS) == list(PERIOD_MONTHS)


def test_cli_choices_come_from_the_vocabulary() -> None:
    """`--format`, `--period` and `--lang` offer exactly the formats, periods and languages."""
    assert _option_type(cli.export, "format") is ExportFormat
    assert _option_type(cli.plan, "format") is ExportFormat
    assert _option_type(cli.plan, "period") is Period
    assert _option_type(cli.plan, "lang") is Language


def test_docs_header_languages_match() -> None:
    """The header's `language` row names exactly the languages, and the catalogs and i18n know the same ones."""
    from roadmap_cli import i18n

    row = next(row for row in _table((DOCS / "format.md").read_text(encoding="utf-8"), "## `roadmap`: the header") if row[0] == "`language`")
    assert [word for word in _ticked(row[2]) if word in LANGUAGES or len(word) == 2] == list(LANGUAGES)
    assert i18n.LANGUAGES == LANGUAGES
    assert sorted(path.name for path in i18n.LOCALE_DIR.iterdir() if path.is_dir()) == sorted(LANGUAGES)


def _definition(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """A named definition of the schema."""
    found: dict[str, Any] = schema["$defs"][name]
    return found


def test_schema_uses_the_same_words_and_patterns() -> None:
    """The JSON Schema's enums and patterns are the vocabulary's."""
    schema = json_schema()
    assert _definition(schema, "Period")["enum"] == list(PERIODS)
    assert _definition(schema, "Status")["enum"] == list(STATUSES)
    duration = _definition(schema, "Initiative")["properties"]["duration"]["anyOf"][0]["anyOf"][0]
    assert duration["pattern"] == DURATION_PATTERN
    quorum = _definition(schema, "GateRule")["properties"]["quorum"]["anyOf"]
    assert [entry.get("pattern") for entry in quorum] == [None, QUORUM_COUNT_PATTERN, QUORUM_SHARE_PATTERN]
    assert _definition(schema, "Language")["enum"] == list(LANGUAGES)
    assert Period is RoadmapHeader.model_fields["period"].annotation
    assert RoadmapHeader.model_fields["language"].annotation == Language | None
    assert Status is Initiative.model_fields["status"].annotation


@pytest.mark.parametrize(
    ("quorum", "accepted"),
    [(4, True), ("4", True), ("80%", True), (" 80 % ", True), ("100%", True), ("150%", False), ("0", False), ("0%", False), ("04", False), ("4x", False)],
)
def test_quorum_text_patterns(quorum: object, accepted: bool) -> None:
    """A quorum text passes the schema's patterns exactly when the models accept it."""
    from pydantic import ValidationError

    from roadmap_cli.rules.gate import GateRule

    try:
        GateRule.model_validate({"kind": "gate", "id": "g", "target": {}, "require": {}, "quorum": quorum})
        model_accepts = True
    except ValidationError:
        model_accepts = False
    schema_accepts = isinstance(quorum, int) or any(re.search(p, str(quorum)) for p in (QUORUM_COUNT_PATTERN, QUORUM_SHARE_PATTERN))
    assert model_accepts is schema_accepts is accepted
