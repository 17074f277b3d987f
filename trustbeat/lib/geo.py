"""Pure geographic helpers: H3 cells, distances, bounding boxes, location blurring.

No Django models or requests here; the only Django touch is reading the default H3
resolution from settings, so callers that pass `res` never need Django at all.
Coordinates are WGS 84 degrees, always in (lat, lon) order unless a name says otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import h3

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres

LatLon = tuple[float, float]
# (min_lat, min_lon, max_lat, max_lon), the order Area stores its box in.
BBox = tuple[float, float, float, float]


def default_resolution() -> int:
    from django.conf import settings

    return int(settings.H3_RESOLUTION)


def is_valid_lat_lon(lat: float, lon: float) -> bool:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def h3_cell(lat: float, lon: float, res: int | None = None) -> str:
    """The H3 cell (hex string) that contains the point, at `res` or settings.H3_RESOLUTION."""
    if not is_valid_lat_lon(lat, lon):
        raise ValueError(f"not a valid latitude/longitude: {lat!r}, {lon!r}")
    return str(h3.latlng_to_cell(lat, lon, default_resolution() if res is None else res))


def h3_cell_boundary(cell: str) -> list[LatLon]:
    """The cell's corners as (lat, lon) pairs, in order, without repeating the first."""
    return [(float(lat), float(lon)) for lat, lon in h3.cell_to_boundary(cell)]


def h3_cell_center(cell: str) -> LatLon:
    lat, lon = h3.cell_to_latlng(cell)
    return float(lat), float(lon)


def blur_point(lat: float, lon: float, res: int | None = None) -> LatLon:
    """Replace a point by the centre of its H3 cell, so public maps never show an exact spot.

    At resolution 8 a cell is about 0.7 km² (edge ≈ 460 m), so every point in it publishes
    as the same location.
    """
    return h3_cell_center(h3_cell(lat, lon, res))


def haversine_m(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres between two (lat, lon) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    dlat = lat2 - lat1
    dlon = lon2 - lon1
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bbox_contains(bbox: Sequence[float], lat: float, lon: float) -> bool:
    """Whether (lat, lon) is inside or on the edge of a (min_lat, min_lon, max_lat, max_lon) box."""
    min_lat, min_lon, max_lat, max_lon = bbox
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def parse_lat_lon(text: str) -> LatLon | None:
    """Read typed coordinates such as "34.05, -118.25" or "34.05 -118.25"; None otherwise.

    Only the (lat, lon) order is accepted, the order phones and map sites show.
    """
    cleaned = text.strip().replace(";", ",")
    parts = [p for p in cleaned.replace(",", " ").split() if p]
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not is_valid_lat_lon(lat, lon):
        return None
    return lat, lon
