"""What the events app shows on other pages: the home card and the neighborhood page's
"Upcoming events" section (both registered in EventsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from events import queries
from places.models import Area

HOME_CARD_EVENTS = 3
AREA_SECTION_EVENTS = 5


def home_card_context(request: HttpRequest) -> dict[str, Any]:
    return {"events": queries.next_events(HOME_CARD_EVENTS)}


def area_events_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    return {
        "events": queries.next_events(AREA_SECTION_EVENTS, area=area),
        "interactions": queries.public_interaction_totals(months=3, area=area),
    }
