"""Public pages: the reports home, a report's tracking page, the reporter's private page."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from reports.actions import do_confirm_fixed, do_reopen_report
from reports.forms import ReporterNoteForm, apply_errors
from reports.models import Report
from reports.views.common import (
    is_blurred,
    is_overdue,
    map_settings,
    public_answers,
    public_timeline,
)
from trustbeat.middleware import personal_data


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()[:64]
    found: list[Report] = []
    if number:
        found = find_reports_by_number(number)
        if len(found) == 1:
            return redirect("reports:detail", found[0].pk)
    return render(
        request,
        "reports/index.html",
        {
            "number": number,
            "found": found,
        },
    )


def find_reports_by_number(number: str) -> list[Report]:
    """Reports whose number, or original 311 request id, is exactly `number`."""
    query = Q(external_id=number)
    if number.lstrip("#").isdigit():
        query |= Q(pk=int(number.lstrip("#")))
    return list(Report.objects.filter(query).select_related("category")[:20])


def _public_report(pk: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("category", "area", "duplicate_of"), pk=pk
    )


def _tracking_context(request: HttpRequest, report: Report) -> dict[str, Any]:
    blurred = is_blurred(report.category)
    return {
        "report": report,
        "timeline": public_timeline(report),
        "answers": public_answers(report),
        "blurred": blurred,
        # Public pages only ever see the public point; the street address is hidden for
        # blurred categories because it would locate the report exactly.
        "point": (report.public_lat, report.public_lon) if report.public_lat is not None
        else None,
        "address": "" if blurred else report.address,
        "overdue": is_overdue(report),
        "map": map_settings(),
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _public_report(pk)
    return render(request, "reports/detail.html", _tracking_context(request, report))


@require_http_methods(["GET", "POST"])
@personal_data
def reporter(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The reporter's private page (the link in their email): confirm the fix or reopen."""
    report = _public_report(pk)
    if not (report.reporter_token and secrets.compare_digest(token, report.reporter_token)):
        raise Http404
    form = ReporterNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        note = form.cleaned_data["note"]
        try:
            if action == "confirm":
                do_confirm_fixed(report, token=token, note=note)
                messages.success(request, _("Thank you for confirming the fix."))
            elif action == "reopen":
                do_reopen_report(report, token=token, note=note)
                messages.success(request, _("The report is open again; staff will look at it."))
            else:
                raise ValidationError(_("Choose confirm or reopen."))
        except ValidationError as error:
            apply_errors(form, error, {"note": "note"})
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return redirect("reports:reporter", report.pk, token)
    context = _tracking_context(request, report)
    context.update({"reporter_view": True, "note_form": form, "token": token})
    response = render(request, "reports/detail.html", context, status=400 if form.errors else 200)
    # The secret link must not travel in Referer headers to tiles or other sites.
    response["Referrer-Policy"] = "no-referrer"
    return response
