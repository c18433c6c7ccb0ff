"""Translations: the active language and the gettext catalogs shipped in the package."""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "roadmap"
LANGUAGES = ("en", "id")
LOCALE_DIR = Path(__file__).parent / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Make `language` (one of LANGUAGES) the language of every message from now on."""
    global _active, _language
    if language not in LANGUAGES:
        raise ValueError(language)
    _language = language
    _active = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def current_language() -> str:
    """The code of the active language."""
    return _language


def _(message: str) -> str:
    """`message` in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for `count`, in the active language."""
    return _active.ngettext(singular, plural, count)
