"""Helpers other apps' tests use to get areas, through the real import action.

    area = make_area("North Park")                        # a small square in Los Angeles
    area = make_area("Beat 9", level="beat", box=(-118.3, 34.0, -118.25, 34.1))

Going through `do_import_boundaries` keeps the lookup index in step (it bumps the version
stamp), so `find_area` and `find_area_ids` see the new area at once.
"""

from __future__ import annotations

from typing import Any

from places.actions import do_import_boundaries
from places.boundaries import parse_boundaries
from places.models import Area

# (min_lon, min_lat, max_lon, max_lat): a 5 km square around Los Angeles City Hall.
DEFAULT_BOX = (-118.27, 34.03, -118.22, 34.08)


def make_area(
    name: str,
    *,
    level: str = Area.Level.NEIGHBORHOOD,
    box: tuple[float, float, float, float] = DEFAULT_BOX,
    parent_level: str | None = None,
    actor: Any = None,
    **properties: Any,
) -> Area:
    min_lon, min_lat, max_lon, max_lat = box
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat],
            [min_lon, min_lat]]
    data = {
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {"name": name, **properties},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }],
    }
    [feature] = parse_boundaries(data)
    summary = do_import_boundaries([feature], level, actor=actor, parent_level=parent_level)
    return summary.areas[feature.slug]
