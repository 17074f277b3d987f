"""Following commitments by email: subscribe (confirmed by email: double opt-in), confirm,
one-click unsubscribe, and the emails sent when a followed commitment changes.

A follower of one commitment hears of every public change to it (status, progress,
milestones, details); a follower of the whole board (no commitment) hears of new
commitments and status changes only, which keeps that list to a few emails a week.
Emails carry public facts only and the List-Unsubscribe headers mail clients show as a
button (RFC 8058). Sending runs as a django-tasks task queued after the change commits.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from audit.lib import record_change
from commitments.events import CommitmentsEvent
from commitments.models import Change, Commitment, Follower
from trustbeat.lib.mail import idempotency_key, send_once
from trustbeat.lib.tasks import enqueue_on_commit

BOARD_KINDS = frozenset({Change.Kind.CREATED, Change.Kind.STATUS})


def absolute(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def do_follow(*, email: str, commitment: Commitment | None, language: str = "en",
              actor: Any = None) -> Follower:
    """An unconfirmed follower, and its confirmation email. Following again with the
    same address sends a fresh link rather than telling anyone the address is known."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if commitment is not None and not commitment.is_public:
        raise ValidationError({"commitment": _("There is no such commitment.")})
    with transaction.atomic():
        follower = Follower.objects.filter(commitment=commitment, email=email).first()
        if follower is None:
            follower = Follower.objects.create(
                commitment=commitment, email=email, token=secrets.token_urlsafe(32),
                language=language[:8] or "en",
            )
        # The audit log names the subscription, never the address.
        record_change(actor, CommitmentsEvent.FOLLOW, follower,
                      commitment=commitment.pk if commitment else None)
        enqueue_on_commit(send_follow_confirmation, follower.pk)
    return follower


def find_follower(token: str) -> Follower | None:
    if not token or len(token) > 64:
        return None
    return Follower.objects.select_related("commitment").filter(token=token).first()


def do_confirm_follower(follower: Follower) -> Follower:
    with transaction.atomic():
        if follower.confirmed_at is None:
            follower.confirmed_at = timezone.now()
            follower.save(update_fields=["confirmed_at"])
            record_change(None, CommitmentsEvent.FOLLOW_CONFIRM, follower)
    return follower


def do_unfollow(follower: Follower) -> None:
    with transaction.atomic():
        record_change(None, CommitmentsEvent.UNFOLLOW, follower)
        follower.delete()


def describe(follower: Follower) -> str:
    if follower.commitment is not None:
        return _("the commitment “%(title)s”") % {"title": follower.commitment.title}
    return _("new commitments and status changes on the board")


def _send(key: str, follower: Follower, subject_template: str, body_template: str,
          context: dict[str, Any]) -> bool:
    unsubscribe_url = absolute(reverse("commitments:unfollow", args=[follower.token]))
    with translation.override(follower.language or "en"):
        context = {**context, "follows": describe(follower),
                   "unsubscribe_url": unsubscribe_url, "site_name": settings.SITE_NAME}
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return send_once(idempotency_key(key, follower.email),
                     EmailMessage(subject, body, None, [follower.email], headers=headers))


@task()
def send_follow_confirmation(follower_id: int) -> bool:
    follower = Follower.objects.select_related("commitment").filter(pk=follower_id).first()
    if follower is None or follower.confirmed_at is not None:
        return False
    confirm_url = absolute(reverse("commitments:follow_confirm", args=[follower.token]))
    # A repeated request may send a new link; the key includes the day, so at most one
    # confirmation a day goes to an address for the same subscription.
    day = timezone.now().date().isoformat()
    return _send(f"commitments-follow:{follower.pk}:{day}", follower,
                 "commitments/email/confirm_subject.txt", "commitments/email/confirm_body.txt",
                 {"confirm_url": confirm_url})


def change_happened(change: Change) -> None:
    """Called by the actions for each history entry; mails after the commit."""
    enqueue_on_commit(send_change_emails, change.pk)


@task()
def send_change_emails(change_id: int) -> int:
    change = Change.objects.select_related("commitment__status", "commitment__owner").filter(
        pk=change_id).first()
    if change is None or not change.commitment.is_public:
        return 0
    commitment = change.commitment
    query = Q(commitment=commitment)
    if change.kind in BOARD_KINDS:
        query |= Q(commitment__isnull=True)
    sent = 0
    url = absolute(reverse("commitments:detail", args=[commitment.pk]))
    for follower in Follower.objects.filter(query, confirmed_at__isnull=False).select_related(
            "commitment"):
        with translation.override(follower.language or "en"):
            context = {"commitment": commitment, "title": commitment.title,
                       "kind": change.get_kind_display(), "status": commitment.status.name,
                       "progress": commitment.progress, "url": url}
        sent += _send(f"commitments-change:{change.pk}", follower,
                      "commitments/email/change_subject.txt",
                      "commitments/email/change_body.txt", context)
    return sent
