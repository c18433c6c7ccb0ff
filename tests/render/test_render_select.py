"""filter_plan: region subtrees, categories and statuses; phase numbers, reasons and delays survive."""

from __future__ import annotations

import pytest

from roadmap_cli.plan import Plan
from roadmap_cli.render import filter_plan


def test_no_filter_is_the_same_plan(small: Plan) -> None:
    """Nothing asked, nothing changed."""
    assert filter_plan(small) is small


def test_region_selects_the_subtree(small: Plan) -> None:
    """A province brings its kota; a kota brings only itself, with its ancestors kept for the tree."""
    assert filter_plan(small, regions=["kaltim"]).initiatives == small.initiatives
    samarinda = filter_plan(small, regions="samarinda")
    assert [item.id for item in samarinda.initiatives] == ["smd-fiber", "smd-layanan"]
    assert [region.id for region in samarinda.regions] == ["kaltim", "samarinda"]


def test_phases_keep_their_numbers_and_shrink(small: Plan) -> None:
    """Phase numbers stay as planned, empty phases go, dates follow what is left."""
    plan = filter_plan(small, regions=["balikpapan"])
    assert [(p.number, p.initiatives, p.start, p.finish) for p in plan.phases] == [
        (1, ("bpn-fiber",), small.initiative("bpn-fiber").start, small.initiative("bpn-fiber").finish),
        (2, ("bpn-layanan",), small.initiative("bpn-layanan").start, small.initiative("bpn-layanan").finish),
    ]
    assert plan.finish == small.initiative("bpn-layanan").finish
    assert filter_plan(small, regions=["kaltim"], categories=["layanan"]).phases[0].number == 2


def test_dependencies_outside_the_selection_stay(small: Plan) -> None:
    """The gate still names both kota services as its reasons."""
    plan = filter_plan(small, categories=["tata-kelola"])
    gate = plan.initiative("kaltim-gate")
    assert [d.id for d in gate.dependencies] == ["smd-layanan", "bpn-layanan"]
    assert plan.critical_path == ("kaltim-gate", "kaltim-spbe")


def test_statuses_and_categories_combine(small: Plan) -> None:
    """Each kind of filter narrows the others; several values of one kind widen it."""
    assert [i.id for i in filter_plan(small, statuses=["done", "active"]).initiatives] == ["bpn-fiber", "smd-fiber"]
    assert [i.id for i in filter_plan(small, statuses=["active"], categories=["konektivitas"]).initiatives] == ["bpn-fiber"]
    assert filter_plan(small, statuses=["done"], categories=["layanan"]).initiatives == ()


def test_resource_delays_follow_the_selection(small: Plan) -> None:
    """A capacity delay counts only when the delayed initiative is selected."""
    kept = {r.id: r for r in filter_plan(small, regions=["balikpapan"]).resources}
    assert kept["tim-aplikasi"].delayed == ("bpn-layanan",) and kept["tim-aplikasi"].delay_days == 140
    gone = {r.id: r for r in filter_plan(small, regions=["samarinda"]).resources}
    assert not gone["tim-aplikasi"].binding and gone["tim-aplikasi"].delay_days == 0


def test_categories_and_dropped(small: Plan) -> None:
    """Only the chosen categories stay in the legend; dropped ids cannot be placed, so they are left out."""
    plan = filter_plan(small, categories=["layanan"])
    assert [c.id for c in plan.categories] == ["layanan"]
    assert plan.dropped == ()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"regions": ["samrinda"]}, "unknown region `samrinda`; did you mean `samarinda`?"),
        ({"categories": ["layanann"]}, "unknown category `layanann`; did you mean `layanan`?"),
        ({"statuses": ["selesai"]}, "unknown status `selesai`; known: `active`, `done`, `dropped`, `planned`"),
    ],
)
def test_unknown_ids_are_value_errors(small: Plan, arguments: dict[str, list[str]], message: str) -> None:
    """Unknown ids raise ValueError (never KeyError) with a suggestion."""
    with pytest.raises(ValueError) as raised:
        filter_plan(small, **arguments)
    assert str(raised.value) == message
    assert not isinstance(raised.value, KeyError)
