"""Scheduling core: critical path, resource levelling and schedule checks."""

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
