"""Refresh and check the message catalogs (gettext, domain `roadmap`) with Babel.

Run from the project root with the source on the path:

    python scripts/i18n.py extract [-o FILE]  # the template of every message in the source (default: stdout)
    python scripts/i18n.py update             # add new messages to each locale/<lang>/LC_MESSAGES/roadmap.po, drop removed ones
    python scripts/i18n.py compile            # write each roadmap.mo from its roadmap.po
    python scripts/i18n.py check              # exit 1 listing what is missing, mismatched or stale
    python scripts/i18n.py resolve            # after a merge conflict in the catalogs: keep both sides' entries

Messages are found in src/roadmap_cli as the literal arguments of `_()`, `N_()` and `ngettext()`, and as the
docstrings of typer commands (their `--help` text). The catalogs are
written sorted by message and without source line numbers, so two engineers adding messages rarely touch the same
lines; when they do (or the binary .mo conflicts), `resolve` keeps the entries of both sides, updates, compiles and
stages the catalogs.
"""

from __future__ import annotations

import argparse
import ast
import io
import string
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "roadmap_cli"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "roadmap"
LANGUAGES = ("en", "id")
TRANSLATED = ("id",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
WIDTH = 100
HEADER_COMMENT = (
    "# Messages of roadmap (gettext domain `roadmap`).\n"
    "# Refresh with `python scripts/i18n.py update`, translate, then `python scripts/i18n.py compile`;\n"
    "# terms follow docs/glossary.md. See README, Contributing: translations."
)

MessageId = str | tuple[str, ...] | list[str]


def extract() -> Catalog:
    """Every message marked in the package source, as a template catalog."""
    template = Catalog(project="roadmap", domain=DOMAIN, creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)
    found = extract_from_dir(PACKAGE, [("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, docstring in command_docstrings(path.read_text(encoding="utf-8")):
            template.add(docstring, None, [(str(path.relative_to(PACKAGE)), lineno)], auto_comments=["--help text of a command"])
    return template


def command_docstrings(source: str) -> list[tuple[int, str]]:
    """The docstrings of functions registered with `@x.command(...)` or `@x.callback(...)`: typer shows them as `--help`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(_registers_command(decorator) for decorator in node.decorator_list):
            docstring = ast.get_docstring(node, clean=True)
            if docstring:
                found.append((node.lineno, docstring))
    return found


def _registers_command(decorator: ast.expr) -> bool:
    """Whether a decorator is `@something.command(...)` or `@something.callback(...)`."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def po_path(language: str) -> Path:
    """Where the catalog of `language` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    """The catalog of `language`, or a new empty one with the language's plural forms."""
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="roadmap", domain=DOMAIN, creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    """A catalog as .po text: sorted by message, no source locations, no obsolete entries."""
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.project, catalog.version, catalog.copyright_holder = "roadmap", "1", "the roadmap contributors"
    catalog.msgid_bugs_address = catalog.last_translator = "the roadmap contributors"
    catalog.language_team = f"{catalog.locale_identifier or 'en'} (see docs/glossary.md)"
    catalog.header_comment = HEADER_COMMENT
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, no_location=True, sort_output=True, ignore_obsolete=True, include_previous=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """A catalog compiled to .mo, fuzzy entries left out."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    """Bring every .po in line with the source: new messages added untranslated, removed ones dropped."""
    template = extract()
    for language in LANGUAGES:
        catalog = read_catalog(language)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))


def compile_catalogs() -> None:
    """Write every .mo from its .po."""
    for language in LANGUAGES:
        catalog = read_catalog(language)
        po_path(language).with_suffix(".mo").write_bytes(mo_bytes(catalog))


def placeholders(text: str) -> list[str]:
    """The `{name:spec}` fields of a format string, sorted (literal `{{` and `}}` are not fields)."""
    fields = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.append(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}")
    return sorted(fields)


def _forms(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A message's source forms and translated forms."""
    ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    strings = (message.string,) if isinstance(message.string, str) or message.string is None else tuple(message.string)
    return ids, tuple(s or "" for s in strings)


def _key(message_id: MessageId) -> str:
    """A message id as one line for reports."""
    return message_id if isinstance(message_id, str) else " | ".join(message_id)


def missing_messages(language: str) -> Iterator[str]:
    """Messages in the source that the catalog of `language` lacks, and catalog entries the source no longer has."""
    template = extract()
    catalog = read_catalog(language)
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    present = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
    for message_id, _context in sorted(wanted - present, key=str):
        yield f"{language}: not in the catalog (run `python scripts/i18n.py update`): {message_id!r}"
    for message_id, _context in sorted(present - wanted, key=str):
        yield f"{language}: no longer in the source (run `python scripts/i18n.py update`): {message_id!r}"


def _entries(language: str) -> Iterator[tuple[Message, tuple[str, ...], tuple[str, ...]]]:
    """The catalog entries of `language` (the header left out), each with its source and translated forms."""
    for message in read_catalog(language):
        if message.id:
            yield (message, *_forms(message))


def untranslated_messages(language: str) -> Iterator[str]:
    """Catalog entries of `language` without a translation, or marked fuzzy."""
    for message, _ids, strings in _entries(language):
        if message.fuzzy:
            yield f"{language}: marked fuzzy (check it, then remove the flag): {_key(message.id)!r}"
        elif not all(strings):
            yield f"{language}: no translation: {_key(message.id)!r}"


def placeholder_mismatches(language: str) -> Iterator[str]:
    """Translations whose `{placeholders}` differ from their source message's."""
    for message, ids, strings in _entries(language):
        expected = placeholders(ids[-1])
        for text in strings:
            if text and placeholders(text) != expected:
                yield f"{language}: placeholders {placeholders(text)} differ from the source's {expected}: {_key(message.id)!r}"


def stale_compiled(language: str) -> Iterator[str]:
    """A .mo that is missing or not what its .po compiles to."""
    compiled = po_path(language).with_suffix(".mo")
    if not compiled.exists() or compiled.read_bytes() != mo_bytes(read_catalog(language)):
        yield f"{language}: {compiled.relative_to(ROOT)} is stale (run `python scripts/i18n.py compile`)"


def unnormalised_po(language: str) -> Iterator[str]:
    """A .po not in the sorted, location-free layout `update` writes."""
    path = po_path(language)
    if path.exists() and path.read_bytes() != po_bytes(read_catalog(language)):
        yield f"{language}: {path.relative_to(ROOT)} is not sorted as `update` writes it (run `python scripts/i18n.py update`)"


def _conflict_side(path: Path, stage: int) -> Catalog | None:
    """One side (2 = ours, 3 = theirs) of a conflicted .po, as git stored it."""
    shown = subprocess.run(["git", "show", f":{stage}:{path.relative_to(ROOT).as_posix()}"], cwd=ROOT, capture_output=True, check=False)
    if shown.returncode != 0:
        return None
    return read_po(io.BytesIO(shown.stdout), locale=path.parent.parent.name, domain=DOMAIN)


def resolve() -> list[str]:
    """After a `git merge` conflict in the catalogs: keep every entry of both sides, then update, compile and stage."""
    resolved = []
    for language in LANGUAGES:
        path = po_path(language)
        ours, theirs = _conflict_side(path, 2), _conflict_side(path, 3)
        if ours is None or theirs is None:
            continue
        for message in theirs:
            if message.id and (message.id not in ours or not _all_translated(ours[message.id])):
                ours[message.id] = message
        path.write_bytes(po_bytes(ours))
        resolved.append(language)
    update()
    compile_catalogs()
    subprocess.run(["git", "add", str(LOCALE_DIR)], cwd=ROOT, check=True)
    return resolved


def _all_translated(message: Message) -> bool:
    """Whether every form of a message has a translation."""
    return all(_forms(message)[1])


def problems() -> list[str]:
    """Everything `check` reports."""
    found: list[str] = []
    for language in LANGUAGES:
        found += missing_messages(language)
        found += unnormalised_po(language)
        found += stale_compiled(language)
    for language in TRANSLATED:
        found += untranslated_messages(language)
        found += placeholder_mismatches(language)
    return found


def main(argv: list[str] | None = None) -> int:
    """Run one of extract, update, compile, check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("extract", "update", "compile", "check", "resolve"))
    parser.add_argument("-o", "--output", type=Path, help="extract: write the template here instead of stdout")
    arguments = parser.parse_args(argv)
    if arguments.action == "extract":
        text = po_bytes(extract())
        if arguments.output:
            arguments.output.write_bytes(text)
        else:
            sys.stdout.buffer.write(text)
    elif arguments.action == "update":
        update()
    elif arguments.action == "compile":
        compile_catalogs()
    elif arguments.action == "resolve":
        print("resolved:", ", ".join(resolve()) or "no catalog conflict")
    else:
        found = problems()
        for problem in found:
            print(problem)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
