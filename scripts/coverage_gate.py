"""Fail when any module of roadmap_cli has less than 95 % branch coverage in a coverage JSON report.

    python -m pytest -n auto -p no:cacheprovider --cov --cov-report=json:coverage.json
    python scripts/coverage_gate.py coverage.json            # every module below 95 %, exit 1 if any
    python scripts/coverage_gate.py coverage.json --table    # the whole table

A module's figure is coverage.py's "Cover" with branch measurement on: covered statements plus covered branch
directions over all statements and branch directions, per file (pyproject.toml's [tool.coverage.run] turns branches on
and limits measurement to roadmap_cli). Exit codes: 0 every module passes, 1 some do not, 2 the report is unusable.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE = "roadmap_cli"
MINIMUM = 95.0


@dataclass(frozen=True)
class Module:
    """One file's figures from the report."""

    name: str
    statements: int
    branches: int
    covered: int
    missing: str

    @property
    def percent(self) -> float:
        """Covered statements and branch directions, in percent of all of them (100 for a file with none)."""
        total = self.statements + self.branches
        return 100.0 * self.covered / total if total else 100.0


def module_name(path: str) -> str:
    """The path from the package folder on (`roadmap_cli/render/diff.py`), whether measured in src/ or in site-packages."""
    parts = Path(path).parts
    if PACKAGE not in parts:
        return Path(path).as_posix()
    index = len(parts) - 1 - parts[::-1].index(PACKAGE)
    return "/".join(parts[index:])


def _missing(data: dict[str, Any]) -> str:
    """The missing lines, and the branches not taken between lines that ran, as coverage's report writes them (`12, 30-31, 40->42`)."""
    lines = sorted(data.get("missing_lines", []))
    ranges: list[str] = []
    for line in lines:
        if ranges and ranges[-1].split("-")[-1] == str(line - 1):
            ranges[-1] = f"{ranges[-1].split('-')[0]}-{line}"
        else:
            ranges.append(str(line))
    missing = set(lines)
    arcs = [f"{start}->{end if end > 0 else 'exit'}" for start, end in data.get("missing_branches", []) if start not in missing and end not in missing]
    return ", ".join(ranges + arcs)


def read_report(path: Path) -> list[Module]:
    """The package's modules in a coverage JSON report, by name; SystemExit(2) with the reason when it is unusable."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SystemExit(f"coverage gate: cannot read {path}: {error}; write it with `--cov-report=json:{path}`") from None
    if not report.get("meta", {}).get("branch_coverage"):
        raise SystemExit(f"coverage gate: {path} has no branch data; measure with branches on (pyproject.toml's [tool.coverage.run] branch = true)")
    modules = []
    for file, data in report.get("files", {}).items():
        summary = data["summary"]
        modules.append(
            Module(
                module_name(file),
                summary["num_statements"],
                summary["num_branches"],
                summary["covered_lines"] + summary["covered_branches"],
                _missing(data),
            )
        )
    if not modules:
        raise SystemExit(f"coverage gate: {path} measured no files; run pytest with --cov (source: {PACKAGE})")
    return sorted(modules, key=lambda module: module.name)


def table(modules: list[Module]) -> str:
    """A fixed-width table: module, statements, branches, percent, what is missing."""
    width = max(len(module.name) for module in modules)
    rows = [f"{'module':<{width}}  {'stmts':>5}  {'branches':>8}  {'cover':>6}  missing"]
    rows += [f"{m.name:<{width}}  {m.statements:>5}  {m.branches:>8}  {m.percent:>5.1f}%  {m.missing}".rstrip() for m in modules]
    return "\n".join(rows) + "\n"


def main(arguments: list[str] | None = None) -> int:
    """Check every module against the minimum; print the ones below it (or the whole table)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, nargs="?", default=Path("coverage.json"), help="coverage JSON report (default: coverage.json)")
    parser.add_argument("--minimum", type=float, default=MINIMUM, help=f"lowest branch coverage a module may have, in percent (default: {MINIMUM:g})")
    parser.add_argument("--table", action="store_true", help="print every module, not only those below the minimum")
    options = parser.parse_args(arguments)
    try:
        modules = read_report(options.report)
    except SystemExit as error:
        print(error, file=sys.stderr)
        return 2
    below = [module for module in modules if module.percent < options.minimum]
    if options.table:
        sys.stdout.write(table(modules))
    if below:
        print(f"coverage gate: {len(below)} of {len(modules)} modules below {options.minimum:g} % branch coverage:", file=sys.stderr)
        sys.stderr.write(table(below))
        print("add tests for the missing lines and branches (or remove dead code); see README.md, Development", file=sys.stderr)
        return 1
    print(f"coverage gate: all {len(modules)} modules at {options.minimum:g} % branch coverage or more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
