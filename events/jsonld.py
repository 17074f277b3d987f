"""schema.org Event markup (JSON-LD) for an event page, built as a plain dict.

Shape follows https://schema.org/Event and Google's event guidelines: name, startDate,
endDate (ISO 8601 with offset), eventStatus, eventAttendanceMode, location (Place with a
PostalAddress and GeoCoordinates when known), organizer, description, inLanguage,
maximumAttendeeCapacity / remainingAttendeeCapacity, and eventSchedule for a weekly
series. Rendered with Django's json_script, so no title can break out of the script tag.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from events.models import Event

LANGUAGE_CODES = {"english": "en", "spanish": "es", "español": "es", "korean": "ko",
                  "armenian": "hy", "tagalog": "tl", "mandarin": "zh", "chinese": "zh",
                  "vietnamese": "vi", "farsi": "fa", "asl": "ase"}


def _url(request: HttpRequest | None, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def event_jsonld(event: Event, request: HttpRequest | None = None) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "name": event.location_name or (
        event.area.name if event.area else "")}
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": "Los Angeles",
                               "addressRegion": "CA", "addressCountry": "US"}
    if event.address:
        address["streetAddress"] = event.address
    place["address"] = address
    if event.lat is not None and event.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": event.lat,
                        "longitude": event.lon}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": _url(request, reverse("events:detail", args=[event.pk])),
        "url": _url(request, reverse("events:detail", args=[event.pk])),
        "name": event.display_title,
        "description": event.display_description,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": place,
    }
    if event.host_organization_id is not None and event.host_organization is not None:
        data["organizer"] = {"@type": "Organization", "name": event.host_organization.name}
    codes = [LANGUAGE_CODES.get(lang.lower(), lang) for lang in event.language_list]
    if codes:
        data["inLanguage"] = codes if len(codes) > 1 else codes[0]
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.seats_left
    if event.is_recurring:
        data["eventSchedule"] = {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "repeatCount": event.recurrence_count,
            "startDate": event.starts_at.date().isoformat(),
            "endDate": event.last_ends_at.date().isoformat(),
            "startTime": event.starts_at.timetz().isoformat(timespec="minutes"),
            "endTime": event.ends_at.timetz().isoformat(timespec="minutes"),
            "scheduleTimezone": settings.TIME_ZONE,
        }
    return data
