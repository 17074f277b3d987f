"""The "Help and resources nearby" section of a neighborhood page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from directory import queries
from places.models import Area

SHOWN = 5


def area_help_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    """The nearest services to the neighborhood's centre (public locations only)."""
    lat = (area.min_lat + area.max_lat) / 2
    lon = (area.min_lon + area.max_lon) / 2
    params = queries.SearchParams(near=(lat, lon), radius_m=3000)
    services = list(queries.search_queryset(params).select_related("organization")[:SHOWN])
    from django.utils import timezone

    results = queries.attach_locations(services, (lat, lon), timezone.now())
    return {"results": results, "lat": lat, "lon": lon}
