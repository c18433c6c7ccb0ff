"""The message catalogs: complete, consistent with the source, compiled; and the language chosen as documented."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from roadmap_cli import i18n
from roadmap_cli.cli import app
from support.cli import invoke
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]


catalogs = load_script("scripts/i18n.py", "catalog_script")


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


def _commands(command: Any) -> Iterator[Any]:
    """A click command and all its subcommands."""
    yield command
    for subcommand in getattr(command, "commands", {}).values():
        yield from _commands(subcommand)


def test_every_command_accepts_lang() -> None:
    for command in _commands(typer.main.get_command(app)):
        assert any("--lang" in parameter.opts for parameter in command.params), command.name


def test_unknown_language_exits_2_with_the_supported_list() -> None:
    assert invoke("plan", "--lang", "fr") == (2, "", "roadmap: error: unknown language `fr`; supported: en, id\n")
    assert invoke("schema", env={"ROADMAP_LANG": "xx"})[0] == 2


def test_lang_anywhere_on_the_line_translates_help_and_usage_errors() -> None:
    assert invoke("--lang", "id", "plan", "--help")[1].startswith("Penggunaan: ")
    assert invoke("plan", "--help", "--lang=id")[1].startswith("Penggunaan: ")
    code, _out, err = invoke("plan", "--bogus", env={"LANG": "id_ID.UTF-8"})
    assert code == 2 and err.endswith("Kesalahan: Opsi tidak dikenal: --bogus\n")
    assert i18n.current_language() == "en"


def test_lang_beats_the_environment() -> None:
    assert invoke("plan", "--help", "--lang", "en", env={"ROADMAP_LANG": "id"})[1].startswith("Usage: ")


WORDS = re.compile(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}")
"""Two words in a row: text a person reads, not an id, a key or a symbol."""
SINKS = {"echo", "print", "UsageError", "ValueError", "BadParameter", "Text", "Rule", "Diagnostic", "error", "warn", "problem", "add", "append", "write"}
"""Calls whose arguments reach a person: printing, diagnostics, usage errors, rich text."""
NOT_PROSE = ("<", "    direction ")
"""Prefixes of generated syntax (SVG/HTML markup, Mermaid statements), which is not translated."""
INTERNAL = ("scheduling",)
"""Packages whose errors are internal invariants (the input was validated before); they surface only as exit 3."""


def _untranslated_literals(path: Path) -> Iterator[str]:
    """Literal prose passed straight to an output call in one module, outside `_()`/`ngettext()`."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else function.attr if isinstance(function, ast.Attribute) else ""
        if name not in SINKS:
            continue
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                text = argument.value
            elif isinstance(argument, ast.JoinedStr):
                text = "".join(part.value for part in argument.values if isinstance(part, ast.Constant) and isinstance(part.value, str))
            else:
                continue
            if WORDS.search(text) and not text.startswith(NOT_PROSE):
                yield f"{path.relative_to(ROOT)}:{argument.lineno}: {text[:60]!r}"


def test_no_printed_prose_outside_the_catalog() -> None:
    package = ROOT / "src" / "roadmap_cli"
    found = [problem for path in sorted(package.rglob("*.py")) if path.relative_to(package).parts[0] not in INTERNAL for problem in _untranslated_literals(path)]
    assert found == []


def test_no_function_that_translates_rebinds_the_underscore() -> None:
    shadowing = []
    for path in sorted((ROOT / "src" / "roadmap_cli").rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            body = list(ast.walk(function))
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in body)
            scoped = {id(name) for n in body if isinstance(n, ast.comprehension) for name in ast.walk(n.target)}
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) and id(n) not in scoped for n in body)
            if calls and binds:
                shadowing.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert shadowing == []


@pytest.fixture
def indonesian_roadmap(tmp_path: Path) -> Path:
    """The minimal example with `language: id` in its header."""
    from support.roadmaps import ROOT

    text = (ROOT / "examples" / "minimal" / "roadmap.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "peta"
    folder.mkdir()
    (folder / "roadmap.yaml").write_text(text.replace("\nroadmap:\n", "\nroadmap:\n  language: id\n", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("arguments", "environment", "heading"),
    [
        ((), {}, "## Ringkasan"),
        ((), {"LANG": "en_US.UTF-8"}, "## Ringkasan"),  # the header wins over the locale
        (("--lang", "en"), {}, "## Summary"),  # --lang wins over the header
        ((), {"ROADMAP_LANG": "en"}, "## Summary"),  # so does ROADMAP_LANG
    ],
)
def test_the_header_language_writes_that_roadmaps_report(indonesian_roadmap: Path, arguments: tuple[str, ...], environment: dict[str, str], heading: str) -> None:
    code, out, err = invoke("export", str(indonesian_roadmap), "--format", "markdown", *arguments, env=environment)
    assert (code, err) == (0, "")
    assert heading in out.splitlines()


def test_a_roadmap_without_a_language_gets_the_commands(indonesian_roadmap: Path) -> None:
    """The header's language is that roadmap's: the next roadmap of the same process is back in the command's language."""
    from roadmap_cli.pipeline import check_files
    from support.roadmaps import ROOT, roadmap_at

    i18n.choose_language("en", explicit=False)
    check_files(roadmap_at(indonesian_roadmap))
    assert i18n.current_language() == "id"
    check_files(roadmap_at(ROOT / "examples" / "minimal"))
    assert i18n.current_language() == "en"


def test_an_unsupported_header_language_is_an_error_naming_the_languages(indonesian_roadmap: Path) -> None:
    path = indonesian_roadmap / "roadmap.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: id", "language: fr"), encoding="utf-8")
    code, out, err = invoke("validate", str(indonesian_roadmap), "--format", "text", "--color", "never")
    assert (code, out) == (1, "")
    assert "error[invalid-value]: `fr` is not a valid `language`\n  hint: use one of: en, id\n" in err


@pytest.mark.parametrize(
    ("language", "explicit", "made_by_rule"),
    [
        ("en", "explicit (r.yaml:3)", "rule kota-dulu (rules.yaml:9): kota first"),
        ("id", "eksplisit (r.yaml:3)", "aturan kota-dulu (rules.yaml:9): kota first"),
    ],
)
def test_a_reason_reads_in_the_active_language(language: str, explicit: str, made_by_rule: str) -> None:
    """Reason.text() is worded when shown, so a plan built in one language renders in another."""
    from roadmap_cli.plan import Reason

    i18n.set_language(language)
    assert Reason("explicit", "r.yaml:3", "b depends on a").text() == explicit
    assert Reason("wave", "rules.yaml:9", "kota first", "kota-dulu").text() == made_by_rule
