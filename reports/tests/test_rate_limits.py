# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Public POSTs of the reports module go through the shared rate limiter."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from reports.models import Alert, Report
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    _fresh_lookup,
    city,
    make_report,
    streetlight,
    streets,
)
from reports.tests.test_open311 import api, post  # noqa: F401 (fixture)
from reports.tests.test_views_public import post_report
from trustbeat.settings import RATE_LIMIT_DEFAULTS

pytestmark = pytest.mark.django_db


def rates(**changes: str) -> dict[str, str]:
    return {**RATE_LIMIT_DEFAULTS, **{k.replace("_", "-"): v for k, v in changes.items()}}


def test_me_too_counts_one_person_once_however_often_they_press_it(client, city, streetlight):
    report = make_report(streetlight)
    for _ in range(10):
        assert client.post(reverse("reports:support", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.supporters == 1
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert "already added your voice" in page.content.decode()


def test_me_too_counts_each_signed_in_person(client_for, resident, officer, city, streetlight):
    report = make_report(streetlight)
    for user in (resident, officer):
        person = client_for(user)
        person.post(reverse("reports:support", args=[report.pk]))
        person.post(reverse("reports:support", args=[report.pk]))
    report.refresh_from_db()
    assert report.supporters == 2


@override_settings(RATE_LIMITS=rates(support_ip="3/3600"))
def test_me_too_from_one_address_is_capped_even_without_cookies(city, streetlight):
    report = make_report(streetlight)
    statuses = [
        Client().post(reverse("reports:support", args=[report.pk])).status_code for _ in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    report.refresh_from_db()
    assert report.supporters == 3


@override_settings(RATE_LIMITS=rates(public_post="2/3600"))
def test_report_submissions_from_one_address_are_limited(client, city, streetlight):
    for _ in range(2):
        assert post_report(client, streetlight).status_code == 302
    response = post_report(client, streetlight)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Report.objects.count() == 2


@override_settings(RATE_LIMITS=rates(public_post="1/3600"))
def test_alert_subscriptions_from_one_address_are_limited(client, city, streetlight):
    report = make_report(streetlight)
    data = {"kind": "report", "report": report.pk, "email": "a@example.org"}
    client.post(reverse("reports:alerts"), data)
    response = client.post(reverse("reports:alerts"), {**data, "email": "b@example.org"})
    assert response.status_code == 429
    assert Alert.objects.count() == 1


@override_settings(RATE_LIMITS=rates(open311_post="2/3600"))
def test_open311_posts_per_api_key_are_limited_in_the_api_error_format(
    client, city, streetlight, api
):
    data = {"api_key": api, "service_code": "streetlight", "lat": INSIDE[0],
            "long": INSIDE[1], "description": "Dark", "attribute[kind]": "out"}
    assert [post(client, **data).status_code for _ in range(2)] == [200, 200]
    response = post(client, **data)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()[0]["code"] == 429
    assert Report.objects.count() == 2


def test_a_saved_report_answers_success_even_if_its_email_cannot_be_queued(
    client, city, streetlight, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import notifications

    class RefusingTask:
        name = "send_update_emails"

        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue down")

    monkeypatch.setattr(notifications, "send_update_emails", RefusingTask())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(client, streetlight, reporter_email="rosa@example.org")
    assert response.status_code == 302
    assert Report.objects.count() == 1
