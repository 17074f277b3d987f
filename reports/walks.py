"""Writes for neighborhood walk audits (CPTED walks): start, record a problem, finish.

A walk's problems are ordinary reports (source "walk") linked to the Walk, submitted
through reports.actions.do_submit_report so they are validated, routed and audited like
any other report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actors import ActorLike, user_of
from audit.lib import record_change
from places.models import Area
from reports.actions import do_submit_report
from reports.events import ReportsEvent
from reports.models import Category, Report, Walk
from reports.permissions import can_lead_walks


@transaction.atomic(durable=True)
def do_start_walk(
    *, title: str, area: Area | None, participants: str = "", actor: ActorLike
) -> Walk:
    if not can_lead_walks(actor):
        raise PermissionDenied(_("Only officers and coordinators lead walks."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the walk a title.")})
    walk = Walk.objects.create(
        title=title[:200], area=area, led_by=user_of(actor),
        participants=(participants or "").strip()[:2000], started_at=timezone.now(),
    )
    record_change(actor, ReportsEvent.WALK_START, walk)
    return walk


def do_record_walk_problem(
    walk: Walk, *, category: Category | None, lat: Any, lon: Any, address: str = "",
    note: str = "", actor: ActorLike,
) -> Report:
    if not can_lead_walks(actor):
        raise PermissionDenied(_("Only officers and coordinators lead walks."))
    if walk.finished_at is not None:
        raise ValidationError(_("This walk is finished; start a new one."))
    return do_submit_report(
        category=category, lat=lat, lon=lon, address=address, description=note,
        source=Report.Source.WALK, walk=walk, actor=actor,
    )


@transaction.atomic(durable=True)
def do_finish_walk(walk: Walk, *, notes: str = "", actor: ActorLike) -> Walk:
    if not can_lead_walks(actor):
        raise PermissionDenied(_("Only officers and coordinators lead walks."))
    if walk.finished_at is None:
        walk.finished_at = timezone.now()
        if notes.strip():
            walk.notes = notes.strip()[:4000]
        walk.save(update_fields=["finished_at", "notes"])
        record_change(actor, ReportsEvent.WALK_FINISH, walk, reports=walk.reports.count())
    return walk
