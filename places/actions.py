"""Writes to places: each `do_*` runs in one transaction and leaves an audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.db import transaction
from shapely.geometry import shape

from accounts.actors import ActorLike
from audit.lib import record_change
from places.boundaries import BoundaryFeature
from places.events import PlacesEvent
from places.lookup import bump_areas_version
from places.models import Area, Place


@dataclass
class ImportSummary:
    level: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    parents_linked: int = 0
    without_parent: list[str] = field(default_factory=list)
    areas: dict[str, Area] = field(default_factory=dict)  # by slug

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def do_import_boundaries(
    features: Sequence[BoundaryFeature],
    level: str,
    *,
    actor: ActorLike,
    parent_level: str | None = None,
    source: str = "",
) -> ImportSummary:
    """Create or update one Area per feature, matched on (level, slug).

    Features come checked from `places.boundaries.parse_boundaries`. With `parent_level`,
    each area's parent becomes the area of that level it overlaps most. Areas missing
    from the file are left alone: removing a boundary is a decision, not a side effect.
    """
    if level not in Area.Level.values:
        raise ValueError(f"unknown area level: {level!r}")
    if parent_level is not None and (
        parent_level not in Area.Level.values or parent_level == level
    ):
        raise ValueError(f"unusable parent level: {parent_level!r}")
    summary = ImportSummary(level=level)
    with transaction.atomic():
        parents = _ParentFinder(parent_level) if parent_level else None
        existing = {a.slug: a for a in Area.objects.filter(level=level)}
        for feature in features:
            values = _area_values(feature)
            if parents is not None:
                parent_id = parents.best_for(feature)
                values["parent_id"] = parent_id
                if parent_id is None:
                    summary.without_parent.append(feature.slug)
                else:
                    summary.parents_linked += 1
            area = existing.get(feature.slug)
            if area is None:
                area = Area.objects.create(level=level, slug=feature.slug, **values)
                summary.created.append(feature.slug)
            elif any(getattr(area, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(area, key, value)
                area.save()
                summary.updated.append(feature.slug)
            else:
                summary.unchanged.append(feature.slug)
            if feature.repaired:
                summary.repaired.append(feature.slug)
            summary.areas[feature.slug] = area
        if summary.created or summary.updated:
            record_change(
                actor,
                PlacesEvent.PLACES_IMPORT_BOUNDARIES,
                None,
                level=level,
                source=source,
                created=len(summary.created),
                updated=len(summary.updated),
                unchanged=len(summary.unchanged),
                repaired=summary.repaired,
                parent_level=parent_level or "",
            )
            # Bump now so this process (and this transaction) sees the new areas, and
            # again after commit so other processes never rebuild from uncommitted rows.
            bump_areas_version()
            transaction.on_commit(bump_areas_version)
    return summary


def _area_values(feature: BoundaryFeature) -> dict[str, Any]:
    min_lat, min_lon, max_lat, max_lon = feature.bbox()
    centroid_lat, centroid_lon = feature.centroid()
    values: dict[str, Any] = {
        "name": feature.name,
        "code": feature.code,
        "geometry": feature.geometry_geojson(),
        "outline": feature.outline_geojson(),
        "min_lat": round(min_lat, 6),
        "min_lon": round(min_lon, 6),
        "max_lat": round(max_lat, 6),
        "max_lon": round(max_lon, 6),
        "centroid_lat": round(centroid_lat, 6),
        "centroid_lon": round(centroid_lon, 6),
        "properties": feature.properties,
    }
    return values


class _ParentFinder:
    """Finds, for a geometry, the area of one level it overlaps most (None if none)."""

    def __init__(self, level: str) -> None:
        rows = list(Area.objects.filter(level=level).values_list("id", "geometry"))
        self.ids = [pk for pk, _ in rows]
        self.geometries = [shape(g) for _, g in rows]
        self.tree = shapely.STRtree(self.geometries)

    def best_for(self, feature: BoundaryFeature) -> int | None:
        best_id, best_overlap = None, 0.0
        for position in self.tree.query(feature.geometry, predicate="intersects").tolist():
            overlap = feature.geometry.intersection(self.geometries[position]).area
            if overlap > best_overlap:
                best_id, best_overlap = self.ids[position], overlap
        return best_id


def do_add_places(
    rows: Sequence[tuple[str, float, float]], *, actor: ActorLike, source: str = ""
) -> int:
    """Add (label, lat, lon) addresses to the gazetteer; known addresses are kept as they are.

    Returns how many were new.
    """
    from places.geocode import normalize_address

    seen: set[str] = set()
    candidates: list[Place] = []
    for label, lat, lon in rows:
        normalized = normalize_address(label)[:250]
        if not normalized or normalized in seen:
            continue
        seen.add(normalized)
        candidates.append(
            Place(label=label[:250], normalized=normalized, lat=lat, lon=lon, source=source[:40])
        )
    with transaction.atomic():
        known: set[str] = set()
        for start in range(0, len(candidates), 900):
            chunk = [p.normalized for p in candidates[start : start + 900]]
            known.update(
                Place.objects.filter(normalized__in=chunk).values_list("normalized", flat=True)
            )
        new = [p for p in candidates if p.normalized not in known]
        Place.objects.bulk_create(new, batch_size=500)
        if new:
            record_change(actor, PlacesEvent.PLACES_ADD_PLACES, None, source=source, added=len(new))
    return len(new)
