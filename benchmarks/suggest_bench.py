"""Did-you-mean cost: `roadmap validate` on the national roadmap, valid and with 200 mistyped `depends_on` ids.

Usage: python benchmarks/suggest_bench.py [--pairs 5] [--broken 200] [--out DIR]

Generates the national roadmap (benchmarks/generate.py), writes a copy in which `--broken` dependencies name an
id with two letters swapped, then runs `python -m roadmap_cli validate` on the valid (A) and the broken (B) file
interleaved A B A B ..., measuring each run's CPU time (user + sys of the child process). Prints each pair and the
medians; the broken file should take at most twice the valid one's time.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

_INLINE_DEPENDS = re.compile(r"^(    depends_on: \[)([^,\]]+)")


def _swap(identifier: str) -> str:
    """The id with two neighbouring letters in its middle swapped: a typical typo."""
    middle = len(identifier) // 2
    return identifier[: middle - 1] + identifier[middle] + identifier[middle - 1] + identifier[middle + 1 :]


def write_broken(valid: Path, broken: Path, count: int) -> int:
    """Copy `valid` with the first dependency of `count` initiatives spread over the file mistyped; return how many."""
    text = valid.read_text(encoding="utf-8")
    known = set(re.findall(r"^  - id: (\S+)$", text, flags=re.MULTILINE))
    lines = text.splitlines(keepends=True)
    candidates = []
    for number, line in enumerate(lines):
        match = _INLINE_DEPENDS.match(line)
        if match and _swap(match.group(2)) not in known and _swap(match.group(2)) != match.group(2):
            candidates.append(number)
    chosen = candidates[:: max(1, len(candidates) // count)][:count]
    for number in chosen:
        match = _INLINE_DEPENDS.match(lines[number])
        assert match is not None
        lines[number] = match.group(1) + _swap(match.group(2)) + lines[number][match.end() :]
    broken.write_text("".join(lines), encoding="utf-8")
    return len(chosen)


def cpu_seconds(path: Path, expect: int) -> float:
    """CPU time (user + sys) of one `roadmap validate` child process; checks its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_cli", "validate", str(path), "--format", "text", "--color", "never"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expect:
        raise SystemExit(f"validate {path} exited {done.returncode}, expected {expect}:\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--broken", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None, help="folder for the generated files (default: a temporary one)")
    args = parser.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix="suggest-bench-"))
    generate("national", 1, folder, split=False)
    valid, broken = folder / "roadmap.yaml", folder / "broken.yaml"
    changed = write_broken(valid, broken, args.broken)
    print(f"national roadmap {valid} ({valid.stat().st_size} bytes); {changed} mistyped dependencies in {broken}")
    pairs = []
    for number in range(1, args.pairs + 1):
        a, b = cpu_seconds(valid, 0), cpu_seconds(broken, 1)
        pairs.append((a, b))
        print(f"pair {number}: valid {a:.2f} s  broken {b:.2f} s  ratio {b / a:.2f}")
    ratio = statistics.median(b / a for a, b in pairs)
    valid_median = statistics.median(a for a, _ in pairs)
    broken_median = statistics.median(b for _, b in pairs)
    print(f"median CPU time: valid {valid_median:.2f} s, broken {broken_median:.2f} s; median ratio of pairs {ratio:.2f} (budget 2.00)")
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
