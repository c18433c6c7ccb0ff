"""The region tree: lookups on small trees, and parent chains far deeper than Python's recursion limit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.regiontree import RegionTree
from roadmap_cli.render.mermaid import MAX_TEXT_SIZE, text_size

LINKS = [("id", None), ("jawa", "id"), ("bali", "id"), ("bandung", "jawa"), ("badung", "bali"), ("cimahi", "jawa"), ("orphan", "gone")]


def test_lookups_follow_the_links() -> None:
    """Parents, children, depth, ancestors and subtrees of a small forest, children in the order given."""
    tree = RegionTree(LINKS)
    assert tree.roots == ("id", "orphan")
    assert tree.parent("bandung") == "jawa"
    assert tree.parent("orphan") is None
    assert tree.children("jawa") == ("bandung", "cimahi")
    assert tree.depth("badung") == 2
    assert tree.ancestors("cimahi") == ["jawa", "id"]
    assert tree.subtree("jawa") == ["jawa", "bandung", "cimahi"]
    assert tree.below(["jawa", "bali"]) == {"jawa", "bandung", "cimahi", "bali", "badung"}
    assert tree.with_ancestors(["badung", "orphan"]) == {"badung", "bali", "id", "orphan"}
    assert list(tree.walk()) == [("id", 0), ("jawa", 1), ("bandung", 2), ("cimahi", 2), ("bali", 1), ("badung", 2), ("orphan", 0)]
    assert "gone" not in tree
    assert tree.loops() == []


def test_loops_are_found_once_and_never_walked_forever() -> None:
    """A parent loop is reported once from its smallest id; walks stop where it closes."""
    tree = RegionTree([("a", "c"), ("b", "a"), ("c", "b"), ("d", "a"), ("e", None)])
    assert tree.loops() == [["a", "c", "b", "a"]]
    assert tree.ancestors("d") == ["a", "c", "b"]
    assert tree.depth("a") is None
    assert tree.order() == ["e"]


def _chain(folder: Path, levels: int) -> Path:
    """A roadmap whose regions form one parent chain `levels` deep, with work at the top and the bottom."""
    lines = [
        "version: 1",
        "roadmap: {id: deep, name: Deep, start: 2026-01-01}",
        "categories: [{id: c, name: C}]",
        "regions:",
        "  - {id: r0, name: R0, kind: country}",
    ]
    lines += [f"  - {{id: r{n}, name: R{n}, kind: desa, parent: r{n - 1}}}" for n in range(1, levels)]
    lines += [
        "initiatives:",
        "  - {id: top, name: Top, region: r0, category: c, duration: 3m}",
        f"  - {{id: bottom, name: Bottom, region: r{levels - 1}, category: c, duration: 3m}}",
        "rules:",
        "  - {kind: hierarchy, id: up}",
        "  - {kind: gate, id: all-below, target: {initiatives: [top]}, require: {within: [r0]}, within: descendants}",
    ]
    path = folder / "deep.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("levels", "commands"),
    [
        (3_000, (["validate"], ["plan", "--width", "100"], ["export", "-f", "mermaid"], ["export", "-f", "mermaid-flowchart"])),
        (10_000, (["validate"], ["plan", "--width", "100"], ["export", "-f", "mermaid-flowchart"])),
    ],
)
def test_deep_parent_chain_plans_without_recursion(tmp_path: Path, levels: int, commands: tuple[list[str], ...]) -> None:
    """Validate, plan and the Mermaid exports handle a chain many times deeper than the recursion limit."""
    assert levels > sys.getrecursionlimit()
    path = _chain(tmp_path, levels)
    for command in commands:
        result = CliRunner().invoke(app, [*command, str(path), "--color", "never"])
        assert result.exit_code == 0, (command, result.stderr[-2000:])
        assert "RecursionError" not in result.stderr and "internal error" not in result.stderr
    assert command[-1] == "mermaid-flowchart" and "n_bottom[" in result.stdout
    # Split along the chain, every part within Mermaid's size, each showing at most PART_ANCESTORS regions above it.
    blocks = result.stdout.split("```mermaid\n")[1:]
    assert blocks and all(text_size(block.split("```")[0]) <= MAX_TEXT_SIZE for block in blocks)
    assert "subgraph r_r0[" in blocks[0] and f"subgraph r_r{levels - 1}[" in blocks[-1]
