"""Work that has started keeps its dates: rules never make active or done initiatives wait."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from roadmap_cli.loader import discover_roadmaps
from roadmap_cli.pipeline import build_plan

ROADMAP = """version: 1
roadmap: {id: h, name: History, start: 2025-01-01}
categories:
  - {id: konektivitas, name: Konektivitas}
  - {id: layanan, name: Layanan}
regions:
  - {id: nunukan, name: Kabupaten Nunukan, kind: kabupaten}
initiatives:
  - {id: bts, name: BTS, region: nunukan, category: konektivitas, duration: 6m}
  - {id: layanan-lama, name: Layanan 2023, region: nunukan, category: layanan, duration: 3m,
     status: done, started: 2023-06-26, finished: 2023-10-31}
  - {id: layanan-jalan, name: Layanan berjalan, region: nunukan, category: layanan, duration: 1y,
     status: active, started: 2024-07-01}
  - {id: layanan-baru, name: Layanan baru, region: nunukan, category: layanan, duration: 3m}
rules:
  - {kind: category-order, id: konektivitas-dulu, stages: [konektivitas, layanan]}
"""


def test_rules_skip_started_work(tmp_path: Path) -> None:
    """Only the planned service waits for connectivity; done and active work keep their actual dates."""
    (tmp_path / "roadmap.yaml").write_text(ROADMAP, encoding="utf-8")
    plan, warnings = build_plan(discover_roadmaps([tmp_path])[0])
    assert warnings == ()
    new = plan.initiative("layanan-baru")
    assert [d.id for d in new.dependencies] == ["bts"]
    assert new.start == date(2025, 6, 30)
    assert plan.initiative("layanan-lama").dependencies == ()
    assert (plan.initiative("layanan-lama").start, plan.initiative("layanan-lama").finish) == (date(2023, 6, 26), date(2023, 10, 31))
    assert plan.initiative("layanan-jalan").dependencies == ()
    assert plan.initiative("layanan-jalan").start == date(2024, 7, 1)
