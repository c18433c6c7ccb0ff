"""YAML 1.1 scalars: PyYAML's implicit resolver without timestamps, and the problems one node can have."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from roadmap_cli.i18n import N_, _

_CORE = "tag:yaml.org,2002:"
_STR_TAG = _CORE + "str"
MAP_TAG = _CORE + "map"
SEQ_TAG = _CORE + "seq"
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


class _MergeKey:
    """The plain `<<` scalar, which means "merge" when used as a mapping key."""

    def __repr__(self) -> str:
        return "<<"


MERGE = _MergeKey()


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
    return MERGE


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


RESOLVERS, _PATTERN_BY_TAG = _implicit_resolvers()
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*$").match
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Problem(Exception):
    """A problem with one node: code, message and hint for a Diagnostic at the node."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def short(text: str, width: int = 24) -> str:
    """`text` cut to `width` characters for messages."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _number_too_long(text: str, max_digits: int) -> Problem:
    """The problem for a number literal longer than the limit."""
    return Problem(
        "number-too-long",
        _("the number `{text}` has {length} characters; numbers longer than {max_digits} digits are refused").format(text=short(text), length=len(text), max_digits=max_digits),
        _("if it is a code or an id, write it in quotes"),
    )


def resolve_plain(text: str, max_digits: int) -> Any:
    """The value of an untagged plain scalar under YAML 1.1 rules, timestamps kept as text."""
    resolvers = RESOLVERS.get(text[:1])
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


def unsupported_tag(tag: str, what: str) -> Problem:
    """The problem for a tag a roadmap may not use."""
    return Problem(
        "unsupported-tag",
        _("the tag `{tag}` is not allowed on {what} in a roadmap file").format(tag=_show_tag(tag), what=what),
        _("remove the tag; roadmap files hold plain text, numbers, true/false, lists and mappings"),
    )


def resolve_tagged(text: str, tag: str, max_digits: int) -> Any:
    """The value of a scalar with an explicit tag (`!!str`, `!!int`...)."""
    if tag == "!" or tag == _STR_TAG:
        return text
    if tag not in _PATTERN_BY_TAG or tag == _CORE + "merge":
        raise unsupported_tag(tag, _("a single value"))
    construct, numeric = _CONSTRUCTORS[tag]
    if _PATTERN_BY_TAG[tag](text) or (tag == _CORE + "float" and _DECIMAL(text)):
        if numeric and len(text) - text.count("_") > max_digits:
            raise _number_too_long(text, max_digits)
        try:
            return construct(text)
        except ValueError:
            pass
    raise Problem(
        "bad-tagged-value",
        _("`{text}` is tagged `{tag}` but is not a valid {tag2}").format(text=short(text), tag=_show_tag(tag), tag2=tag[len(_CORE) :]),
        _("remove the tag or fix the value"),
    )


_KINDS = (
    (dict, N_("a mapping")),
    (list, N_("a list")),
    (str, N_("text")),
    (bool, N_("true/false")),
    (int, N_("a number")),
    (float, N_("a number")),
)


def kind(value: Any) -> str:
    """A planner's word for the type of a value."""
    if value is None:
        return _("nothing (null)")
    for cls, word in _KINDS:
        if isinstance(value, cls):
            return _(word)
    return type(value).__name__
