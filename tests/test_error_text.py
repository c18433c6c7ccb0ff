"""pydantic's and PyYAML's own error phrases through the catalogs: unchanged in English, translated in Indonesian."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from roadmap_cli import i18n
from roadmap_cli.errors import LoadError
from roadmap_cli.loader import load_yaml_text
from roadmap_cli.loader.text import _PROBLEMS, yaml_phrase
from roadmap_cli.pydantic_text import _COUNTED, _LIST_LENGTHS, _MESSAGES, pydantic_message


class _Sample(BaseModel):
    """A field for every pydantic error type the catalog words."""

    model_config = ConfigDict(allow_inf_nan=False)

    gt: Annotated[int, Field(gt=0)] = 1
    ge: Annotated[float, Field(ge=0.5)] = 1
    lt: Annotated[int, Field(lt=10)] = 1
    le: Annotated[int, Field(le=10)] = 1
    multiple: Annotated[int, Field(multiple_of=5)] = 5
    finite: float = 1.0
    whole: int = 1
    number: float = 1.0
    flag: bool = True
    text: str = ""
    items: list[int] = []
    mapping: dict[str, int] = {}
    day: date = date(2025, 1, 1)
    short_text: Annotated[str, Field(min_length=2, max_length=3)] = "ab"
    short_list: Annotated[list[int], Field(min_length=1, max_length=2)] = [1]


INPUTS: dict[str, dict[str, Any]] = {
    "greater_than": {"gt": 0},
    "greater_than_equal": {"ge": 0.25},
    "less_than": {"lt": 11},
    "less_than_equal": {"le": 11},
    "multiple_of": {"multiple": 7},
    "finite_number": {"finite": float("inf")},
    "int_type": {"whole": [1]},
    "int_parsing": {"whole": "x"},
    "int_from_float": {"whole": 1.5},
    "float_type": {"number": [1]},
    "float_parsing": {"number": "x"},
    "bool_type": {"flag": [1]},
    "bool_parsing": {"flag": "maybe"},
    "string_type": {"text": 1},
    "list_type": {"items": 1},
    "dict_type": {"mapping": 1},
    "date_type": {"day": [1]},
    "date_from_datetime_inexact": {"day": datetime(2025, 1, 1, 12, 30)},
    "string_too_short": {"short_text": "a"},
    "string_too_long": {"short_text": "abcd"},
    "too_short": {"short_list": []},
    "too_long": {"short_list": [1, 2, 3]},
}


def _error(fields: dict[str, Any]) -> dict[str, Any]:
    """The one pydantic error these fields make."""
    with pytest.raises(ValidationError) as caught:
        _Sample(**fields)
    (item,) = caught.value.errors(include_url=False)
    return dict(item)


def test_every_worded_error_type_has_a_sample() -> None:
    assert set(INPUTS) == set(_MESSAGES) | set(_COUNTED) | set(_LIST_LENGTHS)


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_a_pydantic_message_is_unchanged_in_english_and_translated_in_indonesian(kind: str) -> None:
    item = _error(INPUTS[kind])
    assert item["type"] == kind
    assert pydantic_message(item) == item["msg"]
    i18n.set_language("id")
    translated = pydantic_message(item)
    assert translated != item["msg"]
    assert all(str(value) in translated for value in (item.get("ctx") or {}).values() if isinstance(value, int))


def test_a_plural_follows_the_count() -> None:
    one, two = _error({"short_text": "a"}), _error({"short_text": "abcd"})
    assert pydantic_message(one) == "String should have at least 2 characters"
    assert pydantic_message(two) == "String should have at most 3 characters"
    single = {"type": "too_short", "msg": "List should have at least 1 item after validation, not 0", "ctx": {"field_type": "List", "min_length": 1, "actual_length": 0}}
    assert pydantic_message(single) == single["msg"]
    i18n.set_language("id")
    assert pydantic_message(single) == "daftar harus berisi sedikitnya 1 butir, bukan 0"


@pytest.mark.parametrize(
    "item",
    [
        {"type": "greater_than", "msg": "Value must be above 0", "ctx": {"gt": 0}},  # another pydantic's wording
        {"type": "greater_than", "msg": "Input should be greater than 0", "ctx": {}},  # a context without the value
        {"type": "too_short", "msg": "Tuple should have at least 1 item after validation, not 0", "ctx": {"field_type": "Tuple", "min_length": 1, "actual_length": 0}},
        {"type": "url_parsing", "msg": "Input should be a valid URL"},  # a type the catalog does not word
    ],
)
def test_a_message_the_catalog_cannot_word_is_pydantics_own(item: dict[str, Any]) -> None:
    i18n.set_language("id")
    assert pydantic_message(item) == item["msg"]


@pytest.mark.parametrize(("pattern", "message"), _PROBLEMS, ids=[message for _, message in _PROBLEMS])
def test_a_yaml_phrase_is_its_own_english_message(pattern: Any, message: str) -> None:
    samples = {"char": "'\\t'", "found": "'<block mapping start>'"}
    phrase = message.format(**{name: samples[name] for name in pattern.groupindex})
    assert yaml_phrase(phrase) == phrase
    i18n.set_language("id")
    assert yaml_phrase(phrase) != phrase


def test_an_unknown_yaml_phrase_is_kept() -> None:
    i18n.set_language("id")
    assert yaml_phrase("found something new") == "found something new"


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_syntax_error_reads_in_the_language(parser: Any, language: str) -> None:
    i18n.set_language(language)
    with pytest.raises(LoadError) as caught:
        load_yaml_text("items: [a, b\nname: x\n", "r.yaml")
    (diagnostic,) = caught.value.diagnostics
    if language == "en":
        expected = "did not find expected ',' or ']'" if parser is getattr(yaml, "CSafeLoader", None) else "expected ',' or ']', but got ':'"
        assert diagnostic.message.startswith(f"invalid YAML: {expected} (while parsing a flow sequence at line 1)")
    else:
        assert diagnostic.message.startswith("YAML tidak sah: ")
        assert "saat membaca daftar `[ ]` pada baris 1" in diagnostic.message or "baris 1" in diagnostic.message
        assert "expected" not in diagnostic.message and "while" not in diagnostic.message
