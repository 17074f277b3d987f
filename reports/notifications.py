"""Tell subscribers about a report's change (replaced by the alerts module)."""

from __future__ import annotations

from typing import Any


def report_changed(update: Any) -> None:
    """Sends alerts; implemented by the alerts module."""
