"""Deterministic benchmark roadmaps: national (552 real regions), village (synthetic kecamatan/desa) or about N initiatives.

Usage: python benchmarks/generate.py --size national|village|N [--seed 1] --out DIR [--tjp] [--no-split] [--no-country]

Writes DIR/roadmap.yaml (one file), DIR/split/roadmap.yaml plus DIR/split/provinces/*.yaml (one file per
province, pulled in by `include`), DIR/meta.json (counts) and, with --tjp, DIR/roadmap.tjp: the same work
for TaskJuggler 3 (calendar-day durations, the expanded finish-to-start graph, no resources).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from roadmap_cli.national import NationalRegion, national_regions, region_id

START = date(2025, 7, 1)
HORIZON = date(2045, 12, 31)
STATUS_DATE = date(2026, 4, 1)
"""The roadmap's `status_date`: after every actual date written (the latest is START + 260 days), so a plan of a
generated roadmap never depends on the day it is made."""
REAL_KECAMATAN = 7_285
REAL_DESA = 83_762
NATIONAL_KABKOTA = 514
CATEGORIES = (
    ("connectivity", "Infrastruktur Digital dan Konektivitas", "cyan"),
    ("masterplan", "Masterplan dan Tata Kelola Smart City", "magenta"),
    ("spbe", "Penguatan SPBE", "blue"),
    ("literacy", "Literasi Digital", "yellow"),
    ("services", "Layanan Publik Digital", "green"),
)
# id, name, kind, capacity for all 514 kabupaten/kota (scaled down for smaller roadmaps), unit
RESOURCES = (
    ("kru-bts", "Kru Vendor Pembangunan BTS (mitra BAKTI)", "crew", 100, "kru"),
    ("tim-pendamping", "Tim Pendamping Smart City Nasional", "team", 60, "orang"),
    ("tim-asesor-spbe", "Tim Asesor SPBE Nasional", "team", 80, "orang"),
)


@dataclass(frozen=True)
class Work:
    """A template for one initiative of a region."""

    slug: str
    name: str
    category: str
    durations: tuple[str, ...]
    demands: tuple[tuple[str, int], ...] = ()
    tags: tuple[str, ...] = ()
    cost: int = 0


MILESTONE: tuple[str, ...] = ()
KABKOTA_WORK = (
    Work("bts", "Pembangunan BTS 4G Titik Blank Spot", "connectivity", ("9m", "6m", "1y"), (("kru-bts", 1),), ("bakti",), 9_000_000_000),
    Work("fiber", "Jaringan Fiber Optik Antar-OPD", "connectivity", ("6m", "180d", "2q"), (), ("jaringan",), 2_500_000_000),
    Work("wifi", "WiFi Publik di Ruang Publik", "connectivity", ("4m", "3m", "16w"), (), (), 750_000_000),
    Work("intra", "Jaringan Intra Pemerintah Daerah", "connectivity", ("6m", "9m"), (), ("jaringan",), 1_200_000_000),
    Work("masterplan", "Penyusunan Masterplan Smart City", "masterplan", ("4m",), (("tim-pendamping", 1),), ("masterplan", "gelombang"), 350_000_000),
    Work("penetapan", "Penetapan Masterplan Smart City", "masterplan", MILESTONE, (), ("penetapan-masterplan", "gelombang")),
    Work("quick-win", "Quick Win Smart City", "masterplan", ("6m", "26w"), (), ("gelombang",), 500_000_000),
    Work("evaluasi-sc", "Evaluasi Smart City", "masterplan", ("2m", "3m"), (), (), 100_000_000),
    Work("arsitektur-spbe", "Arsitektur SPBE", "spbe", ("6m",), (("tim-asesor-spbe", 1),), ("gelombang",), 400_000_000),
    Work("integrasi", "Integrasi Layanan SPBE", "spbe", ("9m", "1y"), (), (), 1_500_000_000),
    Work("keamanan", "Keamanan Informasi dan CSIRT", "spbe", ("6m",), (), (), 600_000_000),
    Work("evaluasi-spbe", "Evaluasi Mandiri SPBE", "spbe", ("2m",), (), (), 80_000_000),
    Work("literasi-asn", "Literasi Digital ASN", "literacy", ("3m", "90d"), (), (), 150_000_000),
    Work("literasi-warga", "Literasi Digital Warga", "literacy", ("6m",), (), (), 300_000_000),
    Work("duta-digital", "Duta Digital Pemuda", "literacy", ("4m",), (), (), 120_000_000),
    Work("literasi-umkm", "Literasi Digital UMKM", "literacy", ("6m", "2q"), (), (), 250_000_000),
    Work("layanan-kesehatan", "Layanan Kesehatan Digital", "services", ("9m",), (), (), 2_000_000_000),
    Work("layanan-pendidikan", "Layanan Pendidikan Digital", "services", ("9m", "1y"), (), (), 1_800_000_000),
    Work("perizinan", "Perizinan Daring Terpadu", "services", ("6m",), (), ("gelombang",), 900_000_000),
    Work("transportasi", "Sistem Transportasi Cerdas", "services", ("1y", "18m"), (), (), 3_000_000_000),
)
PROVINCE_WORK = (
    Work("usulan-bts", "Pengusulan Titik BTS 4G ke BAKTI", "connectivity", MILESTONE, (), ("bakti",)),
    Work("jaringan-intra", "Jaringan Intra Pemerintah Provinsi", "connectivity", ("1y",), (), ("jaringan",), 12_000_000_000),
    Work("sosialisasi", "Sosialisasi Penyelenggaraan Provinsi Cerdas", "masterplan", MILESTONE, (), ("smart-province-event",)),
    Work("masterplan-smart-province", "Masterplan Smart Province", "masterplan", ("6m",), (("tim-pendamping", 1),), ("smart-province",), 800_000_000),
    Work("spbe", "Penguatan SPBE Pemerintah Provinsi", "spbe", ("1y",), (), (), 3_500_000_000),
    Work("pusat-data", "Pusat Data Provinsi", "spbe", ("9m",), (), (), 5_000_000_000),
    Work("literasi-asn", "Literasi Digital ASN Provinsi", "literacy", ("6m",), (), (), 400_000_000),
    Work("gerakan-literasi", "Gerakan Literasi Digital Provinsi", "literacy", ("1y",), (), (), 900_000_000),
    Work("satu-data", "Satu Data Provinsi", "services", ("9m",), (), (), 1_500_000_000),
    Work("layanan-terpadu", "Layanan Publik Terpadu Provinsi", "services", ("1y",), (), (), 2_500_000_000),
)
DESA_WORK = (
    Work("internet", "Akses Internet Desa", "connectivity", ("3m", "90d", "10w")),
    Work("literasi", "Literasi Digital Warga Desa", "literacy", ("2m", "60d")),
    Work("layanan", "Layanan Administrasi Desa Digital", "services", ("4m", "3m")),
)
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ().,/'-]*$")


@dataclass
class Item:
    """One generated initiative."""

    id: str
    name: str
    region: str
    category: str
    duration: str | None
    owner: str | None = None
    cost: int | None = None
    status: str = "planned"
    started: date | None = None
    finished: date | None = None
    tags: tuple[str, ...] = ()
    depends: list[tuple[str, str | None]] = field(default_factory=list)
    demands: tuple[tuple[str, int], ...] = ()


@dataclass
class Place:
    """One generated region."""

    id: str
    name: str
    kind: str
    parent: str | None
    code: str | None
    wave: int | None = None


@dataclass
class Province:
    """A province with its regions and initiatives, for the split (one file per province) version."""

    region: Place
    regions: list[Place] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def _text(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    return value if _PLAIN.match(value) else json.dumps(value, ensure_ascii=False)


def _split_counts(rng: random.Random, total: int, buckets: int) -> list[int]:
    """`total` split over `buckets` with some spread, each at least 1, deterministically."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(buckets)]
    scale = (total - buckets) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % buckets] += 1
    return counts


