"""Parser for PSPLIB single-mode RCPSP instances (.sm) and their makespan tables.

PSPLIB: Kolisch, R., Sprecher, A. (1996). PSPLIB - A project scheduling problem library.
European Journal of Operational Research 96(1), 205-216.
"""

from __future__ import annotations

import re

from roadmap_cli.i18n import _
from roadmap_cli.scheduling import Precedence, Problem, Resource, Task

_COUNT = re.compile(r"^\s*-\s*(renewable|nonrenewable|doubly constrained)\s*:\s*(\d+)")
_JOBS = re.compile(r"^\s*jobs \(incl\. supersource/sink\s*\)\s*:\s*(\d+)")


def _ints(line: str, lineno: int, count: int | None = None) -> list[int]:
    """The integers of a whitespace-separated row; ValueError with the line number otherwise."""
    try:
        values = [int(tok) for tok in line.split()]
    except ValueError:
        raise ValueError(_("line {lineno}: expected integers, got {strip!r}").format(lineno=lineno, strip=line.strip())) from None
    if count is not None and len(values) != count:
        raise ValueError(_("line {lineno}: expected {count} values, got {length}").format(lineno=lineno, count=count, length=len(values)))
    return values


class _SmFile:
    """A single-mode .sm file read section by section: jobs count, resource counts, job rows, capacities."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.jobs: int | None = None
        self.counts = {"renewable": 0, "nonrenewable": 0, "doubly constrained": 0}
        self.successors: dict[int, list[int]] = {}
        self.rows: dict[int, tuple[int, list[int]]] = {}
        self.capacities: list[int] | None = None

    def read(self) -> Problem:
        """Read every section, then check and build the problem."""
        i = 0
        while i < len(self.lines):
            i = self._line(i) + 1
        return self._problem()

    def _line(self, i: int) -> int:
        """Read the line at `i` (and the rows of a section it heads); the index of the last line read."""
        line = self.lines[i]
        if (m := _JOBS.match(line)) is not None:
            self.jobs = int(m.group(1))
        elif (m := _COUNT.match(line)) is not None:
            self.counts[m.group(1)] = int(m.group(2))
            if self.counts["doubly constrained"]:
                raise ValueError(_("line {i}: doubly constrained resources are not supported").format(i=i + 1))
        elif line.startswith(("PRECEDENCE RELATIONS:", "REQUESTS/DURATIONS:")):
            return self._job_rows(i, line.startswith("PRECEDENCE")) - 1
        elif line.startswith("RESOURCEAVAILABILITIES:"):
            k = self._table(i)
            if k >= len(self.lines):
                raise ValueError(_("line {i}: no capacity row").format(i=i + 1))
            self.capacities = _ints(self.lines[k], k + 1, self.counts["renewable"] + self.counts["nonrenewable"])
            return k
        return i

    def _table(self, first: int) -> int:
        """Index of the first data row of a section whose header starts at `first`."""
        lines, k = self.lines, first + 1
        while k < len(lines) and (not lines[k].strip() or not lines[k].split()[0].isdigit()):
            if lines[k].startswith("*"):
                raise ValueError(_("line {k}: section ends before its rows").format(k=k + 1))
            k += 1
        return k

    def _job_rows(self, first: int, precedences: bool) -> int:
        """Read one row per job of the section headed at `first`; the index after its last row."""
        if self.jobs is None:
            raise ValueError(_("line {i}: section before the 'jobs (incl. supersource/sink )' line").format(i=first + 1))
        k = self._table(first)
        for _row in range(self.jobs):
            if k >= len(self.lines) or self.lines[k].startswith("*"):
                raise ValueError(_("line {k}: expected {jobs} job rows").format(k=k + 1, jobs=self.jobs))
            if precedences:
                self._precedence_row(k)
            else:
                values = _ints(self.lines[k], k + 1, 3 + self.counts["renewable"] + self.counts["nonrenewable"])
                self.rows[values[0]] = (values[2], values[3:])
            k += 1
        return k

    def _precedence_row(self, k: int) -> None:
        """A job's mode count and successors."""
        values = _ints(self.lines[k], k + 1)
        if len(values) < 3 or len(values) != 3 + values[2]:
            raise ValueError(_("line {k}: successor count does not match the successors listed").format(k=k + 1))
        if values[1] != 1:
            raise ValueError(_("line {k}: job {values} has {values2} modes; only single mode is supported").format(k=k + 1, values=values[0], values2=values[1]))
        self.successors[values[0]] = values[3:]

    def _problem(self) -> Problem:
        """The scheduling problem, once every section is read and the jobs are numbered 1..N."""
        jobs, capacities, successors, rows = self.jobs, self.capacities, self.successors, self.rows
        if jobs is None or capacities is None or not successors or not rows:
            raise ValueError(_("not a PSPLIB .sm file: missing jobs count, precedence, request or availability section"))
        expected = set(range(1, jobs + 1))
        for name, found in (("precedence", successors), ("request", rows)):
            if set(found) != expected:
                raise ValueError(_("{name} rows do not number the jobs 1..{jobs}").format(name=name, jobs=jobs))
        names = [f"R{r + 1}" for r in range(self.counts["renewable"])] + [f"N{r + 1}" for r in range(self.counts["nonrenewable"])]
        tasks = tuple(Task(f"j{j}", rows[j][0], demands=tuple(sorted((name, q) for name, q in zip(names, rows[j][1]) if q))) for j in sorted(expected))
        precedences = []
        for j in sorted(expected):
            for s in successors[j]:
                if s not in expected:
                    raise ValueError(_("job {j}: unknown successor {s}").format(j=j, s=s))
                precedences.append(Precedence(f"j{j}", f"j{s}"))
        resources = tuple(Resource(name, cap, None if name.startswith("R") else (0,)) for name, cap in zip(names, capacities))
        return Problem(tasks, tuple(precedences), (), resources)


def parse_sm(text: str) -> Problem:
    """Problem from a single-mode .sm file: jobs j1..jN, successor precedences, renewable R1..Rk.

    Non-renewable resources become budgets N1..Nk with one period from day 0 (the project);
    doubly constrained resources and multiple modes are rejected.
    """
    return _SmFile(text).read()


def parse_optimum_table(text: str) -> dict[tuple[int, int], int]:
    """Makespans by (parameter, instance) from j30opt.sm / j30hrs.sm / j120hrs.sm style tables.

    Rows are lines whose first three fields are integers; other lines are headers and skipped.
    """
    table: dict[tuple[int, int], int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if len(fields) < 3 or not all(f.isdigit() for f in fields[:3]):
            continue
        key = (int(fields[0]), int(fields[1]))
        if key in table:
            raise ValueError(_("line {lineno}: parameter {key} instance {key2} listed twice").format(lineno=lineno, key=key[0], key2=key[1]))
        table[key] = int(fields[2])
    return table
