"""The region tree: parents, children, depth, ancestors, subtrees and tree order, every walk iterative."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol


class RegionLike(Protocol):
    """Anything with a region id, its parent's id and its Kemendagri code (a model or a planned region)."""

    @property
    def id(self) -> str:
        """The region id."""

    @property
    def parent(self) -> str | None:
        """The parent region's id, or None at the top."""

    @property
    def code(self) -> str | None:
        """The Kemendagri code, if known."""


def sibling_order(region: RegionLike) -> tuple[str, str]:
    """Sort key of sibling regions: Kemendagri code (regions without one last), then id."""
    return (region.code or "~", region.id)


class RegionTree:
    """A region forest built once; lookups never recurse, so any depth the loader accepts is safe.

    A region whose parent is unknown is a root. Regions on a parent loop are in no root's subtree:
    they have no depth and are left out of the tree order (validation reports the loop).
    """

    def __init__(self, links: Iterable[tuple[str, str | None]]) -> None:
        """Build the tree from (region, parent) pairs; children keep the order the pairs come in (a repeated id: the last pair)."""
        self._declared: dict[str, str | None] = dict(links)
        self._children: dict[str, list[str]] = {}
        roots: list[str] = []
        for region_id, parent in self._declared.items():
            if parent is not None and parent in self._declared:
                self._children.setdefault(parent, []).append(region_id)
            else:
                roots.append(region_id)
        self.roots: tuple[str, ...] = tuple(roots)
        self._depth: dict[str, int] = {}
        self._order: list[str] = []
        stack = [(root, 0) for root in reversed(roots)]
        while stack:
            region_id, depth = stack.pop()
            self._depth[region_id] = depth
            self._order.append(region_id)
            stack.extend((child, depth + 1) for child in reversed(self._children.get(region_id, ())))

    @classmethod
    def of(cls, regions: Iterable[RegionLike], *, sort_siblings: bool = True) -> RegionTree:
        """The tree of these regions; siblings by code then id, or (unsorted) in the order given."""
        listed = list(regions)
        if sort_siblings:
            listed.sort(key=sibling_order)
        return cls((region.id, region.parent) for region in listed)

    def __contains__(self, region_id: object) -> bool:
        """True for a region of the tree."""
        return region_id in self._declared

    def parent(self, region_id: str) -> str | None:
        """The parent of a region, or None for a root (an unknown parent counts as none)."""
        parent = self._declared.get(region_id)
        return parent if parent is not None and parent in self._declared else None

    def children(self, region_id: str) -> tuple[str, ...]:
        """The regions directly below a region, in sibling order."""
        return tuple(self._children.get(region_id, ()))

    def depth(self, region_id: str) -> int | None:
        """Levels below its root (0 for a root); None for a region on a parent loop."""
        return self._depth.get(region_id)

    def ancestors(self, region_id: str) -> list[str]:
        """The regions above a region, nearest first (stops where a parent loop closes)."""
        found: list[str] = []
        seen = {region_id}
        current = self.parent(region_id)
        while current is not None and current not in seen:
            found.append(current)
            seen.add(current)
            current = self.parent(current)
        return found

    def subtree(self, region_id: str) -> list[str]:
        """The region and every region below it, in tree order."""
        found, stack, seen = [], [region_id], set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(self._children.get(current, ())))
        return found

    def below(self, region_ids: Iterable[str]) -> set[str]:
        """The given regions and every region below any of them."""
        found: set[str] = set()
        stack = list(region_ids)
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(self._children.get(current, ()))
        return found

    def with_ancestors(self, region_ids: Iterable[str]) -> set[str]:
        """The given regions and every region above any of them."""
        found: set[str] = set()
        for region_id in region_ids:
            current: str | None = region_id
            while current is not None and current not in found:
                found.add(current)
                current = self.parent(current)
        return found

    def order(self) -> list[str]:
        """Every region reachable from a root, depth-first, parents before children."""
        return list(self._order)

    def walk(self) -> Iterator[tuple[str, int]]:
        """Each region in tree order with its depth."""
        for region_id in self._order:
            yield region_id, self._depth[region_id]

    def loops(self) -> list[list[str]]:
        """Every parent loop once, as the path that closes it (`a -> b -> a`), found from the smallest id."""
        done: set[str] = set()
        loops: list[list[str]] = []
        for start in sorted(self._declared):
            chain: list[str] = []
            on_chain: dict[str, int] = {}
            current: str | None = start
            while current is not None and current in self._declared and current not in done and current not in on_chain:
                on_chain[current] = len(chain)
                chain.append(current)
                current = self._declared[current]
            if current is not None and current in on_chain:
                loops.append(chain[on_chain[current] :] + [current])
            done.update(chain)
        return loops
