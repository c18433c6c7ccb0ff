"""Screenshots of the terminal view as a planner sees it: `roadmap plan` in a real terminal (tmux) of a given size, to PNG.

Run from the project root:

    python scripts/terminal_shots.py --out /work/shots                      # Kaltara at 80x24, 120x40, 200x60
    python scripts/terminal_shots.py --roadmap path/to/sulsel --name sulsel --sizes 80x24 120x40
    python scripts/terminal_shots.py --source /tmp/before/src --name kaltara-before   # another source tree

Each size runs the command in a detached tmux session of exactly that many columns and lines (TERM=xterm-256color,
so the view is coloured and, when taller than the screen, paged as on a real terminal), captures the screen with its
colours (`tmux capture-pane -e`), turns the ANSI text into HTML with rich, and photographs it with headless Chromium
(see scripts/screenshots.py). Nothing is written into the repository unless --out points there.
"""

from __future__ import annotations

import argparse
import html
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.terminal_theme import MONOKAI
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import chromium, screenshot  # noqa: E402

CELL = (9, 18)
"""Pixels per character cell (width, height) in the HTML page."""
SETTLE = 0.5
"""Seconds between two captures that must agree before the screen counts as drawn."""
TIMEOUT = 120


def capture(command: str, columns: int, lines: int, environment: dict[str, str]) -> str:
    """The visible screen, with colours, once `command` has drawn it in a `columns` x `lines` tmux window."""
    session = f"roadmap-shot-{os.getpid()}-{columns}x{lines}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
    shell = f"env {exports} {command}; sleep {TIMEOUT}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(columns), "-y", str(lines), shell], check=True)
    try:
        previous, deadline = None, time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            time.sleep(SETTLE)
            screen = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", session], check=True, capture_output=True, text=True).stdout
            if screen == previous and screen.strip():
                return screen
            previous = screen
        raise TimeoutError(f"the screen did not settle within {TIMEOUT}s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


def to_html(screen: str, columns: int, lines: int, title: str) -> str:
    """The captured screen as a page of exactly `columns` x `lines` cells, dark background, colours kept."""
    console = Console(record=True, width=columns, force_terminal=True, color_system="truecolor", file=open(os.devnull, "w"))  # noqa: SIM115
    rows = screen.split("\n")[:lines]
    for row in rows:
        console.print(Text.from_ansi(row), no_wrap=True, crop=True, overflow="crop")
    body = console.export_html(theme=MONOKAI, inline_styles=True, code_format="{code}")
    width, height = columns * CELL[0], lines * CELL[1]
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>html,body{margin:0;background:#272822;color:#d9d9d9}"
        f"pre{{margin:0;padding:0;width:{width}px;height:{height}px;overflow:hidden;"
        f"font:15px/{CELL[1]}px 'DejaVu Sans Mono',monospace}}</style>"
        f"<pre>{body}</pre>"
    )


def main() -> int:
    """Photograph the terminal view at each size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--roadmap", default=str(ROOT / "roadmaps" / "kaltara"), help="the roadmap to plan (default: the bundled Kaltara roadmap)")
    parser.add_argument("--name", default="kaltara", help="file name prefix (default: kaltara)")
    parser.add_argument("--source", type=Path, default=ROOT / "src", help="the source tree to run (default: this one's)")
    parser.add_argument("--sizes", nargs="+", default=["80x24", "120x40", "200x60"], help="COLUMNSxLINES (default: 80x24 120x40 200x60)")
    parser.add_argument("--args", default="", help="more `roadmap plan` arguments, e.g. '--as-of 2026-01-01'")
    arguments = parser.parse_args()
    browser = chromium()
    if browser is None or shutil.which("tmux") is None:
        print("needs tmux and chromium: apt-get install tmux chromium", file=sys.stderr)
        return 1
    arguments.out.mkdir(parents=True, exist_ok=True)
    environment = {"PYTHONPATH": str(arguments.source.resolve()), "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8", "ROADMAP_LANG": "en"}
    command = f"{shlex.quote(sys.executable)} -m roadmap_cli plan {shlex.quote(arguments.roadmap)} {arguments.args}"
    with tempfile.TemporaryDirectory(prefix="roadmap-terminal-") as folder:
        for size in arguments.sizes:
            columns, lines = (int(part) for part in size.split("x"))
            screen = capture(command, columns, lines, environment)
            page = Path(folder) / f"{arguments.name}-{size}.html"
            page.write_text(to_html(screen, columns, lines, f"{arguments.name} {size}"), encoding="utf-8")
            image = arguments.out / f"{arguments.name}-{size}.png"
            screenshot(browser, page, image, columns * CELL[0], lines * CELL[1])
            print(f"wrote {image}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
