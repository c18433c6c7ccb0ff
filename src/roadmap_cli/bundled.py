"""Where the bundled default roadmap (Kalimantan Utara) lives after installation."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_roadmap() -> Path:
    """The folder of the bundled Kalimantan Utara roadmap."""
    installed = Path(str(files("roadmap_cli"))) / "bundled" / "kaltara"
    if installed.is_dir():
        return installed
    # An editable install has no copy: the wheel's force-include maps roadmaps/kaltara here.
    return Path(__file__).resolve().parents[2] / "roadmaps" / "kaltara"
