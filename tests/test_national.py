"""Tests for the bundled national region list."""

from __future__ import annotations

import re
from collections import Counter
from importlib.resources import files

import pytest

from roadmap_cli.national import (
    NationalRegion,
    children,
    find_region,
    national_regions,
    provinces,
    region_id,
    suggest_codes,
)

KALTARA = [
    ("65", None, "province", "Kalimantan Utara"),
    ("65.01", "65", "kabupaten", "Kabupaten Bulungan"),
    ("65.02", "65", "kabupaten", "Kabupaten Malinau"),
    ("65.03", "65", "kabupaten", "Kabupaten Nunukan"),
    ("65.04", "65", "kabupaten", "Kabupaten Tana Tidung"),
    ("65.71", "65", "kota", "Kota Tarakan"),
]
KALTIM = [
    ("64", None, "province", "Kalimantan Timur"),
    ("64.01", "64", "kabupaten", "Kabupaten Paser"),
    ("64.02", "64", "kabupaten", "Kabupaten Kutai Kartanegara"),
    ("64.03", "64", "kabupaten", "Kabupaten Berau"),
    ("64.07", "64", "kabupaten", "Kabupaten Kutai Barat"),
    ("64.08", "64", "kabupaten", "Kabupaten Kutai Timur"),
    ("64.09", "64", "kabupaten", "Kabupaten Penajam Paser Utara"),
    ("64.11", "64", "kabupaten", "Kabupaten Mahakam Ulu"),
    ("64.71", "64", "kota", "Kota Balikpapan"),
    ("64.72", "64", "kota", "Kota Samarinda"),
    ("64.74", "64", "kota", "Kota Bontang"),
]


def _rows(province_code: str) -> list[tuple[str, str | None, str, str]]:
    """The province and its kabupaten/kota as plain tuples."""
    regions = [find_region(province_code), *children(province_code)]
    return [(r.code, r.parent, r.kind, r.name) for r in regions if r is not None]


def test_national_counts() -> None:
    kinds = Counter(region.kind for region in national_regions())
    assert kinds == {"province": 38, "kabupaten": 416, "kota": 98}
    assert len(provinces()) == 38
    assert sum(len(children(p.code)) for p in provinces()) == 514


def test_codes_parents_and_kinds_are_consistent() -> None:
    for region in national_regions():
        assert re.fullmatch(r"\d{2}(\.\d{2})?", region.code), region
        if region.kind == "province":
            assert region.parent is None and "." not in region.code, region
            continue
        assert region.parent == region.code[:2], region
        parent = find_region(region.parent)
        assert parent is not None and parent.kind == "province", region
        number = int(region.code[3:])
        if region.kind == "kabupaten":
            assert 1 <= number <= 69 and region.name.startswith("Kabupaten "), region
        else:
            assert 71 <= number <= 99 and region.name.startswith("Kota "), region


def test_csv_file_is_sorted_unique_and_plain() -> None:
    data = (files("roadmap_cli") / "data" / "regions.csv").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "code,parent,kind,name"
    codes = [line.split(",", 1)[0] for line in lines[1:]]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes)) == 552
    assert [region.code for region in national_regions()] == codes


def test_names_are_written_out_in_proper_case() -> None:
    for region in national_regions():
        assert region.name == region.name.strip() and "  " not in region.name, region
        assert "Kep." not in region.name and not region.name.isupper(), region
    assert find_region("71.09") == NationalRegion("71.09", "71", "kabupaten", "Kabupaten Kepulauan Siau Tagulandang Biaro")
    assert find_region("34") == NationalRegion("34", None, "province", "Daerah Istimewa Yogyakarta")
    assert find_region("31.71") == NationalRegion("31.71", "31", "kota", "Kota Administrasi Jakarta Pusat")


@pytest.mark.parametrize(("province_code", "expected"), [("65", KALTARA), ("64", KALTIM)])
def test_kalimantan_rows_match_the_domain_notes(province_code: str, expected: list[tuple[str, str | None, str, str]]) -> None:
    assert _rows(province_code) == expected


def test_region_ids_are_unique_readable_slugs() -> None:
    ids = [region_id(region.code) for region in national_regions()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid) for rid in ids)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("65", "kalimantan-utara"),
        ("65.01", "bulungan"),
        ("65.04", "tana-tidung"),
        ("65.71", "tarakan"),
        ("31", "daerah-khusus-ibukota-jakarta"),
        ("31.01", "kepulauan-seribu"),
        ("31.71", "jakarta-pusat"),
        ("32.16", "bekasi"),
        ("32.75", "kota-bekasi"),
        ("63.03", "banjar"),
        ("32.79", "kota-banjar"),
        ("15.71", "kota-jambi"),
        ("75", "gorontalo"),
        ("75.01", "kabupaten-gorontalo"),
        ("75.71", "kota-gorontalo"),
    ],
)
def test_region_id_examples(code: str, expected: str) -> None:
    assert region_id(code) == expected


def test_region_id_of_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        region_id("65.99")


def test_lookups() -> None:
    assert find_region("65.71") == NationalRegion("65.71", "65", "kota", "Kota Tarakan")
    assert find_region("6571") is None
    assert find_region("65.05") is None
    assert find_region(" 65") is None
    assert provinces()[0] == NationalRegion("11", None, "province", "Aceh")
    assert provinces()[-1].code == "96"
    assert [r.code for r in children("65")] == ["65.01", "65.02", "65.03", "65.04", "65.71"]
    assert children("65.01") == ()
    assert children("99") == ()


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("6571", "65.71"),
        ("6501x", "65.01"),
        ("65.7", "65.71"),
        ("tarakan", "65.71"),
        ("Kota Tarakan", "65.71"),
        ("Kabupaten Bekasi", "32.16"),
        ("kota-bekasi", "32.75"),
        ("tarakn", "65.71"),
        ("Kalimantan Utara", "65"),
    ],
)
def test_suggest_codes_puts_the_likely_code_first(typed: str, first: str) -> None:
    assert suggest_codes(typed)[0] == first


def test_suggest_codes_prefers_the_same_province() -> None:
    suggestions = suggest_codes("65.05")
    assert suggestions[:4] == ["65.04", "65.03", "65.02", "65.01"]
    assert len(suggestions) == 5
    assert len(suggest_codes("65.05", limit=2)) == 2


def test_suggest_codes_for_nonsense_is_empty() -> None:
    assert suggest_codes("") == []
    assert suggest_codes("zzzz") == []
