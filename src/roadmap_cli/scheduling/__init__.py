"""Scheduling core: critical path, resource levelling and schedule checks.

The words this package uses:

- **task**: one initiative, by its index in `Problem.tasks` (`graph.py` compiles ids to indices); *fixed* tasks
  (work already active or done) never move, *free* (movable) ones do. Days are integers; a finish is exclusive.
- **forward pass / backward pass** (`cpm.py`): the critical path method. The forward pass gives each task its
  earliest start and finish (`es`, `ef`) from releases, lagged precedences and quorums, ignoring resources; the
  backward pass gives the latest start and finish (`ls`, `lf`) that still meet the end; slack is `lf - ef`.
- **working days** (`calendar.py`): a task or lag may count the working days of a `WorkCalendar` instead of
  calendar days, so its span depends on the day it starts; a lag in working days is compiled into an internal *lag
  task* between the two tasks (`graph.py`).
- **renewable resource / budget**: a capacity per day (a team of two) or an amount per period (a yearly budget)
  charged evenly over a task's days, in exact fractions.
- **profile**: one renewable resource's free capacity per day, as a list from day `origin`.
- **serial SGS** (schedule-generation scheme, `sgs.py`): take the tasks in an activity list and put each, one at a
  time, at the earliest day its predecessors allow and every resource has room for it; one pass is one schedule.
- **activity list / priority rule** (`search.py`): the order the SGS places tasks in, always topological; a priority
  rule (latest start, latest finish, most work after it, least slack, most successors) sorts tasks by one key.
  *Repair* puts a sorted list back into topological order where negative lags or quorums could break it.
- **double justification**: shift every task as late as it can go, then as early again (the SGS on the mirrored
  problem, then forward); it often shortens a schedule.
- **genetic algorithm**: new activity lists from crossing and mutating the best ones found so far.
- **work units**: the deterministic measure of effort (placements, predecessors read, profile probes, budget
  checks) that bounds the search instead of a clock, so the same input always gives the same schedule.
- **makespan / lower bound**: when the last task finishes; no schedule can finish before the lower bound (the CPM
  finish, or each resource's total work packed from the first start), so the search stops on reaching it.
"""

from __future__ import annotations

from roadmap_cli.scheduling.cpm import Cpm, compute_cpm
from roadmap_cli.scheduling.levelling import (
    InfeasibleError,
    Levelled,
    ResourceDelay,
    check_schedule,
    level,
)
from roadmap_cli.scheduling.model import Precedence, Problem, Quorum, Resource, Task

__all__ = [
    "Cpm",
    "InfeasibleError",
    "Levelled",
    "Precedence",
    "Problem",
    "Quorum",
    "Resource",
    "ResourceDelay",
    "Task",
    "check_schedule",
    "compute_cpm",
    "level",
]
