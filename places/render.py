"""JSON shapes for places, one function per shape (documented in docs/api/ by the lead)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from places.models import Area


def area_json(area: Area) -> dict[str, Any]:
    return {
        "level": area.level,
        "name": area.name,
        "slug": area.slug,
        "url": reverse("places:area", args=[area.level, area.slug]),
    }


def _round(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list):
        return [_round(v, digits) for v in value]
    return value


def map_outlines(level: str) -> list[dict[str, Any]]:
    """Every area's outline at `level`, light enough to embed in a page (~50 kB for LA).

    Four decimals (~11 m) are plenty at city zoom. Cached until boundaries change.
    """
    from django.core.cache import cache

    from places.lookup import areas_version

    key = f"places:outlines:{level}:{areas_version()}"
    outlines: list[dict[str, Any]] | None = cache.get(key)
    if outlines is None:
        outlines = [
            {
                "name": name,
                "url": reverse("places:area", args=[level, slug]),
                "outline": {
                    "type": outline.get("type"),
                    "coordinates": _round(outline.get("coordinates", []), 4),
                },
            }
            for name, slug, outline in Area.objects.at_level(level)
            .order_by("name")
            .values_list("name", "slug", "outline")
            if outline
        ]
        cache.set(key, outlines, timeout=24 * 60 * 60)
    return outlines
