"""Hand-built plans for the renderer tests: a small one with every feature, a larger one over four years."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from roadmap_cli.plan import (
    CapacityDelay,
    Phase,
    Plan,
    PlannedCategory,
    PlannedDependency,
    PlannedGate,
    PlannedInitiative,
    PlannedRegion,
    Reason,
    ResourceUse,
    RoadmapInfo,
)

CONNECTIVITY_FIRST = Reason("category-order", "rules.yaml:4", "layanan after konektivitas in [samarinda]", "konektivitas-dulu")
CONNECTIVITY_FIRST_BPN = Reason("category-order", "rules.yaml:4", "layanan after konektivitas in [balikpapan]", "konektivitas-dulu")
KOTA_FIRST = Reason("gate", "rules.yaml:9", "50% of layanan in the kota below kaltim", "kota-dulu")


def _explicit(line: int) -> Reason:
    """An explicit dependency written at `initiatives.yaml:<line>`."""
    return Reason("explicit", f"initiatives.yaml:{line}", "")


def small_plan() -> Plan:
    """A province and two kota, three categories, eight initiatives with markup characters in their names."""
    d = date
    initiatives = (
        PlannedInitiative(
            id="bpn-fiber",
            name="Perluasan BTS 4G | Balikpapan Timur",
            region="balikpapan",
            category="konektivitas",
            status="active",
            phase=1,
            start=d(2026, 2, 15),
            finish=d(2026, 8, 13),
            duration_days=180,
            slack_days=45,
            critical=False,
            cost=2_250_000_000,
            owner="Diskominfo Balikpapan",
            tags=("bakti", "4g"),
            earliest_start=d(2026, 1, 1),
            latest_start=d(2026, 4, 1),
            dependents=("bpn-layanan",),
            where="initiatives.yaml:3",
        ),
        PlannedInitiative(
            id="smd-fiber",
            name="Jaringan Fiber Optik [bold]Samarinda[/bold]",
            region="samarinda",
            category="konektivitas",
            status="done",
            phase=1,
            start=d(2026, 1, 1),
            finish=d(2026, 3, 31),
            duration_days=90,
            slack_days=0,
            critical=True,
            cost=1_500_000_000,
            owner="Diskominfo Samarinda",
            tags=("quick-win",),
            earliest_start=d(2026, 1, 1),
            latest_start=d(2026, 1, 1),
            dependents=("smd-layanan",),
            where="initiatives.yaml:12",
        ),
        PlannedInitiative(
            id="kaltim-masterplan",
            name='Masterplan Smart Province #1: "Kaltim Cerdas"',
            region="kaltim",
            category="tata-kelola",
            status="planned",
            phase=1,
            start=d(2026, 1, 1),
            finish=d(2026, 6, 29),
            duration_days=180,
            slack_days=156,
            critical=False,
            cost=750_000_000,
            owner="Bappeda Kaltim",
            description="Rencana induk\nlima tahun",
            earliest_start=d(2026, 1, 1),
            latest_start=d(2026, 6, 6),
            dependents=("kaltim-spbe",),
            where="initiatives.yaml:20",
        ),
        PlannedInitiative(
            id="smd-layanan",
            name="Layanan Publik Digital 📱 Samarinda",
            region="samarinda",
            category="layanan",
            status="planned",
            phase=2,
            start=d(2026, 4, 1),
            finish=d(2026, 12, 31),
            duration_days=275,
            slack_days=0,
            critical=True,
            cost=3_000_000_000,
            owner="=DPMPTSP Samarinda",
            earliest_start=d(2026, 4, 1),
            latest_start=d(2026, 4, 1),
            dependencies=(PlannedDependency("smd-fiber", CONNECTIVITY_FIRST, binding=True),),
            dependents=("kaltim-gate",),
            demands=(("tim-aplikasi", 1),),
            where="initiatives.yaml:28",
        ),
        PlannedInitiative(
            id="bpn-layanan",
            name='Aplikasi Warga: Tahap 1, "BalikpapanKu"',
            region="balikpapan",
            category="layanan",
            status="planned",
            phase=2,
            start=d(2027, 1, 1),
            finish=d(2027, 6, 29),
            duration_days=180,
            slack_days=185,
            critical=False,
            owner="Diskominfo Balikpapan",
            tags=("aplikasi", "warga"),
            earliest_start=d(2026, 8, 14),
            latest_start=d(2027, 7, 5),
            dependencies=(PlannedDependency("bpn-fiber", CONNECTIVITY_FIRST_BPN, binding=True),),
            dependents=("kaltim-gate",),
            capacity_delays=(CapacityDelay("tim-aplikasi", 140),),
            demands=(("tim-aplikasi", 1),),
            where="initiatives.yaml:36",
        ),
        PlannedInitiative(
            id="kaltim-gate",
            name="50% Kota Siap; Gerbang Provinsi",
            region="kaltim",
            category="tata-kelola",
            status="planned",
            phase=3,
            start=d(2027, 1, 1),
            finish=d(2027, 1, 1),
            duration_days=0,
            slack_days=0,
            critical=True,
            milestone=True,
            earliest_start=d(2027, 1, 1),
            latest_start=d(2027, 1, 1),
            dependencies=(
                PlannedDependency("smd-layanan", KOTA_FIRST, binding=True, quorum=True),
                PlannedDependency("bpn-layanan", KOTA_FIRST, quorum=True),
            ),
            dependents=("kaltim-spbe",),
            where="rules.yaml:9",
            gates=(PlannedGate("kota-dulu", 1, ("bpn-layanan", "smd-layanan"), ("smd-layanan",)),),
        ),
        PlannedInitiative(
            id="kaltim-spbe",
            name="Integrasi SPBE & Pusat Data <Provinsi>",
            region="kaltim",
            category="tata-kelola",
            status="planned",
            phase=4,
            start=d(2027, 1, 2),
            finish=d(2027, 12, 31),
            duration_days=364,
            slack_days=0,
            critical=True,
            cost=4_000_000_000,
            owner="Diskominfo Kaltim",
            tags=("spbe",),
            earliest_start=d(2027, 1, 2),
            latest_start=d(2027, 1, 2),
            dependencies=(
                PlannedDependency("kaltim-gate", _explicit(44), binding=True),
                PlannedDependency("kaltim-masterplan", _explicit(45), lag_days=30),
            ),
            dependents=("kaltim-launch",),
            where="initiatives.yaml:42",
        ),
        PlannedInitiative(
            id="kaltim-launch",
            name="Peluncuran Kaltim Cerdas 🚀",
            region="kaltim",
            category="layanan",
            status="planned",
            phase=5,
            start=d(2028, 1, 1),
            finish=d(2028, 1, 1),
            duration_days=0,
            slack_days=0,
            critical=True,
            milestone=True,
            earliest_start=d(2028, 1, 1),
            latest_start=d(2028, 1, 1),
            dependencies=(PlannedDependency("kaltim-spbe", _explicit(52), binding=True),),
            where="initiatives.yaml:50",
        ),
    )
    phases = (
        Phase(1, ("bpn-fiber", "smd-fiber", "kaltim-masterplan"), d(2026, 1, 1), d(2026, 8, 13)),
        Phase(2, ("smd-layanan", "bpn-layanan"), d(2026, 4, 1), d(2027, 6, 29)),
        Phase(3, ("kaltim-gate",), d(2027, 1, 1), d(2027, 1, 1)),
        Phase(4, ("kaltim-spbe",), d(2027, 1, 2), d(2027, 12, 31)),
        Phase(5, ("kaltim-launch",), d(2028, 1, 1), d(2028, 1, 1)),
    )
    return Plan(
        roadmap=RoadmapInfo(
            id="kaltim-cerdas",
            name="Peta Jalan Kaltim Cerdas [2026–2028]",
            start=d(2026, 1, 1),
            period="quarter",
            horizon=d(2028, 12, 31),
            owner="Diskominfo Kaltim",
        ),
        categories=(
            PlannedCategory("konektivitas", "Konektivitas", "cyan"),
            PlannedCategory("layanan", "Layanan Publik Digital", "#2ca02c"),
            PlannedCategory("tata-kelola", "Tata Kelola | SPBE"),
        ),
        regions=(
            PlannedRegion("kaltim", "Kalimantan Timur", "province", None, 0, code="64"),
            PlannedRegion("balikpapan", "Kota Balikpapan", "kota", "kaltim", 1, code="64.71", wave=1),
            PlannedRegion("samarinda", "Kota Samarinda", "kota", "kaltim", 1, code="64.72", wave=1),
        ),
        initiatives=initiatives,
        phases=phases,
        resources=(
            ResourceUse("tim-aplikasi", "Tim Aplikasi [Diskominfo]", "team", 1, None, 1, ("bpn-layanan",), 140),
            ResourceUse("anggaran", "APBD Kaltim", "budget", 5_000_000_000, "year", 4_750_000_000),
        ),
        finish=d(2028, 1, 1),
        critical_path=("smd-fiber", "smd-layanan", "kaltim-gate", "kaltim-spbe", "kaltim-launch"),
        dropped=("kaltim-satelit",),
    )


@dataclass(frozen=True)
class _Item:
    """An initiative before scheduling, for the larger plan."""

    id: str
    name: str
    region: str
    category: str
    days: int
    after: tuple[str, ...] = ()
    status: str = "planned"
    cost: int | None = None
    quorum: int | None = None
    """How many of `after` must finish (a gate); all of them when None."""


LARGE_REGIONS = (
    PlannedRegion("kaltara", "Kalimantan Utara", "province", None, 0, code="65"),
    PlannedRegion("bulungan", "Kabupaten Bulungan", "kabupaten", "kaltara", 1, code="65.01", wave=1),
    PlannedRegion("malinau", "Kabupaten Malinau", "kabupaten", "kaltara", 1, code="65.02", wave=2),
    PlannedRegion("nunukan", "Kabupaten Nunukan", "kabupaten", "kaltara", 1, code="65.03", wave=1),
    PlannedRegion("tana-tidung", "Kabupaten Tana Tidung", "kabupaten", "kaltara", 1, code="65.04", wave=2),
    PlannedRegion("tarakan", "Kota Tarakan", "kota", "kaltara", 1, code="65.71", wave=1),
)
LARGE_CATEGORIES = (
    PlannedCategory("konektivitas", "Konektivitas", "cyan"),
    PlannedCategory("tata-kelola", "Tata Kelola SPBE", "yellow"),
    PlannedCategory("layanan", "Layanan Publik", "green"),
    PlannedCategory("literasi", "Literasi Digital", "magenta"),
)


def _large_items() -> list[_Item]:
    """Forty initiatives: six per kabupaten/kota (three evaluations), then the province's own work."""
    items: list[_Item] = []
    kab_kota = [region for region in LARGE_REGIONS if region.parent]
    for index, region in enumerate(kab_kota):
        short = region.id
        place = region.name.split(" ", 1)[1]
        items += [
            _Item(
                f"{short}-bts", f"BTS 4G & VSAT Desa Blank Spot {place}", short, "konektivitas", 240 + 60 * index, status="done" if index == 0 else "planned", cost=1_200_000_000 + 100_000_000 * index
            ),
            _Item(f"{short}-masterplan", f"Masterplan Smart City {place} (Bimtek I–IV)", short, "tata-kelola", 120 + 30 * index, status="active" if index < 2 else "planned", cost=350_000_000),
            _Item(f"{short}-mpp", f"Mal Pelayanan Publik Digital: {place}", short, "layanan", 365, after=(f"{short}-bts", f"{short}-masterplan"), cost=900_000_000),
            _Item(f"{short}-literasi", f"Gerakan Literasi Digital #{index + 1} {place}", short, "literasi", 270, after=(f"{short}-bts",)),
            _Item(f"{short}-quickwin", f"Quick Win | Aplikasi Aduan Warga {place}", short, "layanan", 150, after=(f"{short}-masterplan",), cost=250_000_000),
            _Item(f"{short}-launch", f"Peluncuran Smart City {place}", short, "layanan", 0, after=(f"{short}-mpp", f"{short}-quickwin")),
        ]
        if index < 3:
            items.append(_Item(f"{short}-evaluasi", f"Evaluasi Tahunan {place}", short, "tata-kelola", 90, after=(f"{short}-launch",)))
    launches = tuple(f"{region.id}-launch" for region in kab_kota)
    items += [
        _Item("kaltara-backbone", "Backbone Provinsi (Palapa Ring Tengah)", "kaltara", "konektivitas", 540, cost=6_000_000_000),
        _Item("kaltara-masterplan", "Masterplan Smart Province Kaltara", "kaltara", "tata-kelola", 180, after=("kaltara-backbone",), cost=1_000_000_000),
        _Item("kaltara-gate", "80% Kab/Kota Punya Masterplan", "kaltara", "tata-kelola", 0, after=tuple(f"{region.id}-masterplan" for region in kab_kota), quorum=4),
        _Item("kaltara-datacenter", "Pusat Data & Satu Data Kaltara", "kaltara", "tata-kelola", 400, after=("kaltara-masterplan", "kaltara-gate"), cost=5_500_000_000),
        _Item("kaltara-literasi", "Literasi Digital Pemuda & UMKM", "kaltara", "literasi", 365, after=("kaltara-backbone",), cost=800_000_000),
        _Item("kaltara-layanan", "Super-App Layanan Provinsi", "kaltara", "layanan", 365, after=("kaltara-datacenter", *launches), cost=4_200_000_000),
        _Item("kaltara-smart-province", "Deklarasi Kaltara Provinsi Cerdas", "kaltara", "layanan", 0, after=("kaltara-layanan", "kaltara-literasi")),
    ]
    return items


