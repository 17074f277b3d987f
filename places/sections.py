"""The neighborhood page's sections, filled by modules through the module registry.

A module registers its section once, from its AppConfig.ready():

    registry.register_area_section("events", _("Upcoming events"),
                                   template="events/area_section.html",
                                   context=area_events_context, order=20)

Sections appear in registration order. A module that is not installed contributes
nothing: an empty "Upcoming events" heading would read as "there are no events".
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from places.models import Area
from trustbeat import registry


def area_sections(request: HttpRequest, area: Area) -> list[dict[str, Any]]:
    """One dict per registered section: key, title, template and its context."""
    return [
        {
            "key": section.key,
            "title": section.title,
            "template": section.template,
            "context": {"area": area, **section.context(request, area)},
        }
        for section in registry.area_sections()
    ]
