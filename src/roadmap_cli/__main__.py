"""`python -m roadmap_cli`: the same as the `roadmap` command."""

from __future__ import annotations

from roadmap_cli.cli import main

main()
