"""Plan -> Mermaid: a `gantt` chart (sections per region or phase) and a `flowchart` of the dependency graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

from roadmap_cli.i18n import _
from roadmap_cli.plan import Plan, PlannedInitiative
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.common import clean, initiatives_by_id

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
_TASK_TAGS = {"active", "done", "crit", "milestone", "after", "until"}
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
AXIS_FORMAT = {"year": "%Y", "half": "%Y-%m", "quarter": "%Y-%m", "month": "%Y-%m"}
MAX_INDENT = 16
"""Subgraphs nested deeper than this are indented no further, so a deep region chain's output stays linear in size."""


def gantt_text(text: str) -> str:
    """User text that the gantt grammar reads as plain text (task names, section names, the title)."""
    safe = " ".join(clean(text).translate(_GANTT_REPLACE).split())
    lowered = safe.lower()
    if re.match(r"\d{4}-\d{2}-\d{2}", safe) or any(
        lowered.startswith(word) and not lowered[len(word) : len(word) + 1].isalnum() for word in GANTT_KEYWORDS
    ):
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
    """The plan as a Mermaid gantt chart; `after` where a task starts right when a predecessor ends."""
    ids = mermaid_ids([item.id for item in plan.initiatives])
    items = initiatives_by_id(plan)
    lines = [
        "gantt",
        f"    title {gantt_text(plan.roadmap.name)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {AXIS_FORMAT.get(plan.roadmap.period, '%Y-%m')}",
        "    todayMarker off",
    ]
    for title, members in _sections(plan, sections):
        lines.append(f"    section {gantt_text(title)}")
        for item in members:
            lines.append(f"    {gantt_text(item.name) or item.id} :{_task_data(item, items, ids)}")
    return "\n".join(lines) + "\n"


def render_flowchart(plan: Plan) -> str:
    """The dependency graph as a Mermaid flowchart: subgraphs per region, edges labelled with their rule."""
    items = initiatives_by_id(plan)
    nodes = mermaid_ids(
        [item.id for item in plan.initiatives]
        + sorted({d.id for item in plan.initiatives for d in item.dependencies} - set(items)),
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
                label += f" +{dependency.lag_days}d"
            arrow = "-.->" if dependency.quorum else "-->"
            lines.append(f'    {nodes[dependency.id]} {arrow}|"{flow_text(label)}"| {nodes[item.id]}')
    lines += [
        "    classDef crit stroke:#d62728,stroke-width:3px",
        "    classDef done fill:#e8e8e8,color:#666666",
        "    classDef active fill:#fff3c4",
        "    classDef outside stroke-dasharray:4 4,color:#666666",
    ]
    for name, members in (
        ("crit", [item for item in plan.initiatives if item.critical]),
        ("done", [item for item in plan.initiatives if item.status == "done"]),
        ("active", [item for item in plan.initiatives if item.status == "active"]),
    ):
        if members:
            lines.append(f"    class {','.join(nodes[item.id] for item in members)} {name}")
    return "\n".join(lines) + "\n"


def _sections(plan: Plan, by: Literal["region", "phase"]) -> Iterator[tuple[str, list[PlannedInitiative]]]:
    """Section titles with their tasks: regions in tree order, or phases in order."""
    if by == "phase":
        for phase in plan.phases:
            ids = set(phase.initiatives)
            yield _("Phase {number}").format(number=phase.number), [item for item in plan.initiatives if item.id in ids]
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
        lines += [f"{pad}    {_node(item, nodes[item.id])}" for item in by_region.get(region_id, ())]
        stack.append((region_id, depth, True))
        stack += [(child, depth + 1, False) for child in reversed(tree.children(region_id)) if child in with_work]
    for item in plan.initiatives:
        if item.region not in subgraph_ids:
            lines.append(f"    {_node(item, nodes[item.id])}")
    return lines


def _node(item: PlannedInitiative, node_id: str) -> str:
    """A node: a stadium for a milestone, a box otherwise; the label is the name and the id."""
    label = f'"{flow_text(item.name)}<br/>{flow_text(item.id)}"'
    return f"{node_id}([{label}])" if item.milestone else f"{node_id}[{label}]"
