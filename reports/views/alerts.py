"""Email alerts: subscribe (confirmed by email), confirm, one-click unsubscribe; feed links."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from places.geocode import geocode
from reports.forms import AlertForm, apply_errors
from reports.models import Alert, Report
from reports.notifications import (
    describe_alert,
    do_confirm_alert,
    do_subscribe_alert,
    do_unsubscribe_alert,
    find_alert,
)
from trustbeat.lib import ratelimit
from trustbeat.middleware import personal_data


@require_http_methods(["GET", "POST"])
@ratelimit.limit("public-post")
def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET.get(k) for k in ("kind", "report", "area", "category")
               if request.GET.get(k)}
    form = AlertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        report = None
        lat = lon = None
        try:
            if kind == Alert.Kind.REPORT:
                report = Report.objects.filter(pk=data.get("report") or 0).first()
                if report is None:
                    raise ValidationError({"report": _("There is no report with that number.")})
            if kind == Alert.Kind.RADIUS:
                matches = geocode(data.get("place") or "")
                if not matches:
                    raise ValidationError(
                        {"place": _("We could not find that place. Try coordinates such as "
                                    "34.05, -118.25.")}
                    )
                lat, lon = matches[0].lat, matches[0].lon
            do_subscribe_alert(
                kind=kind, email=data["email"], report=report, area=data.get("area"),
                category=data.get("category"), lat=lat, lon=lon,
                radius_m=data.get("radius_m"), actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error, {"kind": "kind"})
        else:
            return render(request, "reports/alert_sent.html", {"email": data["email"]})
    return render(request, "reports/alert_subscribe.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@personal_data
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    alert = find_alert(token)
    if alert is None:
        raise Http404
    if request.method == "POST":
        do_confirm_alert(alert)
        return render(request, "reports/alert_done.html",
                      {"confirmed": True, "description": describe_alert(alert),
                       "unsubscribe_token": alert.token})
    # A GET only asks: link scanners in mail systems must not confirm on their own.
    return render(request, "reports/alert_confirm.html",
                  {"description": describe_alert(alert), "action": "confirm"})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without our cookie.
@require_http_methods(["GET", "POST"])
@personal_data
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    alert = find_alert(token)
    if request.method == "POST":
        if alert is not None:
            do_unsubscribe_alert(alert)
        return render(request, "reports/alert_done.html", {"unsubscribed": True})
    if alert is None:
        return render(request, "reports/alert_done.html", {"unsubscribed": True})
    return render(request, "reports/alert_confirm.html",
                  {"description": describe_alert(alert), "action": "unsubscribe"})
