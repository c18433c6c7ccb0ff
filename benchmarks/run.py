"""Benchmark roadmap stage by stage and end to end, against the libyaml parse floor and TaskJuggler 3.

Usage: python benchmarks/run.py [--sizes national,village] [--repeat 3] [--out benchmarks/out]
       python benchmarks/run.py --budgets [--quick]      # issue 16's budget table, PASS/FAIL (benchmarks/budgets.py)
       python benchmarks/run.py --sizes national --profile validate     # cProfile top 20 of one stage
Stages: load, validate, rules, graph, plan (CPM + phases, no levelling), level (the whole plan with
levelling), render (terminal view printed to a 160-column console), export (Markdown). Profile also
takes `cli-validate` (what `roadmap validate` runs) and `cli-export` (what `roadmap export` runs).
Each size runs in fresh worker processes: one for times and max RSS, one for tracemalloc peaks.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

STAGES = ("load", "validate", "rules", "graph", "plan", "level", "render", "export")
PROFILE_STAGES = STAGES + ("cli-validate", "cli-export")
TERMINAL_WIDTH = 160
MIB = 1024 * 1024
BUDGETS = {
    "national": {"validate": 2.0, "export": 3.0, "rss_mb": 200},
    "village": {"export": 3.0, "rss_mb": 3072},
}
COMMAND_STAGES = (
    ("= validate, in-process", ("load", "validate", "rules", "graph")),
    ("= export markdown, in-process", ("load", "validate", "rules", "graph", "level", "export")),
)
"""The stages each command runs, for in-process totals (`level` is the whole plan with levelling)."""
BIG = 20_000
"""Above this many initiatives a size runs --village-repeat times (default once)."""
HELP_BUDGET = 1.5
TJ3_SPEEDUP = 100.0


class StageTimeout(BaseException):
    """A stage ran past --stage-timeout."""


# ---------------------------------------------------------------------------------------------- worker


def _rss_now_mb() -> float:
    """Resident set size of this process now, in MiB."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB


def _rss_peak_mb() -> float:
    """High-water resident set size of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage_functions() -> dict[str, Callable[[dict[str, Any]], None]]:
    """Each stage as a function over a shared state dict (imports happen here, outside the timings)."""
    from roadmap_cli.graph import build_graph, check_acyclic
    from roadmap_cli.loader import discover_roadmaps, load_roadmap
    from roadmap_cli.models import Roadmap
    from roadmap_cli.output import make_console
    from roadmap_cli.pipeline import build_plan, check_files
    from roadmap_cli.planner import PlanOptions, make_plan
    from roadmap_cli.render import render_markdown, render_plan
    from roadmap_cli.rules import expand_rules
    from roadmap_cli.validate import CheckedRoadmap, check_roadmap

    def load(s: dict[str, Any]) -> None:
        s["files"] = discover_roadmaps([s["path"]])[0]
        s["loaded"] = load_roadmap(s["files"])

    def validate(s: dict[str, Any]) -> None:
        loaded = s["loaded"]
        s["checked"] = check_roadmap(loaded.data, loaded.source_map, loaded.files)

    def rules(s: dict[str, Any]) -> None:
        s["expansion"] = expand_rules(s["checked"])
        s["edges"] = len(s["expansion"].edges)

    def graph(s: dict[str, Any]) -> None:
        active = [item.id for item in s["checked"].model.initiatives if item.status.value != "dropped"]
        s["graph"] = build_graph(active, s["expansion"])
        check_acyclic(s["graph"])
        s.pop("loaded", None)  # `check_files` drops the raw data when it returns; so do we

    def plan(s: dict[str, Any]) -> None:
        s["plan"] = make_plan(s["checked"], s["expansion"], s["graph"], PlanOptions(level=False))[0]

    def level(s: dict[str, Any]) -> None:
        s.pop("plan", None)  # the commands make one plan, not two
        s["plan"] = make_plan(s["checked"], s["expansion"], s["graph"], PlanOptions(level=True))[0]

    def render(s: dict[str, Any]) -> None:
        stream = io.StringIO()
        console = make_console(color="always", width=TERMINAL_WIDTH, file=stream)
        for renderable in render_plan(s["plan"], width=TERMINAL_WIDTH):
            console.print(renderable)
        s["render_chars"] = len(stream.getvalue())

    def export(s: dict[str, Any]) -> None:
        s["export_chars"] = len(render_markdown(s["plan"]))

    def cli_validate(s: dict[str, Any]) -> None:
        check_files(discover_roadmaps([s["path"]])[0])

    def cli_export(s: dict[str, Any]) -> None:
        plan_, _ = build_plan(discover_roadmaps([s["path"]])[0])
        render_markdown(plan_)

    def bypass(s: dict[str, Any]) -> None:
        """Schema-only validation, so later stages still run when `validate` failed or timed out."""
        loaded = s["loaded"]
        s["checked"] = CheckedRoadmap(Roadmap.model_validate(loaded.data), loaded.source_map, tuple(loaded.files), ())

    return {
        "load": load,
        "validate": validate,
        "rules": rules,
        "graph": graph,
        "plan": plan,
        "level": level,
        "render": render,
        "export": export,
        "cli-validate": cli_validate,
        "cli-export": cli_export,
        "bypass": bypass,
    }


def _alarm(_signum: int, _frame: Any) -> None:
    """SIGALRM handler: abort the running stage."""
    raise StageTimeout("stage timed out")


def _run_stage(fn: Callable[[dict[str, Any]], None], state: dict[str, Any], timeout: int) -> tuple[float, str | None]:
    """Run one stage; return its wall time and an error text (None when it worked)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    started = time.perf_counter()
    try:
        fn(state)
        error = None
    except StageTimeout:
        error = f"timed out after {timeout} s"
    except Exception as exc:  # noqa: BLE001 - a failing stage is reported, the run goes on
        error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ''}"
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
    finally:
        signal.alarm(0)
    return time.perf_counter() - started, error


