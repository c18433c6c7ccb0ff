"""Roadmaps for tests: builders for roadmap data, writing it as YAML, and loading or planning it the real way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from roadmap_cli.loader import LoadedRoadmap, RoadmapFiles, discover_roadmaps, load_roadmap
from roadmap_cli.pipeline import CheckedGraph, build_plan, check_files
from roadmap_cli.plan import Plan
from roadmap_cli.planner import PlanOptions

ROOT = Path(__file__).resolve().parents[2]
"""The repository root."""
START = "2025-01-01"
"""The start date of every built roadmap."""
PARSERS: dict[str, Any] = ({"libyaml": yaml.CSafeLoader} if yaml.__with_libyaml__ else {}) | {"python": yaml.SafeLoader}
"""The PyYAML parsers the loader may run on, by test id: libyaml's (when PyYAML was built with it) and the pure-Python one."""


def item(id: str, region: str = "r", category: str = "a", duration: str | int | None = "10d", **fields: Any) -> dict[str, Any]:
    """An initiative mapping; `duration=None` with `milestone=True` makes a milestone."""
    data: dict[str, Any] = {"id": id, "name": f"Initiative {id}", "region": region, "category": category}
    if duration is not None and not fields.get("milestone"):
        data["duration"] = duration
    data.update(fields)
    return data


def region(id: str, kind: str = "kabupaten", parent: str | None = None, **fields: Any) -> dict[str, Any]:
    """A region mapping."""
    data: dict[str, Any] = {"id": id, "name": f"Region {id}", "kind": kind}
    if parent is not None:
        data["parent"] = parent
    data.update(fields)
    return data


def roadmap(
    initiatives: list[dict[str, Any]],
    *,
    regions: list[dict[str, Any]] | None = None,
    categories: tuple[str, ...] | None = None,
    rules: list[dict[str, Any]] | None = None,
    resources: list[dict[str, Any]] | None = None,
    **header: Any,
) -> dict[str, Any]:
    """A whole roadmap as data: one province `r` unless regions are given, categories in order of first use."""
    if categories is None:
        categories = tuple(dict.fromkeys(i["category"] for i in initiatives))
    data: dict[str, Any] = {
        "version": 1,
        "roadmap": {"id": "test", "name": "Test roadmap", "start": START, **header},
        "categories": [{"id": c, "name": f"Category {c}"} for c in categories],
        "regions": regions if regions is not None else [region("r", "province")],
        "initiatives": initiatives,
    }
    if resources:
        data["resources"] = resources
    if rules:
        data["rules"] = rules
    return data


def dump(data: dict[str, Any]) -> str:
    """YAML text of roadmap data, keys in the order given."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def write_roadmap(folder: Path, data: dict[str, Any], name: str = "roadmap.yaml") -> Path:
    """Write the roadmap as one YAML file in `folder`; return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dump(data), encoding="utf-8")
    return path


def write_files(root: Path, files: dict[str, str]) -> None:
    """Create text files under `root`, folders as needed."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def line_of(path: Path, text: str, after: int = 0) -> int:
    """1-based number of the first line after line `after` whose stripped text is `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and line.strip() == text)


def roadmap_at(path: Path) -> RoadmapFiles:
    """The single roadmap found at a file or folder, as the CLI finds it."""
    (found,) = discover_roadmaps([path])
    return found


def loaded(path: Path) -> LoadedRoadmap:
    """The roadmap at `path` read and merged by the real loader."""
    return load_roadmap(roadmap_at(path))


def checked(path: Path) -> CheckedGraph:
    """Load, validate and expand the roadmap at `path`."""
    return check_files(roadmap_at(path))


def plan_of(path: Path, options: PlanOptions | None = None) -> Plan:
    """The plan of the roadmap at `path` (planning warnings dropped)."""
    return build_plan(roadmap_at(path), options)[0]
