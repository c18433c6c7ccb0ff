"""The levelling search at the default effort: known J30 optima on the user's path, and a real search at national size."""

from __future__ import annotations

import pytest

from roadmap_cli.psplib import parse_optimum_table
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
