"""The published pre-commit hook: its entry validates the whole roadmap folder."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _hook() -> dict[str, object]:
    """The `roadmap-validate` hook definition."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == "roadmap-validate")


def _run_entry(cwd: Path, args: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry with its args (the hook's defaults unless given) as pre-commit does with pass_filenames: false."""
    entry = shlex.split(str(_hook()["entry"]))
    assert entry[0] == "roadmap"
    default_args = _hook()["args"]
    assert isinstance(default_args, list)
    command = [sys.executable, "-m", "roadmap_cli", *entry[1:], *(default_args if args is None else args)]
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


def _example_hook() -> dict[str, Any]:
    """The hook as examples/ci/.pre-commit-config.yaml configures it."""
    config = yaml.safe_load((ROOT / "examples" / "ci" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    return next(hook for hook in hooks if hook["id"] == "roadmap-validate")


def _peta_jalan(tmp_path: Path) -> Path:
    """A repository whose roadmap folder is `peta-jalan/` (a multi-file roadmap), with no `roadmaps/`."""
    shutil.copytree(ROOT / "examples" / "multi-file", tmp_path / "peta-jalan")
    return tmp_path


def _for_peta_jalan(value: Any) -> Any:
    """An example setting with its roadmap folder renamed to `peta-jalan`."""
    if isinstance(value, list):
        return [_for_peta_jalan(item) for item in value]
    return str(value).replace("roadmaps", "peta-jalan")


def test_hook_runs_on_any_yaml_change_by_default() -> None:
    """Without `files`, a change to a YAML file in any folder runs the hook."""
    pattern = re.compile(str(_hook()["files"]))
    assert pattern.search("peta-jalan/initiatives/kota.yaml") and pattern.search("roadmaps/kaltara/regions.yml")
    assert not pattern.search("README.md")


def test_example_hook_set_to_another_folder_validates_it(tmp_path: Path) -> None:
    """The example's args and files, pointed at `peta-jalan/`, run on its files and validate it strictly."""
    hook = _example_hook()
    args, files = _for_peta_jalan(hook["args"]), re.compile(_for_peta_jalan(hook["files"]))
    assert args == ["peta-jalan", "--strict"]
    assert files.search("peta-jalan/initiatives/kota.yaml") and not files.search("docs/mkdocs.yml")
    result = _run_entry(_peta_jalan(tmp_path), args)
    assert result.returncode == 0, result.stderr
    assert "valid: 1 roadmap checked, 0 errors, 0 warnings" in result.stderr


def test_example_hook_fails_on_a_warning_with_strict(tmp_path: Path) -> None:
    """`--strict` in the example's args makes a warning fail the hook, which plain args would let pass."""
    repository = _peta_jalan(tmp_path)
    roadmap = repository / "peta-jalan" / "roadmap.yaml"
    text = roadmap.read_text(encoding="utf-8").replace("categories:\n", "categories:\n  - id: cadangan\n    name: Cadangan\n", 1)
    roadmap.write_text(text, encoding="utf-8")
    assert _run_entry(repository, ["peta-jalan"]).returncode == 0
    result = _run_entry(repository, _for_peta_jalan(_example_hook()["args"]))
    assert result.returncode == 1
    assert "warning[unused-category]: no initiative is in category `cadangan`" in result.stderr


def test_hook_defaults_fail_loudly_without_a_roadmaps_folder(tmp_path: Path) -> None:
    """With the default args and no `roadmaps/`, the hook fails naming the folder instead of passing on nothing."""
    result = _run_entry(_peta_jalan(tmp_path))
    assert result.returncode == 2
    assert "roadmaps does not exist" in result.stderr
