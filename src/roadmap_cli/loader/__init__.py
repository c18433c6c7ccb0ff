"""Loading stage: read roadmap YAML files into plain data plus a SourceMap of positions.

The parts, in the order a file goes through them:
`discovery` (which files form a roadmap), `files` (entry files and their includes, each read once),
`text` (decoding and syntax errors), `scalars` (YAML 1.1 plain and tagged values), `document` (one pass over the
parser's events builds the data and its positions), `merge` (the files' top levels become one roadmap);
`limits` bounds them all.
"""

from __future__ import annotations

from roadmap_cli.loader.discovery import FOLDER_LEVELS_SEARCHED, RoadmapFiles, discover_roadmaps
from roadmap_cli.loader.document import load_yaml_text
from roadmap_cli.loader.files import LoadedRoadmap, load_roadmap
from roadmap_cli.loader.limits import DEFAULT_LIMITS, Limits
from roadmap_cli.loader.merge import LIST_SECTIONS

__all__ = [
    "DEFAULT_LIMITS",
    "FOLDER_LEVELS_SEARCHED",
    "LIST_SECTIONS",
    "Limits",
    "LoadedRoadmap",
    "RoadmapFiles",
    "discover_roadmaps",
    "load_roadmap",
    "load_yaml_text",
]
