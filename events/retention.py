"""Retention: a guest's name and email address are needed until the event is over (to
confirm, remind, promote from the waitlist and ask for feedback), then not at all."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models.functions import Cast, Concat

from audit.lib import record_change
from events.events import EventsEvent
from events.models import Rsvp

GUEST_CONTACT_DAYS = 180
ERASED_DOMAIN = "@erased.invalid"


def purge_rsvp_contacts(now: datetime) -> int:
    """Erase name and email of guest RSVPs to events that ended GUEST_CONTACT_DAYS ago.

    The email becomes a per-row placeholder (not blank) because one live RSVP per
    (event, email) is a database constraint."""
    cutoff = now - timedelta(days=GUEST_CONTACT_DAYS)
    with transaction.atomic():
        changed = (
            Rsvp.objects.filter(user__isnull=True, event__last_ends_at__lt=cutoff)
            .exclude(email__endswith=ERASED_DOMAIN)
            .update(name="", email=Concat(models.Value("rsvp-"),
                                          Cast("pk", models.CharField()),
                                          models.Value(ERASED_DOMAIN)))
        )
        if changed:
            record_change(None, EventsEvent.RSVP_PURGE_CONTACTS, None, count=changed)
    return changed
