"""Resident pages: search, service page, print view."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory import hours, queries
from directory.forms import DAY_LABELS, SearchForm
from directory.needs import NEEDS, NEEDS_BY_SLUG
from directory.permissions import can_edit_service
from directory.views.common import map_settings, parse_uuid
from places.geocode import geocode

STALE_AFTER = dt.timedelta(days=365)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    searched = any(key in request.GET for key in SearchForm.base_fields)
    data = request.GET.copy()
    data.setdefault("radius", "10")
    form = SearchForm(data if searched else None, initial={"radius": "10"})
    context: dict[str, object] = {"form": form, "needs": NEEDS, "searched": searched}
    status = 200
    if searched:
        if form.is_valid():
            cleaned = form.cleaned_data
            near: tuple[float, float] | None = None
            label = ""
            if cleaned.get("lat") is not None and cleaned.get("lon") is not None:
                near, label = (cleaned["lat"], cleaned["lon"]), _("your location")
            elif (cleaned.get("near") or "").strip():
                matches = geocode(cleaned["near"], limit=1)
                if matches:
                    near, label = (matches[0].lat, matches[0].lon), matches[0].label
                else:
                    form.add_error(
                        "near",
                        _(
                            "We could not find that place. Try a street "
                            "address or a neighborhood name."
                        ),
                    )
            if form.is_valid():
                params = form.params(near, label)
                results, more = queries.search(params)
                context.update(
                    results=results,
                    more=more,
                    params=params,
                    explained=queries.explain(params),
                    need=NEEDS_BY_SLUG.get(params.need),
                    next_page=params.page + 1,
                    query=request.GET.urlencode(),
                )
        if not form.is_valid():
            status = 400
    return render(request, "directory/index.html", context, status=status)


def _service_context(request: HttpRequest, pk: str) -> dict[str, object]:
    service = queries.access_service(request.user, parse_uuid(pk))
    locations, has_confidential = queries.service_locations(service)
    periods = queries.service_periods(service)
    local = timezone.now().astimezone(hours.zone(service.timezone))
    is_open = hours.is_open(periods, local)
    stale = service.assured_date is None or (local.date() - service.assured_date > STALE_AFTER)
    points = [
        {"lat": loc.latitude, "lon": loc.longitude, "name": loc.name}
        for loc in locations
        if loc.latitude is not None and loc.longitude is not None
    ]
    return {
        "service": service,
        "terms": queries.service_terms(service),
        "locations": locations,
        "has_confidential": has_confidential,
        "week": [(DAY_LABELS[day], spans) for day, spans in hours.week_table(periods)],
        "has_hours": bool(periods),
        "is_open": is_open,
        "closes_at": hours.closes_at(periods, local) if is_open else None,
        "opens_next": None if is_open else hours.next_opening(periods, local),
        "stale": stale,
        "points": points,
        "map": map_settings(),
        "can_edit": can_edit_service(request.user, service),
        "share_url": request.build_absolute_uri(),
    }


@require_GET
def service_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return render(request, "directory/service.html", _service_context(request, pk))


@require_GET
def service_print(request: HttpRequest, pk: str) -> HttpResponse:
    return render(request, "directory/service_print.html", _service_context(request, pk))
