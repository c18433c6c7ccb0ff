"""New roadmaps as text: `roadmap init` from the national region list, `roadmap import psplib` from a benchmark."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from roadmap_cli.funding import DEFAULT_APBD_BY, DEFAULT_APBD_P_BY
from roadmap_cli.i18n import N_, _
from roadmap_cli.national import (
    children,
    find_region,
    provinces,
    region_id,
    suggest_codes,
)
from roadmap_cli.scheduling import Problem

SCHEMA_LINE = "# yaml-language-server: $schema=.roadmap-schema.json\n"

CATEGORIES = (
    ("konektivitas", "Infrastruktur Digital dan Konektivitas", N_("Telecom connectivity: BTS 4G, fibre, internet access points.")),
    ("masterplan", "Masterplan dan Tata Kelola Smart City", N_("Smart City masterplans (rencana induk), councils and adoption.")),
    ("spbe", "Penguatan SPBE", N_("E-government (Sistem Pemerintahan Berbasis Elektronik).")),
    ("literasi", "Literasi Digital", N_("Digital literacy for citizens and civil servants.")),
    ("layanan", "Layanan Publik Digital", N_("Digital public services: health, education, transport, population records.")),
)
"""The standard categories: id, name (already Indonesian) and a description written in the command's language."""

PROVINCE_MASTERPLAN = "Penyusunan Masterplan Provinsi Cerdas"
"""The province's own masterplan is a smart-province one (Masterplan Provinsi Cerdas), not a Smart City masterplan."""

STARTERS = (
    ("konektivitas", "akses-internet", "Perluasan akses internet dan BTS di titik blank spot", "9m"),
    ("masterplan", "masterplan", "Penyusunan Masterplan Smart City", "4m"),
    ("spbe", "spbe", "Penguatan SPBE", "1y"),
    ("literasi", "literasi-digital", "Gerakan Literasi Digital", "6m"),
    ("layanan", "layanan-publik", "Layanan publik digital terpadu", "9m"),
)


PLACEHOLDER_SPBE = 2.6
"""The baseline SPBE index a scaffold writes until the planner puts in the region's own (2,6 starts the band Baik)."""
SPBE_STEP = 0.2
"""How much a scaffold's placeholder SPBE target rises each year."""


def _funding(category: str, province: bool) -> list[str]:
    """Who pays and decides a starter, as YAML lines: BTS and internet access are BAKTI's (central government), the
    services a split of the region's APBD and DAK, the rest the region's own APBD."""
    if category == "konektivitas":
        return ["    funding: bakti\n", "    authority: central\n"]
    own = "apbd-provinsi" if province else "apbd-kabkota"
    if category == "layanan":
        return [f"    funding: {{{own}: 60%, dak: 40%}}\n"]
    return [f"    funding: {own}\n"]


def _spbe_target(start: date) -> list[str]:
    """A region's SPBE index target as YAML lines: a placeholder baseline of the year before the start, rising each year to the horizon."""
    baseline_year = start.year - 1
    yearly = ", ".join(f"{year}: {min(5.0, round(PLACEHOLDER_SPBE + SPBE_STEP * (year - baseline_year), 2))}" for year in range(start.year, start.year + 5))
    return [
        "    targets:\n",
        "      - indicator: indeks-spbe\n",
        _("        # PLACEHOLDER: replace the baseline with the region's own SPBE index of its latest evaluation (KemenPANRB),\n"),
        _("        # and the yearly targets with the ones its SPBE plan sets.\n"),
        f"        baseline: {{year: {baseline_year}, value: {PLACEHOLDER_SPBE}}}\n",
        f"        yearly: {{{yearly}}}\n",
    ]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def unknown_province_message(code: str) -> str:
    """Why a province code is refused, with close codes and the list of provinces."""
    codes = {p.code for p in provinces()}
    close = ", ".join(c for c in suggest_codes(code) if c in codes)
    hint = _("; did you mean {close}?").format(close=close) if close else "."
    known = ", ".join(f"{p.code} {p.name}" for p in provinces())
    return _("`{code}` is not a province code{hint} Province codes: {known}").format(code=code, hint=hint, known=known)