PIPELINE_STAGES = ("load", "validate", "rules", "graph", "plan", "level")
"""Stages that `pipeline.check_files` / `build_plan` run with the cyclic GC paused; rendering runs with it on."""


def _apply_gc(mode: str, stage: str) -> None:
    """Set the cyclic collector for a stage: `cli` as the commands do, `on` always, `off` never (an experiment)."""
    if mode == "off" or (mode == "cli" and stage in PIPELINE_STAGES):
        gc.disable()
    else:
        gc.enable()


def _chain(state: dict[str, Any], fns: dict[str, Callable[[dict[str, Any]], None]], timeout: int, after: Callable[[str], None] | None = None, gc_mode: str = "cli") -> dict[str, dict[str, Any]]:
    """Run every stage in order; a failed stage is recorded and, where possible, bypassed."""
    results: dict[str, dict[str, Any]] = {}
    for name in STAGES:
        _apply_gc(gc_mode, name)
        seconds, error = _run_stage(fns[name], state, timeout)
        results[name] = {"seconds": seconds, "error": error}
        if error and name == "validate" and "loaded" in state:
            _, bypass_error = _run_stage(fns["bypass"], state, timeout)
            results[name]["note"] = "later stages use schema-only validation" if bypass_error is None else f"bypass failed: {bypass_error}"
        if after is not None:
            after(name)
    gc.enable()
    return results


def _floor(path: Path, repeat: int) -> dict[str, Any]:
    """Best time of `yaml.compose` with libyaml (CSafeLoader) on the file's text: the parse floor."""
    import yaml

    text = path.read_text(encoding="utf-8")
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        node = yaml.compose(text, Loader=loader)
        best = min(best, time.perf_counter() - started)
        del node
        gc.collect()
    return {"seconds": best, "libyaml": bool(yaml.__with_libyaml__)}


def worker_time(path: Path, split: Path | None, repeat: int, timeout: int, gc_mode: str = "cli") -> dict[str, Any]:
    """Best-of-`repeat` stage times; max RSS after each stage from the first (clean) repetition."""
    fns = _stage_functions()
    baseline = _rss_now_mb()
    best: dict[str, dict[str, Any]] = {}
    counts: dict[str, Any] = {}
    for rep in range(repeat):
        state: dict[str, Any] = {"path": path}
        rss: dict[str, float] = {}

        def after(name: str, rss: dict[str, float] = rss) -> None:
            rss[name] = _rss_peak_mb()

        results = _chain(state, fns, timeout, after if rep == 0 else None, gc_mode)
        for name, result in results.items():
            if rep == 0:
                best[name] = dict(result, rss_peak_mb=rss[name])
            elif result["error"] is None and (best[name]["error"] is not None or result["seconds"] < best[name]["seconds"]):
                best[name].update(seconds=result["seconds"])
        if rep == 0:
            counts = {
                "edges": state.get("edges"),
                "graph_edges": state["graph"].number_of_edges() if "graph" in state else None,
                "render_chars": state.get("render_chars"),
                "export_chars": state.get("export_chars"),
            }
            if any(result["error"] and "timed out" in result["error"] for result in results.values()):
                break
        del state
        gc.collect()
    out: dict[str, Any] = {"stages": best, "counts": counts, "baseline_rss_mb": baseline, "repeat": repeat, "gc": gc_mode}
    out["floor"] = _floor(path, repeat)
    if split is not None:
        load_best = float("inf")
        error = None
        for _ in range(repeat):
            state = {"path": split}
            seconds, error = _run_stage(fns["load"], state, timeout)
            if error:
                break
            load_best = min(load_best, seconds)
            out["split_files"] = len(state["loaded"].files)
            del state
            gc.collect()
        out["load_split"] = {"seconds": load_best, "error": error}
    return out


