"""Reads of the board, and the permission-checked fetches views use.

The board is read with `.values()` into plain dicts (no model instances, no per-row
queries): one query for a page of commitments, one for their neighborhoods, and the
counts. Derived columns (`is_closed`, `last_update_at`, a parent's rolled-up `progress`)
were written with each change, so the 200,000 milestones are never touched here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import organization_ids
from commitments.models import Commitment, CommitmentQuerySet, Milestone, Status, localized
from commitments.permissions import can_configure_commitments, can_update_commitment

PAGE_SIZE = 50
MAX_PAGE = 2000
BOARD_FIELDS = (
    "id", "title_en", "title_es", "side", "theme", "owner__name", "status__code",
    "status__name_en", "status__name_es", "status__is_done", "progress", "is_closed",
    "start_date", "due_date", "last_update_at", "is_citywide", "parent_id", "origin",
)


def access_commitment(user: Any, pk: int) -> Commitment:
    """A commitment as its public page shows it; 404 for none or a hidden one the user
    may not manage."""
    commitment = (
        Commitment.objects.select_related("owner", "status", "parent", "source_type")
        .filter(pk=pk).first()
    )
    if commitment is None:
        raise Http404
    if not commitment.is_public and not can_update_commitment(user, commitment):
        raise Http404
    return commitment


def access_commitment_for_update(user: Any, pk: int) -> Commitment:
    """A commitment the user may change; 404 otherwise (never confirm that another
    organization's commitment exists to someone who may not touch it)."""
    commitment = Commitment.objects.select_related("owner", "status", "parent").filter(
        pk=pk).first()
    if commitment is None or not can_update_commitment(user, commitment):
        raise Http404
    return commitment


def manageable_commitments(user: Any) -> QuerySet[Commitment]:
    """What the staff list shows: all for coordinators, else the user's organizations'."""
    qs = Commitment.objects.select_related("owner", "status")
    if can_configure_commitments(user):
        return qs
    return qs.owned_by(organization_ids(user))


def _localize_row(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    row["title"] = localized(row["title_en"], row["title_es"])
    row["status_name"] = localized(row["status__name_en"], row["status__name_es"])
    row["is_overdue"] = not row["is_closed"] and row["due_date"] < today
    return row


def board_rows(qs: CommitmentQuerySet, *, offset: int, limit: int) -> list[dict[str, Any]]:
    """A page of the board as dicts, with each row's neighborhood names."""
    today = timezone.localdate()
    rows = [_localize_row(row, today)
            for row in qs.for_board().values(*BOARD_FIELDS)[offset:offset + limit]]
    names: dict[int, list[str]] = defaultdict(list)
    through = Commitment.areas.through
    for commitment_id, name in (
        through.objects.filter(commitment_id__in=[r["id"] for r in rows])
        .order_by("area__name").values_list("commitment_id", "area__name")
    ):
        names[commitment_id].append(name)
    for row in rows:
        row["area_names"] = names.get(row["id"], [])
    return rows


def board_page(filters: dict[str, Any], page: int) -> dict[str, Any]:
    """The public board: one page of rows, whether there is a next, and the totals."""
    qs = Commitment.objects.public().with_filters(filters)
    rows = board_rows(qs, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
    today = timezone.localdate()
    totals = qs.order_by().aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(is_closed=False)),
        overdue=Count("id", filter=Q(is_closed=False, due_date__lt=today)),
        done=Count("id", filter=Q(status__is_done=True)),
    )
    return {"rows": rows[:PAGE_SIZE], "has_next": len(rows) > PAGE_SIZE, "page": page,
            "totals": totals}


def you_said_we_did(limit: int = 50) -> list[dict[str, Any]]:
    """Finished commitments that answered residents (a proposal, a survey, a meeting, a
    hotspot of their reports), each with the newest milestone saying what was done."""
    today = timezone.localdate()
    rows = [
        _localize_row(row, today)
        for row in Commitment.objects.public()
        .filter(status__is_done=True).exclude(origin="plain")
        .order_by("-last_update_at", "-id")
        .values(*BOARD_FIELDS, "source_label", "description_en", "description_es")[:limit]
    ]
    latest: dict[int, Any] = {}
    for milestone in (
        Milestone.objects.filter(commitment_id__in=[r["id"] for r in rows])
        .order_by("commitment_id", "-date", "-id")
        .values("commitment_id", "date", "text_en", "text_es")
    ):
        latest.setdefault(milestone["commitment_id"], milestone)
    for row in rows:
        done = latest.get(row["id"])
        row["we_did"] = localized(done["text_en"], done["text_es"]) if done \
            else localized(row["description_en"], row["description_es"])
        row["we_did_on"] = done["date"] if done else None
    return rows


def status_counts(area: Any = None) -> list[dict[str, Any]]:
    """Public commitments per status (the dashboard panel and the board's summary)."""
    qs = Commitment.objects.public()
    if area is not None:
        qs = qs.filter(Q(areas=area) | Q(is_citywide=True)).distinct()
    counts = dict(qs.order_by().values_list("status_id").annotate(n=Count("id")))
    return [
        {"code": status.code, "name": status.name, "count": counts.get(status.pk, 0)}
        for status in Status.objects.all()
    ]
