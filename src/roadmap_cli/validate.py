"""Validation: pydantic errors as located diagnostics, then semantic checks over the whole roadmap."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError

from roadmap_cli.clock import today
from roadmap_cli.durations import FIRST_DAY, LAST_DAY, MAX_SPAN_DAYS, DurationError
from roadmap_cli.errors import Diagnostic, ReferenceCheckError, SchemaError, Severity
from roadmap_cli.fields import Selector
from roadmap_cli.funding import percent_value, shares, sources
from roadmap_cli.i18n import N_, _, current_language
from roadmap_cli.models import REGION_LEVEL, DateTextError, Initiative, ResourceKind, Roadmap
from roadmap_cli.pydantic_text import pydantic_message
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.rules import RULE_KINDS, RULE_MODELS, selectors
from roadmap_cli.source import PathKey, SourceMap, SourceSpan
from roadmap_cli.suggest import did_you_mean
from roadmap_cli.target_checks import TargetChecks
from roadmap_cli.vocabulary import CODE_PATTERN, Status

SECTION_NOUNS = {
    "categories": N_("category"),
    "regions": N_("region"),
    "resources": N_("resource"),
    "funding_sources": N_("funding source"),
    "initiatives": N_("initiative"),
    "rules": N_("rule"),
    "indicators": N_("indicator"),
}
"""The noun of each section's items: English in diagnostic codes (`unknown-region`), translated with `_` in messages."""


@dataclass(frozen=True)
class CheckedRoadmap:
    """A roadmap that passed validation, with the positions of everything in it."""

    model: Roadmap
    source_map: SourceMap
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...] = ()
    status_date: date | None = None
    """The day statuses are true on: `--as-of`, else the header's `status_date`, else today."""

    def span(self, path: PathKey) -> SourceSpan:
        """Where the node at `path` (or its nearest ancestor) is written."""
        return self.source_map.nearest(path)


