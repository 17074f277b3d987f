"""Public map: GET /reports/map.json for a bounding box (target p95 < 50 ms at 1M reports).

Rows measured:
- a neighborhood-sized box (~2 km), open reports, any age — what a zoomed-in map asks;
- a city-wide box, open reports from the last 90 days — the first view, capped at N points;
- baseline for the city view: the same reports served the naive way (ORM objects with
  select_related, one dict per object, COUNT(*) for a total), measured in the same run.
"""

from __future__ import annotations

from typing import Any

NEIGHBORHOOD_BBOX = "-118.30,34.04,-118.28,34.06"  # west,south,east,north
CITY_BBOX = "-118.67,33.70,-118.15,34.34"


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    import datetime as dt

    from common import timed
    from django.test import Client
    from django.utils import timezone

    from reports.models import Report
    from reports.views.maps import MAP_LIMIT

    client = Client()

    def get(params: dict[str, str]) -> int:
        response = client.get("/reports/map.json", params)
        assert response.status_code == 200, response.content[:300]
        return len(response.json()["points"])

    small = {"bbox": NEIGHBORHOOD_BBOX, "status": "open"}
    city = {"bbox": CITY_BBOX, "status": "open", "age": "90"}
    small_n, city_n = get(small), get(city)

    def naive_city() -> None:
        since = timezone.now() - dt.timedelta(days=90)
        reports = Report.objects.filter(
            duplicate_of__isnull=True, is_open=True, requested_at__gte=since,
            public_lat__range=(33.70, 34.34), public_lon__range=(-118.67, -118.15),
        ).select_related("category")
        total = reports.count()
        items = [
            {"id": r.pk, "lat": r.public_lat, "lon": r.public_lon, "category": r.category.name,
             "status": r.status}
            for r in reports.order_by("-requested_at")[:MAP_LIMIT]
        ]
        assert total >= len(items)

    return [
        {"name": f"map.json neighborhood bbox, open ({small_n} points)",
         **timed(lambda: get(small)), "target_ms": 50},
        {"name": f"map.json city bbox, open, 90 days ({city_n} points, cap {MAP_LIMIT})",
         **timed(lambda: get(city)), "target_ms": 50, "baseline": "map city bbox, naive ORM"},
        {"name": "map city bbox, naive ORM", **timed(naive_city, repeat=10, warmup=1)},
    ]