def province_list_message() -> str:
    """Why `roadmap init` needs `--province` (or `--region`), with the list of provinces."""
    known = ", ".join(f"{p.code} {p.name}" for p in provinces())
    return _("roadmap init needs --province CODE (a province and its kabupaten/kota) or --region CODE (one kabupaten/kota, e.g. 73.71). Province codes: {known}").format(known=known)


def unknown_region_message(code: str) -> str:
    """Why a kabupaten/kota code is refused: a province code points at --province, else the closest kabupaten/kota codes."""
    region = find_region(code.strip())
    if region is not None and region.kind == "province":
        return _("`{code}` is the province {name}: use --province {code} for the province and all its kabupaten/kota, or --region with one of its kabupaten/kota codes, e.g. {example}").format(
            code=region.code, name=region.name, example=children(region.code)[0].code
        )
    close = [found for found in map(find_region, suggest_codes(code)) if found is not None and found.kind in ("kabupaten", "kota")]
    hint = _("; did you mean {close}?").format(close=", ".join(f"{found.code} ({found.name})" for found in close)) if close else "."
    return _("`{code}` is not a kabupaten/kota code{hint} Write it as NN.NN, e.g. 73.71 (Kota Makassar), or use --province for a whole province.").format(code=code, hint=hint)


def region_files(region_code: str, start: date) -> dict[str, str]:
    """The files of a new smart-city roadmap for one kabupaten/kota: header, the region, rules and starter initiatives."""
    region = find_region(region_code)
    if region is None or region.kind not in ("kabupaten", "kota"):
        raise KeyError(region_code)
    rid = region_id(region.code)
    title = _("# Smart-city roadmap for {name}, scaffolded by `roadmap init --region {code}`.\n").format(name=region.name, code=region.code)
    header = _header(title, f"{rid}-smart-city", f"Peta Jalan Smart City {region.name}", start)
    regions = [SCHEMA_LINE, *_indicators(), "regions:\n", *_region_lines(rid, region.name, region.kind, region.code), *_spbe_target(start)]
    rules = [SCHEMA_LINE, "rules:\n", *_connectivity_rule()]
    initiatives = [SCHEMA_LINE, *_funding_note(), "initiatives:\n", *_starters(rid, region.name)]
    initiatives += [
        f"  - id: {rid}.peluncuran-smart-city\n",
        f"    name: {_quote(f'Peluncuran Smart City {region.name}')}\n",
        f"    region: {rid}\n",
        "    category: layanan\n",
        "    milestone: true\n",
        f"    depends_on: [{rid}.layanan-publik]\n",
    ]
    return {"roadmap.yaml": "".join(header), "regions.yaml": "".join(regions), "rules.yaml": "".join(rules), "initiatives.yaml": "".join(initiatives)}


def _starters(rid: str, region_name: str, *, province: bool = False) -> list[str]:
    """The starter initiatives of one region, as YAML lines; a province's masterplan is a smart-province one."""
    lines = []
    for category, suffix, starter_name, duration in STARTERS:
        name = PROVINCE_MASTERPLAN if province and suffix == "masterplan" else starter_name
        lines += [
            f"  - id: {rid}.{suffix}\n",
            f"    name: {_quote(f'{name} {region_name}')}\n",
            f"    region: {rid}\n",
            f"    category: {category}\n",
            f"    duration: {duration}\n",
            *_funding(category, province),
        ]
    return lines