def large_plan() -> Plan:
    """About forty initiatives across six regions over four years, scheduled by a small forward pass."""
    start = date(2026, 1, 1)
    items = {item.id: item for item in _large_items()}
    order = _topological(items)
    begin: dict[str, date] = {}
    end: dict[str, date] = {}
    phase: dict[str, int] = {}
    for item_id in order:
        item = items[item_id]
        ready = sorted(_next_day(end[dep], items[dep]) for dep in item.after)
        if item.quorum:
            ready = ready[: item.quorum]
        begin[item_id] = max([start, *ready])
        end[item_id] = begin[item_id] + timedelta(days=max(item.days - 1, 0))
        phase[item_id] = 1 + max((phase[dep] for dep in item.after), default=0)
    finish = max(end.values())
    latest: dict[str, date] = {}
    for item_id in reversed(order):
        item = items[item_id]
        successors = [other for other in items.values() if item_id in other.after]
        last = min([finish, *(latest[s.id] - timedelta(days=0 if item.days == 0 else 1) for s in successors)])
        latest[item_id] = last - timedelta(days=max(item.days - 1, 0))
    region_rank = {region.id: rank for rank, region in enumerate(LARGE_REGIONS)}
    category_rank = {category.id: rank for rank, category in enumerate(LARGE_CATEGORIES)}
    ids = sorted(items, key=lambda i: (phase[i], category_rank[items[i].category], region_rank[items[i].region], i))
    planned = []
    for item_id in ids:
        item = items[item_id]
        slack = (latest[item_id] - begin[item_id]).days
        deps = tuple(
            PlannedDependency(
                dep,
                _large_reason(item, items[dep], 100 + index),
                binding=_next_day(end[dep], items[dep]) == begin[item_id],
                quorum=item.quorum is not None,
            )
            for index, dep in enumerate(item.after)
        )
        planned.append(
            PlannedInitiative(
                id=item_id,
                name=item.name,
                region=item.region,
                category=item.category,
                status=item.status,
                phase=phase[item_id],
                start=begin[item_id],
                finish=end[item_id],
                duration_days=item.days,
                slack_days=slack,
                critical=slack == 0,
                milestone=item.days == 0,
                cost=item.cost,
                earliest_start=begin[item_id],
                latest_start=latest[item_id],
                dependencies=deps,
                dependents=tuple(sorted(o.id for o in items.values() if item_id in o.after)),
            )
        )
    phases = []
    for number in sorted(set(phase.values())):
        members = tuple(p.id for p in planned if p.phase == number)
        phases.append(Phase(number, members, min(begin[m] for m in members), max(end[m] for m in members)))
    return Plan(
        roadmap=RoadmapInfo("kaltara-cerdas", "Kaltara Provinsi Cerdas 2026–2029", start, "month", date(2029, 12, 31)),
        categories=LARGE_CATEGORIES,
        regions=LARGE_REGIONS,
        initiatives=tuple(planned),
        phases=tuple(phases),
        resources=(ResourceUse("bimtek", "Tim Bimtek Komdigi", "team", 2, None, 2),),
        finish=finish,
        critical_path=tuple(p.id for p in planned if p.critical),
    )


