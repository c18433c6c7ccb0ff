"""Plan -> Mermaid: a `gantt` chart (sections per region or phase) and a `flowchart` of the dependency graph,
split into one diagram per province or kabupaten/kota when the whole plan is over Mermaid's size limits."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from roadmap_cli.i18n import _, ngettext
from roadmap_cli.plan import Plan, PlannedInitiative, PlannedRegion
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import EXTERNAL_MARK, as_of, authority_text, clean, initiatives_by_id, lag_mark, phase_title, state_text

MAX_TEXT_SIZE = 50_000
"""Mermaid's default `maxTextSize`: a longer diagram is drawn as "Maximum text size in diagram exceeded"."""
MAX_EDGES = 500
"""Mermaid's default `maxEdges`: a flowchart with more edges fails with "Edge limit exceeded"."""
TICK_MONTHS = (1, 3, 6, 12)
"""Gantt axis tick steps in months (d3 counts them from January, so 3 and 6 fall on quarters and halves)."""
MAX_TICKS = 16
PERIOD_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
"""Months in each period (the vocabulary's periods, longest first): the finest tick step for it."""
HISTORY_KEY = "~done-before-"
"""Prefix of the keys of the collapsed history tasks (`~` cannot start an initiative id, so they never clash)."""
STATUS_KEY = "~status-date"
"""The key of the status date's vertical line (a `vert` task, Mermaid 11.7 and later)."""

