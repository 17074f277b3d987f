import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def purge_sent_email_markers(now: dt.datetime) -> int:
    """Forget sent-email markers once no task could still be re-run."""
    from django.conf import settings

    from trustbeat.models import SentEmail

    cutoff = now - dt.timedelta(days=settings.SENT_EMAIL_RETENTION_DAYS)
    count, _deleted = SentEmail.objects.filter(sent_at__lt=cutoff).delete()
    return count


class TrustBeatConfig(AppConfig):
    name = "trustbeat"
    verbose_name = "TrustBeat"

    def ready(self) -> None:
        from trustbeat import (
            checks,  # noqa: F401  (registers the system checks)
            registry,
        )

        registry.register_retention_rule(
            "trustbeat.sent_emails",
            _("Markers of emails sent (hashed, kept so a re-run task sends no second copy) "
              "are deleted after SENT_EMAIL_RETENTION_DAYS."),
            purge_sent_email_markers,
        )
