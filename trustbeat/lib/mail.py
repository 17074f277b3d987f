"""Send an email at most once per idempotency key, so re-run tasks never send twice."""

from __future__ import annotations

import hashlib

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction


def idempotency_key(*parts: object) -> str:
    """A stable key for one email: what it is about and who receives it, hashed."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def send_once(key: str, message: EmailMessage) -> bool:
    """Send `message` unless an email with `key` was already sent. True if sent now.

    The marker row is committed *before* the mail leaves, so a task that dies after
    sending and is run again finds it and skips. If the mail server refuses, the marker
    is removed and the error raised, so a retry can send. The one remaining gap (the
    process dies between committing the marker and the mail server accepting) loses an
    email rather than duplicating it: for alerts and confirmations one missing mail is
    the lesser harm, and the key makes a manual resend safe.
    """
    from trustbeat.models import SentEmail

    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key)
    except IntegrityError:
        return False
    try:
        message.send()
    except Exception:
        SentEmail.objects.filter(key=key).delete()
        raise
    return True
