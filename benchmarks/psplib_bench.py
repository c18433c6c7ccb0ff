"""Benchmark levelling on PSPLIB J30 (against optima) or J120 (against best known), on the user's path.

Each instance goes through exactly what `roadmap import psplib FILE -o R.yaml` and
`roadmap export R.yaml --format json [--effort N]` run: the same conversion to a roadmap, the same
loader, validation, rules, planner and options. The makespan is the plan's length in days.

Usage: python benchmarks/psplib_bench.py PSPLIB_DIR [--set j30|j120] [--limit N] [--every K] [--effort N]
PSPLIB: Kolisch & Sprecher (1996), European Journal of Operational Research 96(1), 205-216.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from datetime import date
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
from roadmap_cli.plan import Plan
from roadmap_cli.planner import PlanOptions
from roadmap_cli.psplib import parse_optimum_table, parse_sm
from roadmap_cli.scaffold import psplib_roadmap
from roadmap_cli.scheduling import check_schedule, compute_cpm
from roadmap_cli.vocabulary import DEFAULT_EFFORT

START = date(2026, 1, 1)
"""`roadmap import psplib`'s default `--start`."""


def _key(path: Path, prefix: str) -> tuple[int, int]:
    """(parameter, instance) from a file name like j3012_7.sm."""
    param, inst = path.stem[len(prefix) :].split("_")
    return int(param), int(inst)


def makespan(plan: Plan) -> int:
    """Days from the roadmap start to the end of its last work (exclusive)."""
    return max(((p.start - plan.roadmap.start).days + p.duration_days for p in plan.initiatives), default=0)


def plan_instance(path: Path, effort: int | None) -> Plan:
    """The plan `roadmap import psplib PATH` then `roadmap export --format json [--effort N]` makes."""
    text = psplib_roadmap(parse_sm(path.read_text(encoding="utf-8")), path.name, START)
    with tempfile.TemporaryDirectory() as folder:
        roadmap = Path(folder) / f"{path.stem}.yaml"
        roadmap.write_text(text, encoding="utf-8")
        plan, _ = build_plan(discover_roadmaps([roadmap])[0], PlanOptions(effort=effort))
    return plan


def _cpu() -> float:
    """User + system CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(job: tuple[str, int]) -> tuple[int, int, float]:
    """Makespan, CPM lower bound and CPU seconds (user + sys) for one instance file."""
    path, effort = Path(job[0]), job[1]
    cpu = _cpu()
    plan = plan_instance(path, effort)
    cpu = _cpu() - cpu
    problem = parse_sm(path.read_text(encoding="utf-8"))
    starts = {p.id: (p.start - plan.roadmap.start).days for p in plan.initiatives}
    violations = check_schedule(problem, starts)
    if violations:
        raise SystemExit(f"{path}: infeasible schedule: {violations[:3]}")
    return makespan(plan), compute_cpm(problem).finish, cpu


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the summary figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("psplib_dir", type=Path)
    parser.add_argument("--set", choices=["j30", "j120"], default="j30")
    parser.add_argument("--limit", type=int, default=None, help="first N instances (by parameter, instance), after --every")
    parser.add_argument("--every", type=int, default=1, help="every K-th instance only (a spread-out subset)")
    parser.add_argument("--effort", type=int, default=DEFAULT_EFFORT, help="levelling effort, as `roadmap export --effort N`")
    parser.add_argument("--jobs", type=int, default=2, choices=[1, 2], help="worker processes (at most 2)")
    args = parser.parse_args(argv)
    prefix = args.set
    files = sorted((args.psplib_dir / prefix).glob(f"{prefix}*_*.sm"), key=lambda p: _key(p, prefix))[:: args.every]
    files = files[: args.limit] if args.limit else files
    table_name = "j30opt.sm" if prefix == "j30" else "j120hrs.sm"
    best = parse_optimum_table((args.psplib_dir / table_name).read_text())
    with Pool(args.jobs) as pool:
        results = pool.map(_run, [(str(f), args.effort) for f in files], chunksize=1)
    dev_best = [100.0 * (r[0] - best[_key(f, prefix)]) / best[_key(f, prefix)] for f, r in zip(files, results)]
    dev_cpm = [100.0 * (r[0] - r[1]) / r[1] for r in results]
    cpu = [r[2] for r in results]
    label = "optimum" if prefix == "j30" else "best known"
    print(f"{prefix}: {len(files)} instances, effort {args.effort}, through import psplib + export")
    print(f"deviation from {label}: mean {statistics.mean(dev_best):.2f} %, worst {max(dev_best):.2f} %")
    print(f"matching {label}: {sum(d <= 0 for d in dev_best)} / {len(files)}")
    print(f"deviation from CPM lower bound: mean {statistics.mean(dev_cpm):.2f} %")
    print(f"CPU seconds (user+sys) per instance: mean {statistics.mean(cpu):.3f}, max {max(cpu):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
