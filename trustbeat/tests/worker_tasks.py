"""A task for the worker-restart test (imported by the worker process by its path)."""

from __future__ import annotations

import time

from django.core.mail import EmailMessage
from django_tasks import task

from trustbeat.lib.mail import idempotency_key, send_once


@task()
def deliver(number: int) -> bool:
    """Send one email for `number`, slowly, so a database restart lands mid-task."""
    sent = send_once(
        idempotency_key("deliver", number),
        EmailMessage(f"delivery {number}", "body", None, ["test@example.org"]),
    )
    time.sleep(0.05)
    return sent
