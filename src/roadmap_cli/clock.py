"""Today's date: the one place the tool reads the clock (`ROADMAP_TODAY=YYYY-MM-DD` pins it, e.g. in tests)."""

from __future__ import annotations

import os
from datetime import date

from roadmap_cli.errors import UsageError
from roadmap_cli.i18n import _

TODAY_VARIABLE = "ROADMAP_TODAY"


def today() -> date:
    """Today, or the date in ROADMAP_TODAY when it is set."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise UsageError(_("{variable}={value} is not a date; write YYYY-MM-DD or unset it").format(variable=TODAY_VARIABLE, value=pinned)) from None
