"""How a public history entry reads: (label, before, after) per recorded field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from commitments.models import Change, Commitment

# History keys that are not model fields.
EXTRA_LABELS = {"milestone": _("milestone"), "areas": _("neighborhoods"),
                "responsible": _("people responsible"), "status": _("status"),
                "progress": _("progress (%)")}


def _label(name: str) -> Any:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return Commitment._meta.get_field(name).verbose_name  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name


def history_rows(change: Change) -> list[tuple[Any, Any, Any]]:
    """(label, before, after) for each field a history entry records."""
    rows = []
    for name, pair in (change.fields or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if isinstance(before, list):
            before = ", ".join(map(str, before))
        if isinstance(after, list):
            after = ", ".join(map(str, after))
        rows.append((_label(name), before, after))
    return rows
