"""The one suggestion helper: closest choices first, ties alphabetical, nothing when nothing is close."""

from __future__ import annotations

from roadmap_cli.suggest import closest, did_you_mean, similar


def test_closest_ranks_by_similarity_then_name() -> None:
    """The most similar choice comes first; equally similar ones in alphabetical order; repeats once."""
    assert closest("bulungan", ["malinau", "bulungan-2", "bulungn", "bulungan-2"], limit=3) == ["bulungn", "bulungan-2"]
    assert closest("abcd", ["abcx", "abce", "zzzz"], limit=2) == ["abce", "abcx"]


def test_cutoff_and_empty_choices() -> None:
    """Below the cutoff nothing is suggested, and an empty list suggests nothing."""
    assert closest("tarakan", ["nunukan-selatan"]) == []
    assert closest("tarakan", []) == []
    assert closest("tarakan", ["taraka"], cutoff=0.99) == []


def test_similar_keeps_the_given_order_with_scores() -> None:
    """`similar` returns each close choice once, in the order given, with its similarity between 0 and 1."""
    found = similar("6571", ["6572", "9999", "6571", "6572"])
    assert [choice for choice, _ in found] == ["6572", "6571"]
    assert dict(found)["6571"] == 1.0
    assert 0.6 <= dict(found)["6572"] < 1.0


def test_did_you_mean_is_a_suffix_or_nothing() -> None:
    """The did-you-mean suffix names the closest choice, or is empty."""
    assert did_you_mean("conectivity", ["connectivity", "services"]) == "; did you mean `connectivity`?"
    assert did_you_mean("x", ["connectivity"]) == ""
