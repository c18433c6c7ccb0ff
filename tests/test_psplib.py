"""Tests for the PSPLIB .sm parser (on a small instance written here, in the PSPLIB format)."""

from __future__ import annotations

import pytest

from roadmap_cli.psplib import parse_optimum_table, parse_sm
from roadmap_cli.scheduling import Precedence, Resource, Task, check_schedule, level

SMALL = """\
************************************************************************
file with basedata            : tiny.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  20
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0        9        1        9
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     4       2    1
  4      1     2       0    3
  5      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    3    3
************************************************************************
"""


def test_parse_small_instance() -> None:
    problem = parse_sm(SMALL)
    assert [t.id for t in problem.tasks] == ["j1", "j2", "j3", "j4", "j5"]
    assert problem.tasks[2] == Task("j3", 4, demands=(("R1", 2), ("R2", 1)))
    assert problem.tasks[0] == Task("j1", 0)
    assert problem.precedences == (
        Precedence("j1", "j2"),
        Precedence("j1", "j3"),
        Precedence("j2", "j4"),
        Precedence("j3", "j5"),
        Precedence("j4", "j5"),
    )
    assert problem.resources == (Resource("R1", 3), Resource("R2", 3))
    result = level(problem, effort=1)
    assert result.makespan == 9
    assert check_schedule(problem, result.start) == []


def test_nonrenewable_resources_become_project_budgets() -> None:
    text = SMALL.replace("nonrenewable              :  0   N", "nonrenewable              :  1   N")
    text = text.replace("duration  R 1  R 2", "duration  R 1  R 2  N 1")
    for row in (
        "  1      1     0       0    0",
        "  2      1     3       2    0",
        "  3      1     4       2    1",
        "  4      1     2       0    3",
        "  5      1     0       0    0",
    ):
        text = text.replace(row + "\n", row + "    1\n")
    text = text.replace("  R 1  R 2\n    3    3", "  R 1  R 2  N 1\n    3    3   10")
    problem = parse_sm(text)
    assert problem.resources[-1] == Resource("N1", 10, (0,))
    assert problem.tasks[1].demands == (("N1", 1), ("R1", 2))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("   2        1          1           4", "   2        1          2           4", r"line 20: successor count"),
        ("  3      1     4       2    1", "  3      1     4       2    x", r"line 30: expected integers"),
        ("  3      1     4       2    1", "  3      1     4       2", r"line 30: expected 5 values, got 4"),
        ("   2        1          1           4", "   2        2          1           4", r"line 20: job 2 has 2 modes"),
        ("    3    3\n", "\n", r"line 37: section ends before its rows"),
        ("  - doubly constrained        :  0   D", "  - doubly constrained        :  1   D", r"line 11: doubly constrained"),
        ("  5      1     0       0    0\n", "", r"line 32: expected 5 job rows"),
        ("  R 1  R 2\n    3    3\n" + "*" * 72 + "\n", "  R 1  R 2\n", r"line 34: no capacity row"),
        ("jobs (incl. supersource/sink ):  5\n", "", r"line 16: section before the 'jobs \(incl\. supersource/sink \)' line"),
        ("   5        1          0\n", "   6        1          0\n", r"^precedence rows do not number the jobs 1\.\.5$"),
        ("   4        1          1           5", "   4        1          1           7", r"^job 4: unknown successor 7$"),
    ],
)
def test_malformed_input_raises_with_line_number(old: str, new: str, message: str) -> None:
    assert old in SMALL
    with pytest.raises(ValueError, match=message):
        parse_sm(SMALL.replace(old, new))


def test_not_an_sm_file() -> None:
    with pytest.raises(ValueError, match=r"not a PSPLIB \.sm file"):
        parse_sm("hello\n")


def test_parse_optimum_table() -> None:
    text = "Paramter Instance Makespan CPU-Time[sec.]\n-----\n1       1         43       0.30\n1\t2\t47\t\tTue Jan 30\n"
    assert parse_optimum_table(text) == {(1, 1): 43, (1, 2): 47}
    with pytest.raises(ValueError, match="line 2: parameter 1 instance 1 listed twice"):
        parse_optimum_table("1 1 43\n1 1 44\n")
