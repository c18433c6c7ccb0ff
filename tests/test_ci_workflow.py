"""The example GitHub Actions workflow: its shell steps, run here with this source instead of the pinned install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "ci" / ".github" / "workflows" / "roadmap.yml"
INSTALL = 'pip install "git+https://github.com/OWNER/REPO@REV"'


def _workflow() -> dict[str, Any]:
    """The workflow as data."""
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _steps() -> list[dict[str, Any]]:
    """The steps of the workflow's only job."""
    (job,) = _workflow()["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _run_steps(repository: Path, roadmap_dir: str) -> list[subprocess.CompletedProcess[str]]:
    """Run every `run:` step as GitHub does (bash, -e, pipefail) with ROADMAP_DIR set; stop at the first failure."""
    shims = repository.parent / "bin"
    shims.mkdir()
    shim = shims / "roadmap"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m roadmap_cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    env.update({key: str(value) for key, value in _workflow()["env"].items()})
    env.update(ROADMAP_DIR=roadmap_dir, PATH=f"{shims}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT / "src"))
    results = []
    for step in _steps():
        script = step.get("run")
        if script is None or script == INSTALL:
            continue
        command = ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script]
        result = subprocess.run(command, cwd=repository, env=env, capture_output=True, text=True, timeout=300, check=False)
        results.append(result)
        if result.returncode:
            break
    return results


def test_the_workflow_has_one_folder_setting_and_a_pinned_install() -> None:
    """ROADMAP_DIR is the only setting; the tool comes from its git repository at a revision, not from `roadmap-cli`."""
    assert _workflow()["env"] == {"ROADMAP_DIR": "roadmaps"}
    runs = [step["run"] for step in _steps() if "run" in step]
    assert runs[0] == INSTALL
    assert not any("roadmaps" in run for run in runs)
    assert any("--strict" in run for run in runs)
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "roadmap-cli" not in text and "kaltara" not in text


def test_the_workflow_validates_and_exports_a_roadmap_in_another_folder(tmp_path: Path) -> None:
    """With ROADMAP_DIR=peta-jalan (one multi-file roadmap), every step passes and the plan is exported."""
    repository = tmp_path / "repository"
    shutil.copytree(ROOT / "examples" / "multi-file", repository / "peta-jalan")
    results = _run_steps(repository, "peta-jalan")
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert "valid: 1 roadmap checked, 0 errors, 0 warnings" in results[0].stderr
    assert [p.name for p in (repository / "roadmap-plans").iterdir()] == ["peta-jalan.md"]
    upload = next(step for step in _steps() if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "roadmap-plans/"


@pytest.mark.parametrize("folder", ["roadmaps", "rencana/daerah"])
def test_the_workflow_exports_each_roadmap_of_a_folder_of_roadmaps(tmp_path: Path, folder: str) -> None:
    """A folder of roadmap folders gets one plan per roadmap."""
    repository = tmp_path / "repository"
    shutil.copytree(ROOT / "roadmaps", repository / folder)
    results = _run_steps(repository, folder)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sorted(p.name for p in (repository / "roadmap-plans").iterdir()) == ["kaltara.md", "kaltim.md"]


def test_the_workflow_fails_on_a_broken_roadmap(tmp_path: Path) -> None:
    """A broken reference stops the workflow at the validation step, with file and line."""
    repository = tmp_path / "repository"
    shutil.copytree(ROOT / "examples" / "multi-file", repository / "peta-jalan")
    regions = repository / "peta-jalan" / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace("id: balikpapan", "id: balikpapan-kota"), encoding="utf-8")
    results = _run_steps(repository, "peta-jalan")
    assert [r.returncode for r in results] == [1]
    assert "error[unknown-region]: unknown region `balikpapan`" in results[0].stderr
    assert not (repository / "roadmap-plans").exists()
