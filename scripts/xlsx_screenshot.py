"""Picture of the Excel workbook's Gantt sheet for the docs: LibreOffice prints the sheet, pdftoppm makes a PNG.

Usage: python scripts/xlsx_screenshot.py [ROADMAP] [--out docs/images/xlsx-gantt.png]
Needs `soffice` (Debian libreoffice-calc-nogui) and `pdftoppm` (poppler-utils).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import openpyxl  # noqa: E402

from roadmap_cli.loader import discover_roadmaps  # noqa: E402
from roadmap_cli.pipeline import build_plan  # noqa: E402
from roadmap_cli.render.xlsx import render_xlsx  # noqa: E402


def main() -> int:
    """Render the roadmap's workbook, keep its Gantt sheet, print it to PDF and turn the first page into a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roadmap", nargs="?", type=Path, default=ROOT / "roadmaps" / "kaltara")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "xlsx-gantt.png")
    arguments = parser.parse_args()
    (files,) = discover_roadmaps([arguments.roadmap])
    plan, _warnings = build_plan(files)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(plan)))
    gantt = book.sheetnames[1]
    for name in book.sheetnames:
        if name != gantt:
            del book[name]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book.save(work / "gantt.xlsx")
        profile = (work / "profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", folder, str(work / "gantt.xlsx")],
            check=True,
            capture_output=True,
        )
        arguments.out.parent.mkdir(parents=True, exist_ok=True)
        stem = arguments.out.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(work / "gantt.pdf"), str(stem)], check=True)
    print(f"wrote {arguments.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
