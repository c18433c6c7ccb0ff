"""The JSON Schema and `roadmap validate` give every catalogue case the same verdict where the schema can express the rule.

A case's diagnostic codes decide. The schema checks one file's data (keys, types, enums, patterns, formats):
- BEFORE_THE_DATA: problems the loader finds in the text or across files, before there is data to give a schema
  (what a schema would see there is other data, or none); these cases are not given to the schema;
- CANNOT_EXPRESS: rules between objects, fields or files; the schema must accept these cases (so an entry that
  the schema can in fact judge fails here);
- EXPRESSIBLE: every other code; the schema must reject such a case exactly when `validate` does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from roadmap_cli.cli import app

CASES = Path(__file__).parent / "cases"

BEFORE_THE_DATA = {
    "alias-limit": "a loader limit on YAML aliases; a schema would see the expanded data",
    "depth-limit": "a loader limit on nesting depth; YAML parsers and schema checkers recurse into it",
    "number-too-long": "a loader limit on digits; JSON Schema integers have no digit limit",
    "duplicate-key": "YAML parsers drop the first of two equal keys before a schema sees the data",
    "yaml-syntax": "not YAML: nothing for a schema to check",
    "encoding": "not UTF-8 text: nothing for a schema to check",
    "unsupported-tag": "a YAML tag the safe loader refuses: nothing for a schema to check",
    "multiple-documents": "several YAML documents: a schema checks one",
    "empty-file": "an empty file is no document: the loader refuses it before a schema could see null",
    "header-twice": "the header counted over all files of a roadmap",
    "part-of-folder": "one file of a folder roadmap: the roadmap is the folder, not this file",
    "include-loop": "includes are followed by the loader, across files",
    "include-missing": "includes are followed by the loader, across files",
    "include-not-file": "includes are followed by the loader, across files",
    "include-outside": "includes are followed by the loader, across files",
}
CANNOT_EXPRESS = {
    "duplicate-id": "uniqueness of a field across list items",
    "unknown-category": "a reference to another object",
    "unknown-region": "a reference to another object",
    "unknown-initiative": "a reference to another object",
    "unknown-resource": "a reference to another object",
    "self-dependency": "a reference compared with the item's own id",
    "region-cycle": "a property of the whole region tree",
    "dependency-cycle": "a property of the whole dependency graph",
    "horizon-before-start": "a comparison of two dates",
    "phase-window-order": "a comparison of dates across list items (each `until` after the one before)",
    "status-dates": "a condition between fields (status and actual dates)",
    "milestone-duration": "a condition between fields (milestone and duration)",
    "quorum-too-large": "depends on how many initiatives a selector matches",
    "demand-exceeds-capacity": "a comparison with another object's capacity",
    "cannot-schedule": "found only by scheduling",
    "outside-calendar": "the range of dates a plan can use, and sums of durations and lags along dependencies",
    "unknown-indicator": "a reference to another object (or to a built-in indicator)",
    "unknown-domain": "a reference to the domains of the target's indicator",
    "duplicate-target": "uniqueness of a field across list items",
    "target-before-baseline": "a comparison of years across fields",
    "outside-range": "a comparison with the scale of the target's indicator",
    "actual-after-status-date": "a comparison with the status date",
    "domain-mismatch": "a weighted sum of domain scores compared with the value",
    "domain-weights": "a sum across list items",
    "missing-value": "a condition between fields (a value, or a score for every domain of the indicator)",
    "incomplete-indicator": "a condition between fields (name and unit unless the id is built in)",
    "indicator-scale": "a comparison of two fields (min below max, distinct band starts)",
    "too-long": "a duration's length in days: a pattern cannot add up the parts of `999999d 999999d`",
    "unknown-funding-source": "a reference to the built-in or declared funding sources",
    "funding-split": "a sum across a mapping's values (100% or the initiative's cost)",
    "duplicate-source-budget": "uniqueness of a field across list items (one budget per funding source)",
    "source-budget-demand": "a reference to another object compared with the initiative's own funding",
}
EXPRESSIBLE = {
    "ambiguous-scalar",
    "invalid-duration",
    "invalid-value",
    "invalid-date",
    "invalid-id",
    "missing-field",
    "not-a-mapping",
    "unknown-field",
    "unknown-rule-kind",
    "unsupported-version",
    "wrong-type",
}
"""Codes the schema expresses: types, required keys, enums, patterns, formats and closed mappings."""


class _Yaml12ish(yaml.SafeLoader):
    """Dates stay text, as a YAML 1.2 editor and the JSON Schema see them."""


_Yaml12ish.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"] for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the schema `roadmap schema` prints, checking `format: date` too."""
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    return jsonschema.Draft202012Validator(json.loads(result.stdout), format_checker=jsonschema.FormatChecker())


def _schema_verdict(path: Path, validator: jsonschema.Draft202012Validator) -> bool:
    """True when the schema accepts the file's data, read as a YAML 1.2 editor reads it."""
    data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12ish)
    return validator.is_valid(data)


def _codes(expected: str) -> set[str]:
    """The error codes in a case's expected diagnostics."""
    return set(re.findall(r"error\[([a-z0-9-]+)\]", expected))


def _cases() -> list[tuple[str, Path]]:
    """Every catalogue case as (verdict folder, case folder)."""
    return [(kind, folder) for kind in ("valid", "invalid") for folder in sorted((CASES / kind).iterdir()) if folder.is_dir()]


@pytest.mark.parametrize(("kind", "folder"), _cases(), ids=lambda value: value.name if isinstance(value, Path) else value)
def test_schema_and_validate_agree(kind: str, folder: Path, validator: jsonschema.Draft202012Validator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same verdict from the schema and from `roadmap validate`, or an explicit reason why the schema cannot judge."""
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(app, ["validate", "roadmap.yaml", "--format", "text", "--color", "never"])
    tool_accepts = result.exit_code == 0
    assert tool_accepts is (kind == "valid"), result.stderr
    codes = _codes(result.stderr)
    unclassified = codes - BEFORE_THE_DATA.keys() - CANNOT_EXPRESS.keys() - EXPRESSIBLE
    assert not unclassified, f"classify these codes in {__file__}: {sorted(unclassified)}"
    if codes & BEFORE_THE_DATA.keys():
        return
    schema_accepts = _schema_verdict(folder / "roadmap.yaml", validator)
    if codes & CANNOT_EXPRESS.keys():
        assert schema_accepts, f"the schema rejects {folder.name}: remove its codes from CANNOT_EXPRESS"
    else:
        assert schema_accepts is tool_accepts, f"schema {'accepts' if schema_accepts else 'rejects'} {folder.name}; validate says {result.stderr}"
