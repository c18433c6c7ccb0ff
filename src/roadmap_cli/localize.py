"""Words, dates and amounts in the active language: statuses, periods, region kinds, rupiah (Babel, not by hand)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from roadmap_cli.i18n import N_, _, current_language

RUPIAH_LOCALE = "id"
"""Rupiah amounts are grouped the Indonesian way in every language (`Rp 1.500.000.000`)."""

STATUS_WORDS = {"planned": N_("planned"), "active": N_("active"), "done": N_("done"), "dropped": N_("dropped")}
PERIOD_WORDS = {"year": N_("year"), "half": N_("half"), "quarter": N_("quarter"), "month": N_("month")}
PERIOD_PLURALS = {"year": N_("years"), "half": N_("halves"), "quarter": N_("quarters"), "month": N_("months")}
REGION_KIND_WORDS = {
    "country": N_("country"),
    "province": N_("province"),
    "kabupaten": N_("kabupaten"),
    "kota": N_("kota"),
    "kecamatan": N_("kecamatan"),
    "desa": N_("desa"),
    "kelurahan": N_("kelurahan"),
}
RESOURCE_KIND_WORDS = {"team": N_("team"), "crew": N_("crew"), "budget": N_("budget")}


def _word(table: dict[str, str], value: str) -> str:
    """The translated word for a YAML value, or the value itself when the table does not know it."""
    return _(table[value]) if value in table else value


def status_word(status: str) -> str:
    """`planned`, `active`, `done` as a person reads them (`direncanakan`, `berjalan`, `selesai`)."""
    return _word(STATUS_WORDS, status)


def period_word(period: str) -> str:
    """`year`, `half`, `quarter`, `month` as words (`tahun`, `semester`, `triwulan`, `bulan`)."""
    return _word(PERIOD_WORDS, period)


def period_plural(period: str) -> str:
    """The plural of a period word (`halves`; in Indonesian the same as the singular)."""
    return _word(PERIOD_PLURALS, period)


def region_kind_word(kind: str) -> str:
    """A region level as a word (`province` is `provinsi`)."""
    return _word(REGION_KIND_WORDS, kind)


def resource_kind_word(kind: str) -> str:
    """A resource kind as a word (`budget` is `anggaran`)."""
    return _word(RESOURCE_KIND_WORDS, kind)


def period_part(day: date, period: str) -> str:
    """The period within its year that holds `day`: `H2`/`Q3` in English, `S2`/`TW3` (semester, triwulan) in Indonesian."""
    if period == "half":
        return _("H{number}").format(number=1 if day.month <= 6 else 2)
    if period == "quarter":
        return _("Q{number}").format(number=(day.month - 1) // 3 + 1)
    if period == "month":
        return f"{day.month:02d}"
    return str(day.year)


def period_text(day: date, period: str) -> str:
    """The calendar period holding `day` for people: `2026-H2` in English, `2026-S2` in Indonesian; years alone."""
    return str(day.year) if period == "year" else f"{day.year}-{period_part(day, period)}"


def day_text(day: date) -> str:
    """A date in prose: ISO in English (`2025-01-01`), `1 Jan 2025` in Indonesian (Babel)."""
    if current_language() == "en":
        return day.isoformat()
    from babel.dates import format_date  # Babel is imported on first use: `roadmap validate` needs none of it

    return format_date(day, "d MMM y", locale=current_language())


def long_day_text(day: date) -> str:
    """A date spelled out for headings: `1 January 2025`, `1 Januari 2025`."""
    from babel.dates import format_date

    return format_date(day, "long", locale=current_language())


def number_text(value: float) -> str:
    """A number with the active language's separators (`1,234.5`, `1.234,5`)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_language())


def percent_text(share: float) -> str:
    """A share as a percentage (`80%`, `80,5%`)."""
    from babel.numbers import format_percent

    return format_percent(share, locale=current_language(), decimal_quantization=False)


def rupiah_exact(amount: int) -> str:
    """An exact rupiah amount, e.g. `Rp 1.500.000.000`."""
    from babel.numbers import format_decimal

    return "Rp " + format_decimal(amount, locale=RUPIAH_LOCALE)


def rupiah_compact(amount: int) -> str:
    """A rounded rupiah amount: `Rp 18,7 miliar`, `Rp 850 juta` in Indonesian; `Rp 18,7 M`, `Rp 850 jt` in English.

    Amounts stay in rupiah and in Indonesian number style in every language; English keeps the Indonesian short
    abbreviations (M = miliar, jt = juta, T = triliun) rather than converting to billions (see docs/glossary.md).
    """
    from babel.numbers import format_compact_decimal, format_decimal, parse_decimal

    if amount < 1_000_000:
        return rupiah_exact(amount)
    form: Literal["short", "long"] = "long" if current_language() == "id" else "short"
    scaled = format_compact_decimal(amount, format_type=form, locale=RUPIAH_LOCALE, fraction_digits=2)
    number, _space, scale = scaled.replace("\N{NO-BREAK SPACE}", " ").partition(" ")
    # Beyond the largest scale word (1.000 triliun and up) the compact pattern leaves the digits ungrouped.
    grouped = format_decimal(parse_decimal(number, locale=RUPIAH_LOCALE), locale=RUPIAH_LOCALE)
    return f"Rp {grouped} {scale}"
