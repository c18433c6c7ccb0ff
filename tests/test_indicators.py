"""Built-in indicators: the SPBE index's bands and domain weights, and how a roadmap's declaration resolves."""

from __future__ import annotations

import pytest

from roadmap_cli.indicators import BUILTIN_INDICATORS, SPBE_INDEX, reading_value, resolve_indicator
from roadmap_cli.models import Indicator, Reading


def test_spbe_domain_weights_add_up_to_100() -> None:
    """13 + 25 + 16,5 + 45,5 % (Kebijakan Internal, Tata Kelola, Manajemen, Layanan)."""
    weights = {domain.id: domain.weight for domain in SPBE_INDEX.domains or ()}
    assert weights == {"kebijakan": 13.0, "tata-kelola": 25.0, "manajemen": 16.5, "layanan": 45.5}
    assert sum(weights.values()) == 100.0


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.0, "Poor"),
        (1.79, "Poor"),
        (1.8, "Fair"),
        (2.45, "Fair"),
        (2.55, "Fair"),
        (2.6, "Good"),
        (3.49, "Good"),
        (3.5, "Very good"),
        (3.93, "Very good"),
        (4.2, "Satisfactory"),
        (5.0, "Satisfactory"),
    ],
)
def test_spbe_bands_follow_permenpanrb_59_2020(value: float, band: str) -> None:
    """Kurang < 1,8 <= Cukup < 2,6 <= Baik < 3,5 <= Sangat Baik < 4,2 <= Memuaskan."""
    assert resolve_indicator(Indicator(id="indeks-spbe")).band(value) == band


def test_domain_scores_give_the_weighted_index() -> None:
    """A reading of domain scores only has the weighted score as its value; a partial one has none."""
    spbe = resolve_indicator(Indicator(id="indeks-spbe"))
    full = Reading(domains={"kebijakan": 2.0, "tata-kelola": 2.5, "manajemen": 2.0, "layanan": 2.7})
    assert reading_value(spbe, full) == pytest.approx(2.4435)
    assert reading_value(spbe, Reading(domains={"kebijakan": 2.0})) is None
    assert reading_value(spbe, Reading(value=3.1)) == 3.1


def test_fields_next_to_a_builtin_id_replace_the_builtins() -> None:
    """`{id: indeks-spbe, max: 4}` keeps the built-in's name, bands and domains and changes the scale only."""
    changed = resolve_indicator(Indicator(id="indeks-spbe", max=4.0))
    assert (changed.name, changed.max, len(changed.bands), len(changed.domains)) == ("SPBE index", 4.0, 5, 4)


def test_builtins_are_the_spbe_index_and_connected_villages() -> None:
    """The ids a roadmap may declare bare."""
    assert sorted(BUILTIN_INDICATORS) == ["desa-terhubung", "indeks-spbe"]
    assert (BUILTIN_INDICATORS["desa-terhubung"].min, BUILTIN_INDICATORS["desa-terhubung"].max) == (0.0, 100.0)
