"""The published pre-commit hook: its entry validates the whole roadmap folder."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _hook() -> dict[str, object]:
    """The `roadmap-validate` hook definition."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == "roadmap-validate")


def _run_entry(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry the way pre-commit does with pass_filenames: false."""
    entry = shlex.split(str(_hook()["entry"]))
    assert entry[0] == "roadmap"
    command = [sys.executable, "-m", "roadmap_cli", *entry[1:]]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_hook_validates_the_whole_folder() -> None:
    """The hook does not take file names: cross-file references need every file."""
    hook = _hook()
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"


def test_hook_entry_passes_on_the_bundled_roadmaps(tmp_path: Path) -> None:
    """In a repository with valid roadmaps the entry exits 0."""
    shutil.copytree(ROOT / "roadmaps", tmp_path / "roadmaps")
    result = _run_entry(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "valid: 2 roadmaps checked, 0 errors" in result.stderr


def test_hook_entry_fails_on_a_broken_reference(tmp_path: Path) -> None:
    """A broken cross-file reference fails the hook with file and line."""
    shutil.copytree(ROOT / "roadmaps", tmp_path / "roadmaps")
    regions = tmp_path / "roadmaps" / "kaltara" / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace("id: tarakan", "id: tarakan-kota"), encoding="utf-8")
    result = _run_entry(tmp_path)
    assert result.returncode == 1
    assert "error[unknown-region]: unknown region `tarakan`" in result.stderr
    assert "Traceback" not in result.stderr
