"""Reads of the events app: `access_*` (permission-checked, 404/403) and the named reads
pages, feeds, the neighborhood section, the home card and the dashboard use."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.http import Http404
from django.utils import timezone

from accounts.models import OfficerProfile
from events.models import Event, Interaction, Rsvp
from events.permissions import can_manage_event
from places.models import Area
from trustbeat.lib.geo import haversine_m

LIST_PAGE = 50
NEAR_ME_RADIUS_M = 5000
# Public monthly totals hide neighborhoods with fewer interactions than this, so a
# single officer's day in a quiet neighborhood cannot be read off the page.
SMALL_COUNT = 5


def access_event(user: Any, pk: int) -> Event:
    """Any event, for anyone (events are public); 404 for an unknown id."""
    event = (
        Event.objects.select_related("event_type", "area", "host_organization", "walk")
        .filter(pk=pk).first()
    )
    if event is None:
        raise Http404
    return event


def access_managed_event(user: Any, pk: int) -> Event:
    """An event `user` manages: 404 for an unknown id, 403 for someone else's event."""
    event = access_event(user, pk)
    if not can_manage_event(user, event):
        raise PermissionDenied
    return event


def officers_of(event: Event) -> list[OfficerProfile]:
    """"Who you'll meet": only officers whose profile is public."""
    return list(
        event.officers.all().filter(
            pk__in=OfficerProfile.objects.public().values("pk")
        ).select_related("user", "assignment_area")
    )


def with_next_start(events: list[Event], now: datetime | None = None) -> list[Event]:
    """Set `next_start` on each event: its next occurrence (a weekly series that began
    weeks ago shows next Tuesday, not its first date)."""
    now = now or timezone.now()
    for event in events:
        upcoming = event.next_occurrence(now)
        event.next_start = upcoming[0] if upcoming else event.starts_at  # type: ignore[attr-defined]
    return events


@dataclass
class Filters:
    area: Area | None = None
    event_type: Any = None
    start: datetime | None = None
    lat: float | None = None
    lon: float | None = None


def filtered_events(filters: Filters, *, start: datetime, end: datetime | None = None) -> Any:
    events = Event.objects.scheduled().for_listing()
    events = events.filter(last_ends_at__gte=start)
    if end is not None:
        events = events.filter(starts_at__lt=end)
    if filters.area is not None:
        events = events.filter(area=filters.area)
    if filters.event_type is not None:
        events = events.filter(event_type=filters.event_type)
    if filters.lat is not None and filters.lon is not None:
        # A box first (indexable), exact distance in Python for what is left.
        dlat = NEAR_ME_RADIUS_M / 111_000
        dlon = dlat / max(0.2, abs(math.cos(math.radians(filters.lat))))
        events = events.filter(
            Q(lat__range=(filters.lat - dlat, filters.lat + dlat),
              lon__range=(filters.lon - dlon, filters.lon + dlon))
            | Q(lat__isnull=True, area__centroid_lat__range=(filters.lat - dlat,
                                                            filters.lat + dlat),
                area__centroid_lon__range=(filters.lon - dlon, filters.lon + dlon))
        )
    return events.order_by("starts_at", "pk")


def distance_m(event: Event, lat: float, lon: float) -> float | None:
    if event.lat is not None and event.lon is not None:
        return haversine_m((lat, lon), (event.lat, event.lon))
    return None


def list_page(filters: Filters, now: datetime, after: tuple[datetime, int] | None = None
              ) -> tuple[list[Event], tuple[datetime, int] | None]:
    """One page of upcoming events, soonest first, and the keyset of the next page."""
    start = max(filters.start or now, now)
    events = filtered_events(filters, start=start)
    if after is not None:
        events = events.filter(Q(starts_at__gt=after[0]) | Q(starts_at=after[0],
                                                              pk__gt=after[1]))
    rows = list(events[:LIST_PAGE + 1])
    more = len(rows) > LIST_PAGE
    rows = rows[:LIST_PAGE]
    if filters.lat is not None and filters.lon is not None:
        rows = [e for e in rows
                if (distance_m(e, filters.lat, filters.lon) or 0) <= NEAR_ME_RADIUS_M]
    following = (rows[-1].starts_at, rows[-1].pk) if more and rows else None
    return with_next_start(rows, now), following


@dataclass
class Occurrence:
    event: Event
    start: datetime
    end: datetime


def occurrences_between(filters: Filters, start: datetime, end: datetime) -> list[Occurrence]:
    """Each occurrence (weekly series expanded) starting in [start, end), by time."""
    found = []
    for event in filtered_events(filters, start=start, end=end)[:2000]:
        for occ_start, occ_end in event.occurrences():
            if start <= occ_start < end:
                found.append(Occurrence(event, occ_start, occ_end))
    found.sort(key=lambda occ: (occ.start, occ.event.pk))
    return found


