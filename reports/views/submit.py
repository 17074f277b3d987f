"""Reporting a problem in three steps, each a plain page that works without JavaScript.

1. `new/`         where: typed address (offline geocoder), a map pin, or the device location;
2. `new/nearby/`  open reports within ~150 m, each with a "me too" button;
3. `new/details/` category (a GET picker), then its questions, description, photo and
                  contact details (POST). Place and category travel as hidden fields, so
                  nothing typed is lost when the form comes back with an error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from places.geocode import geocode
from reports.actions import do_submit_report, do_support_report
from reports.forms import PlaceForm, ReportForm, active_categories, apply_errors
from reports.models import Category, Report
from reports.validation import parse_coordinate, validate_location
from reports.views.common import map_settings, nearby_open_reports
from trustbeat.lib import ratelimit

REPORT_ERROR_FIELDS = {
    "category": "category",
    "description": "description",
    "photo": "photo",
    "reporter": "reporter_email",
    "location": "__all__",
    "address": "__all__",
    "answers": "__all__",
}


def _step_url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def _point_from(params: Any) -> tuple[float | None, float | None]:
    return (
        parse_coordinate(params.get("lat"), low=-90, high=90),
        parse_coordinate(params.get("lon"), low=-180, high=180),
    )


def _check_point(lat: float | None, lon: float | None) -> str:
    """An error message for an unusable point, or ""."""
    try:
        validate_location(lat, lon)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@require_http_methods(["GET"])
def new_place(request: HttpRequest) -> HttpResponse:
    """Step 1: where is the problem?"""
    bound = any(key in request.GET for key in ("q", "lat", "lon"))
    form = PlaceForm(request.GET if bound else None)
    context: dict[str, Any] = {"form": form, "map": map_settings(with_outlines=True), "choices": []}
    if bound and form.is_valid():
        lat, lon = form.cleaned_data.get("lat"), form.cleaned_data.get("lon")
        address = (form.cleaned_data.get("q") or "").strip()
        if lat is None or lon is None:
            matches = geocode(address)
            exact = [m for m in matches if m.exact]
            chosen = matches[0] if len(matches) == 1 else (exact[0] if len(exact) == 1 else None)
            if chosen is None:
                if not matches:
                    form.add_error(
                        "q",
                        _("We could not find that place. Try a street address with its "
                          "number, or put a pin on the map."),
                    )
                context["choices"] = [
                    {
                        "label": m.label,
                        "url": _step_url("reports:new_nearby", lat=f"{m.lat:.6f}",
                                         lon=f"{m.lon:.6f}", address=m.label),
                    }
                    for m in matches
                ]
                return render(request, "reports/new_place.html", context)
            lat, lon = chosen.lat, chosen.lon
            if chosen.kind == "place":
                address = chosen.label
            elif chosen.kind == "point":
                address = ""
        problem = _check_point(lat, lon)
        if problem:
            form.add_error(None, problem)
        else:
            return redirect(
                _step_url("reports:new_nearby", lat=f"{lat:.6f}", lon=f"{lon:.6f}",
                          address=address)
            )
    return render(request, "reports/new_place.html", context)


@require_http_methods(["GET"])
def new_nearby(request: HttpRequest) -> HttpResponse:
    """Step 2: is it already reported? "Me too" instead of a duplicate."""
    lat, lon = _point_from(request.GET)
    address = str(request.GET.get("address", ""))[:250]
    problem = _check_point(lat, lon)
    if problem or lat is None or lon is None:
        messages.error(request, problem or _("Give a valid latitude and longitude."))
        return redirect("reports:new")
    category = None
    code = request.GET.get("category")
    if code:
        category = active_categories().filter(code=code).first()
    return render(
        request,
        "reports/new_nearby.html",
        {
            "lat": lat, "lon": lon, "address": address,
            "nearby": nearby_open_reports(lat, lon, category=category),
            "categories": active_categories(),
            "category": category,
            "continue_url": _step_url("reports:new_details", lat=f"{lat:.6f}",
                                      lon=f"{lon:.6f}", address=address),
            "back_url": _step_url("reports:new", q=address),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit.limit("public-post")
def new_details(request: HttpRequest) -> HttpResponse:
    """Step 3: category (picked by GET), then the report itself (POST)."""
    params = request.POST if request.method == "POST" else request.GET
    lat, lon = _point_from(params)
    address = str(params.get("address", ""))[:250]
    if lat is None or lon is None:
        messages.error(request, _("Choose the place first."))
        return redirect("reports:new")
    category = _chosen_category(params.get("category"))
    context: dict[str, Any] = {
        "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "address": address,
        "place_url": _step_url("reports:new", q=address),
        "change_category_url": _step_url("reports:new_details", lat=f"{lat:.6f}",
                                         lon=f"{lon:.6f}", address=address),
    }
    if request.method == "GET":
        if category is None:
            unknown = bool(params.get("category"))
            return render(
                request, "reports/new_category.html",
                {**context, "categories": active_categories(), "unknown": unknown},
            )
        form = ReportForm(
            initial={"lat": lat, "lon": lon, "address": address, "category": category.pk},
            category=category,
        )
        return render(request, "reports/new_details.html",
                      {**context, "form": form, "category": category})

    form = ReportForm(request.POST, request.FILES, category=category)
    if form.is_valid():
        try:
            report = do_submit_report(
                category=form.cleaned_data["category"],
                lat=form.cleaned_data["lat"],
                lon=form.cleaned_data["lon"],
                address=form.cleaned_data["address"],
                description=form.cleaned_data["description"],
                answers=form.answers(),
                photo=form.cleaned_data.get("photo"),
                reporter=request.user if request.user.is_authenticated else None,
                reporter_name=form.cleaned_data["reporter_name"],
                reporter_email=form.cleaned_data["reporter_email"],
                reporter_phone=form.cleaned_data["reporter_phone"],
                source=Report.Source.WEB,
                actor=request.user,
            )
        except ValidationError as error:
            _apply_submit_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your report is #%(id)s. Keep this page's address: it is your "
                  "private link to follow the report, confirm the fix or reopen it.")
                % {"id": report.pk},
            )
            return redirect("reports:reporter", report.pk, report.reporter_token)
    if category is None:
        return render(
            request, "reports/new_category.html",
            {**context, "categories": active_categories(), "unknown": True},
            status=400,
        )
    if request.FILES.get("photo"):
        form.photo_lost = True  # type: ignore[attr-defined]
    return render(
        request, "reports/new_details.html",
        {**context, "form": form, "category": category}, status=400,
    )


def _chosen_category(raw: Any) -> Category | None:
    if not raw:
        return None
    categories = active_categories()
    if str(raw).isdigit():
        return categories.filter(pk=int(raw)).first()
    return categories.filter(code=str(raw)).first()


def _apply_submit_errors(form: ReportForm, error: ValidationError) -> None:
    """Answer errors go on their questions; the rest on their fields."""
    from reports.validation import validate_answers

    details = getattr(error, "error_dict", {})
    if "answers" in details and form.chosen_category is not None:
        try:
            validate_answers(form.chosen_category, form.answers())
        except ValidationError as answer_error:
            for code, errors in getattr(answer_error, "error_dict", {}).items():
                field = "answer_" + code
                for message in ValidationError(errors).messages:
                    form.add_error(field if field in form.fields else None, message)
            error = ValidationError({k: v for k, v in details.items() if k != "answers"})
            if not error.error_dict:
                return
    apply_errors(form, error, REPORT_ERROR_FIELDS)


@require_POST
@ratelimit.limit("support-ip")
def support(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Me too": count one more person with the same problem, once per person.

    A person is the signed-in account, else the browser session; the per-address cap
    (support-ip) bounds what clearing cookies can add.
    """
    report = get_object_or_404(Report, pk=pk)
    if not ratelimit.once("support-once", f"{ratelimit.by_person(request)}:{report.pk}"):
        messages.info(request, _("You have already added your voice to this report. Thank you."))
        return redirect("reports:detail", report.pk)
    try:
        target = do_support_report(report, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:detail", report.pk)
    messages.success(
        request, _("Thank you: we added your voice to report #%(id)s.") % {"id": target.pk}
    )
    return redirect("reports:detail", target.pk)
