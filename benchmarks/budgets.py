"""Issue 16's performance budgets as a table with PASS/FAIL: growth, start-up, TaskJuggler, national floor ratios, memory.

Usage: python benchmarks/run.py --budgets [--quick] [--sizes 11k,30k,60k,120k,village] [--pairs 3] [--only growth,startup,tj3,national]
       (the same options work as `python benchmarks/budgets.py ...`)

Method: CPU time (user + sys) of child processes from wait4, never wall time. A ratio runs its two commands
interleaved, A B A B, and compares the medians of `--pairs` pairs (at least 3; at least 5 for start-up). A growth
exponent is the least-squares slope of log(CPU) against log(initiatives) over the sizes, after taking off the same
command's CPU on examples/minimal (its start-up), so that a fixed cost cannot hide super-linear work. Peak RSS is
the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import _generate, _roadmap_exe, machine  # noqa: E402 - benchmarks/ is not a package

MINIMAL = ROOT / "examples" / "minimal" / "roadmap.yaml"
FULL_SIZES = ("national", "30000", "60000", "120000", "village")
"""Issue 16's sizes: 11k (national), 30k, 60k, 120k and village."""
QUICK_SIZES = ("1000", "2500", "6000")
"""A development run: minutes, not hours (exponents over a small range are rougher)."""
SIZE_NAMES = {"national": "11k", "30000": "30k", "60000": "60k", "120000": "120k", "village": "village"}
GROWTH_BUDGET = 1.15
PLAN_VS_MARKDOWN = 3.0
VALIDATE_VS_YAMLLINT = 3.0
HELP_VS_IMPORTS = 1.3
TJ3_LEVELLED = {5000: 12.0, 10000: 20.0}
"""Generated size -> least tj3 / `roadmap export --format json` CPU ratio (5000 gives tj3 5,009 tasks)."""
TJ3_IN_PROCESS = 40.0
NATIONAL_VALIDATE_FLOOR = 1.0
NATIONAL_MARKDOWN_FLOOR = 2.0
NATIONAL_RSS_MIB = 160
VILLAGE_RSS_MIB = 1536
EXPORT_FORMATS = ("markdown", "mermaid", "mermaid-flowchart", "csv", "json", "svg", "terminal-svg", "html", "xlsx")
FLOOR_SCRIPT = "import sys, yaml; yaml.compose(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
PLANNING_SCRIPT = """
import sys, time
from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan
files = discover_roadmaps([sys.argv[1]])[0]
started = time.process_time()
build_plan(files)
print(time.process_time() - started)
"""
"""In-process planning: load, validate, expand, graph and the levelled plan, after the imports."""


@dataclass(frozen=True)
class Run:
    """One child process: CPU seconds (user + sys), peak RSS in MiB and exit code."""

    cpu: float
    rss_mib: float
    code: int


def run(cmd: Sequence[str], cwd: Path, stdout: Any = subprocess.DEVNULL) -> Run:
    """Run `cmd` to the end and return its own CPU time and peak RSS (wait4)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-2:]
            raise RuntimeError(f"{' '.join(cmd[:4])}...: exit {code}: {' | '.join(tail)}")
    return Run(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def interleaved(a: Sequence[str], b: Sequence[str], cwd: Path, pairs: int) -> tuple[float, float, list[Run]]:
    """Medians of `pairs` interleaved runs A B A B, and A's runs (for their RSS)."""
    runs_a, runs_b = [], []
    for _ in range(pairs):
        runs_a.append(run(a, cwd))
        runs_b.append(run(b, cwd))
    return statistics.median(r.cpu for r in runs_a), statistics.median(r.cpu for r in runs_b), runs_a


