"""Shared test helpers: roadmap builders, loading and planning through the real pipeline, and running the CLI.

Imported as `support` (pytest puts `tests/` on the path); fixtures built on them live in `tests/conftest.py`.
"""
