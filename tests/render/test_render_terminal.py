"""The terminal view: fits any width, plain equals colour without ANSI, user text stays literal, explain works."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from roadmap_cli.plan import Plan
from roadmap_cli.render import filter_plan, render_explain, render_plan
from roadmap_cli.render.common import rupiah, rupiah_short

from .conftest import console_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 160, 200])
@pytest.mark.parametrize("group_by", ["region", "category", "phase"])
def test_every_line_fits(plan_name: str, width: int, group_by: str, small: Plan, large: Plan) -> None:
    """No line is wider than the console, whatever the width and grouping."""
    plan = small if plan_name == "small" else large
    text = console_text(render_plan(plan, width=width, group_by=group_by), width=width, color=False)  # type: ignore[arg-type]
    assert max(cell_len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", [80, 160])
def test_plain_is_colour_without_ansi(plan_name: str, width: int, small: Plan, large: Plan) -> None:
    """Colour adds escape codes and nothing else."""
    plan = small if plan_name == "small" else large
    plain = console_text(render_plan(plan, width=width), width=width, color=False)
    colour = console_text(render_plan(plan, width=width), width=width, color=True)
    assert "\x1b" not in plain
    assert "\x1b" in colour
    assert ANSI.sub("", colour) == plain


def test_timeline_uses_the_full_width(large: Plan) -> None:
    """A wide terminal gets wider period columns and labels: the longest timeline row reaches near the edge."""
    for width in (80, 160):
        lines = console_text(render_plan(large, width=width), width=width, color=False).splitlines()
        bars = [line for line in lines if "█" in line]
        assert width - 8 <= max(cell_len(line) for line in bars) <= width


def test_period_falls_back_to_coarser_columns(large: Plan) -> None:
    """Months do not fit 80 columns beside the names, so the timeline shows halves; a very wide terminal shows months."""
    narrow = console_text(render_plan(large, width=80), width=80, color=False)
    assert "Timeline by half (months do not fit 80 columns)" in narrow
    wide = console_text(render_plan(large, width=240), width=240, color=False)
    assert "Timeline by month ─" in wide


def test_explicit_period_folds_into_parts(large: Plan) -> None:
    """An explicit period is kept and the timeline is folded into several parts."""
    text = console_text(render_plan(large, width=80, period="month", labels="id"), width=80, color=False)
    assert "Timeline by month in 3 parts" in text
    timeline = text.split("Phases ─")[0]
    assert timeline.count("kaltara-backbone") == 3


def test_period_headers(small: Plan) -> None:
    """Years above quarters, halves or months, and years alone for a yearly timeline."""
    for period, labels in [("quarter", ["Q1", "Q4"]), ("half", ["H1", "H2"]), ("month", ["01", "12"]), ("year", [])]:
        text = console_text(render_plan(small, width=200, period=period), width=200, color=False)
        header = text.split("Timeline by")[1].splitlines()[1:3]
        assert "2026" in header[0] and "2027" in header[0]
        for label in labels:
            assert label in header[1]


def test_markup_in_user_text_is_literal(small: Plan) -> None:
    """Square brackets in names are printed as written, in plain and in colour."""
    for color in (False, True):
        text = ANSI.sub("", console_text(render_plan(small, width=200), width=200, color=color))
        assert "Jaringan Fiber Optik [bold]Samarinda[/bold]" in text
        assert "Peta Jalan Kaltim Cerdas [2026–2028]" in text
        assert "Tim Aplikasi [Diskominfo]" in text


def test_control_characters_are_not_printed(small: Plan) -> None:
    """An escape sequence in a name never reaches the terminal."""
    from dataclasses import replace

    evil = replace(small, initiatives=(replace(small.initiatives[0], name="\x1b[31mmerah\x1b[0m\nbaris"),))
    text = console_text(render_plan(evil, width=120), width=120, color=False)
    assert "\x1b" not in text
    assert "merah" in text


def test_status_and_critical_marks(small: Plan) -> None:
    """Done, active, planned and milestone rows have their own symbols; critical rows are marked with `!`."""
    text = console_text(render_plan(small, width=120, labels="both"), width=120, color=False)
    rows = {item.id: next(line for line in text.splitlines() if f" {item.id} " in line) for item in small.initiatives}
    assert "░" in rows["smd-fiber"] and "! smd-fiber" in rows["smd-fiber"]
    assert "▓" in rows["bpn-fiber"] and "!" not in rows["bpn-fiber"].split("bpn-fiber")[0]
    assert "█" in rows["bpn-layanan"]
    assert "◆" in rows["kaltim-gate"]


def test_half_blocks_show_a_mid_period_start(small: Plan) -> None:
    """bpn-fiber starts in the middle of Q1, so its bar starts with a half block or after blank cells."""
    text = console_text(render_plan(small, width=80, labels="id"), width=80, color=False)
    row = next(line for line in text.splitlines() if "bpn-fiber" in line)
    bar = row[row.index("·") :]
    assert bar.startswith("·  ▓") or "▐" in bar


def test_header_and_summary(small: Plan) -> None:
    """Counts, finish date, binding capacity and cost per year are shown."""
    text = console_text(render_plan(small, width=80), width=80, color=False)
    assert "8 initiatives · 3 regions · 5 phases · 5 critical · 1 dropped" in text
    assert "finish 2028-01-01" in text
    assert re.search(r"Tim Aplikasi\s+team\s+1\s+1\s+1\s+140", text)
    assert re.search(r"2026\s+Rp 7,5 M", text)
    assert "Dropped: kaltim-satelit" in text


def test_empty_plan(small: Plan) -> None:
    """A selection with nothing in it renders without errors."""
    empty = filter_plan(small, categories=["layanan"], statuses=["done"])
    text = console_text(render_plan(empty, width=80), width=80, color=False)
    assert "No initiatives to show." in text
    assert "0 initiatives" in text


def test_unknown_period_or_grouping(small: Plan) -> None:
    """A wrong period or grouping is a ValueError with a suggestion."""
    with pytest.raises(ValueError, match=re.escape("unknown period `quartal`; did you mean `quarter`?")):
        render_plan(small, width=80, period="quartal")
    with pytest.raises(ValueError, match=re.escape("unknown grouping `regions`; did you mean `region`?")):
        render_plan(small, width=80, group_by="regions")  # type: ignore[arg-type]


def test_explain_unknown_id_suggests(small: Plan) -> None:
    """An unknown id is a ValueError with a suggestion, not a KeyError."""
    with pytest.raises(ValueError, match="did you mean `kaltim-spbe`") as raised:
        render_explain(small, "kaltim-spb")
    assert not isinstance(raised.value, KeyError)


def test_explain_chain_back_to_the_start(small: Plan) -> None:
    """The binding chain of kaltim-launch runs back through every critical link to smd-fiber."""
    text = console_text([render_explain(small, "kaltim-launch")], width=100, color=False)
    chain = [line.split()[1] for line in text.splitlines() if line.lstrip().startswith("←")]
    assert chain == ["kaltim-spbe", "kaltim-gate", "smd-layanan", "smd-fiber"]
    assert "Unblocks\n  nothing" in text


def test_explain_quorum_and_capacity(small: Plan) -> None:
    """The gate lists the counted member; the levelled initiative lists its wait."""
    gate = console_text([render_explain(small, "kaltim-gate")], width=100, color=False)
    assert "kota-dulu (rules.yaml:9): waits for 1 of 2; counted: smd-layanan; not needed: bpn-layanan" in gate
    levelled = console_text([render_explain(small, "bpn-layanan")], width=100, color=False)
    assert "tim-aplikasi: waited 140 days" in levelled
    assert "Predecessors allow 2026-08-14; capacity held it 140 days more." in levelled


def test_rupiah_formats() -> None:
    """Full amounts with dots; short amounts in juta/miliar/triliun with a decimal comma."""
    assert rupiah(1_500_000_000) == "Rp 1.500.000.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah_short(1_500_000_000) == "Rp 1,5 M"
    assert rupiah_short(750_000_000) == "Rp 750 jt"
    assert rupiah_short(2_255_000_000_000) == "Rp 2,26 T"
    assert rupiah_short(1_999_999_999) == "Rp 2 M"
    assert rupiah_short(999_995_000) == "Rp 1 M"
    assert rupiah_short(250_000) == "Rp 250.000"
    assert rupiah_short(1_234_000_000_000_000) == "Rp 1.234 T"
