"""Diff inputs: a roadmap path, a saved JSON export or `git:REV[:PATH]` (read from git objects), each as a plan record."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from typing import Any

from roadmap_cli.errors import Diagnostic, RoadmapError, UsageError
from roadmap_cli.i18n import _
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.planner import PlanOptions
from roadmap_cli.render.json_ import plan_from_dict, plan_to_dict

GIT_PREFIX = "git:"
JSON_SUFFIX = ".json"


@dataclass(frozen=True)
class Side:
    """One side of a diff: what it was read from, its plan record and the warnings planning it gave."""

    label: str
    record: dict[str, Any]
    warnings: tuple[Diagnostic, ...] = ()


def read_side(spec: str, default_paths: list[Path], options: PlanOptions) -> Side:
    """Read `spec`: `git:REV[:PATH]` (PATH defaults to `default_paths`), a JSON export, or a roadmap file or folder."""
    if spec.startswith(GIT_PREFIX):
        return _git_side(spec, default_paths, options)
    path = Path(spec)
    if path.is_file() and path.suffix.lower() == JSON_SUFFIX:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise UsageError(_("cannot read {source}: {error}").format(source=spec, error=error.strerror)) from None
        return Side(spec, _json_record(content, spec))
    return _roadmap_side(spec, [path], options)


def _json_record(content: bytes, label: str) -> dict[str, Any]:
    """A JSON export's record, checked to be one of ours."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(_("{label} is not JSON ({error}); give a roadmap, a `roadmap export --format json` file or git:REV[:PATH]").format(label=label, error=error)) from None
    try:
        plan_from_dict(data)
    except ValueError as error:
        raise UsageError(_("{label}: {error}; write one with `roadmap export --format json`").format(label=label, error=error)) from None
    record: dict[str, Any] = data
    return record


def _roadmap_side(label: str, paths: list[Path], options: PlanOptions) -> Side:
    """Plan the one roadmap found under `paths`."""
    found = discover_roadmaps(paths)
    if len(found) != 1:
        names = ", ".join(files.root.as_posix() for files in found)
        raise UsageError(_("diff takes one roadmap on each side, but {label} holds {count} ({names}); name one of them").format(label=label, count=len(found), names=names))
    plan, warnings = build_plan(found[0], options)
    return Side(label, plan_to_dict(plan), warnings)


def _git(top: str | None, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git (in `top` when given) and return its result; never raises for a failing command."""
    command = ["git", *(["-C", top] if top else []), *args]
    try:
        return subprocess.run(command, capture_output=True, check=False, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise UsageError(_("cannot run git for a git: source ({error}); install git or give a roadmap or JSON file").format(error=error)) from None


def _git_side(spec: str, default_paths: list[Path], options: PlanOptions) -> Side:
    """Read a roadmap or a JSON export from a git revision, through `git archive` / `git show` (no checkout)."""
    rev, _sep, given = spec[len(GIT_PREFIX) :].partition(":")
    if not rev or rev.startswith("-"):
        raise UsageError(_("`{spec}` names no revision; write git:REV or git:REV:PATH, e.g. git:main:roadmaps").format(spec=spec))
    found = _git(None, "rev-parse", "--show-toplevel")
    if found.returncode:
        raise UsageError(_("`{spec}`: this folder is not in a git repository; run the command inside one, or give a roadmap or JSON file").format(spec=spec))
    top = found.stdout.decode("utf-8", "replace").strip()
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode:
        raise UsageError(_("`{spec}`: git knows no revision `{rev}`; give a branch, tag or commit (git log --oneline lists them)").format(spec=spec, rev=rev))
    sha = commit.stdout.decode().strip()
    if given:
        paths = [Path(given)]
    elif len(default_paths) == 1:
        paths = default_paths
    else:
        raise UsageError(_("`{spec}` needs a path: write git:{rev}:PATH with the roadmap's folder").format(spec=spec, rev=rev))
    relative = Path(os.path.relpath(os.path.realpath(paths[0]), os.path.realpath(top))).as_posix()
    if relative.startswith("../") or relative == "..":
        raise UsageError(_("`{spec}`: {path} is outside the git repository {top}; write git:{rev}:PATH").format(spec=spec, path=paths[0], top=top, rev=rev))
    shown = f"{GIT_PREFIX}{rev}:{relative}"
    kind = _git(top, "cat-file", "-t", f"{sha}:{relative}" if relative != "." else f"{sha}^{{tree}}")
    if kind.returncode:
        raise UsageError(_("`{shown}` does not exist: revision {rev} has no {path}; check the path with git ls-tree {rev}").format(shown=shown, rev=rev, path=relative))
    is_blob = kind.stdout.decode().strip() == "blob"
    if is_blob and relative.lower().endswith(JSON_SUFFIX):
        return Side(shown, _json_record(_git(top, "show", f"{sha}:{relative}").stdout, shown))
    folder = relative.rpartition("/")[0] if is_blob else relative
    with tempfile.TemporaryDirectory(prefix="roadmap-git-") as temporary:
        archive = _git(top, "archive", "--format=tar", sha, "--", folder or ".")
        if archive.returncode:
            raise UsageError(_("`{shown}`: git archive failed: {error}").format(shown=shown, error=archive.stderr.decode("utf-8", "replace").strip()))
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(temporary, filter="data")
        root = Path(temporary)
        prefixes = [root.as_posix() + "/", Path(os.path.realpath(temporary)).as_posix() + "/"]
        try:
            found_roadmaps = discover_roadmaps([root / relative])
        except UsageError:
            raise UsageError(_("`{shown}` holds no roadmap: expected *.yaml files or subfolders with them").format(shown=shown)) from None
        if len(found_roadmaps) != 1:
            names = ", ".join(files.root.relative_to(root).as_posix() for files in found_roadmaps)
            raise UsageError(_("diff takes one roadmap on each side, but {label} holds {count} ({names}); name one of them").format(label=shown, count=len(found_roadmaps), names=names))
        try:
            plan, warnings = build_plan(found_roadmaps[0], options)
        except RoadmapError as error:
            raise type(error)([_moved(d, prefixes, rev) for d in error.diagnostics]) from None
        record = _strip_paths(plan_to_dict(plan), prefixes)
    return Side(shown, record, tuple(_moved(d, prefixes, rev) for d in warnings))


def _moved(diagnostic: Diagnostic, prefixes: list[str], rev: str) -> Diagnostic:
    """A diagnostic of an extracted roadmap, located as `git:REV:path`."""
    for prefix in prefixes:
        if diagnostic.path.startswith(prefix):
            return replace(diagnostic, path=f"{GIT_PREFIX}{rev}:{diagnostic.path[len(prefix) :]}")
    return diagnostic


def _strip_paths(record: dict[str, Any], prefixes: list[str]) -> dict[str, Any]:
    """The record with the temporary folder taken out of every `where` (paths relative to the repository)."""

    def strip(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, "")
        return text

    for item in record["initiatives"]:
        item["where"] = strip(item["where"])
        for dependency in item["dependencies"]:
            dependency["where"] = strip(dependency["where"])
            dependency["reason"] = strip(dependency["reason"])
    return record
