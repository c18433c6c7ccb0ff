"""Translations: the active language and the gettext catalogs shipped in the package."""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from roadmap_cli.vocabulary import LANGUAGES

DOMAIN = "roadmap"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGE_VARIABLE = "ROADMAP_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_chosen = ("en", False)
"""The command's own language and whether `--lang` or ROADMAP_LANG chose it (a roadmap's header then does not)."""


class UnknownLanguageError(ValueError):
    """A language code that is not one of LANGUAGES."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self.language = language


def _activate(language: str) -> None:
    """Make `language` (one of LANGUAGES) the active one."""
    global _active, _language
    if language not in LANGUAGES:
        raise UnknownLanguageError(language)
    _language = language
    _active = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def set_language(language: str) -> None:
    """Make `language` (one of LANGUAGES) the language of every message from now on (a roadmap's header may change it)."""
    global _chosen
    _activate(language)
    _chosen = (language, _chosen[1])


def choose_language(language: str, *, explicit: bool) -> None:
    """Make `language` the command's language; `explicit` when `--lang` or ROADMAP_LANG named it, so it wins over a header."""
    global _chosen
    _activate(language)
    _chosen = (language, explicit)


def use_roadmap_language(language: str | None) -> None:
    """The language of one roadmap's messages and reports: its header's `language`, unless the command chose one explicitly.

    A roadmap without `language` (or with one that is not supported, which validation reports) gets the command's.
    """
    chosen, explicit = _chosen
    if not explicit:
        _activate(language if language in LANGUAGES else chosen)


def current_language() -> str:
    """The code of the active language."""
    return _language


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """ROADMAP_LANG if set, else Indonesian when the first set locale variable starts with `id`, else English."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip()
    if chosen:
        return chosen
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "id" if value.lower().startswith("id") else "en"
    return "en"


def _(message: str) -> str:
    """`message` in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for `count`, in the active language."""
    return _active.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, as translated for `context` (a word that reads differently elsewhere)."""
    return _active.pgettext(context, message)


def NC_(context: str, message: str) -> str:
    """Mark `message` for the catalog under `context` without translating it yet (see `pgettext`)."""
    return message


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (text defined at import time, translated with `_` when shown)."""
    return message
