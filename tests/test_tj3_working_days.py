"""Working days agree with TaskJuggler 3: a generated 200-initiative roadmap with Indonesia's holidays, every date equal."""

from __future__ import annotations

import csv
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from render.tools import require
from roadmap_cli.models import WorkCalendarSpec
from roadmap_cli.workdays import days_off
from support.roadmaps import item, plan_of, roadmap, write_roadmap

START = date(2026, 1, 1)
"""A Thursday and a national holiday: work that starts on a day off must still count only working days."""
YEARS = range(2026, 2036)
"""The years the generated plan may reach; every day off in them goes to tj3."""


def generated(seed: int, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Initiatives in working and calendar days, with working-day and calendar lags, and the tj3 tasks for the same work."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    tasks: list[str] = []
    for n in range(count):
        tid = f"t{n:03d}"
        kind = rng.random()
        body: list[str] = []
        fields: dict[str, Any] = {}
        depends: list[dict[str, Any]] = []
        tj3_depends: list[str] = []
        for pred in sorted(rng.sample(range(n), min(n, rng.choice([0, 1, 1, 2, 3])))):
            lag = rng.random()
            if lag < 0.6:
                depends.append({"id": f"t{pred:03d}"})
                tj3_depends.append(f"t{pred:03d}")
            elif lag < 0.8:
                days = rng.randint(1, 10)
                depends.append({"id": f"t{pred:03d}", "lag": f"{days}d"})
                tj3_depends.append(f"t{pred:03d} {{ gapduration {days}d }}")
            else:
                days = rng.randint(1, 10)
                depends.append({"id": f"t{pred:03d}", "lag": f"{days}hk"})
                tj3_depends.append(f"t{pred:03d} {{ gaplength {days}d }}")
        if depends:
            fields["depends_on"] = depends
            body.append("depends " + ", ".join(tj3_depends))
        elif rng.random() < 0.3:
            first = START + timedelta(days=rng.randint(1, 120))
            fields["earliest_start"] = first.isoformat()
            body.append(f"start {first.isoformat()}")
        else:
            body.append(f"start {START.isoformat()}")
        if kind < 0.1:
            items.append(item(tid, milestone=True, **fields))
            body.append("milestone")
        elif kind < 0.55:
            days = rng.randint(1, 30)
            items.append(item(tid, duration=f"{days}hk", **fields))
            body.append(f"length {days}d")
        else:
            days = rng.randint(1, 60)
            items.append(item(tid, duration=f"{days}d", **fields))
            body.append(f"duration {days}d")
        tasks.append(f'task {tid} "{tid}" {{ {" ".join(body)} }}')
    return items, tasks


def tj3_project(tasks: list[str]) -> str:
    """A tj3 project of `tasks` with whole weekdays as working time and every day off of the default calendar as a holiday."""
    spec = WorkCalendarSpec()
    leaves = [f'leaves holiday "libur" {day.isoformat()}' for year in YEARS for day in sorted(days_off(spec, year))]
    header = f"""project p "Working days" {START.isoformat()} +{len(YEARS)}y {{
  timezone "UTC"
  timingresolution 60min
  now {START.isoformat()}
  workinghours mon - fri 0:00 - 24:00
  workinghours sat, sun off
  dailyworkinghours 24
}}
"""
    report = 'taskreport "schedule" { formats csv columns id, start, end timeformat "%Y-%m-%d %H:%M" }'
    return "\n".join([header, *leaves, *tasks, report, ""])


def tj3_dates(project: str, folder: Path) -> dict[str, tuple[str, str]]:
    """(start, inclusive finish) per task as tj3 schedules `project`."""
    (folder / "p.tjp").write_text(project, encoding="utf-8")
    subprocess.run([require("tj3"), "--silent", "--no-color", "-o", str(folder), str(folder / "p.tjp")], check=True, capture_output=True, timeout=300)
    dates: dict[str, tuple[str, str]] = {}
    with (folder / "schedule.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter=";"):
            begin, end = row["Start"], row["End"]
            assert begin.endswith("00:00") and end.endswith("00:00"), row
            first, after = date.fromisoformat(begin[:10]), date.fromisoformat(end[:10])
            dates[row["Id"]] = (first.isoformat(), (after if after == first else after - timedelta(days=1)).isoformat())
    return dates


def test_working_days_agree_with_tj3_on_200_initiatives(tmp_path: Path) -> None:
    items, tasks = generated(seed=20261202, count=200)
    assert sum("hk" in str(i.get("duration", "")) for i in items) > 50
    assert sum("hk" in str(d.get("lag", "")) for i in items for d in i.get("depends_on", [])) > 20
    plan = plan_of(write_roadmap(tmp_path / "roadmap", roadmap(items, start=START.isoformat(), status_date=START.isoformat())))
    ours = {p.id: (p.start.isoformat(), p.finish.isoformat()) for p in plan.initiatives}
    theirs = tj3_dates(tj3_project(tasks), tmp_path)
    assert len(ours) == len(theirs) == 200
    assert plan.finish.year < YEARS[-1]
    differ = {tid: (ours[tid], theirs[tid]) for tid in sorted(ours) if ours[tid] != theirs[tid]}
    assert differ == {}
    on_days_off = [tid for tid, (first, _) in ours.items() if date.fromisoformat(first).weekday() >= 5]
    assert on_days_off, "the generated roadmap should have work whose earliest start is a day off, as tj3 keeps it"
