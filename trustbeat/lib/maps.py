"""Settings every map page passes to the shared map script: tiles, centre, zoom."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def map_settings() -> dict[str, Any]:
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "center": list(settings.MAP_CENTER),
        "zoom": settings.MAP_ZOOM,
    }
