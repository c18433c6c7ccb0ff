"""`roadmap schema`: valid JSON Schema that accepts every roadmap and example in the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.loader import load_yaml_text

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for folder in ("roadmaps", "examples", "tests/cases/valid") for p in (ROOT / folder).rglob("*.y*ml") if not any(part.startswith(".") for part in p.relative_to(ROOT).parts))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The schema as printed by the CLI."""
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_schema_is_valid_json_schema(schema: dict[str, Any]) -> None:
    """The printed schema is itself valid draft 2020-12."""
    jsonschema.Draft202012Validator.check_schema(schema)


def test_repository_has_roadmap_files() -> None:
    """The parametrised test below is not vacuous."""
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_validates_against_the_schema(path: Path, schema: dict[str, Any]) -> None:
    """Every roadmap file in the repository passes the JSON Schema, formats included (the only per-file schema check).

    The file is read by the real loader, which keeps dates as text, as a YAML 1.2 editor and the JSON Schema see them.
    """
    data, _ = load_yaml_text(path.read_bytes(), str(path))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_rejects_a_typo(schema: dict[str, Any]) -> None:
    """Unknown keys are errors in the editor too."""
    data = {"version": 1, "initiatives": [{"id": "a", "name": "A", "region": "r", "category": "c", "duration": "6m", "depend_on": []}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))
