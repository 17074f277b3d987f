"""The "Commitments here" section of a neighborhood page (places.sections slot)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from commitments.models import Commitment
from commitments.queries import board_rows
from places.models import Area

SHOWN = 5


def area_commitments_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    """Open commitments made for this neighborhood (overdue first), with counts."""
    through = Commitment.areas.through
    here = Commitment.objects.public().filter(
        pk__in=through.objects.filter(area=area).values("commitment_id"))
    today = timezone.localdate()
    return {
        "open_count": here.open().count(),
        "overdue_count": here.filter(Q(is_closed=False, due_date__lt=today)).count(),
        "rows": board_rows(here.open(), offset=0, limit=SHOWN),
    }
