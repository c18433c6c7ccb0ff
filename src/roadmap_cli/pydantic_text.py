"""pydantic's error messages in the catalog's words: the common error types, with pydantic's own text as fallback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from roadmap_cli.i18n import N_, _, ngettext

_MESSAGES: dict[str, str] = {
    "greater_than": N_("Input should be greater than {gt}"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than": N_("Input should be less than {lt}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "finite_number": N_("Input should be a finite number"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "date_type": N_("Input should be a valid date"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
}
"""pydantic error type -> its message (pydantic's English, with its context placeholders)."""

Plural = Callable[[str, str, int], str]
"""`ngettext`: singular, plural, count."""

_COUNTED: dict[str, tuple[str, Callable[[Plural, int], str]]] = {
    "string_too_short": ("min_length", lambda ngettext, n: ngettext("String should have at least {min_length} character", "String should have at least {min_length} characters", n)),
    "string_too_long": ("max_length", lambda ngettext, n: ngettext("String should have at most {max_length} character", "String should have at most {max_length} characters", n)),
}
"""Messages with a plural: the context value that counts, and the message for a count given an `ngettext`."""

_LIST_LENGTHS: dict[str, tuple[str, Callable[[Plural, int], str]]] = {
    "too_short": (
        "min_length",
        lambda ngettext, n: ngettext(
            "List should have at least {min_length} item after validation, not {actual_length}", "List should have at least {min_length} items after validation, not {actual_length}", n
        ),
    ),
    "too_long": (
        "max_length",
        lambda ngettext, n: ngettext(
            "List should have at most {max_length} item after validation, not {actual_length}", "List should have at most {max_length} items after validation, not {actual_length}", n
        ),
    ),
}
"""The list-length messages (pydantic names the container, `List`, in its message)."""


def _english(singular: str, plural: str, count: int) -> str:
    """The untranslated form for `count`, as pydantic writes it."""
    return singular if count == 1 else plural


def _english_and_translated(kind: str, ctx: dict[str, Any]) -> tuple[str, str] | None:
    """The catalog message for an error type in English and in the active language, or None when there is none."""
    if kind in _MESSAGES:
        template = _MESSAGES[kind]
        return template.format(**ctx), _(template).format(**ctx)
    counted = _COUNTED.get(kind) or (_LIST_LENGTHS.get(kind) if ctx.get("field_type") == "List" else None)
    if counted is None:
        return None
    counter, message = counted
    count = int(ctx[counter])
    return message(_english, count).format(**ctx), message(ngettext, count).format(**ctx)


def pydantic_message(item: Any) -> str:
    """pydantic's message for one error in the active language; its own words when the catalog has none or when they differ from it."""
    msg = str(item["msg"])
    try:
        pair = _english_and_translated(str(item["type"]), dict(item.get("ctx") or {}))
    except (KeyError, ValueError, TypeError):  # a context unlike the one the message was written for
        return msg
    if pair is None or pair[0] != msg:  # another pydantic version words it differently: keep its words
        return msg
    return pair[1]