def init_files(province_code: str, start: date) -> dict[str, str]:
    """The files of a new roadmap for a province: header, regions, rules and starter initiatives."""
    province = find_region(province_code)
    if province is None or province.kind != "province":
        raise KeyError(province_code)
    kids = children(province.code)
    pid = region_id(province.code)
    title = _("# Smart-province roadmap for {name}, scaffolded by `roadmap init --province {code}`.\n").format(name=province.name, code=province.code)
    header = _header(title, f"{pid}-provinsi-cerdas", f"Peta Jalan Provinsi Cerdas {province.name}", start)
    regions = [SCHEMA_LINE, *_indicators(), "regions:\n", *_region_lines(pid, province.name, "province", province.code), *_spbe_target(start)]
    for kid in kids:
        regions += [
            f"  - id: {region_id(kid.code)}\n",
            f"    name: {_quote(kid.name)}\n",
            f"    kind: {kid.kind}\n",
            f"    parent: {pid}\n",
            f'    code: "{kid.code}"\n',
            f"    wave: {1 if kid.kind == 'kota' else 2}\n",
            *_spbe_target(start),
        ]
    rules = [
        SCHEMA_LINE,
        "rules:\n",
        *_connectivity_rule(),
        _("  # The kabupaten/kota go first; the province's services integrate theirs.\n"),
        "  - kind: hierarchy\n",
        "    id: kabkota-dulu\n",
        "    by: category\n",
        "    match:\n",
        "      categories: [layanan]\n",
        _("  # The province steps up once 80% of its kabupaten/kota have a Smart City masterplan.\n"),
        "  - kind: gate\n",
        "    id: syarat-80-persen-masterplan\n",
        "    target:\n",
        f"      initiatives: [{pid}.masterplan]\n",
        "    require:\n",
        "      categories: [masterplan]\n",
        "    within: children\n",
        '    quorum: "80%"\n',
        _("  # Kota go first (wave 1), kabupaten follow (wave 2); change `wave:` in regions.yaml to suit.\n"),
        "  - kind: wave\n",
        "    id: gelombang\n",
        "    milestone:\n",
        "      categories: [masterplan]\n",
        "    match:\n",
        "      categories: [masterplan, spbe, literasi, layanan]\n",
    ]
    initiatives = [SCHEMA_LINE, *_funding_note(), "initiatives:\n", *_starters(pid, province.name, province=True)]
    for kid in kids:
        initiatives += _starters(region_id(kid.code), kid.name)
    initiatives += [
        f"  - id: {pid}.peluncuran-provinsi-cerdas\n",
        f"    name: {_quote(f'Peluncuran Provinsi Cerdas {province.name}')}\n",
        f"    region: {pid}\n",
        "    category: layanan\n",
        "    milestone: true\n",
        f"    depends_on: [{pid}.layanan-publik]\n",
    ]
    return {
        "roadmap.yaml": "".join(header),
        "regions.yaml": "".join(regions),
        "rules.yaml": "".join(rules),
        "initiatives.yaml": "".join(initiatives),
    }


def psplib_roadmap(problem: Problem, name: str, start: date) -> str:
    """A PSPLIB instance as a roadmap file: jobs as initiatives, renewable resources as teams, status date = start."""
    if any(resource.periods is not None for resource in problem.resources):
        raise ValueError(_("non-renewable PSPLIB resources are not supported; only renewable ones (R1..Rk) are imported"))
    predecessors: dict[str, list[str]] = {task.id: [] for task in problem.tasks}
    for edge in problem.precedences:
        predecessors[edge.succ].append(edge.pred)
    lines = [
        _("# PSPLIB instance {name}, imported by `roadmap import psplib`.\n").format(name=name),
        "# PSPLIB: Kolisch, R., Sprecher, A. (1996). European Journal of Operational Research 96(1), 205-216.\n",
        "version: 1\n",
        "roadmap:\n",
        f"  id: psplib-{_slug(name)}\n",
        f"  name: {_quote(f'PSPLIB {name}')}\n",
        f"  start: {start.isoformat()}\n",
        f"  status_date: {start.isoformat()}\n",
        "  period: month\n",
        "categories:\n",
        "  - id: job\n",
        "    name: Job\n",
        "regions:\n",
        "  - id: project\n",
        "    name: Project\n",
        "    kind: country\n",
    ]
    if problem.resources:
        lines.append("resources:\n")
        for resource in problem.resources:
            lines += [f"  - id: {resource.id.lower()}\n", f"    name: {resource.id}\n", f"    capacity: {resource.capacity}\n"]
    lines.append("initiatives:\n")
    for task in problem.tasks:
        lines += [f"  - id: {task.id}\n", f"    name: Job {task.id[1:]}\n", "    region: project\n", "    category: job\n"]
        lines.append("    milestone: true\n" if task.duration == 0 else f"    duration: {task.duration}d\n")
        if predecessors[task.id]:
            lines.append(f"    depends_on: [{', '.join(sorted(predecessors[task.id], key=_job_number))}]\n")
        demands = [(rid.lower(), amount) for rid, amount in task.demands if amount > 0]
        if demands:
            lines.append(f"    demands: {{{', '.join(f'{rid}: {amount}' for rid, amount in demands)}}}\n")
    return "".join(lines)


