"""The bundled roadmaps' SPBE targets start from each region's published 2024 SPBE index, and none is invented."""

from __future__ import annotations

import pytest

from roadmap_cli.status import status_report
from support.roadmaps import ROOT, checked, plan_of

SPBE_INDEX_2024 = {
    # Kalimantan Utara, SPBE evaluation 2024 (KemenPANRB), as reported in
    # https://kaltara.tribunnews.com/amp/2025/08/07/indeks-spbe-terendah-di-kaltarapemkab-malinau-lakukan-evaluasi-perbaikan-libatkan-40-opd
    # (shared/domain-review.md, U4).
    ("kaltara", "bulungan"): 3.93,
    ("kaltara", "tarakan"): 3.11,
    ("kaltara", "nunukan"): 2.89,
    ("kaltara", "tana-tidung"): 2.84,
    ("kaltara", "malinau"): 2.45,
    # Kalimantan Timur: only Samarinda's 2024 index was found, 3,85 (Sangat Baik),
    # https://ibukotakini.com/amp/indeks-spbe-kota-samarinda-meningkat (shared/domain-review.md §1.4).
    ("kaltim", "samarinda"): 3.85,
}
"""Every published 2024 SPBE index of a bundled region; regions not listed have no figure in the sources."""


def _spbe_targets(name: str) -> dict[str, tuple[int, float]]:
    """Region id -> (baseline year, baseline value) of its `indeks-spbe` target in a bundled roadmap."""
    model = checked(ROOT / "roadmaps" / name).checked.model
    found = {}
    for region in model.regions:
        for target in region.targets:
            if target.indicator == "indeks-spbe":
                assert target.baseline.value is not None
                found[region.id] = (target.baseline.year, target.baseline.value)
    return found


@pytest.mark.parametrize("name", ["kaltara", "kaltim"])
def test_every_spbe_target_starts_from_the_regions_2024_index(name: str) -> None:
    """Exactly the regions with a published 2024 index have an SPBE target, and it starts from that index."""
    expected = {region: (2024, value) for (roadmap, region), value in SPBE_INDEX_2024.items() if roadmap == name}
    assert _spbe_targets(name) == expected


def test_every_kaltara_kabupaten_and_kota_has_an_spbe_target() -> None:
    """All five kabupaten/kota of Kalimantan Utara have a published 2024 index, so each has a target."""
    model = checked(ROOT / "roadmaps" / "kaltara").checked.model
    below = {region.id for region in model.regions if region.parent == "kalimantan-utara"}
    assert below == set(_spbe_targets("kaltara"))


def test_status_shows_each_kaltara_spbe_target() -> None:
    """The status page has one SPBE line per Kaltara kabupaten/kota, with the 2024 baseline and a next target."""
    plan = plan_of(ROOT / "roadmaps" / "kaltara")
    report = status_report(plan, plan.roadmap.status_date or plan.roadmap.start)
    spbe = {progress.target.owner_id: progress for progress in report.targets if progress.target.indicator == "indeks-spbe"}
    assert {region: progress.target.baseline for region, progress in spbe.items()} == {region: value for (roadmap, region), value in SPBE_INDEX_2024.items() if roadmap == "kaltara"}
    assert all(progress.next is not None for progress in spbe.values())
