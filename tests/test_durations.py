"""Durations and calendar periods."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_cli.durations import parse_duration, period_label, period_span, period_starts


@pytest.mark.parametrize(
    ("text", "days"),
    [("90d", 90), ("6w", 42), ("6m", 180), ("2q", 182), ("1y", 365), ("1y 6m", 545), ("-5d", -5), ("-1m 4d", -34), ("-1y 2w", -379), (" 3D ", 3)],
)
def test_parse_duration(text: str, days: int) -> None:
    """Units are exact day counts: w=7, m=30, q=91, y=365; parts add up; a minus sign negates them all."""
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["6 bulan", "6", "m6", "1.5y", "", "9999999d"])
def test_bad_duration(text: str) -> None:
    """Anything else is refused with the units spelled out."""
    with pytest.raises(ValueError, match="d \\(days\\), w \\(weeks\\)"):
        parse_duration(text)


@pytest.mark.parametrize(("period", "label"), [("year", "2026"), ("half", "2026-H2"), ("quarter", "2026-Q3"), ("month", "2026-07")])
def test_period_label(period: str, label: str) -> None:
    """Phases and timeline columns are named by the roadmap's period."""
    assert period_label(date(2026, 7, 15), period) == label


def test_period_span_and_starts() -> None:
    """A phase's periods, and the period starts a timeline needs."""
    assert period_span(date(2025, 1, 1), date(2026, 12, 31), "half") == ("2025-H1", "2026-H2")
    assert period_starts(date(2025, 2, 10), date(2025, 8, 1), "quarter") == [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1)]