def _diagnostic(span: SourceSpan, code: str, message: str, hint: str = "", severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic at a source position."""
    return Diagnostic(span.path, span.line, span.col, code, message, hint, severity)


# ---------------------------------------------------------------- schema errors


def _data_path(loc: Sequence[int | str], data: Any) -> tuple[PathKey, bool]:
    """The data path a pydantic `loc` points at, skipping union tags; and whether it exists."""
    path: list[str | int] = []
    node = data
    for segment in loc:
        if isinstance(node, dict) and segment in node:
            node = node[segment]
            path.append(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
            path.append(segment)
        elif isinstance(node, (dict, list)):
            if isinstance(segment, str) and (segment in RULE_MODELS or segment in {"str", "Dependency"}):
                continue
            return tuple(path) + (segment,), False
        else:
            return tuple(path), True
    return tuple(path), True


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional, Union, Annotated, tuple and dict annotations."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        return [inner for arg in typing.get_args(annotation) if arg is not Ellipsis for inner in _unwrap(arg)]
    return [annotation]


def _model_at(path: PathKey, data: Any) -> type[BaseModel] | None:
    """The format model that describes the mapping at `path`."""
    model: type[BaseModel] | None = Roadmap
    node = data
    for segment in path:
        if model is None or not isinstance(segment, str):
            node = node[segment] if isinstance(node, list) and isinstance(segment, int) else node
            continue
        field = model.model_fields.get(segment)
        if field is None:
            return None
        node = node.get(segment) if isinstance(node, dict) else None
        candidates = [t for t in _unwrap(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        model = candidates[0] if candidates else None
        if segment == "rules":
            model = None
    if model is None and len(path) >= 2 and path[0] == "rules":
        rule = data.get("rules", [])[path[1]] if isinstance(path[1], int) else None
        kind = rule.get("kind") if isinstance(rule, dict) else None
        model = RULE_MODELS.get(kind) if isinstance(kind, str) else None
        return _model_at_rule(model, path[2:], node)
    return model


def _model_at_rule(model: type[BaseModel] | None, rest: PathKey, node: Any) -> type[BaseModel] | None:
    """The model for a path inside a rule."""
    if model is None:
        return None
    for segment in rest:
        if not isinstance(segment, str):
            continue
        field = model.model_fields.get(segment)
        if field is None:
            return None
        candidates = [t for t in _unwrap(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        model = candidates[0] if candidates else None
        if model is None:
            return None
    return model


def _thing(path: PathKey, data: Any) -> str:
    """Words for the object at `path`, e.g. 'initiative `bts-1`' or 'the roadmap header'."""
    if not path:
        return _("the roadmap file")
    if path[0] == "roadmap":
        return _("the roadmap header (`roadmap:`)")
    noun = SECTION_NOUNS.get(str(path[0]))
    if noun and len(path) >= 2 and isinstance(path[1], int):
        items = data.get(path[0]) if isinstance(data, dict) else None
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        label = _("{noun} `{ident}`").format(noun=_(noun), ident=ident) if isinstance(ident, str) else _("{noun} #{number}").format(noun=_(noun), number=path[1] + 1)
        if len(path) >= 4 and path[2] == "depends_on":
            return _("a dependency of {label}").format(label=label)
        if len(path) >= 4 and path[2] == "targets":
            return _("a target of {label}").format(label=label)
        if len(path) >= 3 and path[0] == "rules" and path[2] in ("target", "require", "match", "milestone"):
            return _("`{path}` of {label}").format(path=path[2], label=label)
        return label
    return f"`{'.'.join(str(p) for p in path)}`"


def _field_name(path: PathKey) -> str:
    """The last key name in a path."""
    for segment in reversed(path):
        if isinstance(segment, str):
            return segment
    return "value"


REGION_FIELDS = ("region", "parent", "regions", "within")
"""Fields that reference regions by id."""
WHOLE_NUMBER_FIELDS = ("cost", "capacity")
"""Whole-number fields where people write thousands separators (`15.000.000.000`)."""
_THOUSANDS = re.compile(r"^\s*[0-9]{1,3}([.,][0-9]{3})+([.,][0-9]{1,2})?\s*$")
_REGION_CODE = re.compile(CODE_PATTERN)


def region_code_help(value: str, declared: Sequence[tuple[str, str | None]], field: str) -> tuple[str, str] | None:
    """(message, hint) when a region reference is a Kemendagri code: the declared region with it, or the national one."""
    if not _REGION_CODE.match(value):
        return None
    for region_id, code in declared:
        if code == value:
            return (
                _("`{code}` is the Kemendagri code of region `{region}`, but a reference takes the region's id").format(code=value, region=region_id),
                _("write `{field}: {region}`").format(field=field, region=region_id),
            )
    from roadmap_cli.national import find_region
    from roadmap_cli.national import region_id as national_id

    found = find_region(value)
    if found is None:
        return None
    new_id = national_id(value)
    return (
        _("`{code}` is the Kemendagri code of {name} in the national region list, which this roadmap does not declare; a reference takes a region id").format(code=value, name=found.name),
        _('declare it under `regions:` as `- {{id: {region}, name: {name}, kind: {kind}, code: "{code}"}}` (with its `parent`), then write `{field}: {region}`').format(
            region=new_id, name=found.name, kind=found.kind, code=value, field=field
        ),
    )


def _value_words(value: Any) -> str:
    """How a YAML value reads to a person."""
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("the boolean {lower}").format(lower=str(value).lower())
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=value)
    return f"`{value}`"


def _lookup(data: Any, path: PathKey) -> Any:
    """The value at `path`, or None."""
    node = data
    for segment in path:
        try:
            node = node[segment]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def schema_diagnostics(error: ValidationError, data: Any, source_map: SourceMap) -> list[Diagnostic]:
    """Pydantic validation errors as diagnostics with positions and fixes."""
    diagnostics = []
    for item in error.errors(include_url=False):
        path, exists = _data_path(item["loc"], data)
        diagnostics.append(_describe(_Failure(item, path, exists, data, source_map)))
    return diagnostics


@dataclass(frozen=True)
class _Failure:
    """One pydantic error with what describing it needs: its type, field, value and where it is."""

    item: Any
    path: PathKey
    exists: bool
    data: Any
    source_map: SourceMap

    @property
    def kind(self) -> str:
        """pydantic's error type, e.g. `extra_forbidden`."""
        return str(self.item["type"])

    @property
    def field(self) -> str:
        """The name of the field the error is about."""
        return _field_name(self.path)

    @property
    def value(self) -> Any:
        """The value as loaded, or None when the path does not exist."""
        return _lookup(self.data, self.path) if self.exists else None

    @property
    def raw(self) -> str | None:
        """The scalar as written in the file, for values YAML turned into something other than text."""
        return self.source_map.scalar_text(self.path) if self.exists else None

    @property
    def span(self) -> SourceSpan:
        """Where the value is (or its nearest written ancestor)."""
        return self.source_map.nearest(self.path)

    @property
    def ctx(self) -> dict[str, Any]:
        """pydantic's context of the error (limits, expected values, the exception raised)."""
        return dict(self.item.get("ctx") or {})

    @property
    def detail(self) -> str:
        """pydantic's message, in the active language where the catalog has it."""
        return pydantic_message(self.item)


def _unknown_field(failure: _Failure) -> Diagnostic:
    """`extra_forbidden`: a key the model does not have, with the nearest valid one."""
    owner_path, field = failure.path[:-1], failure.field
    model = _model_at(owner_path, failure.data)
    allowed = sorted(model.model_fields) if model else []
    thing = _thing(owner_path, failure.data)
    noun = _article(thing.split(" `")[0] if " `" in thing and not thing.startswith("`") else thing)
    if len(owner_path) >= 4 and owner_path[2] == "targets":
        noun = _("a target") if len(owner_path) == 4 else _("a measured value")
    message = _("`{field}` is not a field of {article}{did_you_mean}").format(field=field, article=noun, did_you_mean=did_you_mean(field, allowed))
    hint = _("fields of {article}: {join}").format(article=noun, join=", ".join(allowed)) if allowed else _("remove it")
    return _diagnostic(failure.source_map.nearest(failure.path, prefer_key=True), "unknown-field", message, hint)


def _missing_field(failure: _Failure) -> Diagnostic:
    """`missing`: a required key is not there."""
    owner_path, field = failure.path[:-1], failure.field
    thing = _thing(owner_path, failure.data)
    hint = _("add `{field}:` to {thing}").format(field=field, thing=thing)
    if owner_path == ():
        hint = {"version": _("start the file with `version: 1`"), "roadmap": _("add a `roadmap:` header with id, name and start")}.get(field, hint)
    message = _("{thing} is missing `{field}`").format(thing=thing, field=field)
    return _diagnostic(failure.source_map.nearest(owner_path), "missing-field", message, hint)


def _region_code(failure: _Failure) -> Diagnostic | None:
    """A region reference YAML read as a number: say which declared region code it looks like."""
    data = failure.data
    declared = [(r.get("id"), r.get("code")) for r in data.get("regions", []) if isinstance(r, dict)] if isinstance(data, dict) else []
    assert failure.raw is not None
    helped = region_code_help(failure.raw, [(str(i), str(c) if c is not None else None) for i, c in declared], failure.field)
    return None if helped is None else _diagnostic(failure.span, "ambiguous-scalar", *helped)


def _thousands(failure: _Failure) -> Diagnostic | None:
    """A whole number written with thousands separators (`1.500.000`)."""
    value, field = failure.value, failure.field
    written = failure.raw if failure.raw is not None else value if isinstance(value, str) else None
    if written is None or not _THOUSANDS.match(written):
        return None
    digits = re.sub(r"[.,]", "", written.strip())
    return _diagnostic(
        failure.span,
        "invalid-value",
        _("`{written}` in `{field}` is written with thousands separators; a number here has digits only").format(written=written.strip(), field=field),
        _("write `{field}: {digits}`").format(field=field, digits=digits if not re.search(r"[.,][0-9]{1,2}$", written.strip()) else digits[:-2]),
    )


def _ambiguous_scalar(failure: _Failure) -> Diagnostic:
    """Text that YAML read as a number, a boolean or a date."""
    raw, field = failure.raw, failure.field
    return _diagnostic(
        failure.span,
        "ambiguous-scalar",
        _("`{raw}` in `{field}` is read by YAML as {value_words}, not as text").format(raw=raw, field=field, value_words=_value_words(failure.value)),
        _('quote it: {field}: "{raw}"').format(field=field, raw=raw),
    )


def _bad_code(failure: _Failure) -> Diagnostic:
    """A region code that is not a Kemendagri code."""
    return _diagnostic(failure.span, "invalid-value", _("`{value}` is not a Kemendagri code").format(value=failure.value), _('write it like "65", "65.71" or "65.71.01" (quoted)'))


def _bad_id(failure: _Failure) -> Diagnostic:
    """Any other pattern mismatch: an id."""
    return _diagnostic(
        failure.span,
        "invalid-id",
        _("`{value}` is not a valid id in `{field}`").format(value=failure.value, field=failure.field),
        _("ids start with a letter or digit and use only letters, digits, `-`, `_` and `.` (at most 100 characters)"),
    )


def _unknown_rule_kind(failure: _Failure) -> Diagnostic:
    """A rule whose `kind` names no rule kind, or is not there."""
    path, kinds = failure.path, sorted(RULE_MODELS)
    tag = _lookup(failure.data, path + ("kind",)) if failure.kind == "union_tag_invalid" else None
    if tag is not None:
        message = _("`{tag}` is not a rule kind{did_you_mean}").format(tag=tag, did_you_mean=did_you_mean(str(tag), kinds))
    else:
        message = _("{thing} has no `kind`").format(thing=_thing(path, failure.data))
    return _diagnostic(failure.source_map.nearest(path + ("kind",)), "unknown-rule-kind", message, _("rule kinds: {join}").format(join=", ".join(kinds)))


def _missing_kind(failure: _Failure) -> Diagnostic:
    """A tagged union without its `kind`."""
    message = _("{thing} is missing `kind`").format(thing=_thing(failure.path, failure.data))
    return _diagnostic(failure.span, "missing-field", message, _("rule kinds: {join}").format(join=", ".join(sorted(RULE_MODELS))))


def _not_a_choice(failure: _Failure) -> Diagnostic:
    """A value outside an enumeration (`version` has its own words)."""
    value, field = failure.value, failure.field
    if field == "version":
        return _diagnostic(failure.span, "unsupported-version", _("version {value!r} is not supported; this roadmap tool reads version 1").format(value=value), _("write `version: 1`"))
    expected = failure.ctx.get("expected", "")
    choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
    return _diagnostic(
        failure.span,
        "invalid-value",
        _("{value_words} is not a valid `{field}`{did_you_mean}").format(value_words=_value_words(value), field=field, did_you_mean=did_you_mean(str(value), choices)),
        _("use one of: {join}").format(join=", ".join(choices)),
    )


def _bad_date(failure: _Failure) -> Diagnostic:
    """A date that is not YYYY-MM-DD or not a real day."""
    reason = failure.ctx.get("error", "")
    detail = _(" ({reason})").format(reason=reason) if reason and not isinstance(reason, DateTextError) else ""
    message = _("{value_words} is not a valid date in `{field}`{detail}").format(value_words=_value_words(failure.value), field=failure.field, detail=detail)
    return _diagnostic(failure.span, "invalid-date", message, _("write dates as YYYY-MM-DD, e.g. 2026-01-15"))


def _value_error(failure: _Failure) -> Diagnostic:
    """A validator's own message (durations, quorum...): `message; hint`."""
    reason = failure.ctx.get("error", "")
    code = "invalid-duration" if isinstance(reason, DurationError) else "invalid-value"
    text, _separator, hint = str(failure.ctx.get("error", failure.item["msg"])).partition("; ")
    return _diagnostic(failure.span, code, _("{text} (in `{field}`)").format(text=text, field=failure.field), hint)


def _wrong_type(message: str, hint: str) -> Callable[[_Failure], Diagnostic]:
    """A describer for a value of the wrong type: catalog message and hint with `{field}` and `{value_words}`."""

    def describe(failure: _Failure) -> Diagnostic:
        words = {"field": failure.field, "value_words": _value_words(failure.value)}
        return _diagnostic(failure.span, "wrong-type", _(message).format(**words), _(hint).format(**words))

    return describe


def _out_of_range(failure: _Failure) -> Diagnostic:
    """A number or boolean pydantic refused (type, parsing or bounds), in pydantic's words."""
    field = failure.field
    message = _("{value_words} is not a valid `{field}`: {lower}").format(value_words=_value_words(failure.value), field=field, lower=_lowered(failure.detail))
    return _diagnostic(failure.span, "invalid-value", message, _("see docs/format.md for `{field}`").format(field=field))


def _too_short(failure: _Failure) -> Diagnostic:
    """A list or text shorter than its minimum."""
    field = failure.field
    message = _("`{field}` is too short: {lower}").format(field=field, lower=_lowered(failure.detail))
    return _diagnostic(failure.span, "invalid-value", message, _("see docs/format.md for `{field}`").format(field=field))


def _other(failure: _Failure) -> Diagnostic:
    """Any other pydantic error: its own message."""
    field = failure.field
    message = _("{value_words} is not valid for `{field}`: {item}").format(value_words=_value_words(failure.value), field=field, item=failure.detail)
    return _diagnostic(failure.span, "invalid-value", message, _("see docs/format.md for `{field}`").format(field=field))


def _lowered(text: str) -> str:
    """pydantic's sentence as the middle of ours: its first letter in lower case."""
    return text.lower() if current_language() == "en" else text[:1].lower() + text[1:]


def _is(*kinds: str) -> Callable[[_Failure], bool]:
    """Matches the errors of these pydantic types."""
    return lambda failure: failure.kind in kinds


def _text_read_as_other(failure: _Failure) -> bool:
    """A text field whose plain scalar YAML resolved to a number, boolean or date."""
    return failure.kind in ("string_type", "string_pattern_mismatch") and failure.raw is not None and not isinstance(failure.value, str)


_NUMBER_KINDS = ("greater_than", "greater_than_equal", "less_than_equal", "less_than")

_DESCRIBERS: tuple[tuple[Callable[[_Failure], bool], Callable[[_Failure], Diagnostic | None]], ...] = (
    (_is("extra_forbidden"), _unknown_field),
    (_is("missing"), _missing_field),
    (lambda f: _text_read_as_other(f) and f.field in REGION_FIELDS, _region_code),
    (lambda f: (f.kind.startswith("int_") or f.kind == "value_error") and f.field in WHOLE_NUMBER_FIELDS, _thousands),
    (_text_read_as_other, _ambiguous_scalar),
    (lambda f: f.kind == "string_pattern_mismatch" and f.field == "code", _bad_code),
    (_is("string_pattern_mismatch"), _bad_id),
    (lambda f: f.kind == "union_tag_invalid" or (f.kind == "union_tag_not_found" and f.field == "kind"), _unknown_rule_kind),
    (_is("union_tag_not_found"), _missing_kind),
    (_is("enum", "literal_error"), _not_a_choice),
    (lambda f: f.kind.startswith("date") or isinstance(f.ctx.get("error"), DateTextError), _bad_date),
    (_is("value_error"), _value_error),
    (_is("model_type", "dict_type", "model_attributes_type"), _wrong_type(N_("`{field}` should be a mapping, not {value_words}"), N_("see docs/format.md for `{field}`"))),
    (_is("tuple_type", "list_type"), _wrong_type(N_("`{field}` should be a list, not {value_words}"), N_("write `{field}: [a, b]` or one `- item` per line"))),
    (_is("string_type"), _wrong_type(N_("`{field}` should be text, not {value_words}"), N_("write text (quote it if in doubt)"))),
    (lambda f: f.kind.startswith(("int_", "float_", "bool_")) or f.kind in _NUMBER_KINDS, _out_of_range),
    (_is("too_short", "string_too_short"), _too_short),
)
"""pydantic error type -> describer, first match wins; a describer may decline (None) and leave it to the next."""


def _describe(failure: _Failure) -> Diagnostic:
    """One pydantic error in a planner's words: the first describer in `_DESCRIBERS` that takes it."""
    for matches, describe in _DESCRIBERS:
        if matches(failure):
            diagnostic = describe(failure)
            if diagnostic is not None:
                return diagnostic
    return _other(failure)


def _article(noun: str) -> str:
    """`an initiative`, `a region`, or the phrase unchanged when it already has an article."""
    if noun.startswith(("the ", "`", "a ", "an ")):
        return noun
    return _("an {noun}").format(noun=noun) if noun[:1] in "aeiou" else _("a {noun}").format(noun=noun)


# ---------------------------------------------------------------- semantic checks


class _Checker:
    """Cross-object checks over a schema-valid roadmap."""

    def __init__(self, model: Roadmap, source_map: SourceMap, status_date: date | None = None, as_of: bool = False) -> None:
        self.model = model
        self.source_map = source_map
        self.status_date = status_date
        self.as_of = as_of
        self.problems: list[Diagnostic] = []
        self._ids: dict[str, dict[str, int]] = {}

    def error(self, path: PathKey, code: str, message: str, hint: str = "") -> None:
        """Record an error at `path`."""
        self.problems.append(_diagnostic(self.source_map.nearest(path), code, message, hint))

    def warn(self, path: PathKey, code: str, message: str, hint: str = "") -> None:
        """Record a warning at `path`."""
        self.problems.append(_diagnostic(self.source_map.nearest(path), code, message, hint, Severity.WARNING))

    def run(self) -> list[Diagnostic]:
        """Every semantic problem of the roadmap."""
        self.check_unique_ids()
        self.check_dates()
        self.check_header()
        self.check_resources()
        self.check_regions()
        self.check_initiatives()
        self.check_funding()
        self.check_rules()
        TargetChecks(self.model, self.error, self.warn, self.status_date, self.as_of).run()
        self.check_unused()
        return self.problems

    def ids(self, section: str) -> dict[str, int]:
        """First index of each id in a section (computed once per section)."""
        first = self._ids.get(section)
        if first is None:
            first = {}
            for index, item in enumerate(getattr(self.model, section)):
                first.setdefault(item.id, index)
            self._ids[section] = first
        return first

    def check_unique_ids(self) -> None:
        """Ids are unique within each section, across all files."""
        for section, noun in SECTION_NOUNS.items():
            seen: dict[str, int] = {}
            for index, item in enumerate(getattr(self.model, section)):
                if item.id in seen:
                    first = self.source_map.nearest((section, seen[item.id], "id"))
                    self.error(
                        (section, index, "id"),
                        "duplicate-id",
                        _("{noun} id `{id}` is used twice (first at {path}:{line})").format(noun=_(noun), id=item.id, path=first.path, line=first.line),
                        _("give each {noun} its own id").format(noun=_(noun)),
                    )
                else:
                    seen[item.id] = index

    def check_dates(self) -> None:
        """Every date written lies within the days a plan can use."""
        header = self.model.roadmap
        dated: list[tuple[PathKey, date | None]] = [(("roadmap", "start"), header.start), (("roadmap", "horizon"), header.horizon)]
        if isinstance(header.phases, tuple):
            dated += [(("roadmap", "phases", i, "until"), window.until) for i, window in enumerate(header.phases)]
        for i, item in enumerate(self.model.initiatives):
            dated += [(("initiatives", i, name), getattr(item, name)) for name in ("earliest_start", "started", "finished")]
        for path, day in dated:
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                self.error(
                    path,
                    "outside-calendar",
                    _("{day} is outside the days a plan can use ({first} to {last})").format(day=day, first=FIRST_DAY, last=LAST_DAY),
                    _("check the year"),
                )

    def check_header(self) -> None:
        """The horizon comes after the start."""
        header = self.model.roadmap
        if header.horizon is not None and header.horizon <= header.start:
            self.error(
                ("roadmap", "horizon"),
                "horizon-before-start",
                _("the horizon {horizon} is not after the start {start}").format(horizon=header.horizon, start=header.start),
                _("set `horizon` to a later date or remove it"),
            )
        if isinstance(header.phases, tuple):
            previous = header.start - timedelta(days=1)
            for index, window in enumerate(header.phases):
                if window.until <= previous:
                    self.error(
                        ("roadmap", "phases", index, "until"),
                        "phase-window-order",
                        _("phase `{name}` ends on {until}, not after {previous}, where the phase before it (or the roadmap's start) leaves off").format(
                            name=window.name, until=window.until, previous=previous
                        ),
                        _("list the phases in time order, each `until` later than the one before and not before the roadmap's `start`"),
                    )
                previous = max(previous, window.until)

    def check_resources(self) -> None:
        """Only budgets renew per period and belong to a funding source (a known one, one budget each); teams and crews count people at once."""
        known = sources(tuple((s.id, s.name, s.apbd) for s in self.model.funding_sources))
        budget_of: dict[str, int] = {}
        for i, resource in enumerate(self.model.resources):
            if resource.per is not None and resource.kind is not ResourceKind.BUDGET:
                self.error(
                    ("resources", i, "per"),
                    "invalid-value",
                    _("{value} `{id}` has `per: {per}`, but only a budget renews per period").format(value=resource.kind.value, id=resource.id, per=resource.per),
                    _("remove `per`, or set `kind: budget`"),
                )
            if resource.funding is None:
                continue
            path: PathKey = ("resources", i, "funding")
            if resource.kind is not ResourceKind.BUDGET:
                self.error(
                    path,
                    "invalid-value",
                    _("{value} `{id}` has `funding: {source}`, but only a budget belongs to a funding source").format(value=resource.kind.value, id=resource.id, source=resource.funding),
                    _("remove `funding`, or set `kind: budget`"),
                )
            elif resource.funding not in known:
                self.error(
                    path,
                    "unknown-funding-source",
                    _("unknown funding source `{value}`{did_you_mean}").format(value=resource.funding, did_you_mean=did_you_mean(resource.funding, known)),
                    _("use one of the known sources ({ids}) or declare `{value}` under `funding_sources:`").format(ids=", ".join(known), value=resource.funding),
                )
            elif resource.funding in budget_of:
                first = self.model.resources[budget_of[resource.funding]]
                where = self.source_map.nearest(("resources", budget_of[resource.funding], "funding"))
                self.error(
                    path,
                    "duplicate-source-budget",
                    _("funding source `{source}` has two yearly budgets, `{first}` ({path}:{line}) and `{id}`").format(
                        source=resource.funding, first=first.id, path=where.path, line=where.line, id=resource.id
                    ),
                    _("keep one budget per source and give it the whole yearly `capacity`; for separate money, declare another source under `funding_sources:` and fund the initiatives from it"),
                )
            else:
                budget_of[resource.funding] = i

    def reference(self, path: PathKey, value: str, section: str) -> bool:
        """Check that `value` names an item of `section`; report a did-you-mean if not."""
        if value in self.ids(section):
            return True
        noun = SECTION_NOUNS[section]
        field = next((segment for segment in reversed(path) if isinstance(segment, str)), section)
        helped = region_code_help(value, [(r.id, r.code) for r in self.model.regions], field) if section == "regions" else None
        if helped is not None:
            self.error(path, "unknown-region", *helped)
            return False
        self.error(
            path,
            f"unknown-{noun}",
            _("unknown {noun} `{value}`{did_you_mean}").format(noun=_(noun), value=value, did_you_mean=did_you_mean(value, self.ids(section))),
            _("declare {noun} `{value}` under `{section}:` or fix the id").format(noun=_(noun), value=value, section=section),
        )
        return False

    def check_regions(self) -> None:
        """Parents exist, the tree has no cycle, and levels go down the hierarchy."""
        regions = {r.id: r for r in self.model.regions}
        index = self.ids("regions")
        for i, region in enumerate(self.model.regions):
            if region.parent is None:
                continue
            if not self.reference(("regions", i, "parent"), region.parent, "regions"):
                continue
            parent = regions[region.parent]
            if REGION_LEVEL[parent.kind] >= REGION_LEVEL[region.kind]:
                self.warn(
                    ("regions", i, "parent"),
                    "region-level",
                    _("{value} `{id}` sits under {value2} `{id2}`, which is not a higher level").format(value=region.kind.value, id=region.id, value2=parent.kind.value, id2=parent.id),
                    _("check `kind` and `parent`"),
                )
        for loop in RegionTree((r.id, r.parent) for r in self.model.regions).loops():
            self.error(
                ("regions", index[loop[0]], "parent"), "region-cycle", _("regions form a loop: {join}").format(join=" -> ".join(loop)), _("a region's parent must be a larger region; fix one `parent`")
            )

    def check_initiatives(self) -> None:
        """References, statuses, dates, durations and demands of every initiative."""
        statuses = {i.id: i.status for i in self.model.initiatives}
        resources = {r.id: r for r in self.model.resources}
        start = self.model.roadmap.start
        for i, item in enumerate(self.model.initiatives):
            base = ("initiatives", i)
            self.reference(base + ("region",), item.region, "regions")
            self.reference(base + ("category",), item.category, "categories")
            self.check_duration(base, item)
            self.check_status(base, item)
            if item.earliest_start is not None and item.earliest_start < start and item.status is Status.PLANNED:
                self.warn(
                    base + ("earliest_start",),
                    "before-start",
                    _("earliest start {earliest_start} is before the roadmap start {start}").format(earliest_start=item.earliest_start, start=start),
                    _("planned work starts on the roadmap start at the earliest"),
                )
            seen_deps: set[str] = set()
            for j, dep in enumerate(item.depends_on):
                path: PathKey = base + ("depends_on", j)
                self.check_span(path + ("lag",), dep.lag, "lag")
                if dep.id == item.id:
                    self.error(path, "self-dependency", _("initiative `{id}` depends on itself").format(id=item.id), _("remove it from its own `depends_on`"))
                elif dep.id not in statuses:
                    self.reference(path, dep.id, "initiatives")
                elif statuses[dep.id] is Status.DROPPED and item.status is not Status.DROPPED:
                    self.warn(
                        path,
                        "depends-on-dropped",
                        _("initiative `{id}` depends on `{id2}`, which is dropped; the dependency is ignored").format(id=item.id, id2=dep.id),
                        _("remove the dependency or change its status"),
                    )
                if dep.id in seen_deps:
                    self.warn(path, "duplicate-dependency", _("`{id}` is listed twice in `depends_on`").format(id=dep.id), _("list each dependency once"))
                seen_deps.add(dep.id)
            for resource_id, amount in sorted(item.demands.items()):
                path = base + ("demands", resource_id)
                if not self.reference(path, resource_id, "resources"):
                    continue
                resource = resources[resource_id]
                if resource.funding is not None and resource.kind is ResourceKind.BUDGET:
                    self.check_source_demand(path, item, resource.id, resource.funding)
                if resource.kind is not ResourceKind.BUDGET and amount > resource.capacity:
                    self.error(
                        path,
                        "demand-exceeds-capacity",
                        _("initiative `{id}` needs {amount} of `{resource_id}`, whose capacity is {capacity}").format(id=item.id, amount=amount, resource_id=resource_id, capacity=resource.capacity),
                        _("lower the demand or raise the capacity; it could never be scheduled"),
                    )

    def check_source_demand(self, path: PathKey, item: Initiative, resource_id: str, source: str) -> None:
        """An explicit demand on the budget of a funding source: drawn twice when the source funds the work, a contradiction when it does not."""
        funded = source == item.funding if isinstance(item.funding, str) else item.funding is not None and source in item.funding
        if funded:
            message = _("initiative `{id}` demands budget `{resource}`, the yearly budget of `{source}`, which funds it: its share of the cost is already drawn from it").format(
                id=item.id, resource=resource_id, source=source
            )
            hint = _("remove `{resource}` from `demands:`; the share of `cost` that `{source}` pays is drawn from its budget").format(resource=resource_id, source=source)
        else:
            message = _("initiative `{id}` demands budget `{resource}`, the yearly budget of `{source}`, but `{source}` does not fund it").format(id=item.id, resource=resource_id, source=source)
            hint = _("fund it from `{source}` in `funding:` and remove the demand (its share of `cost` is then drawn from the budget), or demand another budget").format(source=source)
        self.error(path, "source-budget-demand", message, hint)

    def check_funding(self) -> None:
        """Every funding share names a known source, and a split adds up to 100% or to the cost."""
        known = sources(tuple((s.id, s.name, s.apbd) for s in self.model.funding_sources))
        for i, item in enumerate(self.model.initiatives):
            path: PathKey = ("initiatives", i, "funding")
            if item.funding is None:
                continue
            split = {item.funding: "100%"} if isinstance(item.funding, str) else item.funding
            for source_id in split:
                if source_id not in known:
                    self.error(
                        path + (source_id,) if isinstance(item.funding, dict) else path,
                        "unknown-funding-source",
                        _("unknown funding source `{value}`{did_you_mean}").format(value=source_id, did_you_mean=did_you_mean(source_id, known)),
                        _("use one of the known sources ({ids}) or declare `{value}` under `funding_sources:`").format(ids=", ".join(known), value=source_id),
                    )
            if isinstance(item.funding, dict):
                self.check_split(path, item)

    def check_split(self, path: PathKey, item: Initiative) -> None:
        """A split is all percents adding up to 100%, or all rupiah adding up to the initiative's cost."""
        assert isinstance(item.funding, dict)
        values = list(item.funding.values())
        amounts = [value for value in values if isinstance(value, int)]
        if not values:
            self.error(
                path,
                "funding-split",
                _("initiative `{id}` has an empty funding split").format(id=item.id),
                _("name one source, e.g. `funding: apbd-provinsi`, or split it, e.g. `{apbd-provinsi: 60%, dak: 40%}`"),
            )
        elif amounts and len(amounts) < len(values):
            self.error(
                path,
                "funding-split",
                _("the funding split of initiative `{id}` mixes percents and amounts").format(id=item.id),
                _("write every share in percent (adding up to 100%) or every share in rupiah (adding up to the cost)"),
            )
        elif amounts and item.cost is None:
            self.error(
                path,
                "funding-split",
                _("the funding split of initiative `{id}` is in rupiah, but the initiative has no `cost`").format(id=item.id),
                _("add `cost: {total}` or write the shares in percent").format(total=sum(amounts)),
            )
        elif amounts and sum(amounts) != item.cost:
            self.error(
                path,
                "funding-split",
                _("the funding shares of initiative `{id}` add up to {total}, but its cost is {cost}").format(id=item.id, total=sum(amounts), cost=item.cost),
                _("make the amounts add up to the cost ({difference:+d} needed), or write the shares in percent").format(difference=(item.cost or 0) - sum(amounts)),
            )
        elif not amounts and (total := sum(percent_value(str(value)) or 0 for value in values)) != 100:
            self.error(
                path,
                "funding-split",
                _("the funding shares of initiative `{id}` add up to {total}%, not 100%").format(id=item.id, total=total),
                _("change the percents so they add up to 100% ({difference:+d}% needed)").format(difference=100 - total),
            )

    def check_span(self, path: PathKey, days: int, what: str) -> None:
        """A duration or lag is at most MAX_SPAN_DAYS long, either way."""
        if abs(days) > MAX_SPAN_DAYS:
            message = (
                _("the duration is {days} days, about {years} years; one duration may be at most {limit} days (100 years)")
                if what == "duration"
                else _("the lag is {days} days, about {years} years; one lag may be at most {limit} days (100 years)")
            )
            self.error(
                path,
                "too-long",
                message.format(days=days, years=round(days / 365), limit=MAX_SPAN_DAYS),
                _("shorten it, or check the unit (e.g. `90y` written for `90d`)"),
            )

    def check_duration(self, base: PathKey, item: Initiative) -> None:
        """Milestones take no time; everything else states how long it takes, within the limit."""
        if item.duration is not None:
            self.check_span(base + ("duration",), item.duration, "duration")
        if item.milestone and item.duration not in (None, 0):
            self.error(
                base + ("duration",),
                "milestone-duration",
                _("milestone `{id}` has a duration of {duration} days").format(id=item.id, duration=item.duration),
                _("remove `duration` from a milestone, or set `milestone: false`"),
            )
        if not item.milestone and item.duration is None:
            self.error(base, "missing-field", _("initiative `{id}` is missing `duration`").format(id=item.id), _("add e.g. `duration: 6m`, or `milestone: true` for a zero-length event"))

    def check_status(self, base: PathKey, item: Initiative) -> None:
        """Actual dates match the status."""
        if item.status in (Status.ACTIVE, Status.DONE) and item.started is None:
            self.error(base + ("status",), "status-dates", _("initiative `{id}` is {value} but has no `started` date").format(id=item.id, value=item.status.value), _("add `started: YYYY-MM-DD`"))
        if item.status is Status.DONE and item.finished is None:
            self.error(base + ("status",), "status-dates", _("initiative `{id}` is done but has no `finished` date").format(id=item.id), _("add `finished: YYYY-MM-DD`"))
        if item.status is Status.PLANNED and (item.started or item.finished):
            self.error(
                base + ("started" if item.started else "finished",),
                "status-dates",
                _("initiative `{id}` is planned but has actual dates").format(id=item.id),
                _("set `status: active` or `status: done`, or remove the dates"),
            )
        if item.status is Status.ACTIVE and item.finished is not None:
            self.error(base + ("finished",), "status-dates", _("initiative `{id}` is active but has a `finished` date").format(id=item.id), _("set `status: done`, or remove `finished`"))
        if item.started and item.finished and item.finished < item.started:
            self.error(
                base + ("finished",),
                "status-dates",
                _("initiative `{id}` finished ({finished}) before it started ({started})").format(id=item.id, finished=item.finished, started=item.started),
                _("check both dates"),
            )
        self.check_status_date(base, item)
        self.check_progress(base, item)

    def check_status_date(self, base: PathKey, item: Initiative) -> None:
        """Actual dates are history: none lies after the status date."""
        if self.status_date is None or item.status not in (Status.ACTIVE, Status.DONE):
            return
        if self.as_of:
            hint = _("correct the date, or give a later `--as-of`")
        else:
            hint = _("correct the date, or set a later `status_date:` in the roadmap header (or give `--as-of`)")
        if item.started is not None and item.started > self.status_date:
            message = _("initiative `{id}` started on {started}, after the status date {status_date}")
            self.error(base + ("started",), "status-dates", message.format(id=item.id, started=item.started, status_date=self.status_date), hint)
        if item.finished is not None and item.finished > self.status_date:
            message = _("initiative `{id}` finished on {finished}, after the status date {status_date}")
            self.error(base + ("finished",), "status-dates", message.format(id=item.id, finished=item.finished, status_date=self.status_date), hint)

    def check_progress(self, base: PathKey, item: Initiative) -> None:
        """`progress` and `remaining` describe active work, one of them at a time."""
        if item.progress is not None and item.remaining is not None:
            message = _("initiative `{id}` gives both `progress` and `remaining`")
            self.error(base + ("remaining",), "invalid-value", message.format(id=item.id), _("keep only one of them"))
        for field in ("progress", "remaining"):
            if getattr(item, field) is not None and item.status is not Status.ACTIVE:
                message = _("initiative `{id}` is {status}, so its `{field}` is ignored")
                self.warn(
                    base + (field,),
                    "progress-not-active",
                    message.format(id=item.id, status=item.status.value, field=field),
                    _("set `status: active` and `started:`, or remove `{field}`").format(field=field),
                )

    def check_selector(self, path: PathKey, selector: Selector) -> None:
        """References inside a rule's selector resolve."""
        for field, section in (("initiatives", "initiatives"), ("regions", "regions"), ("within", "regions"), ("categories", "categories")):
            for j, value in enumerate(getattr(selector, field) or ()):
                self.reference(path + (field, j), value, section)
        known_tags = self.tags()
        for j, tag in enumerate(selector.tags or ()):
            if tag not in known_tags:
                self.warn(
                    path + ("tags", j), "unknown-tag", _("no initiative has the tag `{tag}`{did_you_mean}").format(tag=tag, did_you_mean=did_you_mean(tag, known_tags)), _("check the tag's spelling")
                )

    def tags(self) -> set[str]:
        """Every tag some initiative has (computed once)."""
        if "tags" not in self._ids:
            self._ids["tags"] = {tag: 0 for item in self.model.initiatives for tag in item.tags}
        return set(self._ids["tags"])

    def check_rules(self) -> None:
        """Every rule names existing categories, regions, initiatives and tags."""
        for i, rule in enumerate(self.model.rules):
            base = ("rules", i)
            for field, selector in selectors(rule):
                self.check_selector(base + (field,), selector)
            for where, name, section in RULE_KINDS[rule.kind].references(rule):
                self.reference(base + where, name, section)

    def check_unused(self) -> None:
        """Warn about categories and resources nothing uses."""
        used_categories = {item.category for item in self.model.initiatives}
        for i, category in enumerate(self.model.categories):
            if category.id not in used_categories:
                self.warn(("categories", i, "id"), "unused-category", _("no initiative is in category `{id}`").format(id=category.id), _("add initiatives to it or remove it"))
        used_resources = {key for item in self.model.initiatives for key in item.demands}
        funded = {share.source for item in self.model.initiatives for share in shares(item.funding, item.cost) if share.amount}
        known = sources(tuple((s.id, s.name, s.apbd) for s in self.model.funding_sources))
        for i, resource in enumerate(self.model.resources):
            if resource.funding is not None and resource.kind is ResourceKind.BUDGET:
                if resource.funding not in funded and resource.funding in known:
                    self.warn(
                        ("resources", i, "funding"),
                        "unused-resource",
                        _("no initiative with a cost is funded from `{source}`, so nothing draws on its budget `{id}`").format(source=resource.funding, id=resource.id),
                        _("fund initiatives from `{source}` and give them a `cost`, or remove the budget").format(source=resource.funding),
                    )
            elif resource.id not in used_resources:
                self.warn(("resources", i, "id"), "unused-resource", _("no initiative demands resource `{id}`").format(id=resource.id), _("add `demands:` to initiatives or remove it"))


def check_roadmap(data: Any, source_map: SourceMap, files: Sequence[str] = (), as_of: date | None = None) -> CheckedRoadmap:
    """Validate merged data as of a status date; raise SchemaError or ReferenceCheckError with every problem found.

    The status date is `as_of` (the `--as-of` option), else the header's `status_date`, else today.
    """
    try:
        model = Roadmap.model_validate(data)
    except ValidationError as error:
        raise SchemaError(schema_diagnostics(error, data, source_map)) from None
    status_date = as_of or model.roadmap.status_date or today()
    problems = _Checker(model, source_map, status_date, as_of is not None).run()
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ReferenceCheckError(problems)
    return CheckedRoadmap(model, source_map, tuple(files), tuple(p for p in problems if not p.is_error), status_date)