@dataclass
class Table:
    """Budget lines: what, measured, limit, verdict."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, what: str, measured: str, limit: str, ok: bool | None) -> None:
        """One line; `ok` None means not measured."""
        self.rows.append((what, measured, limit, "n/a" if ok is None else ("PASS" if ok else "FAIL")))
        print(f"  {what:<58} {measured:>16} {limit:>12}  {self.rows[-1][3]}", flush=True)

    def print(self) -> None:
        """The whole table."""
        print(f"\nbudgets (issue 16): {sum(r[3] == 'PASS' for r in self.rows)} pass, {sum(r[3] == 'FAIL' for r in self.rows)} fail, {sum(r[3] == 'n/a' for r in self.rows)} not measured")
        print(f"  {'budget':<58} {'measured':>16} {'limit':>12}  verdict")
        for what, measured, limit, verdict in self.rows:
            print(f"  {what:<58} {measured:>16} {limit:>12}  {verdict}")


def commands(exe: list[str], roadmap: Path, initiative: str, baseline: Path, scratch: Path) -> dict[str, list[str]]:
    """Every command and format issue 16 holds to the growth budget, on `roadmap`."""
    path = str(roadmap)
    found = {
        "validate": [*exe, "validate", path],
        "plan (terminal)": [*exe, "plan", path, "--no-pager", "--width", "160", "--color", "never"],
        "explain": [*exe, "explain", initiative, path, "--no-pager", "--color", "never"],
        "status": [*exe, "status", path],
        "diff": [*exe, "diff", str(baseline), path],
    }
    for name in EXPORT_FORMATS:
        target = ["-o", str(scratch / "plan.xlsx")] if name == "xlsx" else []
        found[f"export {name}"] = [*exe, "export", path, "--format", name, *target]
    return found


def _prepare(exe: list[str], roadmap: Path, scratch: Path) -> tuple[str, Path, int]:
    """A JSON export of `roadmap` (the diff's base), an initiative in its middle for explain, and its size."""
    baseline = scratch / f"{roadmap.parent.name}.json"
    run([*exe, "export", str(roadmap), "--format", "json", "-o", str(baseline)], roadmap.parent)
    items = json.loads(baseline.read_text(encoding="utf-8"))["initiatives"]
    return items[len(items) // 2]["id"], baseline, len(items)


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(y) against log(x)."""
    usable = [(math.log(x), math.log(y)) for x, y in points if y > 0]
    if len(usable) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in usable)
    mean_y = statistics.fmean(y for _, y in usable)
    spread = sum((x - mean_x) ** 2 for x, _ in usable)
    return sum((x - mean_x) * (y - mean_y) for x, y in usable) / spread if spread else None


def growth(table: Table, sizes: list[str], args: argparse.Namespace, exe: list[str], scratch: Path) -> dict[str, Any]:
    """Every command at every size: growth exponents, village plan against Markdown, and peak RSS."""
    initiative, baseline, _count = _prepare(exe, MINIMAL, scratch)
    fixed_cmds = commands(exe, MINIMAL, initiative, baseline, scratch)
    fixed = {name: statistics.median(run(cmd, MINIMAL.parent).cpu for _ in range(3)) for name, cmd in fixed_cmds.items()}
    figures: dict[str, dict[str, Any]] = {name: {} for name in fixed}
    rss: dict[str, dict[str, float]] = {}
    for size in sizes:
        folder = args.out / f"b-{size}"
        meta = _generate(size, folder, args.seed, False, args.reuse)
        initiative, baseline, count = _prepare(exe, folder / "roadmap.yaml", scratch)
        print(f"  {SIZE_NAMES.get(size, size)}: {count:,} initiatives", flush=True)
        rss[size] = {}
        for name, cmd in commands(exe, folder / "roadmap.yaml", initiative, baseline, scratch).items():
            runs = [run(cmd, folder) for _ in range(args.repeat)]
            cpu = statistics.median(r.cpu for r in runs)
            figures[name][size] = {"initiatives": count, "cpu": cpu, "net": cpu - fixed[name]}
            rss[size][name] = max(r.rss_mib for r in runs)
            print(f"    {name:<26} {cpu:8.2f} s CPU  {rss[size][name]:7.0f} MiB", flush=True)
        del meta
    for name, by_size in figures.items():
        exponent = slope([(f["initiatives"], f["net"]) for f in by_size.values()])
        table.add(
            f"growth exponent, {name} ({', '.join(SIZE_NAMES.get(s, s) for s in sizes)})",
            "-" if exponent is None else f"{exponent:.2f}",
            f"<= {GROWTH_BUDGET}",
            None if exponent is None else exponent <= GROWTH_BUDGET,
        )
    largest = sizes[-1]
    plan_cpu, markdown_cpu = figures["plan (terminal)"][largest]["cpu"], figures["export markdown"][largest]["cpu"]
    table.add(
        f"plan (terminal) / export markdown CPU at {SIZE_NAMES.get(largest, largest)}",
        f"{plan_cpu / markdown_cpu:.2f}x",
        f"<= {PLAN_VS_MARKDOWN}x",
        plan_cpu / markdown_cpu <= PLAN_VS_MARKDOWN if largest == "village" else None,
    )
    for size, limit in (("national", NATIONAL_RSS_MIB), ("village", VILLAGE_RSS_MIB)):
        if size in rss:
            name, peak = max(rss[size].items(), key=lambda kv: kv[1])
            table.add(f"peak RSS at {SIZE_NAMES[size]}, every command (largest: {name})", f"{peak:,.0f} MiB", f"< {limit:,} MiB", peak < limit)
    return {"fixed": fixed, "figures": figures, "rss": rss}


def startup(table: Table, args: argparse.Namespace, exe: list[str]) -> dict[str, Any]:
    """`validate examples/minimal` against yamllint on the same file, `--help` against importing typer and rich."""
    pairs = max(args.pairs, 5)
    result: dict[str, Any] = {}
    yamllint = shutil.which("yamllint") or (str(Path(sys.executable).parent / "yamllint") if (Path(sys.executable).parent / "yamllint").exists() else None)
    if yamllint is None:
        print("  skipped validate vs yamllint: yamllint is not installed (pip install yamllint)")
        table.add("validate examples/minimal / yamllint, CPU", "-", f"<= {VALIDATE_VS_YAMLLINT}x", None)
    else:
        ours, theirs, _ = interleaved([*exe, "validate", str(MINIMAL)], [yamllint, str(MINIMAL)], ROOT, pairs)
        result["validate"] = {"roadmap": ours, "yamllint": theirs}
        table.add(f"validate examples/minimal / yamllint ({ours:.3f} / {theirs:.3f} s)", f"{ours / theirs:.2f}x", f"<= {VALIDATE_VS_YAMLLINT}x", ours / theirs <= VALIDATE_VS_YAMLLINT)
    ours, theirs, _ = interleaved([*exe, "--help"], [sys.executable, "-c", "import typer, rich"], ROOT, pairs)
    result["help"] = {"roadmap": ours, "imports": theirs}
    table.add(f"--help / python -c 'import typer, rich' ({ours:.3f} / {theirs:.3f} s)", f"{ours / theirs:.2f}x", f"<= {HELP_VS_IMPORTS}x", ours / theirs <= HELP_VS_IMPORTS)
    return result


def tj3(table: Table, args: argparse.Namespace, exe: list[str], scratch: Path) -> dict[str, Any]:
    """tj3 against `roadmap export --format json` (levelled), end to end, and against in-process planning."""
    program = shutil.which("tj3")
    result: dict[str, Any] = {}
    if program is None:
        print("  skipped TaskJuggler: `tj3` is not installed")
        for size, limit in TJ3_LEVELLED.items():
            table.add(f"tj3 / export json, levelled, generated size {size}", "-", f">= {limit:.0f}x", None)
        return result
    for size, limit in TJ3_LEVELLED.items():
        folder = args.out / f"tj3-{size}"
        meta = _generate(str(size), folder, args.seed, True, args.reuse)
        tasks = meta.get("tjp", {}).get("tasks", 0)
        ours_cmd = [*exe, "export", "roadmap.yaml", "--format", "json", "-o", str(scratch / "tj3.json")]
        theirs_cmd = [program, "--silent", "--no-color", "-o", str(scratch), "roadmap.tjp"]
        ours, theirs, _ = interleaved(ours_cmd, theirs_cmd, folder, max(args.pairs, 3))
        result[size] = {"tasks": tasks, "roadmap": ours, "tj3": theirs}
        table.add(f"tj3 / export json, levelled, {tasks:,} tasks ({theirs:.1f} / {ours:.2f} s)", f"{theirs / ours:.1f}x", f">= {limit:.0f}x", theirs / ours >= limit)
        if size == 5000:
            planning = statistics.median(
                float(subprocess.run([sys.executable, "-c", PLANNING_SCRIPT, "roadmap.yaml"], cwd=folder, check=True, capture_output=True, text=True).stdout) for _ in range(3)
            )
            result[size]["planning"] = planning
            table.add(f"tj3 / in-process planning, {tasks:,} tasks ({theirs:.1f} / {planning:.3f} s)", f"{theirs / planning:.1f}x", f">= {TJ3_IN_PROCESS:.0f}x", theirs / planning >= TJ3_IN_PROCESS)
    return result


def national(table: Table, args: argparse.Namespace, exe: list[str]) -> dict[str, Any]:
    """National validate and Markdown export against the `yaml.compose(CSafeLoader)` floor, interleaved."""
    folder = args.out / "b-national"
    _generate("national", folder, args.seed, False, args.reuse)
    floor_cmd = [sys.executable, "-c", FLOOR_SCRIPT, "roadmap.yaml"]
    result: dict[str, Any] = {}
    for name, cmd, limit in (
        ("validate", [*exe, "validate", "roadmap.yaml"], NATIONAL_VALIDATE_FLOOR),
        ("export markdown", [*exe, "export", "roadmap.yaml", "--format", "markdown"], NATIONAL_MARKDOWN_FLOOR),
    ):
        ours, floor, runs = interleaved(cmd, floor_cmd, folder, max(args.pairs, 3))
        result[name] = {"roadmap": ours, "floor": floor, "rss_mib": max(r.rss_mib for r in runs)}
        table.add(f"national {name} / yaml.compose floor ({ours:.2f} / {floor:.2f} s)", f"{ours / floor:.2f}x", f"<= {limit}x", ours / floor <= limit)
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure the budgets asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"growth over {', '.join(QUICK_SIZES)} initiatives instead of {', '.join(SIZE_NAMES[s] for s in FULL_SIZES)}")
    parser.add_argument("--sizes", help="comma-separated growth sizes (national, village or a number of initiatives)")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved pairs per ratio (start-up: at least 5)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command per size for growth (median)")
    parser.add_argument("--only", default="startup,national,tj3,growth", help="which groups to measure")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="reuse generated roadmaps in --out")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    sizes = args.sizes.split(",") if args.sizes else list(QUICK_SIZES if args.quick else FULL_SIZES)
    groups = set(args.only.split(","))
    exe = _roadmap_exe()
    # Bytecode for the package, as an installed one has (pip writes it); PYTHONDONTWRITEBYTECODE would otherwise
    # leave every run compiling roadmap_cli from source, a third of a small command's CPU.
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    info = machine()
    print(f"roadmap budgets, {info['date']}, tree {info['git']}: {info['cpu']}, {info['cores']} cores, Python {info['python']}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    table = Table()
    report: dict[str, Any] = {"machine": info, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        if "startup" in groups:
            report["startup"] = startup(table, args, exe)
        if "national" in groups:
            report["national"] = national(table, args, exe)
        if "tj3" in groups:
            report["tj3"] = tj3(table, args, exe, scratch)
        if "growth" in groups:
            report["growth"] = growth(table, sizes, args, exe, scratch)
    report["load_after"] = os.getloadavg()
    table.print()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "budgets.json").write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    return 1 if any(row[3] == "FAIL" for row in table.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
