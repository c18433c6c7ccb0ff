"""Loading limits: the hard bounds that keep broken or hostile input from exhausting time or memory."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Hard limits that keep broken or hostile input from exhausting time or memory."""

    max_file_bytes: int = 64 * MIB  # one file, checked with stat before reading
    max_total_bytes: int = 512 * MIB  # all files of one roadmap
    max_depth: int = 64  # nested lists and mappings, aliases included
    max_nodes: int = 5_000_000  # YAML values in one file
    # values produced by aliases in one file: this many, or as many as the file writes out if more
    max_alias_nodes: int = 10_000
    max_number_digits: int = 100  # length of an int or float literal


DEFAULT_LIMITS = Limits()
