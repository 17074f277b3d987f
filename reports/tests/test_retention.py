# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Reporters' contact details and alert subscriptions are purged after their periods."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from reports.actions import do_change_status
from reports.models import Alert, Report, Status
from reports.notifications import do_confirm_alert, do_subscribe_alert
from reports.tests.core import (  # noqa: F401 (fixtures)
    _fresh_lookup,
    city,
    make_report,
    streetlight,
    streets,
)

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def contact(report: Report) -> tuple[str, str, str]:
    report.refresh_from_db()
    return report.reporter_name, report.reporter_email, report.reporter_phone


@override_settings(REPORTS_CONTACT_RETENTION_DAYS=30, REPORTS_ALERT_RETENTION_DAYS=10)
def test_contacts_and_alerts_of_long_closed_reports_are_purged(city, streetlight):
    details: dict[str, Any] = {"reporter_name": "Rosa", "reporter_email": "rosa@example.org",
               "reporter_phone": "555-0100"}
    with time_machine.travel(START, tick=False) as clock:
        closed = make_report(streetlight, **details)
        still_open = make_report(streetlight, **details)
        recent = make_report(streetlight, **details)
        follower = do_subscribe_alert(kind=Alert.Kind.REPORT, email="f@example.org",
                                      report=closed)
        do_confirm_alert(follower)
        do_change_status(closed, Status.FIXED, actor=None)
        clock.shift(dt.timedelta(days=20))
        do_change_status(recent, Status.FIXED, actor=None)

        call_command("purge_personal_data")  # day 20: the alert goes, contacts stay
        assert not Alert.objects.filter(pk=follower.pk).exists()
        assert contact(closed) == ("Rosa", "rosa@example.org", "555-0100")

        clock.shift(dt.timedelta(days=11))  # day 31
        call_command("purge_personal_data")
        assert contact(closed) == ("", "", "")
        assert contact(still_open) == ("Rosa", "rosa@example.org", "555-0100")
        assert contact(recent) == ("Rosa", "rosa@example.org", "555-0100")
        assert Report.objects.count() == 3


@override_settings(UNCONFIRMED_ALERT_RETENTION_DAYS=30)
def test_unconfirmed_subscriptions_are_deleted_after_their_period(city, streetlight):
    with time_machine.travel(START, tick=False) as clock:
        report = make_report(streetlight)
        unconfirmed = do_subscribe_alert(kind=Alert.Kind.REPORT, email="u@example.org",
                                         report=report)
        clock.shift(dt.timedelta(days=29))
        call_command("purge_personal_data")
        assert Alert.objects.filter(pk=unconfirmed.pk).exists()
        clock.shift(dt.timedelta(days=2))
        call_command("purge_personal_data")
        assert not Alert.objects.filter(pk=unconfirmed.pk).exists()