def _job_number(job_id: str) -> int:
    """The number of a PSPLIB job id such as `j12`."""
    return int(job_id[1:])


def _slug(name: str) -> str:
    """An id-safe form of a file name."""
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in Path(name).stem).strip("-.") or "instance"


def _header(title: str, roadmap_id: str, name: str, start: date) -> list[str]:
    """roadmap.yaml of a scaffold: its comment, header, the categories and the includes, as YAML lines."""
    header = [
        SCHEMA_LINE,
        title,
        _("# Regions come from the national list (Kepmendagri 300.2.2-2138/2025). Edit the initiatives,\n"),
        _("# durations and rules; `roadmap validate` checks, `roadmap plan` shows the plan.\n\n"),
        "version: 1\n\n",
        "roadmap:\n",
        f"  id: {roadmap_id}\n",
        f"  name: {_quote(name)}\n",
        f"  start: {start.isoformat()}\n",
        "  period: half\n",
        f"  horizon: {date(start.year + 4, 12, 31).isoformat()}\n",
        _("  # The budget year: the APBD of year N is fixed by 30 November of N-1, its APBD-P by 30 September of N;\n"),
        _("  # work paid from an APBD starts in the first budget it can still enter, counted from the status date.\n"),
        "  budget_calendar:\n",
        f"    apbd_by: {_quote(DEFAULT_APBD_BY)}\n",
        f"    apbd_p_by: {_quote(DEFAULT_APBD_P_BY)}\n",
        _("  # Working days, for durations and lags written `20hk`: Monday to Friday, less Indonesia's national holidays\n"),
        _("  # and cuti bersama; list the region's own days off (HUT kabupaten) under `holidays`.\n"),
        "  calendar:\n",
        "    weekend: [sat, sun]\n",
        "    national_holidays: true\n",
        "    cuti_bersama: true\n",
        "    holidays: []\n\n",
        "categories:\n",
    ]
    for ident, category_name, description in CATEGORIES:
        header += [f"  - id: {ident}\n", f"    name: {_quote(category_name)}\n", f"    description: {_quote(_(description))}\n"]
    return [*header, "\ninclude:\n", "  - regions.yaml\n", "  - rules.yaml\n", "  - initiatives.yaml\n"]


def _indicators() -> list[str]:
    """The indicators a scaffold's targets use, as YAML lines: the built-in SPBE index."""
    return [_("# The indicators targets measure; `indeks-spbe` is built in (PermenPANRB 59/2020: 4 domains, bands).\n"), "indicators:\n", "  - indeks-spbe\n\n"]


def _funding_note() -> list[str]:
    """The comment above a scaffold's initiatives on who pays and who decides."""
    return [
        _("# `funding`: who pays (one source, or a split such as {apbd-kabkota: 60%, dak: 40%}); add `cost:` in rupiah\n"),
        _("# to see the cost by source. BTS and internet access are BAKTI's: `authority: central`, an external dependency.\n"),
    ]


def _region_lines(rid: str, name: str, kind: str, code: str) -> list[str]:
    """One region of regions.yaml, as YAML lines."""
    return [f"  - id: {rid}\n", f"    name: {_quote(name)}\n", f"    kind: {kind}\n", f'    code: "{code}"\n']


def _connectivity_rule() -> list[str]:
    """The rule every scaffold starts with: telecom connectivity before digital services, as YAML lines."""
    return [
        _("  # Telecom connectivity before digital services, in every region.\n"),
        "  - kind: category-order\n",
        "    id: konektivitas-dulu\n",
        "    stages: [konektivitas, masterplan, [spbe, literasi], layanan]\n",
    ]