def _kabkota_items(rng: random.Random, place: Place, province: str) -> list[Item]:
    """About 20 initiatives of one kabupaten/kota, with explicit dependencies and a few dated ones."""
    owner = f"Diskominfo {place.name}"
    items = {}
    for work in KABKOTA_WORK:
        item = Item(
            f"{place.id}.{work.slug}",
            f"{work.name} {place.name}",
            place.id,
            work.category,
            rng.choice(work.durations) if work.durations else None,
            owner,
            work.cost or None,
            tags=work.tags,
            demands=work.demands,
        )
        items[work.slug] = item

    def lag(*choices: str | None) -> str | None:
        """One of the lag choices."""
        return rng.choice(choices)

    items["bts"].depends.append((f"{province}.usulan-bts", None))
    items["masterplan"].depends.append((f"{province}.sosialisasi", lag("2m", "60d", None)))
    items["penetapan"].depends.append((items["masterplan"].id, lag("2m", "30d", None, None)))
    items["quick-win"].depends.append((items["penetapan"].id, None))
    items["evaluasi-sc"].depends.append((items["quick-win"].id, lag("6m", "1y", None)))
    items["arsitektur-spbe"].depends.append((items["masterplan"].id, None))
    items["evaluasi-spbe"].depends += [(items["integrasi"].id, None), (items["keamanan"].id, lag("30d", None, None))]
    items["perizinan"].depends.append((items["penetapan"].id, lag("30d", None, None)))
    if rng.random() < 0.3:
        items["literasi-warga"].depends.append((items["literasi-asn"].id, None))
    if rng.random() < 0.04:
        begun = START + timedelta(days=rng.randint(0, 60))
        fiber = items["fiber"]
        fiber.status, fiber.started, fiber.finished = "done", begun, begun + timedelta(days=rng.randint(120, 200))
    elif rng.random() < 0.05:
        wifi = items["wifi"]
        wifi.status, wifi.started = "active", START + timedelta(days=rng.randint(30, 120))
    if rng.random() < 0.01:
        items["transportasi"].status = "dropped"
    return list(items.values())