def week_days(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def month_grid(day: date) -> list[list[date | None]]:
    return [[d if d.month == day.month else None for d in week]
            for week in calendar.Calendar().monthdatescalendar(day.year, day.month)]


def next_events(limit: int = 3, area: Area | None = None) -> list[Event]:
    events = Event.objects.upcoming().for_listing()
    if area is not None:
        events = events.filter(area=area)
    return with_next_start(list(events[:limit]))


def events_with_officer(profile: OfficerProfile, limit: int = 10) -> list[Event]:
    return with_next_start(
        list(Event.objects.upcoming().attended_by(profile).for_listing()[:limit]))


def managed_events(user: Any) -> Any:
    """The "my events" list of hosts: everything for coordinators, else their own."""
    from accounts.permissions import organization_ids
    from events.permissions import can_manage_every_event

    events = Event.objects.select_related("event_type", "area")
    if can_manage_every_event(user):
        return events.filter(last_ends_at__gte=timezone.now() - timedelta(days=90))
    mine = organization_ids(user)
    return events.filter(
        Q(created_by=user) | Q(officers__user=user) | Q(host_organization_id__in=mine)
        | Q(cohosts__id__in=mine)
    ).distinct()


def my_rsvps(user: Any) -> Any:
    return (
        Rsvp.objects.filter(user=user).exclude(status=Rsvp.Status.CANCELLED)
        .filter(event__last_ends_at__gte=timezone.now() - timedelta(days=30))
        .select_related("event__event_type", "event__area").order_by("event__starts_at")
    )


def attendance(event: Event) -> dict[str, Any]:
    """Per event: RSVPs, check-ins, walk-ins, no-shows, and officer hours."""
    counts = Rsvp.objects.filter(event=event).aggregate(
        going=Count("pk", filter=Q(status=Rsvp.Status.GOING)),
        checked_in=Count("pk", filter=Q(status=Rsvp.Status.GOING, checked_in_at__isnull=False)),
        waitlisted=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
    )
    over = event.last_ends_at < timezone.now()
    officers = event.officers.count()
    hours = officers * len(event.occurrences()) * event.duration.total_seconds() / 3600
    return {
        **counts,
        "walk_ins": event.walk_ins,
        "attended": counts["checked_in"] + event.walk_ins,
        "no_shows": counts["going"] - counts["checked_in"] if over else None,
        "officers": officers,
        "officer_hours": round(hours, 1),
    }


# ---------------------------------------------------------------------------- interactions


def interaction_totals(start: datetime, end: datetime, by: str) -> list[dict[str, Any]]:
    """Staff totals over [start, end): count and minutes grouped by neighborhood, unit,
    kind or week."""
    rows = Interaction.objects.in_period(start, end).order_by()
    group = {
        "area": ["area__name"],
        "unit": ["unit__name"],
        "kind": ["kind"],
        "week": ["week"],
    }[by]
    if by == "week":
        rows = rows.annotate(week=TruncWeek("occurred_at"))
    labels = dict(Interaction.Kind.choices)
    result = list(
        rows.values(*group).annotate(count=Count("pk"), minutes=Sum("minutes"))
        .order_by(*group)
    )
    for row in result:
        key = row[group[0]]
        row["label"] = labels.get(key, key) if by == "kind" else key
    return result


def public_interaction_totals(months: int = 6, area: Area | None = None,
                              now: datetime | None = None) -> list[dict[str, Any]]:
    """Neighborhood totals per month; a neighborhood-month under SMALL_COUNT is shown
    as "fewer than 5" (count None), never as its exact number."""
    now = now or timezone.now()
    since = (timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0,
                                             microsecond=0) - timedelta(days=31 * (months - 1)))
    since = since.replace(day=1)
    rows = Interaction.objects.filter(occurred_at__gte=since).order_by()
    if area is not None:
        rows = rows.filter(area=area)
    result: list[dict[str, Any]] = [
        dict(row) for row in rows.annotate(month=TruncMonth("occurred_at"))
        .values("month", "area__name", "area__slug", "area__level")
        .annotate(count=Count("pk"), minutes=Sum("minutes"))
        .order_by("-month", "area__name")
    ]
    for row in result:
        if row["count"] < SMALL_COUNT:
            row["count"] = None
            row["minutes"] = None
    return result


def dashboard_figures(area: Area | None) -> dict[str, Any]:
    """The dashboard panel: aggregated, privacy-safe counts for the last 90 days."""
    now = timezone.now()
    since = now - timedelta(days=90)
    events = Event.objects.filter(starts_at__gte=since, starts_at__lt=now,
                                  status=Event.Status.SCHEDULED)
    interactions = Interaction.objects.filter(occurred_at__gte=since)
    if area is not None:
        events = events.filter(area=area)
        interactions = interactions.filter(area=area)
    checked_in = Rsvp.objects.filter(event__in=events, checked_in_at__isnull=False).count()
    walk_ins = events.aggregate(n=Sum("walk_ins"))["n"] or 0
    logged = interactions.aggregate(n=Count("pk"), minutes=Sum("minutes"))
    count = logged["n"] or 0
    return {
        "events_held": events.count(),
        "attendance": checked_in + walk_ins,
        "upcoming": Event.objects.upcoming().filter(
            **({"area": area} if area is not None else {})).count(),
        "interactions": count if count >= SMALL_COUNT or count == 0 else None,
        "interaction_hours": round((logged["minutes"] or 0) / 60) if count >= SMALL_COUNT
        else None,
    }
