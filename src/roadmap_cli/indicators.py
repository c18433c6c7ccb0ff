"""Indicators a roadmap's targets measure: the built-ins (SPBE index, connected villages) and their bands."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from roadmap_cli.i18n import N_
from roadmap_cli.models import Band, Direction, Indicator, IndicatorDomain, Reading, Roadmap, Target
from roadmap_cli.plan import PlannedIndicator, PlannedTarget
from roadmap_cli.source import PathKey

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


def reading_value(indicator: PlannedIndicator, reading: Reading) -> float | None:
    """A reading's value: as written, else the weighted score of its domains."""
    return reading.value if reading.value is not None else indicator.weighted(reading.domains)


def resolve_indicator(entry: Indicator) -> PlannedIndicator:
    """Fill an entry's missing fields from the built-in of the same id (name and unit fall back to the id)."""
    base = BUILTIN_INDICATORS.get(entry.id)
    if base is not None:
        entry = base.model_copy(update={field: getattr(entry, field) for field in entry.model_fields_set if field != "id"})
    return PlannedIndicator(
        id=entry.id,
        name=entry.name or entry.id,
        unit=entry.unit or "",
        direction=(entry.direction or Direction.HIGHER).value,
        min=entry.min,
        max=entry.max,
        bands=tuple((band.name, band.min) for band in sorted(entry.bands or (), key=lambda band: band.min)),
        domains=tuple((domain.id, domain.name, domain.weight) for domain in entry.domains or ()),
        builtin=base is not None,
        source=entry.source,
    )


def resolve_indicators(entries: Sequence[Indicator]) -> dict[str, PlannedIndicator]:
    """Every declared indicator by id, the first declaration of an id winning."""
    resolved: dict[str, PlannedIndicator] = {}
    for entry in entries:
        resolved.setdefault(entry.id, resolve_indicator(entry))
    return resolved


def planned_targets(model: Roadmap, indicators: Mapping[str, PlannedIndicator], where: Callable[[PathKey], str]) -> tuple[PlannedTarget, ...]:
    """Every target of a valid roadmap with its values resolved, regions first (in `model` order), then initiatives."""
    owners: list[tuple[str, str, str, PathKey, tuple[Target, ...]]] = [("region", r.id, r.id, ("regions", i), r.targets) for i, r in enumerate(model.regions)]
    owners += [("initiative", item.id, item.region, ("initiatives", i), item.targets) for i, item in enumerate(model.initiatives)]
    planned = []
    for owner, owner_id, region, base, targets in owners:
        for j, target in enumerate(targets):
            indicator = indicators[target.indicator]
            actuals = ((year, reading_value(indicator, reading)) for year, reading in sorted(target.actuals.items()))
            planned.append(
                PlannedTarget(
                    indicator=target.indicator,
                    owner=owner,
                    owner_id=owner_id,
                    region=region,
                    baseline_year=target.baseline.year,
                    baseline=_known(reading_value(indicator, target.baseline)),
                    yearly=tuple(sorted(target.yearly.items())),
                    actuals=tuple((year, _known(value)) for year, value in actuals),
                    where=where(base + ("targets", j)),
                )
            )
    return tuple(planned)


def _known(value: float | None) -> float:
    """A value validation has made sure of."""
    assert value is not None
    return value
