"""The "Problem reports here" section of a neighborhood page (places.sections slot)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from places.models import Area
from reports.models import Report

RECENT_DAYS = 90
LATEST_SHOWN = 5


def area_reports_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    """Counts and the latest public reports in this neighborhood; no personal data."""
    reports = Report.objects.public().filter(area=area)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = reports.filter(requested_at__gte=since)
    top_categories = list(
        recent.order_by()
        .values("category__name", "category__code")
        .annotate(n=Count("id"))
        .order_by("-n")[:3]
    )
    latest = list(
        reports.select_related("category").only(
            "id", "status", "requested_at", "category__name"
        )[:LATEST_SHOWN]
    )
    return {
        "open_count": reports.open().count(),
        "recent_count": recent.count(),
        "recent_days": RECENT_DAYS,
        "top_categories": top_categories,
        "latest": latest,
    }
