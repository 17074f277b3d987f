"""Queue the day-before reminders and the after-event feedback requests.

Run it every hour (cron or a systemd timer). Each run is idempotent: `reminded_at` and
`feedback_sent_at` on the RSVP keep a second run from mailing anyone twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import Rsvp
from events.tasks import events_needing_reminders, send_feedback_request, send_reminder

# Feedback requests go out for occurrences that ended within this window.
FEEDBACK_AFTER = timedelta(hours=2)
FEEDBACK_WINDOW = timedelta(days=2)


class Command(BaseCommand):
    help = "Queue reminder emails for tomorrow's events and feedback requests for past ones."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        reminders = 0
        for event, start in events_needing_reminders(now):
            for rsvp_id in Rsvp.objects.going().filter(event=event).filter(
                reminded_at__isnull=True
            ).values_list("pk", flat=True).iterator():
                send_reminder.enqueue(rsvp_id, start.isoformat())
                reminders += 1
        feedback = 0
        ended = Rsvp.objects.going().filter(
            feedback_sent_at__isnull=True,
            event__status="scheduled",
            event__last_ends_at__lte=now - FEEDBACK_AFTER,
            event__last_ends_at__gte=now - FEEDBACK_WINDOW,
        ).values_list("pk", flat=True)
        for rsvp_id in ended.iterator():
            send_feedback_request.enqueue(rsvp_id)
            feedback += 1
        self.stdout.write(f"{reminders} reminders and {feedback} feedback requests queued")
