"""Hostile inputs through the real command: exit 1 with file and line, under 1 GB, no traceback, no hang (60 s)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

VALID_HEAD = "version: 1\nroadmap:\n  id: x\n  name: X\n  start: 2026-01-01\n"
WORK = (
    "categories: [{{id: c, name: C}}]\nregions: [{{id: r, name: R, kind: kota}}]\nresources: [{{id: t, name: T, capacity: 1}}]\n"
    "initiatives:\n  - {{id: a, name: A, region: r, category: c, duration: 1d, demands: {{t: 1}}}}\n"
    "  - id: b\n    name: B\n    region: r\n    category: c\n    demands: {{t: 1}}\n    duration: {duration}\n"
)
BOMB = "version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
HOSTILE: dict[str, tuple[bytes, str]] = {
    "alias-bomb": (BOMB.encode(), "roadmap.yaml:6:"),
    "deep-nesting": (("version: 1\nroadmap: " + "[" * 10000 + "]" * 10000 + "\n").encode(), "roadmap.yaml:2:"),
    "python-tag": ((VALID_HEAD + "initiatives: !!python/object/apply:os.system [echo pwned]\n").encode(), "roadmap.yaml:6:"),
    "invalid-utf8": ((VALID_HEAD + "# komentar \xff\n").encode("latin-1"), "roadmap.yaml:6:"),
    "empty": (b"", "roadmap.yaml:1:1"),
    "multi-document": ((VALID_HEAD + "---\nversion: 1\n").encode(), "roadmap.yaml:6:"),
    "long-number": ((VALID_HEAD + "initiatives:\n  - id: a\n    cost: " + "9" * 5000 + "\n").encode(), "roadmap.yaml:8:"),
    "impossible-date": (VALID_HEAD.replace("2026-01-01", "2026-02-30").encode(), "roadmap.yaml:5:"),
    "tabs": ((VALID_HEAD + "initiatives:\n\t- id: a\n").encode(), "roadmap.yaml:7:"),
    "huge-duration": ((VALID_HEAD + WORK.format(duration="99999y")).encode(), "roadmap.yaml:16:"),
    "duration-parts": ((VALID_HEAD + WORK.format(duration=" ".join(["999999d"] * 12))).encode(), "roadmap.yaml:16:"),
    "bare-number-duration": ((VALID_HEAD + WORK.format(duration="1800000000")).encode(), "roadmap.yaml:16:"),
}


def _limit_memory() -> None:
    """Cap the child's address space at 1 GiB."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _validate(folder: Path) -> tuple[int, str]:
    """Run `python -m roadmap_cli validate roadmap.yaml` in `folder` under a memory cap; a hang fails after 60 s."""
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_cli", "validate", "roadmap.yaml", "--color", "never"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
        check=False,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(name: str, tmp_path: Path) -> None:
    """Each hostile file fails cleanly with its file and line."""
    content, where = HOSTILE[name]
    (tmp_path / "roadmap.yaml").write_bytes(content)
    code, stderr = _validate(tmp_path)
    assert code == 1, stderr
    assert stderr.startswith(where), stderr
    assert "Traceback" not in stderr and "MemoryError" not in stderr
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.yaml"]


def test_hundred_megabyte_file(tmp_path: Path) -> None:
    """A 100 MB file is refused from its size, before it is read."""
    with (tmp_path / "roadmap.yaml").open("wb") as stream:
        stream.write(VALID_HEAD.encode())
        stream.truncate(100 * 1000 * 1000)
    code, stderr = _validate(tmp_path)
    assert code == 1
    assert stderr.startswith("roadmap.yaml:1:1: error[size-limit]: "), stderr
