"""Indicators a roadmap's targets measure: the built-ins (SPBE index, connected villages) and their bands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from roadmap_cli.i18n import N_
from roadmap_cli.models import Band, Direction, Indicator, IndicatorDomain, Reading

WEIGHT_TOTAL = 100.0
"""Domain weights are percentages and add up to this."""
WEIGHT_TOLERANCE = 0.01
"""How far domain weights may add up away from 100 (rounding in published weights)."""
VALUE_TOLERANCE = 0.005
"""How far a written value may lie from its domains' weighted score: half the last digit of a two-decimal index."""

SPBE_INDEX = Indicator(
    id="indeks-spbe",
    name=N_("SPBE index"),
    unit=N_("index 0-5"),
    direction=Direction.HIGHER,
    min=0.0,
    max=5.0,
    # PermenPANRB 59/2020 predicate bands (shared/domain.md §2); the English names are translations.
    bands=(
        Band(name=N_("Poor"), min=0.0),
        Band(name=N_("Fair"), min=1.8),
        Band(name=N_("Good"), min=2.6),
        Band(name=N_("Very good"), min=3.5),
        Band(name=N_("Satisfactory"), min=4.2),
    ),
    # Domain weights as Diskominfo Samarinda publishes them (https://ibukotakini.com/amp/indeks-spbe-kota-samarinda-meningkat).
    domains=(
        IndicatorDomain(id="kebijakan", name=N_("Internal SPBE policy"), weight=13.0),
        IndicatorDomain(id="tata-kelola", name=N_("SPBE governance"), weight=25.0),
        IndicatorDomain(id="manajemen", name=N_("SPBE management"), weight=16.5),
        IndicatorDomain(id="layanan", name=N_("SPBE services"), weight=45.5),
    ),
    source="PermenPANRB 59/2020",
)
CONNECTED_VILLAGES = Indicator(
    id="desa-terhubung",
    name=N_("Villages connected"),
    unit="%",
    direction=Direction.HIGHER,
    min=0.0,
    max=100.0,
    source=N_("share of desa/kelurahan with 4G or internet access (Kemkominfo desa digital)"),
)
BUILTIN_INDICATORS: Mapping[str, Indicator] = {indicator.id: indicator for indicator in (SPBE_INDEX, CONNECTED_VILLAGES)}
"""Indicators a roadmap declares by bare id."""
BUILTIN_TEXTS = frozenset(
    text
    for indicator in BUILTIN_INDICATORS.values()
    for text in (indicator.name, indicator.unit, *(band.name for band in indicator.bands or ()), *(domain.name for domain in indicator.domains or ()))
    if text
)
"""Names of the built-ins, which are translated when shown (a roadmap's own names are shown as written)."""


@dataclass(frozen=True)
class ResolvedIndicator:
    """An indicator with every field filled in: a roadmap's own, or a built-in with the fields the roadmap overrode."""

    id: str
    name: str
    unit: str
    direction: Direction
    min: float | None
    max: float | None
    bands: tuple[Band, ...]
    domains: tuple[IndicatorDomain, ...]
    source: str | None

    def band(self, value: float) -> str | None:
        """Name of the band `value` lies in, or None when the scale has no bands or it lies below them all."""
        name = None
        for band in sorted(self.bands, key=lambda b: b.min):
            if value >= band.min:
                name = band.name
        return name

    def weighted(self, domains: Mapping[str, float]) -> float | None:
        """The value that domain scores give, or None unless every domain has a score."""
        if not self.domains or any(domain.id not in domains for domain in self.domains):
            return None
        return sum(domain.weight * domains[domain.id] for domain in self.domains) / WEIGHT_TOTAL

    def value_of(self, reading: Reading) -> float | None:
        """A reading's value: as written, else the weighted score of its domains."""
        return reading.value if reading.value is not None else self.weighted(reading.domains)

    def better(self, value: float, than: float) -> bool:
        """True when `value` is at least as good as `than`, in the indicator's direction."""
        return value >= than if self.direction is Direction.HIGHER else value <= than


def resolve_indicator(entry: Indicator) -> ResolvedIndicator:
    """Fill an entry's missing fields from the built-in of the same id (name and unit fall back to the id)."""
    base = BUILTIN_INDICATORS.get(entry.id)
    if base is not None:
        entry = base.model_copy(update={field: getattr(entry, field) for field in entry.model_fields_set if field != "id"})
    return ResolvedIndicator(
        id=entry.id,
        name=entry.name or entry.id,
        unit=entry.unit or "",
        direction=entry.direction or Direction.HIGHER,
        min=entry.min,
        max=entry.max,
        bands=tuple(sorted(entry.bands or (), key=lambda band: band.min)),
        domains=entry.domains or (),
        source=entry.source,
    )


def resolve_indicators(entries: Sequence[Indicator]) -> dict[str, ResolvedIndicator]:
    """Every declared indicator by id, the first declaration of an id winning."""
    resolved: dict[str, ResolvedIndicator] = {}
    for entry in entries:
        resolved.setdefault(entry.id, resolve_indicator(entry))
    return resolved
