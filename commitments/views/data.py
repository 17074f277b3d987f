"""Data out and in: the public board as JSON (docs/api/openapi.json), the CSV export, and
the coordinators' CSV import page with its validation report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import permission_required
from commitments import csvio
from commitments.forms import BoardFilterForm, ImportForm
from commitments.permissions import can_configure_commitments
from commitments.queries import board_page


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    """One commitment of the public JSON list (an explicit shape, see the OpenAPI file)."""
    return {
        "id": row["id"],
        "url": reverse("commitments:detail", args=[row["id"]]),
        "title": row["title"],
        "title_en": row["title_en"],
        "title_es": row["title_es"],
        "side": row["side"],
        "owner": row["owner__name"],
        "theme": row["theme"],
        "status": row["status__code"],
        "status_name": row["status_name"],
        "progress": row["progress"],
        "start_date": row["start_date"].isoformat(),
        "due_date": row["due_date"].isoformat(),
        "is_overdue": row["is_overdue"],
        "is_closed": row["is_closed"],
        "citywide": row["is_citywide"],
        "neighborhoods": row["area_names"],
        "origin": row["origin"],
        "parent_id": row["parent_id"],
        "last_update": row["last_update_at"].isoformat(),
    }


@require_GET
@cache_control(public=True, max_age=60)
def board_json(request: HttpRequest) -> JsonResponse:
    form = BoardFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return JsonResponse({"error": {"message": f"{next(iter(form.errors))}: {first}"}},
                            status=400)
    data = board_page(form.filters(), form.page_number())
    query = request.GET.copy()
    query["page"] = str(data["page"] + 1)
    return JsonResponse({
        "commitments": [_json_row(row) for row in data["rows"]],
        "page": data["page"],
        "next": (reverse("commitments:board_json") + "?" + query.urlencode())
        if data["has_next"] else None,
        "totals": data["totals"],
    })


@require_GET
@permission_required(can_configure_commitments)
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="commitments-{stamp}.csv"'
    csvio.write_csv(response, csvio.export_queryset())
    return response


@require_http_methods(["GET", "POST"])
@permission_required(can_configure_commitments)
def import_page(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(csvio.MAX_BYTES + 1)
        report = csvio.import_csv(data, actor=request.user,
                                  dry_run=form.cleaned_data["dry_run"])
    status = 400 if (posted and (form.errors or (report and not report.ok))) else 200
    return render(request, "commitments/import.html",
                  {"form": form, "report": report, "columns": csvio.COLUMNS},
                  status=status)