def _large_reason(item: _Item, dependency: _Item, line: int) -> Reason:
    """Explicit within a region, the gate rule for the gate, the hierarchy rule from kab/kota to province."""
    if item.quorum:
        return Reason("gate", "rules.yaml:30", "80% of masterplan in the kab/kota below kaltara", "masterplan-80")
    if dependency.region == item.region:
        return _explicit(line)
    return Reason("hierarchy", "rules.yaml:20", f"province waits for {dependency.region}", "kab-kota-dulu")


def _next_day(finish: date, item: _Item) -> date:
    """The day after a predecessor: its finish plus one, or the milestone day itself."""
    return finish if item.days == 0 else finish + timedelta(days=1)


def _topological(items: dict[str, _Item]) -> list[str]:
    """Ids in dependency order, ties by id."""
    done: list[str] = []
    placed: set[str] = set()
    while len(done) < len(items):
        ready = sorted(i for i, item in items.items() if i not in placed and all(d in placed for d in item.after))
        done.append(ready[0])
        placed.add(ready[0])
    return done


def status_plan() -> Plan:
    """The small plan as of 2026-09-15: the active fibre work is late, the Samarinda services at risk."""
    plan = small_plan()
    states = {"bpn-fiber": ("late", 33), "smd-layanan": ("at-risk", 0), "smd-fiber": ("done", 0)}
    initiatives = tuple(replace(item, state=states[item.id][0], days_late=states[item.id][1]) if item.id in states else item for item in plan.initiatives)
    return replace(plan, roadmap=replace(plan.roadmap, status_date=date(2026, 9, 15)), initiatives=initiatives)
