"""Helpers the directory's views share."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404


def parse_uuid(value: str) -> uuid.UUID:
    """A guessed or malformed id is a 404, never a 500."""
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None


def map_settings() -> dict[str, Any]:
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
