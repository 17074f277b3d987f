# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Email alerts: subscribe, confirm by email, matching, one-click unsubscribe."""

from __future__ import annotations

import re

from django.urls import reverse

from reports.actions import do_add_note, do_change_status
from reports.models import Alert
from reports.notifications import do_confirm_alert, do_subscribe_alert
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    _fresh_lookup,
    business,
    city,
    make_report,
    north,
    park,
    parks,
    streetlight,
    streets,
)


def link_in(body: str, name: str) -> str:
    match = re.search(r"https?://\S+" + re.escape(name) + r"\S+", body)
    assert match, body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_resident_subscribes_and_confirms_by_email(
    client, city, streetlight, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:alerts"), {
            "kind": "area", "area": north(city).pk, "email": "Nia@Example.org",
        })
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    alert = Alert.objects.get()
    assert alert.email == "nia@example.org" and alert.confirmed_at is None
    assert len(mailoutbox) == 1
    confirm_path = reverse("reports:alert_confirm", args=[alert.token])
    assert confirm_path in mailoutbox[0].body
    # Opening the link only asks; pressing the button confirms.
    assert client.get(confirm_path).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is None
    client.post(confirm_path)
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


def test_a_status_change_emails_matching_confirmed_alerts_only(
    city, streetlight, officer, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(streetlight, reporter_name="Rosa Secret")
    area_alert = do_confirm_alert(
        do_subscribe_alert(kind="area", email="area@example.org", area=north(city))
    )
    do_confirm_alert(do_subscribe_alert(kind="report", email="one@example.org", report=report))
    do_confirm_alert(do_subscribe_alert(kind="category", email="cat@example.org",
                                        category=streetlight))
    do_confirm_alert(do_subscribe_alert(kind="radius", email="near@example.org",
                                        lat=INSIDE[0] + 0.001, lon=INSIDE[1], radius_m=500))
    do_confirm_alert(do_subscribe_alert(kind="radius", email="far@example.org",
                                        lat=INSIDE[0] + 0.05, lon=INSIDE[1], radius_m=500))
    do_subscribe_alert(kind="area", email="unconfirmed@example.org", area=north(city))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_change_status(report, "in_progress", public_note="Crew booked",
                         private_note="PRIVATE-NOTE", actor=officer)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["area@example.org", "cat@example.org", "near@example.org",
                          "one@example.org"]
    for message in mailoutbox:
        assert "Crew booked" in message.body
        assert "PRIVATE-NOTE" not in message.body and "Rosa Secret" not in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    area_alert.refresh_from_db()
    assert area_alert.last_sent_at is not None


def test_private_notes_send_no_email(city, streetlight, officer, mailoutbox,
                                     django_capture_on_commit_callbacks):
    report = make_report(streetlight, reporter_email="r@example.org")
    do_confirm_alert(do_subscribe_alert(kind="report", email="one@example.org", report=report))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_add_note(report, private_note="internal", actor=officer)
    assert mailoutbox == []


def test_the_reporter_is_emailed_status_updates_with_their_link(
    city, streetlight, officer, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(streetlight, reporter_email="r@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_change_status(report, "fixed", public_note="Done", actor=officer)
    [message] = mailoutbox
    assert message.to == ["r@example.org"] and report.reporter_token in message.body


def test_a_blurred_report_email_has_no_street_address(
    city, business, officer, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(business, address="12 Exact Street", reporter_name="A",
                         reporter_email="a@example.org")
    do_confirm_alert(do_subscribe_alert(kind="category", email="c@example.org",
                                        category=business))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_change_status(report, "investigating", public_note="Looking", actor=officer)
    alert_mail = [m for m in mailoutbox if m.to == ["c@example.org"]][0]
    assert "12 Exact Street" not in alert_mail.body


def test_one_click_unsubscribe(client, city, streetlight):
    alert = do_confirm_alert(do_subscribe_alert(kind="category", email="c@example.org",
                                                category=streetlight))
    url = reverse("reports:alert_unsubscribe", args=[alert.token])
    assert client.get(url).status_code == 200
    assert Alert.objects.filter(pk=alert.pk).exists()
    # Mail clients POST without a CSRF cookie (RFC 8058).
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()
    # A second click is harmless.
    assert client.post(url).status_code == 200


def test_bad_subscriptions_get_clear_messages(client, city, streetlight):
    url = reverse("reports:alerts")
    response = client.post(url, {"kind": "report", "report": "9999", "email": "a@example.org"})
    assert response.status_code == 400
    assert "There is no report with that number." in response.content.decode()
    response = client.post(url, {"kind": "area", "email": "a@example.org"})
    assert "Choose what to follow." in response.content.decode()
    response = client.post(url, {"kind": "radius", "place": "nowhere at all",
                                 "email": "a@example.org"})
    assert "We could not find that place." in response.content.decode()
    response = client.post(url, {"kind": "category", "category": streetlight.pk,
                                 "email": "not-an-email"})
    assert response.status_code == 400
    assert Alert.objects.count() == 0


def test_a_radius_alert_from_typed_coordinates(client, city):
    response = client.post(reverse("reports:alerts"), {
        "kind": "radius", "place": "34.05, -118.27", "radius_m": "1000",
        "email": "a@example.org",
    })
    assert response.status_code == 200
    alert = Alert.objects.get()
    assert (alert.lat, alert.lon, alert.radius_m) == (34.05, -118.27, 1000)


def test_unknown_tokens_are_not_found(client, db):
    assert client.get(reverse("reports:alert_confirm", args=["nope"])).status_code == 404


def test_an_update_email_task_run_twice_sends_one_copy(
    city, streetlight, officer, mailoutbox, django_capture_on_commit_callbacks
):
    from reports.notifications import send_update_emails

    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(streetlight, reporter_email="rosa@example.org")
    update = report.updates.get()
    before = len(mailoutbox)
    # A worker that died after sending runs the task again: nobody gets a second copy.
    send_update_emails.call(update.pk)
    send_update_emails.call(update.pk)
    assert len(mailoutbox) == before
