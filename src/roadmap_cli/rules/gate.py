"""Rule kind `gate`: each target waits until a quorum (k of n) of the required initiatives has finished.

- kind: gate
  id: smart-province-readiness
  target: {initiatives: [provinsi-cerdas]}
  require: {categories: [masterplan], region_kinds: [kabupaten, kota]}
  within: descendants     # children, descendants (the subtree) or any
  quorum: 80%             # a count such as 4, or a share from 1% to 100%, rounded up
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from roadmap_cli.errors import Diagnostic, Severity
from roadmap_cli.fields import FormatModel, Id, Selector
from roadmap_cli.i18n import _, ngettext
from roadmap_cli.rules.base import Edge, Gate, Made, RoadmapIndex, RuleKind
from roadmap_cli.vocabulary import QUORUM_COUNT_PATTERN, QUORUM_SHARE_PATTERN

_QUORUM_COUNT = re.compile(QUORUM_COUNT_PATTERN)
_QUORUM_SHARE = re.compile(QUORUM_SHARE_PATTERN)


def _quorum(value: Any) -> Any:
    """Check a quorum: a whole number of initiatives (1 or more) or a percentage from `1%` to `100%`."""
    if isinstance(value, bool):
        raise ValueError(_("a quorum is a number such as `4` or a percentage such as `80%`"))
    if isinstance(value, int):
        if value < 1:
            raise ValueError(_("a quorum must be at least 1"))
        return str(value)
    if isinstance(value, str) and (_QUORUM_COUNT.match(value) or _QUORUM_SHARE.match(value)):
        return value.strip().replace(" ", "")
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]+\s*%\s*", value):
        raise ValueError(_("`{value}` is not a percentage between 1% and 100%").format(value=value))
    if isinstance(value, str) and re.fullmatch(r"\s*0+\s*", value):
        raise ValueError(_("a quorum must be at least 1"))
    raise ValueError(_("`{value}` is not a quorum; write a number such as `4` or a percentage such as `80%`").format(value=value))


Quorum = Annotated[
    str,
    BeforeValidator(_quorum),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": QUORUM_COUNT_PATTERN},
                {"type": "string", "pattern": QUORUM_SHARE_PATTERN},
            ],
            "description": "How many of the required initiatives must finish: a count such as `4` or a share such as `80%`.",
        }
    ),
]


class GateRule(FormatModel):
    """The target waits until a quorum of the required initiatives has finished."""

    kind: Literal["gate"]
    id: Id
    target: Selector
    require: Selector
    within: Literal["children", "descendants", "any"] = Field(default="any", description="Count only required work in the target's child regions, its subtree, or anywhere.")
    quorum: Quorum = "100%"
    description: str | None = None


def quorum_count(quorum: str, members: int) -> int:
    """How many members a quorum needs: a count, or a share rounded up (at least 1)."""
    if quorum.endswith("%"):
        return max(1, -(-int(quorum[:-1]) * members // 100))
    return int(quorum)


def explain(rule: GateRule, target: str, k: int, members: tuple[str, ...]) -> str:
    """What the target waits for, in words: the members, or the first few of a long list and how many more."""
    join = ", ".join(members)
    if len(members) > LISTED:
        join = ngettext("{join} and {count} more", "{join} and {count} more", len(members) - LISTED + 1).format(join=", ".join(members[: LISTED - 1]), count=len(members) - LISTED + 1)
    return _("`{id}` waits for {quorum} ({k} of {length}) of: {join}").format(id=target, quorum=rule.quorum, k=k, length=len(members), join=join)


LISTED = 6
"""A gate's reason names this many members at most (the gate in the plan lists them all)."""


def expand(rule: GateRule, position: int, index: RoadmapIndex) -> Made:
    """One quorum gate per target over the required initiatives in the target's children, subtree or anywhere."""
    required = index.select(rule.require)
    required_ids = tuple(sorted(m.id for m in required))
    required_by_region: dict[str, list[str]] = defaultdict(list)
    for member in required:
        required_by_region[member.region].append(member.id)
    made = Made()
    span, _where = index.rule_span(position)
    below_region: dict[str, tuple[str, ...]] = {}
    for target in sorted(index.select(rule.target), key=lambda i: i.id):
        candidates = below_region.get(target.region) if rule.within != "any" else required_ids
        if candidates is None:
            tree = index.tree
            below = tree.children(target.region) if rule.within == "children" else tree.subtree(target.region)[1:]
            candidates = tuple(sorted(m for region in below for m in required_by_region.get(region, ())))
            below_region[target.region] = candidates
        ids = tuple(m for m in candidates if m != target.id)
        if not ids:
            made.diagnostics.append(
                Diagnostic(
                    span.path,
                    span.line,
                    span.col,
                    "gate-empty",
                    _("gate `{id}` finds no required initiatives for `{id2}`; it does not wait").format(id=rule.id, id2=target.id),
                    _("check the `require` selector and `within`"),
                    Severity.WARNING,
                )
            )
            continue
        k = quorum_count(rule.quorum, len(ids))
        if k > len(ids):
            made.diagnostics.append(
                Diagnostic(
                    span.path,
                    span.line,
                    span.col,
                    "quorum-too-large",
                    _("gate `{id}` needs {k} finished initiatives for `{id2}` but only {length} match").format(id=rule.id, k=k, id2=target.id, length=len(ids)),
                    _("lower `quorum` or widen `require`"),
                )
            )
            continue
        key = f"{rule.id}:{target.id}"
        reason, _span = index.rule_reason(position, rule.kind, rule.id, explain(rule, target.id, k, ids))
        made.gates.append(Gate(key, rule.id, target.id, ids, k, reason))
        made.edges.extend(Edge(member, target.id, reason, span, gate=key) for member in ids)
    return made


KIND = RuleKind("gate", GateRule, expand, warns_when_empty=False)
