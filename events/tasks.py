"""Emails of the events app, sent from django-tasks workers (inline in development).

Every email is written in the language the person answered in, carries their personal
RSVP link (see, cancel with one click, add to a calendar) and nothing about anybody else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from events.models import Event, Rsvp
from events.tokens import rsvp_token


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def rsvp_url(rsvp: Rsvp) -> str:
    return absolute(reverse("events:rsvp", args=[rsvp_token(rsvp)]))


def _send(rsvp: Rsvp, template: str, extra: dict[str, Any] | None = None) -> bool:
    address = rsvp.contact_email
    if not address:
        return False
    with translation.override(rsvp.language or "en"):
        context = {
            "rsvp": rsvp,
            "event": rsvp.event,
            "name": rsvp.person_name,
            "rsvp_url": rsvp_url(rsvp),
            "event_url": absolute(reverse("events:detail", args=[rsvp.event_id])),
            "site_name": settings.SITE_NAME,
            **(extra or {}),
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context)
        body = render_to_string(f"events/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [address])
    return True


def _rsvp(rsvp_id: int) -> Rsvp | None:
    return (
        Rsvp.objects.select_related("event__event_type", "event__area", "user")
        .filter(pk=rsvp_id).first()
    )


@task()
def send_rsvp_confirmation(rsvp_id: int) -> bool:
    """A guest's link to confirm their email address (their RSVP holds no seat before)."""
    rsvp = _rsvp(rsvp_id)
    if rsvp is None or rsvp.status != Rsvp.Status.PENDING:
        return False
    return _send(rsvp, "confirm")


@task()
def send_rsvp_received(rsvp_id: int) -> bool:
    rsvp = _rsvp(rsvp_id)
    if rsvp is None or rsvp.status == Rsvp.Status.CANCELLED:
        return False
    return _send(rsvp, "received")


@task()
def send_promoted(rsvp_id: int) -> bool:
    """A seat freed up and this person, first on the waitlist, now has it."""
    rsvp = _rsvp(rsvp_id)
    if rsvp is None or rsvp.status != Rsvp.Status.GOING:
        return False
    return _send(rsvp, "promoted")


@task()
def send_event_cancelled(event_id: int) -> int:
    sent = 0
    for rsvp in Rsvp.objects.holding().filter(event_id=event_id).select_related(
        "event__event_type", "event__area", "user"
    ).iterator():
        sent += _send(rsvp, "cancelled")
    return sent


@task()
def send_reminder(rsvp_id: int, start_iso: str) -> bool:
    """The day-before reminder; `reminded_at` makes a rerun of the command harmless."""
    rsvp = _rsvp(rsvp_id)
    if rsvp is None or rsvp.status != Rsvp.Status.GOING or rsvp.event.is_cancelled:
        return False
    start = datetime.fromisoformat(start_iso)
    if rsvp.reminded_at is not None and rsvp.reminded_at > start - timedelta(days=2):
        return False
    sent = _send(rsvp, "reminder", {"start": start})
    Rsvp.objects.filter(pk=rsvp.pk).update(reminded_at=timezone.now())
    return sent


@task()
def send_feedback_request(rsvp_id: int) -> bool:
    rsvp = _rsvp(rsvp_id)
    if rsvp is None or rsvp.status != Rsvp.Status.GOING or rsvp.feedback_sent_at:
        return False
    sent = _send(rsvp, "feedback", {
        "feedback_url": absolute(reverse("events:feedback", args=[rsvp_token(rsvp)]))
    })
    Rsvp.objects.filter(pk=rsvp.pk).update(feedback_sent_at=timezone.now())
    return sent


def events_needing_reminders(now: datetime) -> list[tuple[Event, datetime]]:
    """Events with an occurrence starting between 24 and 48 hours from `now`."""
    window_start, window_end = now + timedelta(hours=24), now + timedelta(hours=48)
    found = []
    for event in Event.objects.scheduled().overlapping(window_start, window_end):
        for start, _end in event.occurrences():
            if window_start <= start < window_end:
                found.append((event, start))
    return found
