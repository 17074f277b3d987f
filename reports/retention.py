"""Retention rules for the reports module (run by `manage.py purge_personal_data`).

Periods come from settings (REPORTS_CONTACT_RETENTION_DAYS, REPORTS_ALERT_RETENTION_DAYS,
UNCONFIRMED_ALERT_RETENTION_DAYS), read from the environment.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from audit.lib import record_change
from reports.events import ReportsEvent
from reports.models import Alert, Report


@transaction.atomic
def purge_reporter_contacts(now: dt.datetime) -> int:
    """Erase reporters' name, email and phone from reports closed long ago.

    The report, its timeline and its private link stay: only who reported it goes.
    """
    cutoff = now - dt.timedelta(days=settings.REPORTS_CONTACT_RETENTION_DAYS)
    stale = Report.objects.filter(is_open=False, closed_at__lt=cutoff).exclude(
        reporter_name="", reporter_email="", reporter_phone=""
    )
    count = stale.update(reporter_name="", reporter_email="", reporter_phone="")
    if count:
        record_change(None, ReportsEvent.PURGE_CONTACTS, None, count=count, before=str(cutoff))
    return count


@transaction.atomic
def purge_alert_subscriptions(now: dt.datetime) -> int:
    """Delete follow-this-report alerts of reports closed long ago, and subscriptions never
    confirmed (their address was given but never proved)."""
    closed_cutoff = now - dt.timedelta(days=settings.REPORTS_ALERT_RETENTION_DAYS)
    unconfirmed_cutoff = now - dt.timedelta(days=settings.UNCONFIRMED_ALERT_RETENTION_DAYS)
    stale = Alert.objects.filter(
        Q(kind=Alert.Kind.REPORT, report__is_open=False, report__closed_at__lt=closed_cutoff)
        | Q(confirmed_at__isnull=True, created_at__lt=unconfirmed_cutoff)
    )
    count, _ = stale.delete()
    if count:
        record_change(None, ReportsEvent.PURGE_ALERTS, None, count=count)
    return count
