"""The public map, its JSON feed, the list alternative, and the hotspots page.

Public outputs read `public_lat` / `public_lon` only (the H3 cell centre for blurred
categories) and never a reporter field. The map JSON reads plain tuples with
`.values_list()` and filters on the (public_lat, public_lon) index.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from places.models import Area
from reports.forms import HotspotForm, MapFilterForm
from reports.hotspot_queries import (
    DEFAULT_DAYS,
    Window,
    area_counts,
    category_hotspots,
    cell_counts,
    cell_geojson,
)
from reports.models import CLOSED_STATUSES, Category, Report, Status
from reports.views.common import map_settings

MAP_LIMIT = 2000
LIST_PAGE_SIZE = 50


def filtered_reports(form: MapFilterForm) -> QuerySet[Report]:
    """Public, unmerged reports matching a valid MapFilterForm."""
    data = form.cleaned_data
    reports = Report.objects.public()
    if data.get("category"):
        reports = reports.filter(category=data["category"])
    status = data.get("status")
    if status == "open":
        reports = reports.filter(is_open=True)
    elif status == "closed":
        reports = reports.filter(is_open=False)
    if data.get("age"):
        reports = reports.filter(
            requested_at__gte=timezone.now() - dt.timedelta(days=int(data["age"]))
        )
    if data.get("area"):
        reports = reports.filter(area=data["area"])
    bbox = data.get("bbox")
    if bbox:
        west, south, east, north = bbox
        reports = reports.filter(
            public_lat__range=(south, north), public_lon__range=(west, east)
        )
    return reports


def map_points(form: MapFilterForm, limit: int | None = None) -> dict[str, Any]:
    """At most `limit` points, newest first: [id, lat, lon, category id, status, open]."""
    limit = MAP_LIMIT if limit is None else limit
    rows: list[tuple[Any, ...]] = list(
        filtered_reports(form)
        .exclude(public_lat=None)
        .order_by("-requested_at")
        .values_list("id", "public_lat", "public_lon", "category_id", "status", "is_open")[
            : limit + 1
        ]
    )
    truncated = len(rows) > limit
    return {
        "points": [
            [pk, round(float(lat), 5), round(float(lon), 5), category_id, status, is_open]
            for pk, lat, lon, category_id, status, is_open in rows[:limit]
        ],
        "truncated": truncated,
        "limit": limit,
    }


def _category_names() -> dict[int, str]:
    return dict(Category.objects.values_list("id", "name"))


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    form = MapFilterForm(request.GET or None)
    form.is_valid()
    # Filters the visitor set (the map's own bbox is not one): the panel opens to show them.
    active_filters = sum(
        1 for name in ("category", "status", "age", "area") if form.data.get(name)
    )
    return render(
        request,
        "reports/map.html",
        {
            "form": form,
            "active_filters": active_filters,
            "map": map_settings(with_outlines=True),
            "categories": _category_names(),
            "statuses": dict(Status.choices),
        },
    )


@require_GET
@cache_control(public=True, max_age=60)
def map_json(request: HttpRequest) -> JsonResponse:
    """GET /reports/map.json?bbox=west,south,east,north&category=&status=&age=&area="""
    form = MapFilterForm(request.GET)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": {"message": " ".join(errors)}}, status=400)
    return JsonResponse(map_points(form))


@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    """The map as a list: for screen readers, no JavaScript, or small screens."""
    form = MapFilterForm(request.GET or None)
    reports: QuerySet[Report] = Report.objects.none()
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form = MapFilterForm({})
            form.is_valid()
        reports = filtered_reports(form).select_related("category", "area").only(
            "id", "status", "is_open", "requested_at", "expected_at", "supporters",
            "category__name", "category__location_privacy", "area__name", "address",
        )
    page = Paginator(reports, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "now": timezone.now(),
         "closed": CLOSED_STATUSES},
    )


def _hotspot_data(form: HotspotForm) -> dict[str, Any]:
    category = form.cleaned_data.get("category") if form.is_valid() else None
    days = (form.cleaned_data.get("days") if form.is_valid() else None) or DEFAULT_DAYS
    window = Window.last_days(days)
    data: dict[str, Any] = {"category": category, "days": days}
    data["neighborhoods"] = area_counts(category, window)[:50]
    if category is not None:
        rows = category_hotspots(category, window)
        data["cells"] = rows
        data["hot"] = [r for r in rows if r["class"] == "hot"]
        data["cold"] = [r for r in rows if r["class"] == "cold"]
    else:
        counts = cell_counts(None, window)
        data["cells"] = [
            {"cell": c, "count": n, "z": None, "p": None, "p_fdr": None, "class": "none"}
            for c, n in sorted(counts.items(), key=lambda item: -item[1])
        ]
        data["hot"] = data["cold"] = []
    return data


@require_GET
def hotspots(request: HttpRequest) -> HttpResponse:
    form = HotspotForm(request.GET or None)
    data = _hotspot_data(form)
    return render(
        request,
        "reports/hotspots.html",
        {
            "form": form,
            **data,
            "top_cells": data["cells"][:50],
            # Only the parameters the JSON understands, from the valid form.
            "cells_query": urlencode(
                {
                    key: value
                    for key, value in (
                        ("category", data["category"].code if data["category"] else ""),
                        ("days", data["days"] if data["days"] != DEFAULT_DAYS else ""),
                    )
                    if value
                }
            ),
            "map": map_settings(),
            "level_name": Area.Level.NEIGHBORHOOD.label,
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def hotspots_json(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the H3 cells with counts (and Gi* figures when a category is given)."""
    form = HotspotForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"error": {"message": _("Choose a listed category.")}}, status=400)
    data = _hotspot_data(form)
    return JsonResponse(cell_geojson(data["cells"][:3000]))
