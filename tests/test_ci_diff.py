"""The example pull-request workflow: its script posts `roadmap diff` as one sticky comment, run here against a temporary
repository with a fake `gh` that records its calls."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from test_diff import git, two_commits

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ci" / ".github"
WORKFLOW = EXAMPLE / "workflows" / "roadmap-diff.yml"
MARKER = "<!-- roadmap-diff -->"
FAKE_GH = '''#!/usr/bin/env python3
"""A fake `gh api` for the comments of one pull request: state in $FAKE_GH_STATE, each call appended to $FAKE_GH_LOG."""
import json, os, subprocess, sys

args = sys.argv[1:]
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(args) + "\\n")
state = json.load(open(os.environ["FAKE_GH_STATE"], encoding="utf-8"))
assert args[0] == "api", args
method, jq, body, endpoint = "GET", None, None, None
rest = iter(args[1:])
for arg in rest:
    if arg == "--method":
        method = next(rest)
    elif arg == "--jq":
        jq = next(rest)
    elif arg == "-F":
        name, _, value = next(rest).partition("=")
        assert name == "body" and value.startswith("@"), arg
        body = open(value[1:], encoding="utf-8").read()
    elif arg == "--paginate":
        pass
    else:
        endpoint = arg
prefix = "repos/{owner}/{repo}/issues/"
assert endpoint.startswith(prefix), endpoint
if method == "GET":
    assert endpoint == prefix + os.environ["PR_NUMBER"] + "/comments", endpoint
    out = json.dumps(state["comments"])
    if jq:
        out = subprocess.run(["jq", "-r", jq], input=out, capture_output=True, text=True, check=True).stdout
    sys.stdout.write(out)
elif method == "POST":
    assert endpoint == prefix + os.environ["PR_NUMBER"] + "/comments", endpoint
    comment = {"id": max([c["id"] for c in state["comments"]] + [100]) + 1, "body": body}
    state["comments"].append(comment)
    print(json.dumps(comment))
elif method == "PATCH":
    number = int(endpoint.rsplit("/", 1)[1])
    assert endpoint == prefix + f"comments/{number}", endpoint
    (comment,) = [c for c in state["comments"] if c["id"] == number]
    comment["body"] = body
    print(json.dumps(comment))
json.dump(state, open(os.environ["FAKE_GH_STATE"], "w", encoding="utf-8"))
'''


def _workflow() -> dict[str, Any]:
    """The workflow as data."""
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _post_step() -> dict[str, Any]:
    """The step that runs the script."""
    (job,) = _workflow()["jobs"].values()
    (step,) = [s for s in job["steps"] if "roadmap-diff.sh" in s.get("run", "")]
    return step


def _setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The two-commit repository with the example's .github folder, and the environment of the step under Actions."""
    repository = two_commits(tmp_path / "repository")
    shutil.copytree(EXAMPLE, repository / ".github")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "roadmap").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m roadmap_cli "$@"\n', encoding="utf-8")
    (bin_folder / "gh").write_text(f"#!{sys.executable}\n" + FAKE_GH.split("\n", 1)[1], encoding="utf-8")
    for program in ("roadmap", "gh"):
        (bin_folder / program).chmod(0o755)
    state = tmp_path / "gh-state.json"
    state.write_text(json.dumps({"comments": [{"id": 7, "body": "Looks fine to me, but what happens to 2029?"}]}), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "ROADMAP_FAIL_ON_SLIP")}
    env.update({key: str(value) for key, value in _workflow()["env"].items()})
    step_env = dict(_post_step()["env"])
    assert step_env["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert step_env["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    assert step_env["GH_TOKEN"] == "${{ github.token }}"
    env.update(
        BASE_SHA=git(repository, "rev-parse", "HEAD~1").strip(),
        PR_NUMBER="12",
        GH_TOKEN="fake",
        PATH=f"{bin_folder}{os.pathsep}{env['PATH']}",
        PYTHONPATH=str(ROOT / "src"),
        FAKE_GH_STATE=str(state),
        FAKE_GH_LOG=str(tmp_path / "gh-calls.jsonl"),
    )
    return repository, env


def _run(repository: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The step's `run:` as GitHub runs it (bash, -e, pipefail)."""
    command = ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", _post_step()["run"]]
    return subprocess.run(command, cwd=repository, env=env, capture_output=True, text=True, timeout=600, check=False)


def _calls(env: dict[str, str]) -> list[tuple[str, str]]:
    """Each recorded gh call as (method, endpoint)."""
    calls = []
    for line in Path(env["FAKE_GH_LOG"]).read_text(encoding="utf-8").splitlines():
        args = json.loads(line)
        method = args[args.index("--method") + 1] if "--method" in args else "GET"
        endpoint = next(a for a in args[1:] if a.startswith("repos/"))
        calls.append((method, endpoint))
    return calls


def _comments(env: dict[str, str]) -> list[dict[str, Any]]:
    """The pull request's comments in the fake's state."""
    comments: list[dict[str, Any]] = json.loads(Path(env["FAKE_GH_STATE"]).read_text(encoding="utf-8"))["comments"]
    return comments


def test_the_workflow_can_see_the_base_commit_and_write_comments() -> None:
    """The checkout fetches the whole history (git:BASE_SHA needs the base commit) and the token may write comments."""
    workflow = _workflow()
    assert workflow.get("on", workflow.get(True)) == {"pull_request": None}  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    (job,) = workflow["jobs"].values()
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert _post_step()["run"] == "bash .github/scripts/roadmap-diff.sh"
    assert workflow["env"] == {"ROADMAP_DIR": "roadmaps"}


def test_the_script_creates_the_comment_then_edits_it(tmp_path: Path) -> None:
    """First run: one new comment with the marker and the diff; after another push: that comment edited, no second one."""
    repository, env = _setup(tmp_path)
    first = _run(repository, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "created a comment on pull request #12\n"
    comments = _comments(env)
    assert [c["id"] for c in comments] == [7, 101]
    body = comments[1]["body"]
    assert body.startswith(MARKER + "\n**Peluncuran Kalimantan Utara Provinsi Cerdas slips 95 days, 2029-07-12 → 2029-10-15;")
    assert "<details><summary>Moved (2)</summary>" in body
    golden = (ROOT / "tests" / "golden" / "diff" / "kaltara.md").read_text(encoding="utf-8")
    assert body == MARKER + "\n" + golden.replace("`git:HEAD~1:roadmaps/kaltara`", f"`git:{env['BASE_SHA']}:roadmaps/kaltara`")

    satu_data = repository / "roadmaps" / "kaltara" / "initiatives" / "kalimantan-utara.yaml"
    satu_data.write_text(satu_data.read_text(encoding="utf-8").replace("    duration: 1y\n    cost: 10200000000", "    duration: 15m\n    cost: 10200000000"), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "Satu Data: three months more")
    second = _run(repository, dict(env, ROADMAP_FAIL_ON_SLIP="180"))
    assert second.returncode == 0, second.stderr
    assert second.stdout == "updated comment 101 on pull request #12\n"
    comments = _comments(env)
    assert [c["id"] for c in comments] == [7, 101] and comments[0]["body"].startswith("Looks fine")
    assert comments[1]["body"].startswith(MARKER + "\n**Peluncuran Kalimantan Utara Provinsi Cerdas slips 180 days, 2029-07-12 → 2030-01-08")
    prefix = "repos/{owner}/{repo}/issues/"
    assert _calls(env) == [
        ("GET", prefix + "12/comments"),
        ("POST", prefix + "12/comments"),
        ("GET", prefix + "12/comments"),
        ("PATCH", prefix + "comments/101"),
    ]


def test_a_slip_over_the_limit_posts_then_fails(tmp_path: Path) -> None:
    """ROADMAP_FAIL_ON_SLIP: the comment is still posted, then the step fails with the reason on stderr."""
    repository, env = _setup(tmp_path)
    result = _run(repository, dict(env, ROADMAP_FAIL_ON_SLIP="30"))
    assert result.returncode == 1
    assert "roadmap finish slips 95 days, more than the 30 that --fail-on-slip allows" in result.stderr
    assert [c["id"] for c in _comments(env)] == [7, 101]


def test_a_new_roadmap_and_a_bad_base_are_reported(tmp_path: Path) -> None:
    """A roadmap folder the base commit lacks is named as new; an unknown base commit fails the step, posting nothing."""
    repository, env = _setup(tmp_path)
    shutil.copytree(ROOT / "examples" / "minimal", repository / "roadmaps" / "minimal")
    result = _run(repository, env)
    assert result.returncode == 0, result.stderr
    body = _comments(env)[1]["body"]
    assert "**`roadmaps/minimal`: new in this pull request**" in body and "\n---\n" in body
    bad = _run(repository, dict(env, BASE_SHA="0" * 40))
    assert bad.returncode == 2 and "is not in this clone; check out with fetch-depth: 0" in bad.stderr
    assert len(_comments(env)) == 2
