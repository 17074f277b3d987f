"""Feeds of new events: iCalendar subscriptions (all, per neighborhood, per type, one
event) and RSS/Atom of newly published events."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.ical import calendar_etag, clean, feed_events, render_calendar
from events.models import Event, EventType
from places.models import Area

FEED_ITEMS = 50
ICS_CACHE_SECONDS = 3600


def _ics_response(request: HttpRequest, events: Any, name: str, filename: str) -> HttpResponse:
    shown = feed_events(events)
    etag = f'"{calendar_etag(Event.objects.filter(pk__in=shown.values("pk")), name)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        # Rendering a thousand VEVENTs costs far more than the ETag query, and calendar
        # apps poll the same feed all day: keep the body under its ETag (Redis in
        # production; any change to an event changes the ETag, so nothing goes stale).
        key = f"events:ics:{etag.strip(chr(34))}"
        body = cache.get(key)
        if body is None:
            body = render_calendar(shown, name)
            cache.set(key, body, ICS_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def calendar_all(request: HttpRequest) -> HttpResponse:
    return _ics_response(request, Event.objects.all(), _("Community events"), "events.ics")


@require_GET
def calendar_area(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(Area, pk=pk)
    return _ics_response(request, Event.objects.filter(area=area),
                         _("Community events in %(area)s") % {"area": area.name},
                         f"events-{area.slug}.ics")


@require_GET
def calendar_type(request: HttpRequest, code: str) -> HttpResponse:
    event_type = get_object_or_404(EventType, code=code)
    return _ics_response(request, Event.objects.filter(event_type=event_type),
                         str(event_type.label), f"events-{event_type.code}.ics")


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = Event.objects.select_related("event_type", "area", "host_organization").filter(
        pk=pk).first()
    if event is None:
        raise Http404
    response = HttpResponse(render_calendar([event], clean(event.title)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


class NewEventsFeed(Feed):
    """Newly published events, newest first."""

    description_template = "events/feed_item.html"

    def title(self) -> str:
        return _("New community events")

    def link(self) -> str:
        return reverse("events:index")

    def description(self) -> str:
        return _("Events with your officers and neighbors, as they are announced.")

    def items(self) -> list[Event]:
        return list(
            Event.objects.select_related("event_type", "area")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: Event) -> str:
        return clean(item.display_title)

    def item_link(self, item: Event) -> str:
        return reverse("events:detail", args=[item.pk])

    def item_guid(self, item: Event) -> str:
        return f"event-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event) -> Any:
        return item.created_at

    def item_updateddate(self, item: Event) -> Any:
        return item.updated_at


class NewEventsAtomFeed(NewEventsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
