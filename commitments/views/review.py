"""The coordinators' quarterly review: the page, its CSV and its PDF."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import permission_required
from commitments.permissions import can_configure_commitments
from commitments.review import STALE_DAYS, csv_rows, review_pdf, review_rows


@require_GET
@permission_required(can_configure_commitments)
def review(request: HttpRequest) -> HttpResponse:
    rows = review_rows()
    return render(request, "commitments/review.html", {
        "rows": rows, "stale_days": STALE_DAYS,
        "overdue": sum(1 for r in rows if r["is_overdue"]),
        "stale": sum(1 for r in rows if r["is_stale"]),
    })


def _filename(extension: str) -> str:
    return f'attachment; filename="commitments-review-{timezone.localdate()}.{extension}"'


@require_GET
@permission_required(can_configure_commitments)
def review_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename("csv")
    csv.writer(response).writerows(csv_rows(review_rows()))
    return response


@require_GET
@permission_required(can_configure_commitments)
def review_pdf_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(review_pdf(review_rows()), content_type="application/pdf")
    response["Content-Disposition"] = _filename("pdf")
    return response
