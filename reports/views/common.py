"""Helpers shared by the reports views: public shapes of reports, nearby search, map settings."""

from __future__ import annotations

import math
from typing import Any

from django.utils import timezone

from reports.models import Category, Report, ReportUpdate
from trustbeat.lib.geo import EARTH_RADIUS_M, haversine_m
from trustbeat.lib.maps import map_settings as shared_map_settings

NEARBY_METRES = 150
NEARBY_LIMIT = 20


def map_settings(*, with_outlines: bool = False) -> dict[str, Any]:
    """Settings for a page's map; city-wide maps also get the neighborhood outlines so
    they stay readable when no tile server can be reached."""
    result = shared_map_settings()
    if with_outlines:
        from places.models import Area
        from places.render import map_outlines

        result["outlines"] = map_outlines(Area.Level.NEIGHBORHOOD)
    return result


def is_blurred(category: Category) -> bool:
    return category.location_privacy == Category.LocationPrivacy.BLURRED


def is_overdue(report: Report) -> bool:
    return bool(report.is_open and report.expected_at and report.expected_at < timezone.now())


def box_around(lat: float, lon: float, metres: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that holds the circle."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def nearby_open_reports(
    lat: float, lon: float, *, category: Category | None = None, metres: float = NEARBY_METRES
) -> list[dict[str, Any]]:
    """Open, unmerged reports within `metres` of the point, nearest first.

    Distances use the exact point (server side), but only exact-location categories show
    theirs: a distance to a blurred report would give its location away.
    """
    min_lat, max_lat, min_lon, max_lon = box_around(lat, lon, metres)
    reports = (
        Report.objects.open()
        .public()
        .filter(lat__range=(min_lat, max_lat), lon__range=(min_lon, max_lon))
        .select_related("category")
    )
    if category is not None:
        reports = reports.filter(category=category)
    found = []
    for report in reports[:500]:
        if report.lat is None or report.lon is None:
            continue
        distance = haversine_m((lat, lon), (report.lat, report.lon))
        if distance <= metres:
            found.append(
                {
                    "report": report,
                    "distance": None if is_blurred(report.category) else round(distance),
                    "sort": distance,
                }
            )
    found.sort(key=lambda item: float(item["sort"]))  # type: ignore[arg-type]
    return found[:NEARBY_LIMIT]


def public_timeline(report: Report) -> list[ReportUpdate]:
    """Public entries only; private notes are never even loaded."""
    return list(
        ReportUpdate.objects.filter(report=report, is_public=True)
        .only("id", "report_id", "at", "kind", "status", "public_note")
        .order_by("at", "id")
    )


def public_answers(report: Report) -> list[tuple[str, str]]:
    """(question, answer) pairs in the category's order, choice keys shown as names."""
    answers = report.answers or {}
    result = []
    for attribute in report.category.attributes.all():
        if attribute.code not in answers:
            continue
        value = answers[attribute.code]
        names = {str(v.get("key")): str(v.get("name")) for v in attribute.values or []}
        if isinstance(value, list):
            shown = ", ".join(names.get(str(v), str(v)) for v in value)
        else:
            shown = names.get(str(value), str(value))
        result.append((attribute.description, shown))
    return result
