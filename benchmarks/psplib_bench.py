"""Benchmark `level` on PSPLIB J30 (against optima) or J120 (against CPM bound and best known).

Usage: python benchmarks/psplib_bench.py PSPLIB_DIR [--set j30|j120] [--limit N] [--effort N]
PSPLIB: Kolisch & Sprecher (1996), European Journal of Operational Research 96(1), 205-216.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from roadmap_cli.psplib import parse_optimum_table, parse_sm
from roadmap_cli.scheduling import DEFAULT_EFFORT, check_schedule, compute_cpm, level


def _key(path: Path, prefix: str) -> tuple[int, int]:
    """(parameter, instance) from a file name like j3012_7.sm."""
    param, inst = path.stem[len(prefix) :].split("_")
    return int(param), int(inst)


def _run(job: tuple[str, int, int]) -> tuple[int, int, float, float, int]:
    """Makespan, CPM lower bound, wall and CPU seconds, and SGS passes for one instance file."""
    path, budget, seed = job
    problem = parse_sm(Path(path).read_text())
    started, cpu = time.perf_counter(), time.process_time()
    result = level(problem, effort=budget, seed=seed)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    violations = check_schedule(problem, result.start)
    if violations:
        raise SystemExit(f"{path}: infeasible schedule: {violations[:3]}")
    return result.makespan, compute_cpm(problem).finish, seconds, cpu, result.schedules


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the summary figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("psplib_dir", type=Path)
    parser.add_argument("--set", choices=["j30", "j120"], default="j30")
    parser.add_argument("--limit", type=int, default=None, help="first N instances (by parameter, instance)")
    parser.add_argument("--effort", type=int, default=DEFAULT_EFFORT, help="levelling effort per instance")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, choices=[1, 2], help="worker processes (at most 2)")
    args = parser.parse_args(argv)
    prefix = args.set
    files = sorted((args.psplib_dir / prefix).glob(f"{prefix}*_*.sm"), key=lambda p: _key(p, prefix))
    files = files[: args.limit] if args.limit else files
    table_name = "j30opt.sm" if prefix == "j30" else "j120hrs.sm"
    best = parse_optimum_table((args.psplib_dir / table_name).read_text())
    jobs = [(str(f), args.effort, args.seed) for f in files]
    with Pool(args.jobs) as pool:
        results = pool.map(_run, jobs, chunksize=1)
    dev_best = [100.0 * (r[0] - best[_key(f, prefix)]) / best[_key(f, prefix)] for f, r in zip(files, results)]
    dev_cpm = [100.0 * (r[0] - r[1]) / r[1] for r in results]
    seconds = [r[2] for r in results]
    cpu = [r[3] for r in results]
    schedules = [r[4] for r in results]
    label = "optimum" if prefix == "j30" else "best known"
    print(f"{prefix}: {len(files)} instances, effort {args.effort}, seed {args.seed}")
    print(f"deviation from {label}: mean {statistics.mean(dev_best):.2f} %, worst {max(dev_best):.2f} %")
    print(f"matching {label}: {sum(d == 0 for d in dev_best)} / {len(files)}")
    print(f"deviation from CPM lower bound: mean {statistics.mean(dev_cpm):.2f} %")
    print(f"seconds per instance: mean {statistics.mean(seconds):.3f}, max {max(seconds):.3f} (wall)")
    print(f"CPU seconds per instance: mean {statistics.mean(cpu):.3f}, max {max(cpu):.3f}")
    print(f"SGS passes per instance: mean {statistics.mean(schedules):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
