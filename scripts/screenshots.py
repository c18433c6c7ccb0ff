"""Screenshots and PDFs of the HTML report and the SVG Gantt chart with headless Chromium (Debian's `chromium`).

Run from the project root with the source on the path:

    python scripts/screenshots.py              # rewrite docs/images/report-kaltara.png and docs/images/gantt-kaltara.png
    python scripts/screenshots.py --out DIR    # write them to DIR instead

The report is shown at 1366x768 (a common office laptop), the Gantt chart at its own width and height. Chromium runs
with a fresh profile and without any network feature (`--disable-background-networking`, no sync, no component
updates); the files it opens are local. tests/test_browser.py uses the same functions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 600


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(browser: str, arguments: list[str], page: Path) -> None:
    """Run headless Chromium on a local file with a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="roadmap-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *arguments, page.resolve().as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)


def screenshot(browser: str, page: Path, image: Path, width: int, height: int) -> None:
    """A PNG of the first `width` x `height` pixels of the page."""
    _run(browser, [f"--window-size={width},{height}", f"--screenshot={image.resolve()}"], page)


def print_pdf(browser: str, page: Path, pdf: Path) -> None:
    """The page printed to PDF as the page's own @page rule asks, without browser headers and footers."""
    _run(browser, ["--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}"], page)


def svg_size(svg: str) -> tuple[int, int]:
    """The width and height attributes of an SVG document's root element."""
    match = re.search(r'<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"', svg)
    if match is None:
        raise ValueError("the SVG has no width and height")
    return int(match[1]), int(match[2])


def main() -> int:
    """Render the Kaltara report and chart, and photograph them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNG files (default: docs/images)")
    arguments = parser.parse_args()
    browser = chromium()
    if browser is None:
        print("chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    from roadmap_cli.loader import discover_roadmaps
    from roadmap_cli.pipeline import build_plan
    from roadmap_cli.render import render_html, render_svg_gantt

    plan, _warnings = build_plan(discover_roadmaps([ROOT / "roadmaps" / "kaltara"])[0])
    arguments.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="roadmap-shots-") as folder:
        report = Path(folder) / "report.html"
        report.write_text(render_html(plan), encoding="utf-8")
        screenshot(browser, report, arguments.out / "report-kaltara.png", 1366, 768)
        chart = Path(folder) / "gantt.svg"
        text = render_svg_gantt(plan)
        chart.write_text(text, encoding="utf-8")
        screenshot(browser, chart, arguments.out / "gantt-kaltara.png", *svg_size(text))
    for name in ("report-kaltara.png", "gantt-kaltara.png"):
        print(f"wrote {arguments.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
