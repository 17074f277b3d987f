"""Open311 GET /requests.json with status + category + 90-day window, 1,000 results.

Baselines in the same run: the same query served the way the peer server does it (ORM
objects with select_related, a per-object serializer, and COUNT(*) for a total), and the
COUNT(*) alone. Target: p95 < 150 ms at 1,000,000 reports.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

CODE = "pothole"


def _window() -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.now(dt.UTC)
    return end - dt.timedelta(days=90), end


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    from common import timed
    from django.db import connection
    from django.test import Client

    from reports.models import Report
    from reports.open311.forms import RequestsQuery
    from reports.open311.views import REQUEST_FIELDS, _categories, filtered_requests

    start, end = _window()
    params = {
        "status": "open", "service_code": CODE,
        "start_date": start.isoformat(), "end_date": end.isoformat(),
    }
    client = Client()

    def ours(fmt: str = "json") -> None:
        response = client.get(f"/open311/v2/requests.{fmt}", params)
        assert response.status_code == 200, response.content[:300]

    first = client.get("/open311/v2/requests.json", params)
    returned = len(first.json())

    filters: dict[str, Any] = {
        "is_open": True, "category__code": CODE,
        "requested_at__gte": start, "requested_at__lte": end,
    }

    def naive() -> None:
        reports = Report.objects.filter(**filters).select_related("category", "organization")
        total = reports.count()
        items = []
        for r in reports.order_by("-requested_at", "-id")[:1000]:
            items.append({
                "service_request_id": str(r.pk), "status": "open" if r.is_open else "closed",
                "status_notes": r.status_note or None, "service_name": r.category.name,
                "service_code": r.category.code, "description": r.description or None,
                "agency_responsible": r.organization.name if r.organization else None,
                "requested_datetime": r.requested_at.isoformat(),
                "updated_datetime": r.updated_at.isoformat(),
                "expected_datetime": r.expected_at.isoformat() if r.expected_at else None,
                "address": r.address, "zipcode": r.zipcode, "lat": r.public_lat,
                "long": r.public_lon, "media_url": r.media_url or None,
            })
        json.dumps({"total": total, "items": items})

    def count_only() -> None:
        Report.objects.filter(**filters).count()

    query = RequestsQuery(service_codes=[CODE], is_open=True, start=start, end=end)
    page = filtered_requests(query, _categories()).values(*REQUEST_FIELDS)[:1001]
    sql, sql_params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
        plan = [line for (line,) in cursor.fetchall()]
    index_line = next((line.strip() for line in plan if "Index" in line), plan[0].strip())

    rows = [
        {"name": "open311 requests.json status+code+90d (ours)", **timed(ours),
         "target_ms": 150, "baseline": "open311 naive ORM objects + COUNT(*)",
         "note": f"{returned} requests returned; plan: {index_line[:110]}"},
        {"name": "open311 requests.xml same filter (ours)", **timed(lambda: ours("xml")),
         "target_ms": 150, "baseline": "open311 naive ORM objects + COUNT(*)"},
        {"name": "open311 naive ORM objects + COUNT(*)", **timed(naive, repeat=15)},
        {"name": "COUNT(*) of the same filter (we skip it)", **timed(count_only)},
    ]
    return rows
