"""The message catalogs: complete, consistent with the source, compiled; and the language chosen as documented."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from roadmap_cli import i18n

ROOT = Path(__file__).resolve().parents[1]


def _load_catalog_script() -> ModuleType:
    """scripts/i18n.py, the tool that refreshes and checks the catalogs."""
    spec = importlib.util.spec_from_file_location("catalog_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


catalogs = _load_catalog_script()


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Leave the process in English whatever a test switched to."""
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("language", catalogs.LANGUAGES)
def test_every_source_message_is_in_the_catalog(language: str) -> None:
    assert list(catalogs.missing_messages(language)) == []


def test_every_message_has_an_indonesian_translation() -> None:
    assert list(catalogs.untranslated_messages("id")) == []


def test_translations_keep_the_placeholders_of_their_source() -> None:
    assert list(catalogs.placeholder_mismatches("id")) == []


@pytest.mark.parametrize("language", catalogs.LANGUAGES)
def test_compiled_catalogs_match_their_po(language: str) -> None:
    assert list(catalogs.stale_compiled(language)) == []


@pytest.mark.parametrize("language", catalogs.LANGUAGES)
def test_po_files_are_sorted_without_locations(language: str) -> None:
    assert list(catalogs.unnormalised_po(language)) == []


def test_placeholders_are_compared_by_name_and_format() -> None:
    assert catalogs.placeholders("{count} of {total:,} ({share:.0%}) {{literal}}") == ["{count}", "{share:.0%}", "{total:,}"]


@pytest.mark.parametrize(
    ("language", "forms"),
    [("id", "nplurals=1; plural=0;"), ("en", "nplurals=2; plural=(n != 1);")],
)
def test_plural_forms_are_declared(language: str, forms: str) -> None:
    assert catalogs.read_catalog(language).plural_forms == forms


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "en"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        ({"LC_ALL": "C", "LANG": "id_ID.UTF-8"}, "en"),
        ({"LC_MESSAGES": "id_ID", "LANG": "en_GB"}, "id"),
        ({"ROADMAP_LANG": "en", "LANG": "id_ID.UTF-8"}, "en"),
        ({"ROADMAP_LANG": "id"}, "id"),
        ({"ROADMAP_LANG": "fr"}, "fr"),
    ],
)
def test_language_from_environment(environment: dict[str, str], language: str) -> None:
    assert i18n.language_from_environment(environment) == language


def test_unknown_language_is_refused() -> None:
    with pytest.raises(i18n.UnknownLanguageError):
        i18n.set_language("fr")
