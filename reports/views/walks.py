"""Neighborhood walk audits: start a walk, record problems fast on one phone screen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from places.geocode import geocode
from reports.forms import WalkForm, WalkProblemForm, apply_errors
from reports.models import Walk
from reports.permissions import can_lead_walks
from reports.views.common import map_settings
from reports.walks import do_finish_walk, do_record_walk_problem, do_start_walk

PROBLEM_FIELDS = {"category": "category", "location": "place", "description": "note",
                  "answers": "__all__", "address": "place"}  # fmt: skip


@require_GET
@permission_required(can_lead_walks)
def walk_list(request: HttpRequest) -> HttpResponse:
    walks = Walk.objects.select_related("area", "led_by").order_by("-started_at")[:100]
    return render(request, "reports/walk_list.html", {"walks": walks})


@require_http_methods(["GET", "POST"])
@permission_required(can_lead_walks)
def walk_new(request: HttpRequest) -> HttpResponse:
    form = WalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            walk = do_start_walk(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, {})
        else:
            return redirect("reports:walk", walk.pk)
    return render(request, "reports/walk_new.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required(can_lead_walks)
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The walk page: a quick form at the top, the walk's reports below."""
    walk = get_object_or_404(Walk.objects.select_related("area", "led_by"), pk=pk)
    form = WalkProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lat, lon, address = data.get("lat"), data.get("lon"), data.get("place") or ""
        if (lat is None or lon is None) and address.strip():
            matches = geocode(address)
            if matches:
                lat, lon = matches[0].lat, matches[0].lon
        if lat is None or lon is None:
            form.add_error("place", _("Use your location, put a pin on the map, or type an "
                                      "address we know."))
        else:
            try:
                report = do_record_walk_problem(
                    walk, category=data["category"], lat=lat, lon=lon, address=address,
                    note=data.get("note") or "", actor=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error, PROBLEM_FIELDS)
            else:
                messages.success(
                    request,
                    _("Recorded #%(id)s: %(category)s.")
                    % {"id": report.pk, "category": report.category.name},
                )
                return redirect("reports:walk", walk.pk)
    reports = walk.reports.select_related("category").order_by("-requested_at")
    return render(
        request, "reports/walk_detail.html",
        {"walk": walk, "form": form, "reports": reports, "map": map_settings(with_outlines=True)},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required(can_lead_walks)
def walk_finish(request: HttpRequest, pk: int) -> HttpResponse:
    walk = get_object_or_404(Walk, pk=pk)
    do_finish_walk(walk, notes=request.POST.get("notes", ""), actor=request.user)
    messages.success(request, _("The walk is finished."))
    return redirect("reports:walk", walk.pk)
