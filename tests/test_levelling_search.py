"""The levelling search at the default effort: known J30 optima on the user's path, and a real search at national size."""

from __future__ import annotations

import random

import pytest

from roadmap_cli.psplib import parse_optimum_table, parse_sm
from roadmap_cli.scheduling import compute_cpm
from roadmap_cli.scheduling.search import energy_bound
from roadmap_cli.vocabulary import DEFAULT_EFFORT
from support.scripts import load_script
from test_determinism import psplib_dir

MIN_NATIONAL_PASSES = 21
"""The first SGS pass plus at least 20 improvement passes (issue 16, item 5)."""


@pytest.mark.parametrize("instance", ["j309_1", "j3021_1", "j3037_1", "j3041_1"])
def test_default_effort_reaches_the_j30_optimum(instance: str) -> None:
    """`roadmap import psplib` + `roadmap export` finds the proven optimum, far above the critical path, on these instances."""
    bench = load_script("benchmarks/psplib_bench.py", "psplib_bench")
    folder = psplib_dir()
    optimum = parse_optimum_table((folder / "j30opt.sm").read_text(encoding="utf-8"))
    param, number = instance[3:].split("_")
    makespan, critical_path, _ = bench._run((str(folder / "j30" / f"{instance}.sm"), DEFAULT_EFFORT))
    assert makespan == optimum[int(param), int(number)]
    assert makespan >= critical_path + 10


def test_national_roadmap_gets_at_least_twenty_improvement_passes() -> None:
    """Levelling the generated national roadmap at the default effort runs the first pass and 20 more (passes counted, not timed)."""
    bench = load_script("benchmarks/levelling_bench.py", "levelling_bench")
    problem = bench.roadmap_problem("national")
    figures = bench.measure(problem, DEFAULT_EFFORT)
    assert figures["passes"] >= MIN_NATIONAL_PASSES
    assert figures["bound"] <= figures["searched"] <= figures["single"]
    assert figures["tasks"] > 10_000


def test_energy_bound_is_the_best_head_work_tail_bound() -> None:
    """`energy_bound` equals a brute force over every pair of head and tail thresholds on small random task sets."""
    rng = random.Random(17)
    for _ in range(500):
        n = rng.randint(1, 9)
        heads = [rng.randint(0, 6) for _ in range(n)]
        tail = [rng.randint(0, 6) for _ in range(n)]
        work = [rng.randint(1, 9) for _ in range(n)]
        capacity = rng.randint(1, 4)
        brute = max(
            a + b - (-sum(w for h, t, w in zip(heads, tail, work) if h >= a and t >= b) // capacity) for a in set(heads) for b in set(tail) if any(h >= a and t >= b for h, t in zip(heads, tail))
        )
        assert energy_bound(heads, tail, work, capacity) == brute


@pytest.mark.parametrize(("folder", "table"), [("j30", "j30opt.sm"), ("j120", "j120hrs.sm")])
def test_lower_bound_never_exceeds_an_optimum_or_best_known(folder: str, table: str) -> None:
    """The benchmark's lower bound stays at or below every J30 optimum and J120 best known makespan, and beats the critical path on some."""
    bench = load_script("benchmarks/levelling_bench.py", "levelling_bench")
    data = psplib_dir()
    best = parse_optimum_table((data / table).read_text(encoding="utf-8"))
    above_cpm = 0
    for path in sorted((data / folder).glob(f"{folder}*_*.sm"))[::4]:
        param, number = path.stem[len(folder) :].split("_")
        problem = parse_sm(path.read_text(encoding="utf-8"))
        bound = bench.lower_bound(problem)
        assert bound <= best[int(param), int(number)], path.name
        above_cpm += bound > compute_cpm(problem).finish
    assert above_cpm >= 20


def test_four_teams_within_five_percent_of_the_lower_bound() -> None:
    """The generated 1,000-initiative roadmap with 4 teams levels, at the default effort, within 5 % of the lower bound."""
    bench = load_script("benchmarks/levelling_bench.py", "levelling_bench")
    figures = bench.measure(bench.with_teams(bench.roadmap_problem("1000"), 4), DEFAULT_EFFORT)
    assert figures["bound"] <= figures["searched"] <= figures["single"]
    assert figures["gap"] <= 5.0
