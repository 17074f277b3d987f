"""Public pages: find my neighborhood, the area page, the beat team index, the lookup API."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.models import OfficerProfile
from places.forms import AreaSearchForm, FindForm, PointForm
from places.geocode import Match, geocode, match_areas
from places.lookup import find_area_ids, find_first_area
from places.models import SHAPE_FIELDS, Area
from places.render import area_json, map_outlines
from places.sections import area_sections
from places.team import beat_team, team_area_ids
from trustbeat.lib.maps import map_settings

TEAM_AREAS_PER_PAGE = 20


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    form = FindForm(request.GET if request.GET else None)
    context: dict[str, Any] = {"form": form, "map": map_settings(), "searched": False}
    if form.is_bound and form.is_valid():
        point = form.point
        query = form.cleaned_data["q"].strip()
        if point is not None:
            area = find_first_area(*point)
            if area is not None:
                return redirect(area_url(area))
            context["outside"] = True
        elif query:
            context["searched"] = True
            matches = geocode(query)
            chosen = _single_answer(matches)
            if chosen is not None:
                if chosen.area is not None:
                    return redirect(area_url(chosen.area))
                area = find_first_area(chosen.lat, chosen.lon)
                if area is not None:
                    return redirect(area_url(area))
                context["outside"] = True
            context["results"] = _describe_results(matches)
    context["outside_message"] = _("That point is outside the areas we serve.")
    context["outlines"] = map_outlines(Area.Level.NEIGHBORHOOD)
    return render(request, "places/find.html", context)


def _single_answer(matches: list[Match]) -> Match | None:
    """The one match to go to directly: the only result, or the only exact area name."""
    if len(matches) == 1:
        return matches[0]
    exact_areas = [m for m in matches if m.area is not None and m.exact]
    if len(exact_areas) == 1:
        return exact_areas[0]
    return None


def _describe_results(matches: list[Match]) -> list[dict[str, Any]]:
    """Results for the list, each with a link; addresses say which neighborhood holds them."""
    points = [(m.lat, m.lon) for m in matches if m.area is None]
    area_ids = iter(find_area_ids(points, Area.Level.NEIGHBORHOOD)) if points else iter([])
    holders: dict[int, Area] = {}
    resolved = []
    for match in matches:
        holder_id = next(area_ids) if match.area is None else None
        resolved.append((match, holder_id))
    wanted = {i for _, i in resolved if i is not None}
    if wanted:
        holders = Area.objects.in_bulk(wanted)
    results = []
    for match, holder_id in resolved:
        url: str | None
        if match.area is not None:
            url = area_url(match.area)
            note = str(match.area.get_level_display())
        else:
            holder = holders.get(holder_id) if holder_id is not None else None
            url = area_url(holder) if holder is not None else None
            note = (
                _("in %(area)s") % {"area": holder.name}
                if holder is not None
                else _("outside the areas we serve")
            )
        results.append({"label": match.label, "kind": match.kind_label, "note": note, "url": url})
    return results


def area_url(area: Area) -> str:
    return reverse("places:area", args=[area.level, area.slug])


@require_GET
def area_detail(request: HttpRequest, level: str, slug: str) -> HttpResponse:
    if level not in Area.Level.values:
        raise Http404
    area = get_object_or_404(Area.objects.select_related("parent"), level=level, slug=slug)
    sharing = Area.objects.filter(id__in=team_area_ids(area)).exclude(pk=area.pk)
    return render(
        request,
        "places/area_detail.html",
        {
            "area": area,
            "team": beat_team(area),
            "sharing_areas": list(sharing.order_by("level", "name")),
            "children": list(area.children.order_by("level", "name")),
            "sections": area_sections(request, area),
            "map": map_settings(),
            "is_demo_beat": bool(area.properties.get("demo")) if area.properties else False,
        },
    )


@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    level = str(request.GET.get("level", Area.Level.NEIGHBORHOOD))
    if level not in Area.Level.values:
        level = Area.Level.NEIGHBORHOOD
    areas = Area.objects.at_level(level).select_related("parent").only(
        "level", "name", "slug", "parent__name", "parent__slug", "parent__level"
    )
    return render(
        request,
        "places/area_list.html",
        {"areas": areas, "level": level, "levels": Area.Level.choices},
    )


@require_GET
def beat_team_index(request: HttpRequest) -> HttpResponse:
    form = AreaSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    profiles = (
        OfficerProfile.objects.public()
        .filter(assignment_area__isnull=False)
        .select_related("user", "assignment_area")
        .defer(*(f"assignment_area__{name}" for name in SHAPE_FIELDS))
        .order_by("user__display_name", "pk")
    )
    groups: list[dict[str, Any]] = []
    page = None
    if query:
        # Searching by a place name also finds the officers of beats drawn on it.
        matches = [m.area for m in match_areas(query, limit=20) if m.area is not None]
        teams = {area.pk: team_area_ids(area) for area in matches}
        by_area = _profiles_by_area(profiles, {i for ids in teams.values() for i in ids})
        for area in matches:
            team = [p for i in teams[area.pk] for p in by_area.get(i, [])]
            groups.append({"area": area, "officers": team})
    else:
        # A page of areas at a time: the whole department on one page was 124 KB and
        # ~0.4 s for the demo's 296 officers, and grows with every officer.
        area_ids = set(profiles.values_list("assignment_area_id", flat=True).distinct())
        areas = sorted(
            Area.objects.without_shapes().filter(pk__in=area_ids),
            key=lambda a: (a.name.casefold(), a.level),
        )
        page = Paginator(areas, TEAM_AREAS_PER_PAGE).get_page(request.GET.get("page"))
        by_area = _profiles_by_area(profiles, {area.pk for area in page.object_list})
        groups = [{"area": area, "officers": by_area[area.pk]} for area in page.object_list]
    return render(
        request,
        "places/beat_team_index.html",
        {"form": form, "query": query, "groups": groups, "page": page,
         "officer_count": profiles.count()},
    )


def _profiles_by_area(
    profiles: QuerySet[OfficerProfile], area_ids: set[int]
) -> dict[int, list[OfficerProfile]]:
    by_area: dict[int, list[OfficerProfile]] = defaultdict(list)
    for profile in profiles.filter(assignment_area_id__in=area_ids):
        if profile.assignment_area_id is not None:
            by_area[profile.assignment_area_id].append(profile)
    return by_area


@require_GET
@cache_control(public=True, max_age=300)
def lookup_json(request: HttpRequest) -> JsonResponse:
    """GET /places/lookup.json?lat=&lon=[&level=] → {"area": {...}}; errors as {"error": …}."""
    form = PointForm(request.GET)
    if not form.is_valid():
        messages = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse({"error": {"message": " ".join(messages)}}, status=400)
    level = request.GET.get("level")
    if level and level not in Area.Level.values:
        return JsonResponse(
            {"error": {"message": _("Unknown area level: %(level)s.") % {"level": level}}},
            status=400,
        )
    lat, lon = form.cleaned_data["lat"], form.cleaned_data["lon"]
    area = find_first_area(lat, lon, [level] if level else None)
    if area is None:
        return JsonResponse(
            {"error": {"message": _("That point is outside the areas we serve.")}}, status=404
        )
    return JsonResponse({"area": area_json(area)})
