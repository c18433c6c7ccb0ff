"""The official national region list (Kemendagri codes), read lazily from package data."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal, cast

from roadmap_cli.suggest import closest, similar

RegionKind = Literal["province", "kabupaten", "kota"]

_SHORT_NAME = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)? ")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class NationalRegion:
    """A province or kabupaten/kota from Kepmendagri No. 300.2.2-2138 Tahun 2025."""

    code: str
    parent: str | None
    kind: RegionKind
    name: str


@cache
def national_regions() -> tuple[NationalRegion, ...]:
    """Every province and kabupaten/kota, sorted by code."""
    text = (files("roadmap_cli") / "data" / "regions.csv").read_text(encoding="utf-8")
    return tuple(
        NationalRegion(
            code=row["code"],
            parent=row["parent"] or None,
            kind=cast(RegionKind, row["kind"]),
            name=row["name"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


@cache
def _by_code() -> dict[str, NationalRegion]:
    """Regions keyed by code."""
    return {region.code: region for region in national_regions()}


@cache
def _children_by_province() -> dict[str, tuple[NationalRegion, ...]]:
    """Kabupaten/kota grouped by province code."""
    groups: dict[str, list[NationalRegion]] = {}
    for region in national_regions():
        if region.parent is not None:
            groups.setdefault(region.parent, []).append(region)
    return {code: tuple(members) for code, members in groups.items()}


def find_region(code: str) -> NationalRegion | None:
    """The region with exactly this dotted code (`65`, `65.71`), or None."""
    return _by_code().get(code)


@cache
def provinces() -> tuple[NationalRegion, ...]:
    """The provinces, sorted by code."""
    return tuple(region for region in national_regions() if region.kind == "province")


def children(province_code: str) -> tuple[NationalRegion, ...]:
    """The kabupaten/kota of a province, sorted by code; empty for an unknown code."""
    return _children_by_province().get(province_code, ())


def _slug(text: str) -> str:
    """Lower-case words joined by hyphens."""
    return _NON_ALNUM.sub("-", text.lower()).strip("-")


# Provinces use the slug of their full name. A kabupaten/kota uses its name without `Kabupaten`,
# `Kota` or `Administrasi`. A kota sharing that name with a kabupaten (Bekasi, Bogor, ...) gets a
# `kota-` prefix, and the kabupaten keeps the bare name: new kota are usually carved out of the
# kabupaten of the same name, so this keeps existing kabupaten ids stable. A kabupaten/kota whose
# name is a province's (Jambi, Gorontalo) is prefixed with its kind.
@cache
def _ids() -> dict[str, str]:
    """Region ids keyed by code."""
    regions = national_regions()
    province_slugs = {_slug(region.name) for region in regions if region.kind == "province"}
    bases = {region.code: _slug(_SHORT_NAME.sub("", region.name)) for region in regions}
    shared = Counter(bases[region.code] for region in regions if region.kind != "province")
    ids: dict[str, str] = {}
    for region in regions:
        base = bases[region.code]
        clash = base in province_slugs or (region.kind == "kota" and shared[base] > 1)
        ids[region.code] = f"{region.kind}-{base}" if region.kind != "province" and clash else base
    return ids


def region_id(code: str) -> str:
    """A readable id, unique nationally (`kalimantan-utara`, `tarakan`); KeyError if unknown."""
    return _ids()[code]


@cache
def _codes_by_key() -> dict[str, str]:
    """Codes keyed by region id and by lower-case name."""
    keys = {key: code for code, key in _ids().items()}
    keys.update({region.name.lower(): region.code for region in national_regions()})
    return keys


def suggest_codes(code: str, limit: int = 5) -> list[str]:
    """Existing codes close to a mistyped code, id or name, best first, for a did-you-mean hint."""
    text = code.strip()
    suggestions: list[str] = []
    exact = _codes_by_key().get(text.lower()) or _codes_by_key().get(_slug(text))
    if exact is not None:
        suggestions.append(exact)
    digits = re.sub(r"\D", "", text)
    if digits:
        suggestions.extend(_close_codes(digits))
    if re.search(r"[A-Za-z]{3}", text):
        keys = closest(_slug(text), _ids().values(), limit=limit, cutoff=0.8)
        suggestions.extend(_codes_by_key()[key] for key in keys)
    return list(dict.fromkeys(suggestions))[:limit]


def _close_codes(digits: str) -> list[str]:
    """Codes whose digits are like `digits`; ties go to the same province, then the nearest code."""
    codes = {region.code.replace(".", ""): region.code for region in national_regions()}
    scored: list[tuple[float, bool, int, str]] = []
    for candidate, ratio in similar(digits, codes):
        other_province = candidate[:2] != digits[:2]
        distance = abs(int(candidate.ljust(4, "0")) - int(digits[:4].ljust(4, "0")))
        scored.append((-ratio, other_province, distance, codes[candidate]))
    return [code for *_, code in sorted(scored)]