def _province_items(rng: random.Random, place: Place) -> list[Item]:
    """Ten province-level initiatives; the Smart Province masterplan is the 80 % gate's target."""
    owner = f"Diskominfo Provinsi {place.name}"
    items = {}
    for work in PROVINCE_WORK:
        items[work.slug] = Item(
            f"{place.id}.{work.slug}",
            f"{work.name} {place.name}",
            place.id,
            work.category,
            rng.choice(work.durations) if work.durations else None,
            owner,
            work.cost or None,
            tags=work.tags,
            demands=work.demands,
        )
    items["masterplan-smart-province"].depends.append((items["sosialisasi"].id, None))
    items["layanan-terpadu"].depends.append((items["masterplan-smart-province"].id, "3m"))
    if rng.random() < 0.4:
        day = START + timedelta(days=rng.randint(0, 60))
        usulan = items["usulan-bts"]
        usulan.status, usulan.started, usulan.finished = "done", day, day
    if rng.random() < 0.3:
        day = START + timedelta(days=rng.randint(30, 90))
        event = items["sosialisasi"]
        event.status, event.started, event.finished = "done", day, day
    return list(items.values())


def _desa_items(rng: random.Random, place: Place, kabkota: str) -> list[Item]:
    """Three initiatives of one desa; a quarter wait for their kabupaten/kota's BTS work."""
    items = [Item(f"{place.id}.{work.slug}", f"{work.name} {place.name}", place.id, work.category, rng.choice(work.durations)) for work in DESA_WORK]
    if rng.random() < 0.25:
        items[0].depends.append((f"{kabkota}.bts", rng.choice(("30d", None, None))))
    return items


def _kabkota_subset(size: int) -> list[NationalRegion]:
    """Provinces and kabupaten/kota in code order until about `size` initiatives."""
    chosen: list[NationalRegion] = []
    count = 0
    for region in national_regions():
        if count >= size:
            break
        chosen.append(region)
        count += len(PROVINCE_WORK) if region.kind == "province" else len(KABKOTA_WORK)
    while chosen and chosen[-1].kind == "province":
        chosen.pop()
    return chosen


