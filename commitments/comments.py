"""Residents' comments on commitments: posted into a moderation queue, published or
rejected by a coordinator, and reported by anyone (report-abuse path). A comment reported
by REPORTS_TO_HIDE different reports is hidden until a coordinator looks again.

Every write is a `do_*` inside one transaction with an audit entry; the audit names the
comment, never the author's address.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.lib import record_change
from commitments.events import CommitmentsEvent
from commitments.models import AbuseReport, Comment, Commitment
from commitments.permissions import can_comment_on_commitment, can_moderate_comments
from trustbeat.lib.text import has_forbidden_characters

MAX_COMMENT = 2000
MAX_REASON = 500
REPORTS_TO_HIDE = 3
DECISIONS = {"publish": Comment.State.PUBLISHED, "reject": Comment.State.REJECTED,
             "hide": Comment.State.HIDDEN}


def _text(value: str, limit: int, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > limit:
        raise ValidationError({field: _("Keep this under %(limit)d characters.")
                               % {"limit": limit}})
    if has_forbidden_characters(text, multiline=True):
        raise ValidationError({field: _("This field contains characters that are not "
                                        "allowed.")})
    return text


def shown_name(user: Any) -> str:
    """The first word of the person's display name: enough to tell commenters apart,
    not enough to find them."""
    name = (getattr(user, "display_name", "") or "").split()
    return name[0][:80] if name else _("A resident")


def do_post_comment(commitment: Commitment, text: str, *, actor: Any) -> Comment:
    if not can_comment_on_commitment(actor, commitment):
        raise PermissionDenied(_("Log in to comment."))
    if not commitment.is_public:
        raise ValidationError(_("There is no such commitment."))
    text = _text(text, MAX_COMMENT, "text")
    with transaction.atomic():
        comment = Comment.objects.create(commitment=commitment, author=actor,
                                         author_name=shown_name(actor), text=text)
        record_change(actor, CommitmentsEvent.COMMENT, comment, commitment=commitment.pk)
    return comment


def do_moderate_comment(comment: Comment, decision: str, *, actor: Any) -> Comment:
    if actor is not None and not can_moderate_comments(actor):
        raise PermissionDenied(_("You may not change this."))
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose publish, reject or hide.")})
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        current.state = DECISIONS[decision]
        current.moderated_at = timezone.now()
        current.save(update_fields=["state", "moderated_at"])
        # A decision settles the reports made so far.
        current.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        record_change(actor, CommitmentsEvent.COMMENT_MODERATED, current, decision=decision)
    comment.state, comment.moderated_at = current.state, current.moderated_at
    return comment


def do_report_comment(comment: Comment, reason: str, *, actor: Any = None) -> AbuseReport:
    """Anyone may report a published comment; enough reports hide it for review."""
    reason = _text(reason, MAX_REASON, "reason")
    if comment.state != Comment.State.PUBLISHED:
        raise ValidationError(_("This comment is not shown, so there is nothing to report."))
    with transaction.atomic():
        report = AbuseReport.objects.create(comment=comment, reason=reason)
        Comment.objects.filter(pk=comment.pk).update(abuse_reports=F("abuse_reports") + 1)
        comment.refresh_from_db(fields=["abuse_reports"])
        if comment.abuse_reports >= REPORTS_TO_HIDE:
            Comment.objects.filter(pk=comment.pk).update(state=Comment.State.HIDDEN)
            comment.state = Comment.State.HIDDEN
        record_change(actor, CommitmentsEvent.COMMENT_REPORTED, comment)
    return report


def moderation_queue() -> QuerySet[Comment]:
    """Comments waiting for a decision, and any with reports nobody has looked at."""
    reported = AbuseReport.objects.filter(resolved_at__isnull=True).values("comment_id")
    return (
        Comment.objects.filter(Q(state=Comment.State.PENDING) | Q(pk__in=reported))
        .select_related("commitment")
        .prefetch_related("reports")
        .order_by("created_at", "id")
    )
