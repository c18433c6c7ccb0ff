"""File text: decoding (UTF-8, size, control characters) and PyYAML's syntax errors as located problems."""

from __future__ import annotations

import codecs
import re

import yaml

from roadmap_cli.errors import Diagnostic
from roadmap_cli.i18n import N_, _
from roadmap_cli.loader.limits import MIB, Limits
from roadmap_cli.loader.scalars import NON_PRINTABLE
from roadmap_cli.source import pack_position

_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + "$"), message)
    for pattern, message in (
        (r"mapping values are not allowed here", N_("mapping values are not allowed here")),
        (r"mapping values are not allowed in this context", N_("mapping values are not allowed in this context")),
        (r"block sequence entries are not allowed in this context", N_("block sequence entries are not allowed in this context")),
        (r"could not find expected ':'", N_("could not find expected ':'")),
        (r"did not find expected key", N_("did not find expected key")),
        (r"did not find expected node content", N_("did not find expected node content")),
        (r"did not find expected '-' indicator", N_("did not find expected '-' indicator")),
        (r"did not find expected ',' or '\]'", N_("did not find expected ',' or ']'")),
        (r"did not find expected ',' or '\}'", N_("did not find expected ',' or '}}'")),
        (r"found unexpected end of stream", N_("found unexpected end of stream")),
        (r"found unexpected document separator", N_("found unexpected document separator")),
        (r"found character that cannot start any token", N_("found character that cannot start any token")),
        (r"found character (?P<char>.+) that cannot start any token", N_("found character {char} that cannot start any token")),
        (r"found unknown escape character", N_("found unknown escape character")),
        (r"found unknown escape character (?P<char>.+)", N_("found unknown escape character {char}")),
        (r"found a tab character that violates indentation", N_("found a tab character that violates indentation")),
        (r"expected <block end>, but found (?P<found>.+)", N_("expected <block end>, but found {found}")),
        (r"expected ',' or '\]', but got (?P<found>.+)", N_("expected ',' or ']', but got {found}")),
        (r"expected ',' or '\}', but got (?P<found>.+)", N_("expected ',' or '}}', but got {found}")),
        (r"expected the node content, but found (?P<found>.+)", N_("expected the node content, but found {found}")),
        (r"expected alphabetic or numeric character, but found (?P<found>.+)", N_("expected alphabetic or numeric character, but found {found}")),
        (r"while parsing a block mapping", N_("while parsing a block mapping")),
        (r"while parsing a block collection", N_("while parsing a block collection")),
        (r"while parsing a block node", N_("while parsing a block node")),
        (r"while parsing a flow sequence", N_("while parsing a flow sequence")),
        (r"while parsing a flow mapping", N_("while parsing a flow mapping")),
        (r"while parsing a flow node", N_("while parsing a flow node")),
        (r"while parsing a node", N_("while parsing a node")),
        (r"while scanning a simple key", N_("while scanning a simple key")),
        (r"while scanning a quoted scalar", N_("while scanning a quoted scalar")),
        (r"while scanning a plain scalar", N_("while scanning a plain scalar")),
        (r"while scanning a block scalar", N_("while scanning a block scalar")),
        (r"while scanning an anchor", N_("while scanning an anchor")),
        (r"while scanning an alias", N_("while scanning an alias")),
    )
)
"""PyYAML's and libyaml's problem and context phrases -> the catalog's message: the phrase itself in English, its
`{` and `}` doubled."""


def yaml_phrase(text: str) -> str:
    """A problem or context phrase of PyYAML or libyaml in the active language; the phrase itself when unknown."""
    for pattern, message in _PROBLEMS:
        match = pattern.match(text)
        if match is not None:
            return _(message).format(**match.groupdict())
    return text


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, max_depth: int) -> tuple[int, str, str, str]:
    """The packed position, code, message and hint for a PyYAML/libyaml syntax error in `text`."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, met while looking ahead
        return (pack_position(line, col), "depth-limit", *depth_words(max_depth))
    problem = (exc.problem or exc.context or _("invalid YAML")).strip()
    shown = yaml_phrase(problem)
    source_line = text.split("\n", line)[line - 1] if line - 1 < text.count("\n") + 1 else ""
    leading = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in leading[: max(col, 1)] or source_line[col - 1 : col] == "\t":
        tab = leading.find("\t") + 1 or col
        return (
            pack_position(line, tab),
            "yaml-syntax",
            _("a TAB character is used for indentation; YAML allows only spaces there"),
            _("indent with spaces"),
        )
    quoted = _quoted_value(source_line) if "mapping values are not allowed" in problem else None
    if quoted is not None:
        return (
            pack_position(line, col),
            "yaml-syntax",
            _("invalid YAML: a colon followed by a space inside a value starts a new key (`{problem}`)").format(problem=shown),
            _("put the value in quotes: {quoted}").format(quoted=quoted),
        )
    context = ""
    if exc.context and exc.problem and exc.context_mark is not None:
        context = _(" ({strip} at line {line})").format(strip=yaml_phrase(exc.context.strip()), line=exc.context_mark.line + 1)
    return (
        pack_position(line, col),
        "yaml-syntax",
        _("invalid YAML: {problem}{context}").format(problem=shown, context=context),
        _("check the indentation, colons, quotes and brackets on this line and the one before"),
    )


_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*?)\s*$")


def _quoted_value(source_line: str) -> str | None:
    """`key: "a: b"` for a line `key: a: b` whose value holds `: `, else None."""
    match = _KEY_AND_VALUE.match(source_line)
    if match is None or ": " not in match.group(3) or match.group(3)[0] in "\"'[{":
        return None
    value = match.group(3).replace("\\", "\\\\").replace('"', '\\"')
    return f'{match.group(2)}: "{value}"'


def depth_words(max_depth: int) -> tuple[str, str]:
    """Message and hint of a depth-limit diagnostic."""
    return (
        _("lists and mappings are nested more than {max_depth} levels deep here").format(max_depth=max_depth),
        _("flatten the structure; a roadmap needs only a few levels"),
    )


def _position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: str | bytes, display_path: str, limits: Limits) -> str | Diagnostic:
    """The text of a file as str, or the diagnostic saying why it is not acceptable."""
    if len(raw) > limits.max_file_bytes:
        return Diagnostic(
            display_path,
            1,
            1,
            "size-limit",
            _("file is {length:.1f} MiB; files larger than {max_file_bytes:.0f} MiB are refused").format(length=len(raw) / MIB, max_file_bytes=limits.max_file_bytes / MIB),
            _("split the roadmap into several files and use include"),
        )
    if isinstance(raw, bytes):
        body = raw.removeprefix(codecs.BOM_UTF8)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            line_start = body.rfind(b"\n", 0, exc.start) + 1
            col = len(body[line_start : exc.start].decode("utf-8", "replace")) + 1
            return Diagnostic(
                display_path,
                line,
                col,
                "encoding",
                _("the file is not valid UTF-8 text (byte 0x{body:02x} at line {line})").format(body=body[exc.start], line=line),
                _("save the file as UTF-8"),
            )
    else:
        text = raw.removeprefix("\ufeff")
    bad = NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _position_of(text, bad.start())
        return Diagnostic(
            display_path,
            line,
            col,
            "encoding",
            _("the file contains the control character U+{ord:04X}, which YAML does not allow").format(ord=ord(bad.group())),
            _("remove it; if the file was saved as UTF-16 or as a binary file, save it as UTF-8 text"),
        )
    return text
