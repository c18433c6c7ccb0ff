"""The HTML report in a real browser: headless Chromium photographs it at 1366x768 and prints it to A4 landscape PDF.

Needs Debian's `chromium` and `pdfinfo` (poppler-utils); .ci/run installs both. Outside CI (no `CI` variable) the
tests skip when either is missing; in CI a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.render import render_html, render_svg_gantt
from roadmap_cli.render.gantt import Gantt
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
A4_LANDSCAPE = "841.92 x 594.96 pts (A4)"
PAGES = {"kaltara": 12, "kaltim": 16, "generated-500": 73}
"""Pages of each printed report, as Chromium lays it out with Debian's fonts (DejaVu): the title page, one page per
chart part, the summary (its targets table takes Kaltim's onto a second page), then each region's table from a new page (the Provinsi tables run over two). The generated
roadmap has its own status date (benchmarks/generate.py), so its plan does not depend on the day the test runs."""


shots = load_script("scripts/screenshots.py", "screenshots_script")


def _need(tool: str | None, name: str) -> str:
    """The tool's path; skip outside CI when it is missing, fail in CI."""
    if tool is None:
        message = f"{name} is not installed (apt-get install {name}); these tests run in CI"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return tool


@pytest.fixture(scope="module")
def browser() -> str:
    """Chromium's executable."""
    return _need(shots.chromium(), "chromium")


@pytest.fixture(scope="module")
def pdfinfo() -> str:
    """poppler's pdfinfo."""
    return _need(shutil.which("pdfinfo"), "poppler-utils")


@pytest.fixture(scope="module")
def roadmaps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled Kaltara and Kaltim roadmaps and a generated one of 500 initiatives."""
    generated = tmp_path_factory.mktemp("generated", numbered=False)
    command = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--size", "500", "--seed", "1", "--out", str(generated), "--no-split"]
    subprocess.run(command, check=True, capture_output=True)
    return {"kaltara": ROOT / "roadmaps" / "kaltara", "kaltim": ROOT / "roadmaps" / "kaltim", "generated-500": generated}


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("name", sorted(PAGES))
def test_report_in_chromium(name: str, browser: str, pdfinfo: str, roadmaps: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report renders at 1366x768 and prints to A4 landscape with exactly the expected number of pages."""
    # Each reason names its file as the roadmap was given (`kaltara/rules.yaml:9`): given from its parent folder, the
    # text is the same wherever the checkout or pytest's temporary folder lies (a longer path wraps more lines).
    monkeypatch.chdir(roadmaps[name].parent)
    plan, _warnings = build_plan(discover_roadmaps([Path(roadmaps[name].name)])[0])
    page = tmp_path / f"{name}.html"
    page.write_text(render_html(plan), encoding="utf-8")
    image = tmp_path / f"{name}.png"
    shots.screenshot(browser, page, image, 1366, 768)
    assert _png_size(image) == (1366, 768)
    pdf = tmp_path / f"{name}.pdf"
    shots.print_pdf(browser, page, pdf)
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Page size"].strip() == A4_LANDSCAPE
    pages = int(fields["Pages"])
    parts = len(Gantt(plan).parts())
    regions = len({item.region for item in plan.initiatives})
    assert pages >= 1 + parts + 1 + regions, "each chart part and each region's table starts a page"
    assert pages == PAGES[name]


def test_svg_gantt_in_chromium(browser: str, tmp_path: Path) -> None:
    """Chromium draws the standalone chart at the size its width and height attributes give."""
    plan, _warnings = build_plan(discover_roadmaps([ROOT / "roadmaps" / "kaltara"])[0])
    text = render_svg_gantt(plan)
    chart = tmp_path / "gantt.svg"
    chart.write_text(text, encoding="utf-8")
    image = tmp_path / "gantt.png"
    width, height = shots.svg_size(text)
    shots.screenshot(browser, chart, image, width, height)
    assert _png_size(image) == (width, height)
    assert len(image.read_bytes()) > 20_000, "the chart is drawn, not a blank page"


def test_printed_report_shows_the_targets(browser: str, tmp_path: Path) -> None:
    """Chromium prints the Kaltara report's targets table: its heading and each region's baseline and check."""
    pdftotext = _need(shutil.which("pdftotext"), "pdftotext")
    plan, _warnings = build_plan(discover_roadmaps([ROOT / "roadmaps" / "kaltara"])[0])
    page = tmp_path / "kaltara.html"
    page.write_text(render_html(plan), encoding="utf-8")
    pdf = tmp_path / "kaltara.pdf"
    shots.print_pdf(browser, page, pdf)
    text = " ".join(subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
    assert "Checked as of 2026-12-01: the latest actual against that year's target." in text
    names = {region.id: region.name for region in plan.regions}
    for target in plan.targets:  # a narrow cell wraps a long name onto the next line: look for its last word
        assert f"{target.baseline} (" in text and names[target.owner_id].split()[-1] in text
    assert text.count("no actual since the baseline; next target") == len(plan.targets)