def worker_trace(path: Path, timeout: int, skip: set[str]) -> dict[str, Any]:
    """tracemalloc pass: each stage's allocation peak above what was live when it started."""
    import tracemalloc

    fns = _stage_functions()
    state: dict[str, Any] = {"path": path}
    tracemalloc.start()
    results: dict[str, dict[str, Any]] = {}
    for name in STAGES:
        if name in skip:
            results[name] = {"alloc_peak_mb": None, "live_after_mb": None, "error": "skipped (timed out in the timing pass)", "seconds": None}
            if name == "validate":
                _run_stage(fns["bypass"], state, timeout)
            continue
        _apply_gc("cli", name)
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        seconds, error = _run_stage(fns[name], state, timeout)
        current, peak = tracemalloc.get_traced_memory()
        results[name] = {"alloc_peak_mb": (peak - before) / MIB, "live_after_mb": current / MIB, "error": error, "seconds": seconds}
        if error and name == "validate":
            _run_stage(fns["bypass"], state, timeout)
    tracemalloc.stop()
    return {"stages": results}


def worker_profile(path: Path, stage: str, top: int, sort: str, timeout: int) -> str:
    """cProfile one stage (after running the stages before it) and return a top-N summary."""
    fns = _stage_functions()
    state: dict[str, Any] = {"path": path}
    if stage in STAGES:
        for name in STAGES[: STAGES.index(stage)]:
            _apply_gc("cli", name)
            _, error = _run_stage(fns[name], state, timeout)
            if error and name == "validate":
                _run_stage(fns["bypass"], state, timeout)
    _apply_gc("cli", stage)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    try:
        fns[stage](state)
    finally:
        profiler.disable()
    wall = time.perf_counter() - started
    return _profile_summary(profiler, stage, wall, top, sort)


def _short_name(key: tuple[str, int, str]) -> str:
    """`module.py:line(function)` with site-packages and src prefixes dropped."""
    filename, line, func = key
    if filename == "~":
        return func
    for marker in ("site-packages/", "/src/", "/lib/python"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line}({func})"


def _profile_summary(profiler: cProfile.Profile, stage: str, wall: float, top: int, sort: str) -> str:
    """The top functions by own time (or cumulative time) with their share of the profiled total."""
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in entries.values()) or 1e-9
    index = 2 if sort == "tottime" else 3
    ranked = sorted(entries.items(), key=lambda kv: kv[1][index], reverse=True)[:top]
    lines = [
        f"cProfile of stage `{stage}`: {wall:.2f} s wall under the profiler, {total:.2f} s profiled; top {top} by {sort}",
        f"{'own s':>8} {'own %':>6} {'cum s':>8} {'cum %':>6} {'calls':>10}  function",
    ]
    for key, (_, calls, tt, ct, _) in ranked:
        lines.append(f"{tt:8.3f} {100 * tt / total:5.1f}% {ct:8.3f} {100 * ct / total:5.1f}% {calls:10d}  {_short_name(key)}")
    return "\n".join(lines)


