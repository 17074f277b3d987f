"""iCalendar (RFC 5545) feeds, built with the `icalendar` library.

- UIDs are stable (`event-<id>@<site host>`), so a calendar app updates an event in place
  when it changes and removes it when it is cancelled (STATUS:CANCELLED, SEQUENCE grows
  with each change);
- times carry TZID=<site zone> with its VTIMEZONE, and a weekly series is one VEVENT
  with RRULE:FREQ=WEEKLY;COUNT=n, so "6 pm every Tuesday" stays 6 pm across daylight
  saving in Google, Apple and Outlook calendars;
- every text goes through `xml_safe` and a control-character filter first: a hostile
  title cannot add a property or break the file (icalendar escapes , ; \\ and newlines).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from trustbeat.lib.text import xml_safe

# Subscribed calendars show this many days of the past, and at most this many events.
FEED_PAST_DAYS = 30
FEED_MAX_EVENTS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str, *, multiline: bool = False) -> str:
    """Text safe for a property value: no control characters; one line unless asked."""
    text = _CONTROL.sub("", xml_safe(text or "")).replace("\u2028", " ").replace("\u2029", " ")
    if multiline:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return " ".join(text.split())


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "trustbeat.invalid"


def event_uid(event_id: int) -> str:
    return f"event-{event_id}@{site_host()}"


def feed_events(events: Any, now: datetime | None = None) -> Any:
    """The events a subscribed calendar holds: from FEED_PAST_DAYS ago onward."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return (
        events.filter(last_ends_at__gte=since)
        .select_related("event_type", "area", "host_organization")
        .order_by("starts_at", "pk")[:FEED_MAX_EVENTS]
    )


def _vevent(event: Event, zone: Any) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(event.pk))
    item.add("dtstamp", event.updated_at.astimezone(UTC))
    item.add("last-modified", event.updated_at.astimezone(UTC))
    item.add("created", event.created_at.astimezone(UTC))
    # Minutes since creation at each change: grows monotonically as RFC 5545 asks.
    item.add("sequence", max(0, int((event.updated_at - event.created_at).total_seconds()
                                    // 60)))
    item.add("dtstart", event.starts_at.astimezone(zone))
    item.add("dtend", event.ends_at.astimezone(zone))
    if event.is_recurring:
        item.add("rrule", {"freq": "weekly", "count": event.recurrence_count})
    item.add("summary", clean(event.title))
    description = clean(event.description, multiline=True)
    if event.description_es:
        description += "\n\n" + clean(event.description_es, multiline=True)
    if event.accessibility_notes:
        description += "\n\n" + clean(event.accessibility_notes, multiline=True)
    url = settings.SITE_URL.rstrip("/") + reverse("events:detail", args=[event.pk])
    item.add("description", (description + "\n\n" + url).strip())
    item.add("url", url)
    where = ", ".join(part for part in (clean(event.location_name), clean(event.address),
                                        event.area.name if event.area else "") if part)
    if where:
        item.add("location", where)
    if event.lat is not None and event.lon is not None:
        item.add("geo", (event.lat, event.lon))
    item.add("categories", [clean(event.event_type.name)])
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    if event.host_organization is not None:
        item.add("organizer", f"mailto:noreply@{site_host()}",
                 parameters={"CN": clean(event.host_organization.name)})
    return item


def render_calendar(events: Iterable[Event], name: str) -> bytes:
    zone = timezone.get_default_timezone()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//TrustBeat//Community events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribed apps to refresh every few hours (RFC 7986; Outlook's X- name).
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for event in events:
        cal.add_component(_vevent(event, zone))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def calendar_etag(events: Any, name: str) -> str:
    """A validator from what the feed shows (ids and change times), without rendering."""
    from django.db.models import Count, Max, Sum

    # The id sum tells an event that left the window from one that replaced it.
    summary = events.aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"))
    key = f"{name}|{summary['n']}|{summary['ids']}|{summary['last']}|{FEED_PAST_DAYS}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]
