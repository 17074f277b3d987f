"""Platform tables that belong to no single module."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """One row per email actually handed to the mail server, keyed by what it is for.

    Background tasks may run twice (a worker dies after sending but before recording
    success, and the task is re-queued); `trustbeat.lib.mail.send_once` checks this table
    first so nobody gets two copies. Rows hold no address in clear (the key is hashed) and
    are purged after `SENT_EMAIL_RETENTION_DAYS`.
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.sent_at:%Y-%m-%d %H:%M}"