def worker_main(args: argparse.Namespace) -> int:
    """Entry point of a worker process: run one measurement and write JSON (or print a profile)."""
    import faulthandler

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 PID` prints where a slow stage is
    path = Path(args.path)
    if args.worker == "profile":
        print(worker_profile(path, args.stage, args.top, args.profile_sort, args.stage_timeout))
        return 0
    if args.worker == "time":
        result = worker_time(path, Path(args.split) if args.split else None, args.repeat, args.stage_timeout, args.gc)
    else:
        result = worker_trace(path, args.stage_timeout, set(filter(None, (args.skip or "").split(","))))
    Path(args.result).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ------------------------------------------------------------------------------------------ processes


def _run_process(cmd: list[str], cwd: Path, timeout: float, stdout: Any = subprocess.DEVNULL) -> dict[str, Any]:
    """Run a command; wall time, its own max RSS (wait4), exit code and the tail of stderr."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=err)
        except OSError as exc:
            return {"seconds": None, "rss_mb": None, "code": None, "error": str(exc)}
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    timed_out = code == -signal.SIGKILL and seconds >= timeout
    error = f"timed out after {timeout:.0f} s" if timed_out else (f"exit code {code}: {' | '.join(tail)}" if code else None)
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "code": code, "error": error}


def best_of(cmd: list[str], cwd: Path, repeat: int, timeout: float) -> dict[str, Any]:
    """The fastest of `repeat` runs (its max RSS is the largest seen); stop early on an error."""
    best: dict[str, Any] | None = None
    rss = 0.0
    for _ in range(repeat):
        result = _run_process(cmd, cwd, timeout)
        if result["error"]:
            return result
        rss = max(rss, result["rss_mb"])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return dict(best, rss_mb=rss, runs=repeat)


def _worker(mode: str, path: Path, args: argparse.Namespace, split: Path | None = None, repeat: int = 1, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run a worker process and return its JSON result, or an error."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--path", str(path), "--result", str(result_path)]
    cmd += ["--repeat", str(repeat), "--stage-timeout", str(args.stage_timeout), "--gc", args.gc]
    if split is not None:
        cmd += ["--split", str(split)]
    if skip:
        cmd += ["--skip", ",".join(skip)]
    try:
        proc = subprocess.run(cmd, check=False, cwd=path.parent, timeout=args.stage_timeout * 12 * max(1, repeat), capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": f"worker failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"}
        return json.loads(result_path.read_text(encoding="utf-8"))
    except subprocess.TimeoutExpired:
        return {"error": "worker timed out"}
    finally:
        result_path.unlink(missing_ok=True)


def _generate(size: str, out: Path, seed: int, tjp: bool, reuse: bool) -> dict[str, Any]:
    """Generate a benchmark roadmap (or reuse it) and return its meta data."""
    meta_path = out / "meta.json"
    if reuse and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("seed") == seed and (not tjp or "tjp" in meta):
            return meta
    cmd = [sys.executable, str(HERE / "generate.py"), "--size", size, "--seed", str(seed), "--out", str(out)]
    if tjp:
        cmd.append("--tjp")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(meta_path.read_text(encoding="utf-8"))


def _roadmap_exe() -> list[str]:
    """The `roadmap` console script next to this Python, else on PATH, else `python -m`."""
    beside = Path(sys.executable).parent / "roadmap"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("roadmap")
    return [found] if found else [sys.executable, "-c", "from roadmap_cli.cli import main; main()"]


# ------------------------------------------------------------------------------------------ reporting


def _fmt_s(value: float | None) -> str:
    """Seconds for a table."""
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _fmt_mb(value: float | None) -> str:
    """MiB for a table."""
    return "-" if value is None else f"{value:,.0f}"


def _ratio(value: float | None, floor: float | None) -> str:
    """value / floor as `2.3x`."""
    if value is None or not floor:
        return "-"
    return f"{value / floor:.1f}x"


def _verdict(ok: bool | None) -> str:
    """PASS / FAIL / n/a."""
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def measure_size(size: str, args: argparse.Namespace) -> dict[str, Any]:
    """Generate one size, run the workers and the CLI, and return every figure."""
    folder = args.out / size
    print(f"\n== {size}: generating into {folder}", flush=True)
    started = time.perf_counter()
    meta = _generate(size, folder, args.seed, False, args.reuse)
    print(f"   {meta['initiatives']:,} initiatives, {meta['regions']:,} regions, {meta['bytes'] / MIB:.1f} MiB YAML ({time.perf_counter() - started:.1f} s)", flush=True)
    path = folder / "roadmap.yaml"
    split = folder / "split" / "roadmap.yaml"
    repeat = args.repeat if meta["initiatives"] <= BIG else args.village_repeat
    record: dict[str, Any] = {"size": size, "meta": meta, "repeat": repeat}
    print(f"   stage timings (best of {repeat}) ...", flush=True)
    record["time"] = _worker("time", path, args, split if split.exists() else None, repeat)
    stages = record["time"].get("stages", {})
    timed_out = tuple(name for name, stage in stages.items() if stage["error"] and "timed out" in stage["error"])
    if not args.no_tracemalloc:
        print("   tracemalloc pass ...", flush=True)
        record["trace"] = _worker("trace", path, args, skip=timed_out)
    if not args.no_cli:
        exe = _roadmap_exe()
        print(f"   CLI (best of {repeat}) ...", flush=True)
        commands = {
            "cli_validate": (exe + ["validate", "roadmap.yaml"], COMMAND_STAGES[0][1]),
            "cli_export": (exe + ["export", "roadmap.yaml", "--format", "markdown", "-o", "{md}"], COMMAND_STAGES[1][1]),
        }
        if split.exists():
            commands["cli_validate_split"] = (exe + ["validate", "split/roadmap.yaml"], COMMAND_STAGES[0][1])
        with tempfile.TemporaryDirectory() as tmp:
            for key, (cmd, needs) in commands.items():
                slow = [name for name in needs if name in timed_out]
                if slow:
                    record[key] = {"skipped": f"stage {', '.join(slow)} ran past {args.stage_timeout} s in-process, so the command would too"}
                    continue
                cmd = [part.replace("{md}", str(Path(tmp) / "plan.md")) for part in cmd]
                record[key] = best_of(cmd, folder, repeat, args.cli_timeout)
    print_size(record)
    return record


def print_size(record: dict[str, Any]) -> None:
    """The table of one size."""
    meta = record["meta"]
    timing = record.get("time", {})
    trace = record.get("trace", {})
    n = meta["initiatives"]
    counts = timing.get("counts", {})
    print()
    print(
        f"{record['size']}: {n:,} initiatives, {meta['regions']:,} regions, {meta['bytes'] / MIB:.1f} MiB YAML, "
        f"{counts.get('edges') or 0:,} expanded edges ({counts.get('graph_edges') or 0:,} graph edges); best of {record['repeat']}"
        + (f"; GC {timing['gc']} (experiment)" if timing.get("gc", "cli") != "cli" else "")
    )
    if "error" in timing:
        print(f"  timing worker: {timing['error']}")
    header = f"  {'stage':<34} {'wall s':>8} {'us/init':>8} {'max RSS MiB':>12} {'alloc peak MiB':>15}  note"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for name in STAGES:
        stage = timing.get("stages", {}).get(name)
        traced = trace.get("stages", {}).get(name, {})
        if stage is None:
            print(f"  {name:<34} {'-':>8}")
            continue
        note = stage["error"] or ""
        if stage.get("note"):
            note += f" ({stage['note']})"
        label = {"plan": "plan (CPM + phases, no levelling)", "level": "level (whole plan with levelling)", "render": f"render terminal ({TERMINAL_WIDTH} cols)", "export": "export markdown"}.get(
            name, name
        )
        print(f"  {label:<34} {_fmt_s(stage['seconds']):>8} {1e6 * stage['seconds'] / n:8.0f} {_fmt_mb(stage.get('rss_peak_mb')):>12} {_fmt_mb(traced.get('alloc_peak_mb')):>15}  {note}")
    if "load_split" in timing:
        split = timing["load_split"]
        label = f"load, split ({timing.get('split_files', '?')} files)"
        print(f"  {label:<34} {_fmt_s(split['seconds'] if not split['error'] else None):>8} {'':>8} {'':>12} {'':>15}  {split['error'] or ''}")
    floor = timing.get("floor", {}).get("seconds")
    print(f"  {'FLOOR yaml.compose (CSafeLoader)':<34} {_fmt_s(floor):>8} {1e6 * floor / n if floor else 0:8.0f}")
    stages = timing.get("stages", {})
    for label, names in COMMAND_STAGES:
        parts = [stages.get(name) for name in names]
        if any(part is None for part in parts):
            continue
        seconds = sum(part["seconds"] for part in parts if part is not None)
        failed = [name for name, part in zip(names, parts) if part is not None and part["error"]]
        shown = (">" if failed else "") + _fmt_s(seconds)
        note = f"  ({', '.join(failed)} did not finish)" if failed else ""
        print(f"  {label:<34} {shown:>8} {1e6 * seconds / n:8.0f}   {_ratio(seconds, floor)} floor{note}")
    print(f"  (worker RSS after imports: {timing.get('baseline_rss_mb', 0):.0f} MiB; max RSS is the process high-water mark after each stage)")
    budget = BUDGETS.get(record["size"], {})
    for key, label, limit in (
        ("cli_validate", "CLI roadmap validate", budget.get("validate")),
        ("cli_export", "CLI roadmap export --format markdown", budget.get("export")),
        ("cli_validate_split", "CLI roadmap validate (split files)", None),
    ):
        cli = record.get(key)
        if cli is None:
            continue
        if cli.get("skipped"):
            print(f"  {label:<38} skipped: {cli['skipped']}")
            continue
        if cli.get("error"):
            print(f"  {label:<38} {cli['error']}")
            continue
        ratio = cli["seconds"] / floor if floor else None
        verdicts = []
        if limit is not None and ratio is not None:
            verdicts.append(f"time budget {limit:.0f}x floor: {_verdict(ratio <= limit)}")
        if key == "cli_export" and "rss_mb" in budget:
            verdicts.append(f"memory budget {budget['rss_mb']} MiB: {_verdict(cli['rss_mb'] <= budget['rss_mb'])}")
        print(f"  {label:<38} {_fmt_s(cli['seconds']):>7} s  {_ratio(cli['seconds'], floor):>6} floor  max RSS {cli['rss_mb']:,.0f} MiB  {'; '.join(verdicts)}")


def measure_startup(args: argparse.Namespace) -> dict[str, Any]:
    """`roadmap --help` against `python -c "import typer, rich"`, best of N each."""
    repeat = max(args.repeat, 5)
    exe = _roadmap_exe()
    help_run = best_of(exe + ["--help"], ROOT, repeat, 60)
    imports = best_of([sys.executable, "-c", "import typer, rich"], ROOT, repeat, 60)
    bare = best_of([sys.executable, "-c", "pass"], ROOT, repeat, 60)
    modules = "import roadmap_cli.cli, roadmap_cli.commands, roadmap_cli.pipeline, roadmap_cli.render"
    pipeline = best_of([sys.executable, "-c", modules], ROOT, repeat, 60)
    small = best_of(exe + ["validate", str(ROOT / "roadmaps" / "kaltara")], ROOT, repeat, 60)
    result = {"help": help_run, "imports": imports, "python": bare, "pipeline_imports": pipeline, "validate_kaltara": small, "repeat": repeat}
    print(f"\nstart-up (best of {repeat}):")
    print(f"  python -c pass                   {_fmt_s(bare.get('seconds'))} s")
    print(f"  python -c 'import typer, rich'   {_fmt_s(imports.get('seconds'))} s")
    print(f"  import of the command modules    {_fmt_s(pipeline.get('seconds'))} s  (cli, commands, pipeline, render: the fixed cost of every real command)")
    print(f"  roadmap validate roadmaps/kaltara {_fmt_s(small.get('seconds'))} s  {small.get('error') or ''}")
    ok = None
    if help_run.get("seconds") and imports.get("seconds"):
        ok = help_run["seconds"] <= HELP_BUDGET * imports["seconds"]
    print(
        f"  roadmap --help                   {_fmt_s(help_run.get('seconds'))} s  {_ratio(help_run.get('seconds'), imports.get('seconds'))} of the imports; "
        f"budget {HELP_BUDGET}x: {_verdict(ok)}  {help_run.get('error') or ''}"
    )
    return result


def _tj3_schedule(csv_path: Path) -> dict[str, tuple[date, date]]:
    """tj3's CSV report as {roadmap id: (start, exclusive end)}."""
    import csv

    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    fmt = "%Y-%m-%d %H:%M:%S"
    return {row["Name"]: (datetime.strptime(row["Start"], fmt).date(), datetime.strptime(row["End"], fmt).date()) for row in rows}


def _agreement(plan_json: Path, tj3_csv: Path) -> dict[str, Any]:
    """How many tasks start and finish on the same day in both tools; gate targets and their successors may differ."""
    plan = json.loads(plan_json.read_text(encoding="utf-8"))
    theirs = _tj3_schedule(tj3_csv)
    dependents = {item["id"]: item["dependents"] for item in plan["initiatives"]}
    gated = [item["id"] for item in plan["initiatives"] if any(dep.get("quorum") for dep in item["dependencies"])]
    downstream: set[str] = set()
    stack = list(gated)
    while stack:
        node = stack.pop()
        if node not in downstream:
            downstream.add(node)
            stack.extend(dependents.get(node, []))
    same = differ = differ_gated = 0
    for item in plan["initiatives"]:
        if item["id"] not in theirs:
            differ += 1
            continue
        start, end = theirs[item["id"]]
        finish = end if item["milestone"] else end - timedelta(days=1)
        if start.isoformat() == item["start"] and finish.isoformat() == item["finish"]:
            same += 1
        elif item["id"] in downstream:
            differ_gated += 1
        else:
            differ += 1
    return {"same": same, "differ_gate": differ_gated, "differ_other": differ, "tasks": len(plan["initiatives"]), "gated": len(downstream)}


def measure_tj3(args: argparse.Namespace) -> list[dict[str, Any]]:
    """TaskJuggler 3 against `roadmap export --format json` on the same work."""
    tj3 = shutil.which("tj3")
    results: list[dict[str, Any]] = []
    print("\nTaskJuggler 3 vs roadmap (same tasks and expanded finish-to-start edges, no resources):")
    if tj3 is None:
        print("  skipped: `tj3` is not installed (Debian/Ubuntu: apt-get install tj3)")
        return results
    version = subprocess.run([tj3, "--version"], check=False, capture_output=True, text=True).stdout.strip().splitlines()[0]
    print(f"  {version}")
    exe = _roadmap_exe()
    for size in args.tj3_sizes:
        folder = args.out / f"tj3-{size}"
        meta = _generate(str(size), folder, args.seed, True, args.reuse)
        repeat = args.tj3_repeat
        with tempfile.TemporaryDirectory() as tmp:
            tj3_run = best_of([tj3, "--silent", "--no-color", "-o", tmp, str(folder / "roadmap.tjp")], folder, repeat, args.cli_timeout)
            out_json = Path(tmp) / "plan.json"
            ours = best_of(exe + ["export", "roadmap.yaml", "--format", "json", "--no-level", "-o", str(out_json)], folder, args.repeat, args.cli_timeout)
            levelled = best_of(exe + ["export", "roadmap.yaml", "--format", "json", "-o", str(Path(tmp) / "levelled.json")], folder, args.repeat, args.cli_timeout)
            agreement = None
            if not tj3_run.get("error") and not ours.get("error") and (Path(tmp) / "schedule.csv").exists():
                agreement = _agreement(out_json, Path(tmp) / "schedule.csv")
        record = {"size": size, "meta": meta, "tj3": tj3_run, "roadmap": ours, "roadmap_levelled": levelled, "agreement": agreement, "version": version}
        results.append(record)
        tjp = meta.get("tjp", {})
        speedup = tj3_run["seconds"] / ours["seconds"] if not tj3_run.get("error") and not ours.get("error") else None
        print(f"  {meta['initiatives']:,} initiatives ({tjp.get('tasks', 0):,} tasks, {tjp.get('dependencies', 0):,} dependencies):")
        print(f"    tj3 (best of {repeat})                      {_fmt_s(tj3_run.get('seconds'))} s  max RSS {_fmt_mb(tj3_run.get('rss_mb'))} MiB  {tj3_run.get('error') or ''}")
        print(f"    roadmap export --format json --no-level   {_fmt_s(ours.get('seconds'))} s  max RSS {_fmt_mb(ours.get('rss_mb'))} MiB  {ours.get('error') or ''}")
        print(f"    roadmap export --format json (levelled)   {_fmt_s(levelled.get('seconds'))} s  max RSS {_fmt_mb(levelled.get('rss_mb'))} MiB  {levelled.get('error') or ''}")
        if speedup is not None:
            verdict = f"; budget {TJ3_SPEEDUP:.0f}x at 5,000: {_verdict(speedup >= TJ3_SPEEDUP)}" if size == 5000 else ""
            print(f"    speed-up (tj3 / roadmap --no-level)       {speedup:.1f}x{verdict}")
        if agreement:
            print(
                f"    same start and finish in both: {agreement['same']:,} of {agreement['tasks']:,}; "
                f"differ downstream of an 80% quorum gate (tj3 waits for all): {agreement['differ_gate']:,}; other differences: {agreement['differ_other']}"
            )
    return results


def print_scaling(records: list[dict[str, Any]]) -> None:
    """Per-initiative time and memory across sizes."""
    rows = [r for r in records if "stages" in r.get("time", {})]
    if not rows:
        return
    print("\nper initiative: `roadmap export --format markdown` (CLI: wall time and max RSS; in-process: sum of its stages)")
    print(f"  {'size':<10} {'initiatives':>11} {'CLI s':>8} {'us/init':>8} {'RSS MiB':>8} {'KiB/init':>9} {'in-proc s':>10} {'us/init':>8} {'floor s':>8} {'us/init':>8}")
    for r in rows:
        n = r["meta"]["initiatives"]
        cli = r.get("cli_export") or {}
        ok = "seconds" in cli and not cli.get("error")
        seconds, rss = (cli["seconds"], cli["rss_mb"]) if ok else (None, None)
        floor = r["time"].get("floor", {}).get("seconds")
        parts = [r["time"]["stages"].get(name) for name in COMMAND_STAGES[1][1]]
        inproc = sum(p["seconds"] for p in parts if p) if all(parts) else None
        failed = any(p and p["error"] for p in parts)
        shown = "-" if inproc is None else (">" if failed else "") + _fmt_s(inproc)
        print(
            f"  {r['size']:<10} {n:>11,} {_fmt_s(seconds):>8} {(f'{1e6 * seconds / n:.0f}' if seconds else '-'):>8} {_fmt_mb(rss):>8} "
            f"{(f'{1024 * rss / n:.1f}' if rss else '-'):>9} {shown:>10} {(f'{1e6 * inproc / n:.0f}' if inproc else '-'):>8} "
            f"{_fmt_s(floor):>8} {(f'{1e6 * floor / n:.0f}' if floor else '-'):>8}"
        )


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    import yaml

    git = subprocess.run(["git", "describe", "--always", "--dirty"], check=False, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {
        "date": date.today().isoformat(),
        "git": git or "unknown",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(yaml.__with_libyaml__),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; `--budgets` runs benchmarks/budgets.py (issue 16's budget table) instead."""
    argv = sys.argv[1:] if argv is None else argv
    if "--budgets" in argv:
        from budgets import main as budgets_main

        return budgets_main([arg for arg in argv if arg != "--budgets"])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="national,village", help="comma-separated: national, village or a number of initiatives")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for stage and CLI times")
    parser.add_argument("--village-repeat", type=int, default=1, help=f"best of N above {BIG:,} initiatives (minutes per run)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="reuse generated roadmaps in --out")
    parser.add_argument("--profile", choices=PROFILE_STAGES, help="only print a cProfile summary of this stage (first size)")
    parser.add_argument("--profile-sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--tj3-sizes", default="1000,5000", help="initiatives for the TaskJuggler comparison; empty to skip")
    parser.add_argument("--tj3-repeat", type=int, default=1, help="best of N for tj3 (slow)")
    parser.add_argument("--gc", choices=("cli", "on", "off"), default="cli", help="cyclic GC in the in-process stages: as the commands (paused load..level), always on, or off (experiment)")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--no-cli", action="store_true", help="skip the end-to-end CLI runs")
    parser.add_argument("--no-startup", action="store_true", help="skip the --help start-up comparison")
    parser.add_argument("--stage-timeout", type=int, default=1800, help="seconds before a stage is abandoned")
    parser.add_argument("--cli-timeout", type=float, default=3600)
    parser.add_argument("--worker", choices=("time", "trace", "profile"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--split", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--skip", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(args)
    args.out = args.out.resolve()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in ("national", "village") and not size.isdigit():
            parser.error(f"unknown size {size!r}")
    args.tj3_sizes = [int(s) for s in args.tj3_sizes.split(",") if s.strip()]
    if args.profile:
        size = sizes[0]
        _generate(size, args.out / size, args.seed, False, args.reuse)
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            "profile",
            "--path",
            str(args.out / size / "roadmap.yaml"),
            "--stage",
            args.profile,
            "--top",
            str(args.top),
            "--profile-sort",
            args.profile_sort,
            "--stage-timeout",
            str(args.stage_timeout),
        ]
        return subprocess.run(cmd, check=False, cwd=args.out / size).returncode
    info = machine()
    print(
        f"roadmap benchmarks, {info['date']}, tree {info['git']}: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, "
        f"Python {info['python']}, PyYAML {info['pyyaml']} (libyaml {'yes' if info['libyaml'] else 'NO'})"
    )
    report: dict[str, Any] = {"machine": info, "sizes": []}
    for size in sizes:
        try:
            report["sizes"].append(measure_size(size, args))
        except Exception as exc:  # noqa: BLE001 - one size failing must not stop the others
            print(f"  {size}: failed: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    if not args.no_startup:
        try:
            report["startup"] = measure_startup(args)
        except Exception as exc:  # noqa: BLE001
            print(f"  start-up: failed: {type(exc).__name__}: {exc}")
    if args.tj3_sizes:
        try:
            report["tj3"] = measure_tj3(args)
        except Exception as exc:  # noqa: BLE001
            print(f"  tj3 comparison failed: {type(exc).__name__}: {exc}")
            traceback.print_exc()
    print_scaling(report["sizes"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nraw figures: {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
