"""Database side of hotspots: cell and neighborhood counts, then Gi* (reports/hotspots.py).

The public dashboard reuses these functions. Counts come from one aggregate query each
(GROUP BY the indexed h3_cell / area columns written with the report), never from rows
loaded into Python. Only aggregated cells leave the server, so blurred categories are safe
here: an H3 cell at the site's resolution is the blur unit itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from places.models import Area
from reports.hotspots import ALPHA, hotspots_for_cells
from reports.models import Category, Report

DEFAULT_DAYS = 90
WINDOW_CHOICES = (30, 90, 180, 365)


@dataclass(frozen=True)
class Window:
    since: dt.datetime
    until: dt.datetime

    @classmethod
    def last_days(cls, days: int, *, now: dt.datetime | None = None) -> Window:
        until = now or timezone.now()
        return cls(since=until - dt.timedelta(days=days), until=until)


def _reports_in(window: Window) -> Any:
    return Report.objects.public().filter(
        requested_at__gte=window.since, requested_at__lt=window.until
    ).exclude(h3_cell="")


def cell_counts(category: Category | None, window: Window) -> dict[str, int]:
    """{H3 cell: number of reports} for one category (None: every category)."""
    reports = _reports_in(window)
    if category is not None:
        reports = reports.filter(category=category)
    rows = reports.order_by().values_list("h3_cell").annotate(n=Count("id"))
    return {cell: n for cell, n in rows}


def study_cells(window: Window) -> dict[str, int]:
    """Every cell with any report in the window: the area Gi* compares cells within.

    Cells where a category had no report still belong to the study area (count 0);
    without them every cell would look "hot" against only its busy neighbours.
    """
    return cell_counts(None, window)


def area_counts(
    category: Category | None, window: Window, level: str = Area.Level.NEIGHBORHOOD
) -> list[dict[str, Any]]:
    """[{area id, name, slug, level, total, open}] per area of `level`, busiest first."""
    reports = Report.objects.public().filter(
        requested_at__gte=window.since, requested_at__lt=window.until, area__level=level
    )
    if category is not None:
        reports = reports.filter(category=category)
    rows = (
        reports.order_by()
        .values("area_id", "area__name", "area__slug", "area__level")
        .annotate(total=Count("id"), open=Count("id", filter=Q(is_open=True)))
        .order_by("-total", "area__name")
    )
    return [
        {
            "area_id": row["area_id"], "name": row["area__name"], "slug": row["area__slug"],
            "level": row["area__level"], "total": row["total"], "open": row["open"],
        }
        for row in rows
    ]


def category_hotspots(
    category: Category, window: Window, *, alpha: float = ALPHA
) -> list[dict[str, Any]]:
    """Gi* per cell for one category: one dict per cell of the study area, hottest first."""
    universe = study_cells(window)
    counts = dict.fromkeys(universe, 0)
    counts.update(cell_counts(category, window))
    if not counts:
        return []
    cells, result = hotspots_for_cells(counts, alpha=alpha)
    rows: list[dict[str, Any]] = [
        {
            "cell": cell,
            "count": int(result.counts[i]),
            "z": float(result.z[i]),
            "p": float(result.p_two_sided[i]),
            "p_fdr": float(result.p_fdr[i]),
            "class": str(result.classes[i]),
        }
        for i, cell in enumerate(cells)
    ]
    rows.sort(key=lambda row: (-float(row["z"]), str(row["cell"])))
    return rows


def cell_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the cells' hexagons with their figures."""
    from trustbeat.lib.geo import h3_cell_boundary

    features = []
    for row in rows:
        ring = [[round(lon, 6), round(lat, 6)] for lat, lon in h3_cell_boundary(row["cell"])]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {key: value for key, value in row.items()},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}