GANTT_KEYWORDS = (
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "title",
    "accdescription",
    "acctitle",
    "accdescr",
    "section",
    "click",
    "href",
    "call",
)
"""Words the gantt lexer reads as a statement when a line starts with them (case-insensitive)."""
_TASK_TAGS = {"active", "done", "crit", "milestone", "vert", "after", "until"}
_GANTT_REPLACE = str.maketrans({":": "꞉", ";": ",", "#": "＃", "%": "％"})
"""`:` splits a task line, `;` ends a statement, `#` and `%%` start comments in the gantt grammar."""
_FLOW_ENTITIES = [
    ("#", "#35;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("&", "#amp;"),
    ("`", "#96;"),
    ("%", "#37;"),
]
"""Characters in a quoted flowchart label, written as Mermaid entity codes (`#` first; `%` so `%%{` is no directive)."""
MAX_INDENT = 16
"""Subgraphs nested deeper than this are indented no further, so a deep region chain's output stays linear in size."""


def gantt_text(text: str) -> str:
    """User text that the gantt grammar reads as plain text (task names, section names, the title)."""
    safe = " ".join(clean(text).translate(_GANTT_REPLACE).split())
    lowered = safe.lower()
    if re.match(r"\d{4}-\d{2}-\d{2}", safe) or any(lowered.startswith(word) and not lowered[len(word) : len(word) + 1].isalnum() for word in GANTT_KEYWORDS):
        safe = "\u200b" + safe
    return safe


def flow_text(text: str) -> str:
    """User text for inside a double-quoted flowchart label."""
    safe = " ".join(clean(text).split())
    for char, entity in _FLOW_ENTITIES:
        safe = safe.replace(char, entity)
    return safe


def mermaid_ids(ids: list[str], prefix: str = "") -> dict[str, str]:
    """Ids made of letters, digits and `_`, not a keyword, not starting with a digit, and unique."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for identifier in ids:
        safe = prefix + re.sub(r"[^A-Za-z0-9_]", "_", identifier)
        if not prefix and (safe[:1].isdigit() or safe.lower() in _TASK_TAGS):
            safe = "t_" + safe
        candidate, number = safe, 1
        while candidate in used:
            number += 1
            candidate = f"{safe}_{number}"
        used.add(candidate)
        result[identifier] = candidate
    return result


def render_gantt(plan: Plan, *, sections: Literal["region", "phase"] = "region") -> str:
    """The plan as a Mermaid gantt chart; `after` where a task starts right when a predecessor ends.

    Work done before the roadmap start is drawn as one done milestone per section, the day before the start,
    so the axis begins near the start instead of at the oldest history.
    """
    start = plan.roadmap.start
    grouped = list(_sections(plan, sections))
    history = [[item for item in members if _is_history(item, start)] for _title, members in grouped]
    shown = [item for _title, members in grouped for item in members if not _is_history(item, start)]
    keys = [HISTORY_KEY + str(number) for number, done in enumerate(history) if done]
    status_date = plan.roadmap.status_date
    ids = mermaid_ids([item.id for item in shown] + keys + ([STATUS_KEY] if status_date else []))
    items = {item.id: item for item in shown}
    marker = start - timedelta(days=1)
    ends = [_gantt_end(item) for item in shown] + ([marker] if keys else [])
    first = min([item.start for item in shown] + ([marker] if keys else []), default=start)
    step = _tick_months(first, max(ends, default=start), plan.roadmap.period)
    lines = [
        "gantt",
        f"    title {gantt_text(plan.roadmap.name)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {'%Y' if step == 12 else '%Y-%m'}",
        f"    tickInterval {step}month",
        "    todayMarker off",
    ]
    if status_date:
        lines.append(f"    {gantt_text(as_of(status_date))} :vert, {ids[STATUS_KEY]}, {status_date}, 0d")
    for number, (title, members) in enumerate(grouped):
        lines.append(f"    section {gantt_text(title)}")
        done = history[number]
        if done:
            label = ngettext(
                "{count} initiative done before {start} ({first} to {last})",
                "{count} initiatives done before {start} ({first} to {last})",
                len(done),
            ).format(
                count=len(done),
                start=start,
                first=min(i.start for i in done),
                last=max(i.finish for i in done),
            )
            lines.append(f"    {gantt_text(label)} :done, milestone, {ids[HISTORY_KEY + str(number)]}, {marker}, 0d")
        for item in members:
            if item.id in items:
                state = state_text(item)
                name = (gantt_text(item.name) or item.id) + (f" ({gantt_text(state)})" if state else "")
                name = f"{EXTERNAL_MARK} {name} ({gantt_text(authority_text(item))})" if item.external else name
                lines.append(f"    {name} :{_task_data(item, items, ids)}")
    return "\n".join(lines) + "\n"


def _is_history(item: PlannedInitiative, start: date) -> bool:
    """True for work done and finished before the roadmap start."""
    return item.status == "done" and item.finish < start


def _tick_months(first: date, last: date, period: str) -> int:
    """The finest tick step, no finer than the roadmap's period, that keeps the axis to MAX_TICKS ticks."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    steps = [step for step in TICK_MONTHS if step >= PERIOD_MONTHS.get(period, 1)]
    return next((step for step in steps if months / step <= MAX_TICKS), TICK_MONTHS[-1])


def render_flowchart(plan: Plan) -> str:
    """The dependency graph as a Mermaid flowchart: subgraphs per region, edges labelled with their rule."""
    items = initiatives_by_id(plan)
    nodes = mermaid_ids(
        [item.id for item in plan.initiatives] + sorted({d.id for item in plan.initiatives for d in item.dependencies} - set(items)),
        "n_",
    )
    lines = ["flowchart LR"]
    lines += _subgraphs(plan, nodes)
    outside = sorted({d.id for item in plan.initiatives for d in item.dependencies} - set(items))
    for identifier in outside:
        lines.append(f'    {nodes[identifier]}["{flow_text(identifier)}"]:::outside')
    for item in plan.initiatives:
        for dependency in item.dependencies:
            label = dependency.reason.rule or "explicit"
            if dependency.lag_days:
                label += f" {lag_mark(dependency)}"
            arrow = "-.->" if dependency.quorum else "-->"
            lines.append(f'    {nodes[dependency.id]} {arrow}|"{flow_text(label)}"| {nodes[item.id]}')
    lines += [
        "    classDef crit stroke:#d62728,stroke-width:3px",
        "    classDef done fill:#e8e8e8,color:#666666",
        "    classDef active fill:#fff3c4",
        "    classDef outside stroke-dasharray:4 4,color:#666666",
    ]
    late = [item for item in plan.initiatives if item.state == "late"]
    at_risk = [item for item in plan.initiatives if item.state == "at-risk"]
    lines += ["    classDef late stroke:#b00020,stroke-width:3px,stroke-dasharray:6 3"] if late else []
    lines += ["    classDef risk stroke:#7a4a00,stroke-width:2px,stroke-dasharray:2 2"] if at_risk else []
    external = [item for item in plan.initiatives if item.external]
    lines += ["    classDef external fill:#eef3fb,stroke:#4a6fa5,stroke-dasharray:8 4"] if external else []
    for name, members in (
        ("crit", [item for item in plan.initiatives if item.critical]),
        ("done", [item for item in plan.initiatives if item.status == "done"]),
        ("active", [item for item in plan.initiatives if item.status == "active"]),
        ("late", late),
        ("risk", at_risk),
        ("external", external),
    ):
        if members:
            lines.append(f"    class {','.join(nodes[item.id] for item in members)} {name}")
    return "\n".join(lines) + "\n"


def _sections(plan: Plan, by: Literal["region", "phase"]) -> Iterator[tuple[str, list[PlannedInitiative]]]:
    """Section titles with their tasks: regions in tree order, or phases in order."""
    if by == "phase":
        by_phase: dict[int, list[PlannedInitiative]] = {}
        for item in plan.initiatives:
            by_phase.setdefault(item.phase, []).append(item)
        for phase in plan.phases:
            if phase.number in by_phase:
                yield phase_title(phase), by_phase[phase.number]
        return
    names = {region.id: region.name for region in plan.regions}
    order = [region.id for region in plan.regions]
    order += sorted({item.region for item in plan.initiatives} - set(order))
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    for region_id in order:
        if region_id in by_region:
            yield names.get(region_id, region_id), by_region[region_id]


def _task_data(item: PlannedInitiative, items: dict[str, PlannedInitiative], ids: dict[str, str]) -> str:
    """Tags, id, start (`after X` or a date) and length in days."""
    flags = [
        ("crit", item.critical),
        ("done", item.status == "done"),
        ("active", item.status == "active"),
        ("milestone", item.milestone),
    ]
    tags = [tag for tag, on in flags if on]
    start = item.start.isoformat()
    ordered = sorted(item.dependencies, key=lambda dependency: not dependency.binding)
    for dependency in ordered:
        predecessor = items.get(dependency.id)
        if predecessor is not None and _gantt_end(predecessor) == item.start:
            start = f"after {ids[predecessor.id]}"
            break
    days = 0 if item.milestone else (item.finish - item.start).days + 1
    return ", ".join([*tags, ids[item.id], start, f"{days}d"])


def _gantt_end(item: PlannedInitiative) -> date:
    """Where Mermaid ends a task: the day after its inclusive finish, or a milestone's own day."""
    return item.start if item.milestone else item.finish + timedelta(days=1)


def _subgraphs(plan: Plan, nodes: dict[str, str]) -> list[str]:
    """Nested subgraphs following the region tree, each holding its initiatives' nodes (regions without work left out)."""
    tree = RegionTree.of(plan.regions, sort_siblings=False)
    subgraph_ids = mermaid_ids([region.id for region in plan.regions], "r_")
    names = {region.id: region.name for region in plan.regions}
    with_work = tree.with_ancestors(item.region for item in plan.initiatives if item.region in tree)
    by_region: dict[str, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region, []).append(item)
    lines = []
    stack: list[tuple[str, int, bool]] = [(root, 1, False) for root in reversed(tree.roots) if root in with_work]
    while stack:
        region_id, depth, closing = stack.pop()
        pad = "    " * min(depth, MAX_INDENT)
        if closing:
            lines.append(f"{pad}end")
            continue
        lines.append(f'{pad}subgraph {subgraph_ids[region_id]}["{flow_text(names[region_id])}"]')
        lines.append(f"{pad}    direction LR")
        lines += [f"{pad}    {_node(item, nodes[item.id])}" for item in by_region.get(region_id, ())]
        stack.append((region_id, depth, True))
        stack += [(child, depth + 1, False) for child in reversed(tree.children(region_id)) if child in with_work]
    for item in plan.initiatives:
        if item.region not in subgraph_ids:
            lines.append(f"    {_node(item, nodes[item.id])}")
    return lines


def _node(item: PlannedInitiative, node_id: str) -> str:
    """A node: a stadium for a milestone, a box otherwise; the label is the name and the id (and how late, or at risk)."""
    state = state_text(item)
    notes = [state] if state else []
    notes += [f"{EXTERNAL_MARK} {authority_text(item)}"] if item.external else []
    label = f'"{flow_text(item.name)}<br/>{flow_text(item.id)}' + "".join(f"<br/>{flow_text(note)}" for note in notes) + '"'
    if item.external:
        return f"{node_id}{{{{{label}}}}}"
    return f"{node_id}([{label}])" if item.milestone else f"{node_id}[{label}]"


@dataclass(frozen=True)
class Diagram:
    """One Mermaid diagram of a plan or of part of it."""

    key: str
    """Empty for the whole plan; for a part, its number and region id (`03-bulungan`), used in file names."""
    title: str
    text: str


@dataclass(frozen=True)
class Split:
    """A diagram too large for Mermaid, and the parts it was split into."""

    kind: str
    size: int
    edges: int
    parts: tuple[Diagram, ...]

    def note(self, roadmap: str) -> str:
        """What happened, in words, for stderr and the Markdown of the parts."""
        if self.kind == "gantt":
            message = _("The Mermaid gantt of {roadmap} has {size} characters, more than Mermaid draws ({max_size}): it is split into {count} diagrams, one per province or kabupaten/kota.")
        else:
            message = _(
                "The Mermaid flowchart of {roadmap} has {size} characters and {edges} edges, more than Mermaid "
                "draws ({max_size} characters, {max_edges} edges): it is split into {count} diagrams, one per "
                "province or kabupaten/kota."
            )
        return message.format(
            roadmap=roadmap,
            size=self.size,
            edges=self.edges,
            max_size=MAX_TEXT_SIZE,
            max_edges=MAX_EDGES,
            count=len(self.parts),
        )


def text_size(text: str) -> int:
    """The length Mermaid compares with `maxTextSize`: UTF-16 code units, as JavaScript counts them."""
    return len(text.encode("utf-16-le")) // 2


def edge_count(plan: Plan) -> int:
    """The flowchart's edges: one per dependency."""
    return sum(len(item.dependencies) for item in plan.initiatives)


def gantt_diagrams(plan: Plan) -> Split | Diagram:
    """The gantt chart whole, or split into parts that each fit Mermaid's limits."""
    return _diagrams(plan, "gantt", render_gantt, _gantt_weights, count_edges=False)


def flowchart_diagrams(plan: Plan) -> Split | Diagram:
    """The flowchart whole, or split into parts that each fit Mermaid's limits."""
    return _diagrams(plan, "flowchart", render_flowchart, _flowchart_weights, count_edges=True)


Weights = tuple[dict[str, int], dict[str, int]]
"""About how many characters each initiative and each region (its heading) adds to a diagram, by id."""


def _gantt_weights(plan: Plan) -> Weights:
    """Each task line and each section line of the whole gantt, measured as the whole chart writes them."""
    items = {item.id: item for item in plan.initiatives}
    ids = mermaid_ids(list(items))
    tasks = {item.id: text_size(f"    {gantt_text(item.name) or item.id} :{_task_data(item, items, ids)}\n") for item in plan.initiatives}
    sections = {region.id: text_size(f"    section {gantt_text(region.name)}\n") for region in plan.regions}
    return tasks, sections


def _flowchart_weights(plan: Plan) -> Weights:
    """Each node with its incoming edges and class entries, and each subgraph's lines, as the whole flowchart writes them."""
    nodes = mermaid_ids([item.id for item in plan.initiatives], "n_")
    depth = {region.id: region.depth for region in plan.regions}
    weights = {}
    for item in plan.initiatives:
        pad = 4 * min(depth.get(item.region, 0) + 1, MAX_INDENT) + 4
        size = pad + text_size(_node(item, nodes[item.id])) + 1 + 3 * (len(nodes[item.id]) + 1)
        for dependency in item.dependencies:
            size += 20 + len(nodes[item.id]) + len(nodes.get(dependency.id, dependency.id)) + len(dependency.reason.rule or "explicit")
        weights[item.id] = size
    subgraphs = mermaid_ids([region.id for region in plan.regions], "r_")
    headings = {region.id: 3 * 4 * min(region.depth + 1, MAX_INDENT) + text_size(f'subgraph {subgraphs[region.id]}["{flow_text(region.name)}"]') + 20 for region in plan.regions}
    return weights, headings


def diagrams_markdown(plan: Plan, split: Split) -> str:
    """The parts of a split diagram as one Markdown document: a heading and a fenced `mermaid` block each."""
    from roadmap_cli.render.markdown import escape

    lines = [
        f"# {escape(plan.roadmap.name)}",
        "",
        escape(split.note(plan.roadmap.name)),
        "",
    ]
    for part in split.parts:
        lines += [
            f"## {escape(part.title)}",
            "",
            "```mermaid",
            part.text.rstrip("\n"),
            "```",
            "",
        ]
    return "\n".join(lines)


PART_ANCESTORS = 3
"""A part shows at most this many regions above its own (country, province, kabupaten/kota above a kecamatan), so
a part of a deep region chain stays small and the split stays linear."""


def _diagrams(plan: Plan, kind: str, render: Callable[[Plan], str], weigh: Callable[[Plan], Weights], *, count_edges: bool) -> Split | Diagram:
    """Render the whole plan; when it is too large, split by the region tree (then by chunks of one region's work).

    Linear in the plan: each region's subtree is weighed once, bottom up, from the whole diagram's lines; a part is
    rendered only when its weight says it may fit (so a rendered part is at most about Mermaid's limit), and the
    regions of a part are walked only then.
    """
    whole = render(plan)
    edges = edge_count(plan) if count_edges else 0
    if text_size(whole) <= MAX_TEXT_SIZE and edges <= MAX_EDGES:
        return Diagram("", plan.roadmap.name, whole)
    tree = RegionTree.of(plan.regions, sort_siblings=False)
    regions = {region.id: region for region in plan.regions}
    order = {item.id: number for number, item in enumerate(plan.initiatives)}
    by_region: dict[str | None, list[PlannedInitiative]] = {}
    for item in plan.initiatives:
        by_region.setdefault(item.region if item.region in tree else None, []).append(item)
    with_work = tree.with_ancestors(region for region in by_region if region is not None)
    item_weight, heading_weight = weigh(plan)
    head = text_size(render(replace(plan, regions=(), initiatives=())))
    own: dict[str | None, tuple[int, int]] = {
        region: (
            sum(item_weight[item.id] for item in members) + (heading_weight.get(region, 0) if region else 0),
            sum(len(item.dependencies) for item in members),
        )
        for region, members in by_region.items()
    }
    if count_edges:  # a flowchart draws every region above work as a subgraph, a gantt only regions with work
        own.update({region: (heading_weight.get(region, 0), 0) for region in with_work if region not in own})
    below = _subtree_weights(tree, with_work, own)

    def may_fit(weight: tuple[int, int]) -> bool:
        return head + weight[0] <= MAX_TEXT_SIZE and (not count_edges or weight[1] <= MAX_EDGES)

    def fits(part: Plan, text: str) -> bool:
        return text_size(text) <= MAX_TEXT_SIZE and (not count_edges or edge_count(part) <= MAX_EDGES)

    def part_plan(region_id: str | None, shown: list[str], members: list[PlannedInitiative], title: str) -> Plan:
        ancestors = _nearest_ancestors(tree, region_id, PART_ANCESTORS) if region_id is not None else []
        kept: list[PlannedRegion] = [regions[r] for r in ancestors + shown if r in regions]
        info = replace(plan.roadmap, name=f"{plan.roadmap.name} – {title}")
        return replace(plan, roadmap=info, regions=tuple(kept), initiatives=tuple(sorted(members, key=lambda item: order[item.id])))

    found: list[tuple[str, str, str]] = []
    stack: list[tuple[str | None, bool]] = [(root, True) for root in reversed(tree.roots) if root in with_work]
    stack.insert(0, (None, False))
    while stack:
        region_id, whole_subtree = stack.pop()
        weight = below[region_id] if whole_subtree and region_id is not None else own.get(region_id, (0, 0))
        if not weight[0]:
            continue
        title = regions[region_id].name if region_id is not None else _("Other regions")
        if may_fit(weight):
            shown = _worked_subtree(tree, region_id, with_work) if whole_subtree and region_id is not None else [region_id] if region_id else []
            members = [item for r in shown for item in by_region.get(r, ())] if region_id is not None else by_region.get(None, [])
            if members:
                part = part_plan(region_id, shown, members, title)
                text = render(part)
                if fits(part, text):
                    found.append((region_id or "other", title, text))
                    continue
        if whole_subtree and region_id is not None and any(child in with_work for child in tree.children(region_id)):
            stack += [(child, True) for child in reversed(tree.children(region_id)) if child in with_work]
            stack.append((region_id, False))
        elif by_region.get(region_id):
            members = by_region[region_id]
            shown = [region_id] if region_id is not None else []
            pieces = max(2, -(-(head + own[region_id][0]) // MAX_TEXT_SIZE))
            found += _chunks(region_id, shown, members, title, part_plan, render, fits, pieces)
    width = len(str(len(found)))
    parts = tuple(Diagram(f"{number:0{width}d}-{key}", title, text) for number, (key, title, text) in enumerate(found, 1))
    return Split(kind, text_size(whole), edges, parts)


def _subtree_weights(tree: RegionTree, with_work: set[str], own: dict[str | None, tuple[int, int]]) -> dict[str | None, tuple[int, int]]:
    """The weight and edges of each region's whole subtree (regions with work below them), summed bottom up."""
    totals: dict[str | None, tuple[int, int]] = {None: own.get(None, (0, 0))}
    for region_id in reversed(tree.order()):
        if region_id not in with_work:
            continue
        size, edges = own.get(region_id, (0, 0))
        for child in tree.children(region_id):
            if child in with_work:
                child_size, child_edges = totals[child]
                size, edges = size + child_size, edges + child_edges
        totals[region_id] = (size, edges)
    return totals


def _worked_subtree(tree: RegionTree, region_id: str, with_work: set[str]) -> list[str]:
    """The region and the regions below it that have work below them, in tree order."""
    found, stack = [], [region_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(child for child in reversed(tree.children(current)) if child in with_work)
    return found


def _nearest_ancestors(tree: RegionTree, region_id: str, count: int) -> list[str]:
    """Up to `count` regions above a region, the highest first."""
    found: list[str] = []
    current = tree.parent(region_id)
    while current is not None and len(found) < count and current not in found and current != region_id:
        found.append(current)
        current = tree.parent(current)
    return list(reversed(found))


def _chunks(
    region_id: str | None,
    shown: list[str],
    members: list[PlannedInitiative],
    title: str,
    part_plan: Callable[[str | None, list[str], list[PlannedInitiative], str], Plan],
    render: Callable[[Plan], str],
    fits: Callable[[Plan, str], bool],
    count: int = 2,
) -> list[tuple[str, str, str]]:
    """One region's work in as few consecutive chunks as fit, from `count` up (one initiative a chunk at the very least)."""
    while True:
        size = -(-len(members) // count)
        pieces = [members[start : start + size] for start in range(0, len(members), size)]
        rendered = []
        for number, piece in enumerate(pieces, 1):
            label = _("{region} (part {number} of {count})").format(region=title, number=number, count=len(pieces))
            part = part_plan(region_id, shown, piece, label)
            rendered.append((f"{region_id or 'other'}-{number}", label, part, render(part)))
        if size == 1 or all(fits(part, text) for _key, _label, part, text in rendered):
            return [(key, label, text) for key, label, _part, text in rendered]
        count *= 2
