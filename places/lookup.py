"""Point → area lookup from an in-process spatial index (see docs/decisions/0002).

Each process keeps, per level, a shapely STRtree over the areas' prepared polygons. A
version stamp in the shared cache says when to rebuild: `bump_areas_version()` (called by
`do_import_boundaries`) changes it, and every lookup compares it with the stamp the index
was built at. Without a shared cache (local-memory cache, one per process) the stamp falls
back to one read from the database, re-checked every `DATABASE_STAMP_SECONDS`.

    find_area(34.07, -118.21)                          -> Area | None
    find_area_ids([(34.07, -118.21), …], "neighborhood") -> [id | None, …]
"""

from __future__ import annotations

import hashlib
import math
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from django.core.cache import cache
from django.db.models import Count, Max
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from places.models import Area

VERSION_CACHE_KEY = "places:areas-version"
DATABASE_STAMP_SECONDS = 30
# When a point lies in two areas of one level (overlapping files), the smaller one wins:
# it is the more specific answer.


@dataclass
class LevelIndex:
    version: str
    ids: np.ndarray  # area id per tree position
    geometries: list[BaseGeometry]
    tree: shapely.STRtree
    sizes: np.ndarray  # polygon area per tree position, in square degrees

    def query_points(self, lats: np.ndarray, lons: np.ndarray) -> list[int | None]:
        found = np.full(len(lats), -1, dtype=np.int64)
        valid = np.isfinite(lats) & np.isfinite(lons)
        positions = np.flatnonzero(valid)
        if len(self.geometries) and len(positions):
            points = shapely.points(lons[positions], lats[positions])
            # `intersects` counts a point on a shared edge as inside; the tree prepares its
            # geometries for the predicate on first use.
            point_idx, tree_idx = self.tree.query(points, predicate="intersects")
            if len(point_idx):
                # Sort each point's hits by area size, then keep the first (smallest).
                order = np.lexsort((self.sizes[tree_idx], point_idx))
                point_idx, tree_idx = point_idx[order], tree_idx[order]
                first = np.ones(len(point_idx), dtype=bool)
                first[1:] = point_idx[1:] != point_idx[:-1]
                found[positions[point_idx[first]]] = self.ids[tree_idx[first]]
        return [int(x) if x >= 0 else None for x in found.tolist()]


_indexes: dict[str, LevelIndex] = {}
_lock = threading.Lock()


def bump_areas_version() -> str:
    """Tell every process its indexes are stale. Call after any change to Area geometry."""
    version = uuid.uuid4().hex
    cache.set(VERSION_CACHE_KEY, version, timeout=None)
    return version


def areas_version() -> str:
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        stats = Area.objects.aggregate(n=Count("id"), latest=Max("updated_at"), top=Max("id"))
        # The stamp ends up inside cache keys (places.render), so it is a short digest:
        # the raw timestamp's spaces and colons are not portable key characters
        # (memcached rejects them; Django warns with CacheKeyWarning).
        raw = f"{stats['n']}:{stats['top']}:{stats['latest']}"
        version = "db-" + hashlib.sha256(raw.encode()).hexdigest()[:16]
        # `add`, not `set`: a bump made meanwhile by an import must win over this guess.
        cache.add(VERSION_CACHE_KEY, version, timeout=DATABASE_STAMP_SECONDS)
        version = cache.get(VERSION_CACHE_KEY) or version
    return str(version)


def forget_indexes() -> None:
    """Drop this process's indexes (tests use it between database rollbacks)."""
    with _lock:
        _indexes.clear()


def level_index(level: str) -> LevelIndex:
    version = areas_version()
    index = _indexes.get(level)
    if index is not None and index.version == version:
        return index
    with _lock:
        index = _indexes.get(level)
        if index is None or index.version != version:
            index = _build_index(level, version)
            _indexes[level] = index
    return index


def _build_index(level: str, version: str) -> LevelIndex:
    rows = list(Area.objects.filter(level=level).order_by("id").values_list("id", "geometry"))
    geometries = [shape(geojson) for _, geojson in rows]
    shapely.prepare(geometries)
    return LevelIndex(
        version=version,
        ids=np.array([pk for pk, _ in rows], dtype=np.int64),
        geometries=geometries,
        tree=shapely.STRtree(geometries),
        sizes=np.array([g.area for g in geometries], dtype=float),
    )


def find_area_ids(
    points: Sequence[tuple[float | None, float | None]] | Iterable[tuple[float, float]],
    level: str = Area.Level.NEIGHBORHOOD,
) -> list[int | None]:
    """Area id containing each (lat, lon), or None; missing or non-numeric points give None."""
    pairs = list(points)
    lats = np.array([_as_float(p[0]) for p in pairs], dtype=float)
    lons = np.array([_as_float(p[1]) for p in pairs], dtype=float)
    return level_index(level).query_points(lats, lons)


def find_area_id(lat: float, lon: float, level: str = Area.Level.NEIGHBORHOOD) -> int | None:
    return find_area_ids([(lat, lon)], level)[0]


def find_area(lat: float, lon: float, level: str = Area.Level.NEIGHBORHOOD) -> Area | None:
    area_id = find_area_id(lat, lon, level)
    if area_id is None:
        return None
    # The index may be a moment older than the table; a vanished row reads as "no area".
    return Area.objects.select_related("parent").filter(pk=area_id).first()


def find_first_area(lat: float, lon: float, levels: Sequence[str] | None = None) -> Area | None:
    """The area at the first level (neighborhood, then beat, then district) holding the point."""
    for level in levels or (Area.Level.NEIGHBORHOOD, Area.Level.BEAT, Area.Level.DISTRICT):
        area = find_area(lat, lon, level)
        if area is not None:
            return area
    return None


def overlapping_area_ids(area: Area, level: str, *, min_share: float = 0.5) -> list[int]:
    """Areas at `level` that share most of their ground with `area`.

    "Most" means the overlap covers at least `min_share` of the smaller of the two, so a
    beat drawn on the same lines as a neighborhood, or lying inside it, counts; a
    neighbour that only touches an edge does not.
    """
    index = level_index(level)
    if not len(index.geometries):
        return []
    geometry = shape(area.geometry)
    result = []
    for t in index.tree.query(geometry, predicate="intersects").tolist():
        other_id = int(index.ids[t])
        if other_id == area.pk:
            continue
        other = index.geometries[t]
        smaller = min(geometry.area, other.area)
        if smaller > 0 and geometry.intersection(other).area >= min_share * smaller:
            result.append(other_id)
    return result


def _as_float(value: object) -> float:
    if value is None or value == "":
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