def build(size: str, seed: int, country: bool = True) -> tuple[list[Province], dict[str, object]]:
    """The provinces, regions and initiatives of a benchmark roadmap."""
    rng = random.Random(seed)
    national_count = len(national_regions()) - 38
    national_items = 38 * len(PROVINCE_WORK) + national_count * len(KABKOTA_WORK)
    desa_total = 0
    if size == "national":
        regions = list(national_regions())
    elif size == "village":
        regions = list(national_regions())
        desa_total = REAL_DESA
    else:
        wanted = int(size)
        if wanted <= national_items:
            regions = _kabkota_subset(wanted)
        else:
            regions = list(national_regions())
            desa_total = max(1, (wanted - national_items) // len(DESA_WORK))
    kabkota = [r for r in regions if r.kind != "province"]
    scale = len(kabkota) / NATIONAL_KABKOTA
    kecamatan_total = 0
    if desa_total:
        kecamatan_total = max(len(kabkota), round(REAL_KECAMATAN * desa_total / REAL_DESA))
    kec_counts = _split_counts(rng, kecamatan_total, len(kabkota)) if desa_total else []
    desa_counts = _split_counts(rng, desa_total, kecamatan_total) if desa_total else []
    provinces: dict[str, Province] = {}
    root = "indonesia" if country else None
    kec_index = 0
    for region in regions:
        rid = region_id(region.code)
        if region.kind == "province":
            place = Place(rid, f"Provinsi {region.name}", "province", root, region.code)
            provinces[region.code] = Province(place, [], _province_items(rng, place))
            continue
        province = provinces[region.parent or ""]
        place = Place(rid, region.name, region.kind, province.region.id, region.code, rng.choices((1, 2, 3), (3, 4, 3))[0])
        province.regions.append(place)
        province.items += _kabkota_items(rng, place, province.region.id)
        if desa_total:
            for k in range(kec_counts.pop(0)):
                kec = Place(f"{rid}.{k + 1:02d}", f"Kecamatan {k + 1:02d} {region.name}", "kecamatan", rid, f"{region.code}.{k + 1:02d}")
                province.regions.append(kec)
                for d in range(desa_counts[kec_index]):
                    number = 2001 + d
                    desa = Place(f"{kec.id}.{number}", f"Desa {number} Kec {k + 1:02d} {region.name}", "desa", kec.id, f"{kec.code}.{number}")
                    province.regions.append(desa)
                    province.items += _desa_items(rng, desa, rid)
                kec_index += 1
    items = sum(len(p.items) for p in provinces.values())
    region_count = sum(len(p.regions) + 1 for p in provinces.values()) + (1 if country else 0)
    meta = {
        "size": size,
        "seed": seed,
        "initiatives": items,
        "regions": region_count,
        "provinces": len(provinces),
        "kabkota": len(kabkota),
        "kecamatan": kecamatan_total,
        "desa": desa_total,
        "edges_explicit": sum(len(i.depends) for p in provinces.values() for i in p.items),
        "scale": scale,
    }
    return list(provinces.values()), meta


def _header_lines(size: str, meta: dict[str, object], country: bool) -> list[str]:
    """Version, header, categories, resources and rules."""
    scale = float(meta["scale"])  # type: ignore[arg-type]
    lines = [
        f"# Generated by benchmarks/generate.py --size {size} --seed {meta['seed']}; do not edit.",
        f"# {meta['initiatives']} initiatives in {meta['regions']} regions.",
        "version: 1",
        "roadmap:",
        f"  id: indonesia-cerdas-{size}",
        f"  name: Peta Jalan Indonesia Cerdas (benchmark {size})",
        f"  start: {START.isoformat()}",
        f"  status_date: {STATUS_DATE.isoformat()}",
        "  period: quarter",
        f"  horizon: {HORIZON.isoformat()}",
        "  owner: Kementerian Komunikasi dan Digital",
        "categories:",
    ]
    for cid, name, color in CATEGORIES:
        lines += [f"  - id: {cid}", f"    name: {name}", f"    color: {color}"]
    lines.append("resources:")
    for rid, name, kind, capacity, unit in RESOURCES:
        cap = max(2, round(capacity * scale))
        lines += [f"  - id: {rid}", f"    name: {_text(name)}", f"    kind: {kind}", f"    capacity: {cap}", f"    unit: {unit}"]
    lines += [
        "rules:",
        "  - kind: category-order",
        "    id: konektivitas-dulu",
        "    stages: [connectivity, [spbe, literacy], services]",
        "  - kind: hierarchy",
        "    id: kabkota-dulu",
        "    by: category",
        "    match:",
        "      categories: [spbe, services]",
        "      region_kinds: [province, kabupaten, kota]",
        "  - kind: gate",
        "    id: syarat-80-persen-masterplan",
        "    target:",
        "      tags: [smart-province]",
        "    require:",
        "      tags: [masterplan]",
        "    within: children",
        "    quorum: 80%",
        "  - kind: wave",
        "    id: gelombang-smart-city",
        "    milestone:",
        "      tags: [penetapan-masterplan]",
        "    match:",
        "      tags: [gelombang]",
    ]
    if country:
        lines += ["regions:", "  - id: indonesia", "    name: Republik Indonesia", "    kind: country"]
    return lines


def _region_lines(place: Place) -> list[str]:
    """One region as YAML list item lines."""
    lines = [f"  - id: {place.id}", f"    name: {_text(place.name)}", f"    kind: {place.kind}"]
    if place.parent:
        lines.append(f"    parent: {place.parent}")
    if place.code:
        lines.append(f'    code: "{place.code}"')
    if place.wave:
        lines.append(f"    wave: {place.wave}")
    return lines


def _item_lines(item: Item) -> list[str]:
    """One initiative as YAML list item lines."""
    lines = [f"  - id: {item.id}", f"    name: {_text(item.name)}", f"    region: {item.region}", f"    category: {item.category}"]
    if item.duration is None:
        lines.append("    milestone: true")
    else:
        lines.append(f"    duration: {item.duration}")
    if item.owner:
        lines.append(f"    owner: {_text(item.owner)}")
    if item.cost:
        lines.append(f"    cost: {item.cost}")
    if item.status != "planned":
        lines.append(f"    status: {item.status}")
    if item.started:
        lines.append(f"    started: {item.started.isoformat()}")
    if item.finished:
        lines.append(f"    finished: {item.finished.isoformat()}")
    if item.tags:
        lines.append(f"    tags: [{', '.join(item.tags)}]")
    if item.depends:
        if all(lag is None for _, lag in item.depends):
            lines.append(f"    depends_on: [{', '.join(dep for dep, _ in item.depends)}]")
        else:
            lines.append("    depends_on:")
            for dep, lag in item.depends:
                lines += [f"      - id: {dep}", f"        lag: {lag}"] if lag else [f"      - {dep}"]
    if item.demands:
        lines.append(f"    demands: {{{', '.join(f'{k}: {v}' for k, v in item.demands)}}}")
    return lines


def write_single(path: Path, size: str, provinces: list[Province], meta: dict[str, object], country: bool) -> None:
    """The whole roadmap in one file."""
    lines = _header_lines(size, meta, country)
    if not country:
        lines.append("regions:")
    for province in provinces:
        lines += _region_lines(province.region)
        for place in province.regions:
            lines += _region_lines(place)
    lines.append("initiatives:")
    for province in provinces:
        for item in province.items:
            lines += _item_lines(item)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_split(folder: Path, size: str, provinces: list[Province], meta: dict[str, object], country: bool) -> None:
    """The roadmap as a main file plus one file per province (its regions below it and its initiatives)."""
    (folder / "provinces").mkdir(parents=True, exist_ok=True)
    for old in (folder / "provinces").glob("*.yaml"):
        old.unlink()
    lines = _header_lines(size, meta, country)
    if not country:
        lines.append("regions:")
    for province in provinces:
        lines += _region_lines(province.region)
    lines += ["include:", "  - provinces/*.yaml"]
    (folder / "roadmap.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for province in provinces:
        body = [f"# {province.region.name}", "regions:"]
        for place in province.regions:
            body += _region_lines(place)
        body.append("initiatives:")
        for item in province.items:
            body += _item_lines(item)
        (folder / "provinces" / f"{province.region.id}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")


def write_tjp(roadmap: Path, target: Path) -> dict[str, int]:
    """The TaskJuggler 3 project of `roadmap`: its expanded dependency graph, calendar days, no resources.

    Edges come from the project's own pipeline, so both tools schedule the same work. A quorum gate
    (k of n) has no tj3 equivalent and is written as waiting for all n members. Work not started waits for a
    `status` milestone on the roadmap's status date, as the planner starts it no earlier than that day.
    """
    from roadmap_cli.graph import topological_order
    from roadmap_cli.loader import discover_roadmaps
    from roadmap_cli.models import Status
    from roadmap_cli.pipeline import check_files

    prepared = check_files(discover_roadmaps([roadmap])[0])
    model = prepared.checked.model
    start = model.roadmap.start
    active = [item for item in model.initiatives if item.status is not Status.DROPPED]
    names = {item.id: f"t{n:06d}" for n, item in enumerate(active)}
    fixed: dict[str, tuple[int, int]] = {}
    spans: dict[str, int] = {}
    for item in active:
        duration = 0 if item.milestone else int(item.duration or 0)
        if item.status is Status.DONE and item.started and item.finished:
            begin = (item.started - start).days
            finish = (item.finished - start).days + (0 if duration == 0 else 1)
            fixed[item.id] = (begin, finish)
            duration = finish - begin
        elif item.status is Status.ACTIVE and item.started:
            begin = (item.started - start).days
            fixed[item.id] = (begin, begin + duration)
        spans[item.id] = duration
    lags: dict[tuple[str, str], int] = {}
    gate_edges = 0
    for edge in prepared.expansion.edges:
        if edge.target in fixed:
            continue
        pair = (edge.source, edge.target)
        gate_edges += edge.gate is not None
        lags[pair] = max(lags.get(pair, edge.lag), edge.lag)
    preds: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (source, target_id), lag in sorted(lags.items()):
        preds[target_id].append((source, lag))
    status_date = model.roadmap.status_date
    status = (status_date - start).days if status_date else 0
    finish_of: dict[str, int] = {}
    for node in topological_order(prepared.graph):
        if node in fixed:
            finish_of[node] = fixed[node][1]
            continue
        begin = max((finish_of[p] + lag for p, lag in preds.get(node, [])), default=status)
        finish_of[node] = begin + spans[node]
    horizon = max(finish_of.values(), default=0) + 365
    lines = [
        f"# Generated by benchmarks/generate.py from {roadmap.name}: {len(active)} tasks, {len(lags)} dependencies.",
        f'project bench "{model.roadmap.id}" {start.isoformat()} +{horizon}d {{',
        "  timingresolution 60min",
        '  timezone "UTC"',
        f"  now {start.isoformat()}",
        "  workinghours mon - sun 0:00 - 24:00",
        "}",
        "",
    ]
    if status_date:
        lines += [f'task status "status date" {{ start {status_date.isoformat()} milestone }}']
    for item in active:
        body: list[str] = []
        if item.id in fixed:
            body.append(f"start {(start + timedelta(days=fixed[item.id][0])).isoformat()}")
        elif preds.get(item.id) or status_date:
            parts = [f"{names[p]} {{ gapduration {lag}d }}" if lag else names[p] for p, lag in preds.get(item.id, [])]
            body.append("depends " + ", ".join(parts + (["status"] if status_date else [])))
        else:
            body.append("start ${projectstart}")
        body.append(f"duration {spans[item.id]}d" if spans[item.id] else "milestone")
        lines.append(f'task {names[item.id]} "{item.id}" {{ {" ".join(body)} }}')
    lines += [
        "",
        'taskreport schedule "schedule" {',
        "  formats csv",
        "  columns id, name, start, end",
        '  timeformat "%Y-%m-%d %H:%M:%S"',
        "  hidetask 0",
        "  sorttasks id.up",
        "}",
        "",
    ]
    target.write_text("\n".join(lines), encoding="utf-8")
    return {"tasks": len(active), "dependencies": len(lags), "gate_edges": gate_edges}


def generate(size: str, seed: int, out: Path, *, tjp: bool = False, split: bool = True, country: bool = True) -> dict[str, object]:
    """Write the benchmark roadmap of `size` into `out` and return its counts."""
    out.mkdir(parents=True, exist_ok=True)
    provinces, meta = build(size, seed, country)
    write_single(out / "roadmap.yaml", size, provinces, meta, country)
    meta["bytes"] = (out / "roadmap.yaml").stat().st_size
    if split:
        write_split(out / "split", size, provinces, meta, country)
        meta["split_files"] = 1 + len(provinces)
    if tjp:
        meta["tjp"] = write_tjp(out / "roadmap.yaml", out / "roadmap.tjp")
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", required=True, help="national, village or a number of initiatives")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tjp", action="store_true", help="also write roadmap.tjp for TaskJuggler 3")
    parser.add_argument("--no-split", action="store_true", help="skip the one-file-per-province version")
    parser.add_argument("--no-country", action="store_true", help="no `indonesia` root region")
    args = parser.parse_args(argv)
    if args.size not in ("national", "village") and not args.size.isdigit():
        parser.error("--size is national, village or a whole number")
    meta = generate(args.size, args.seed, args.out, tjp=args.tjp, split=not args.no_split, country=not args.no_country)
    print(json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
