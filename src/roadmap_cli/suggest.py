"""Did-you-mean suggestions: the known names closest to a mistyped one, fast on national-size id lists."""

from __future__ import annotations

from collections.abc import Iterable

from roadmap_cli.i18n import _

CUTOFF = 0.6
"""Least similarity (0 to 1, as difflib's ratio) a suggestion needs."""


def closest(word: str, choices: Iterable[str], *, limit: int = 1, cutoff: float = CUTOFF) -> list[str]:
    """Up to `limit` distinct choices at least `cutoff` similar to `word`, most similar first, ties alphabetical.

    Similarity is the normalised Indel similarity (difflib's `ratio` on the longest common subsequence);
    the comparison runs in C, so a national roadmap's 30,000 ids take milliseconds per word.
    """
    ranked = sorted((-score, choice) for choice, score in similar(word, choices, cutoff=cutoff))
    return [choice for _score, choice in ranked[:limit]]


def similar(word: str, choices: Iterable[str], *, cutoff: float = CUTOFF) -> list[tuple[str, float]]:
    """Each distinct choice at least `cutoff` similar to `word`, with its similarity (0 to 1), in the order given."""
    from rapidfuzz import fuzz, process  # imported on the first mistyped name, not by every command

    candidates = list(dict.fromkeys(choices))
    found = process.extract(word, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff * 100, limit=None)
    return [(choice, score / 100) for choice, score, _index in sorted(found, key=lambda match: match[2])]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean `x`?` for the closest choice, or an empty string when none is close."""
    match = closest(word, choices)
    return _("; did you mean `{suggestion}`?").format(suggestion=match[0]) if match else ""
