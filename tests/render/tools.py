"""The real programs that read our exports (LibreOffice, Mermaid's CLI): found, skipped outside CI, or a CI failure."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan
from roadmap_cli.planner import PlanOptions

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(path for path in (ROOT / "roadmaps").iterdir() if (path / "roadmap.yaml").exists())
"""The roadmaps shipped in the repository."""


def require(program: str) -> str:
    """The path of `program`; outside CI a skip with the reason when it is missing, in CI (`CI` set) a failure."""
    path = shutil.which(program)
    if path is not None:
        return path
    message = f"{program} is not installed; .ci/run installs it (Debian or npm package)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def bundled_plan(folder: Path) -> Plan:
    """The levelled plan of one bundled roadmap."""
    (files,) = discover_roadmaps([folder])
    plan, _ = build_plan(files, PlanOptions())
    return plan


def soffice_convert(sources: list[Path], target: str, outdir: Path, *, infilter: str | None = None) -> None:
    """Convert files with headless LibreOffice (its own profile under `outdir`, so runs never share one)."""
    soffice = require("soffice")
    profile = (outdir / ".profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += [f"--infilter={infilter}"] if infilter else []
    command += ["--convert-to", target, "--outdir", str(outdir), *map(str, sources)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    missing = [source for source in sources if not (outdir / f"{source.stem}.{target.split(':')[0]}").exists()]
    assert result.returncode == 0 and not missing, f"soffice failed ({result.returncode}): {result.stderr}{result.stdout}"
