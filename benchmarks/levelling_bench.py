"""Benchmark the levelling search on generated roadmaps: makespan reached against one SGS pass and a lower bound.

For each size the generated roadmap (benchmarks/generate.py, seed 1) is checked and compiled to the scheduling
problem `roadmap plan` levels; then `level` runs at effort 0 (one priority-rule SGS pass) and at the given effort.
It prints both makespans, the lower bound (the larger of the critical path and each resource's total work packed
from the first start), the gap to it, the SGS passes run and the CPU seconds (user + sys) of the search.

Usage: python benchmarks/levelling_bench.py [--sizes 1000,5000,national] [--effort N] [--teams K]
With --teams K every initiative that needs a resource is given one of K teams instead (capacity 2, by id), the
"random roadmaps with teams" comparison of issue 17.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from zlib import crc32

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import check_files
from roadmap_cli.planner import scheduling_problem
from roadmap_cli.scheduling import Problem, Resource, compute_cpm, level
from roadmap_cli.scheduling.graph import compile_graph
from roadmap_cli.scheduling.search import energy_bound, tails
from roadmap_cli.vocabulary import DEFAULT_EFFORT

TEAM_CAPACITY = 2
"""Capacity of each team with --teams."""


def _cpu() -> float:
    """User + system CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def roadmap_problem(size: str, seed: int = 1) -> Problem:
    """The scheduling problem `roadmap plan` levels for the generated roadmap of `size`."""
    with tempfile.TemporaryDirectory() as folder:
        generate(size, seed, Path(folder), split=False)
        prepared = check_files(discover_roadmaps([Path(folder) / "roadmap.yaml"])[0])
    checked = prepared.checked
    return scheduling_problem(checked.model, prepared.expansion, sorted(prepared.graph.nodes), checked.status_date)


def with_teams(problem: Problem, teams: int) -> Problem:
    """`problem` with every resource demand replaced by one unit of one of `teams` teams, picked by a hash of the id."""
    names = [f"team-{k + 1}" for k in range(teams)]
    tasks = tuple(replace(t, demands=((names[crc32(t.id.encode()) % teams], 1),) if t.demands else ()) for t in problem.tasks)
    return replace(problem, tasks=tasks, resources=tuple(Resource(name, TEAM_CAPACITY) for name in names))


def lower_bound(problem: Problem) -> int:
    """The critical path or, per resource, the largest head + work / capacity + tail over the tasks with head >= a and tail >= b.

    Heads are CPM earliest starts, tails the longest chains of movable successors (`search.tails`); b = 0 and the
    smallest head give the plain bound of a resource's total work packed from its first start.
    """
    cpm = compute_cpm(problem)
    bound = cpm.finish
    graph = compile_graph(problem)
    tail = tails(graph)
    for res in problem.resources:
        if res.periods is not None or res.capacity <= 0:
            continue
        movable = [(t, amount) for t in problem.tasks if not t.is_fixed for rid, amount in t.demands if rid == res.id and amount and t.span]
        if movable:
            heads = [cpm.earliest_start[t.id] for t, _ in movable]
            work = [amount * t.span for t, amount in movable]
            bound = max(bound, energy_bound(heads, [tail[graph.index[t.id]] for t, _ in movable], work, res.capacity))
    return bound


def measure(problem: Problem, effort: int) -> dict[str, float]:
    """One-pass and searched makespans, the lower bound, passes and search CPU seconds of `problem`."""
    single = level(problem, effort=0)
    cpu = _cpu()
    searched = level(problem, effort=effort)
    cpu = _cpu() - cpu
    bound = lower_bound(problem)
    return {
        "tasks": len(problem.tasks),
        "single": single.makespan,
        "searched": searched.makespan,
        "bound": bound,
        "gap": 100.0 * (searched.makespan - bound) / bound if bound else 0.0,
        "passes": searched.schedules,
        "cpu": cpu,
    }


def main(argv: list[str] | None = None) -> int:
    """Print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,national", help="comma-separated: national, village or a number of initiatives")
    parser.add_argument("--effort", type=int, default=DEFAULT_EFFORT)
    parser.add_argument("--teams", type=int, default=0, help="replace the resources by K teams of capacity 2 (0: keep the generated ones)")
    args = parser.parse_args(argv)
    print(f"effort {args.effort}{f', {args.teams} teams' if args.teams else ''}; makespans in days; CPU of the search at that effort")
    print(f"{'size':>9} {'tasks':>6} {'1 pass':>7} {'search':>7} {'bound':>7} {'gap %':>6} {'passes':>7} {'CPU s':>7}")
    for size in args.sizes.split(","):
        problem = roadmap_problem(size)
        if args.teams:
            problem = with_teams(problem, args.teams)
        m = measure(problem, args.effort)
        print(f"{size:>9} {m['tasks']:>6} {m['single']:>7} {m['searched']:>7} {m['bound']:>7} {m['gap']:>6.2f} {m['passes']:>7} {m['cpu']:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
