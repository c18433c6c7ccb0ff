"""README.md's tour and the guides' status pages: every `$ command` in a console block runs, and its pasted output is current."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, ROOT / "docs" / "guide.md", ROOT / "docs" / "id" / "panduan.md"]
"""Every page with console blocks whose output is kept current."""
BLOCK = re.compile(r"```console\n(.*?)```\n", re.DOTALL)


def _commands(text: str) -> list[tuple[str, str]]:
    """Every `$ command` of the console blocks with the output pasted under it."""
    found = []
    for block in BLOCK.findall(text):
        command, output = None, []
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "".join(output)))
                command, output = line[2:].rstrip("\n"), []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "".join(output)))
    return found


def _run(command: str) -> str:
    """Run a README command in the repository root the way a reader would, at 100 columns, without colour."""
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {{ {command}; }} 2>&1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    text = result.stdout
    return text if result.returncode == 0 else text + f"[exit {result.returncode}]\n"


def _refreshed(text: str) -> str:
    """README text with every console block's outputs regenerated."""

    def block(match: re.Match[str]) -> str:
        body = "".join(f"$ {command}\n{_run(command)}" for command, _ in _commands(match.group(0)))
        return f"```console\n{body}```\n"

    return BLOCK.sub(block, text)


def test_readme_has_a_tour() -> None:
    """The README shows the main commands with their output."""
    commands = [command for command, _ in _commands(README.read_text(encoding="utf-8"))]
    for word in ("roadmap validate", "roadmap plan", "roadmap explain", "roadmap export", "roadmap init"):
        assert any(word in command for command in commands), word


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_readme_output_is_current(page: Path, update_golden: bool) -> None:
    """Every pasted output equals what the command prints now (`pytest --update-golden` refreshes them)."""
    text = page.read_text(encoding="utf-8")
    assert _commands(text), f"{page} has no console block"
    fresh = _refreshed(text)
    if update_golden:
        page.write_text(fresh, encoding="utf-8")
        return
    if fresh != text:
        for (command, pasted), (_, now) in zip(_commands(text), _commands(fresh)):
            if pasted != now:
                pytest.fail(f"{page.name} output of `{command}` is out of date (run pytest --update-golden):\n{now}")
