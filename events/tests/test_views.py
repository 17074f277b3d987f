from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from events import actions
from events.models import Event, Interaction, Rsvp
from events.tests.core import area, make_event
from events.tokens import check_in_token, rsvp_token

pytestmark = pytest.mark.django_db


def test_the_list_week_and_month_views_show_an_upcoming_event(client):
    event = make_event(title="Coffee with a Cop", recurrence="weekly", recurrence_count=4)
    for name in ("events:index", "events:week", "events:month"):
        response = client.get(reverse(name), {"area": event.area_id, "type": "cookout"})
        assert response.status_code == 200
        assert "Coffee with a Cop" in response.content.decode(), name


def test_the_list_filters_by_neighborhood_and_near_me(client):
    here = make_event(title="Here", lat=34.05, lon=-118.25)
    far = make_event(title="Far away", lat=34.3, lon=-118.6)
    page = client.get(reverse("events:index"), {"lat": "34.051", "lon": "-118.251"}).content
    assert b"Here" in page and b"Far away" not in page
    del here, far


@pytest.mark.parametrize("params", [
    {"area": "99999999999999999999999"}, {"type": "\x00"}, {"date": "99999-01-01"},
    {"lat": "nan", "lon": "inf"}, {"after": "x.y"}, {"after": "99999999999999.1"},
    {"date": "1900-01-01"},
])
def test_hostile_filters_never_cause_a_server_error(client, params):
    for name in ("events:index", "events:week", "events:month"):
        assert client.get(reverse(name), params).status_code == 200


def test_the_event_page_carries_schema_org_event_json_ld(client, make_user):
    from accounts.actions import do_update_officer_profile

    officer = make_user(Role.OFFICER, email="meet@example.org", display_name="Omar Ortiz")
    profile = do_update_officer_profile(officer, rank="Senior Lead Officer", assignment="",
                                        languages="English, Spanish", bio="", is_public=True,
                                        actor=None)
    event = make_event(title="Cookout </script><b>", capacity=40, officers=[profile],
                       languages="English, Spanish", lat=34.05, lon=-118.25,
                       recurrence="weekly", recurrence_count=3)
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Omar Ortiz" in html and "Who you&#x27;ll meet" in html or "Who you" in html
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Cookout </script><b>"
    for key in ("startDate", "endDate"):
        assert datetime.fromisoformat(data[key]).tzinfo is not None
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 34.05,
                                       "longitude": -118.25}
    assert data["maximumAttendeeCapacity"] == 40
    assert data["inLanguage"] == ["en", "es"]
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"


def test_a_guest_rsvps_confirms_and_cancels_with_one_click(
    client, django_capture_on_commit_callbacks,
):
    event = make_event(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:rsvp_create", args=[event.pk]),
                               {"name": "Ana", "email": "ana@example.org"})
    assert response.status_code == 200 and b"Check your email" in response.content
    rsvp = Rsvp.objects.get(event=event)
    token = rsvp_token(rsvp)
    client.post(reverse("events:rsvp_confirm", args=[token]))
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.GOING
    page = client.get(reverse("events:rsvp", args=[token]))
    assert rsvp.code in page.content.decode()
    qr = client.get(reverse("events:rsvp_qr", args=[token]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    client.post(reverse("events:rsvp_cancel", args=[token]))
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.CANCELLED


def test_a_signed_in_double_rsvp_gets_a_clear_message(client_for, resident):
    event = make_event()
    client = client_for(resident)
    first = client.post(reverse("events:rsvp_create", args=[event.pk]))
    assert first.status_code == 302
    second = client.post(reverse("events:rsvp_create", args=[event.pk]))
    assert second.status_code == 400
    assert "already answered" in second.content.decode()
    assert Rsvp.objects.filter(event=event).count() == 1


def test_an_rsvp_to_a_cancelled_event_gets_a_clear_message(client, coordinator):
    event = make_event(coordinator)
    actions.do_cancel_event(event, actor=coordinator)
    response = client.post(reverse("events:rsvp_create", args=[event.pk]),
                           {"name": "Ana", "email": "ana@example.org"})
    assert response.status_code == 400 and "cancelled" in response.content.decode()
    assert Rsvp.objects.count() == 0


@override_settings(RATE_LIMITS={"events-rsvp": "3/3600"})
def test_an_rsvp_flood_from_one_address_is_rate_limited():
    event = make_event()
    client = Client()
    statuses = [
        client.post(reverse("events:rsvp_create", args=[event.pk]),
                    {"name": f"Bot {n}", "email": f"bot{n}@example.org"}).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]
    assert Rsvp.objects.count() == 3


def test_hostile_rsvp_input_gets_a_4xx(client):
    event = make_event()
    response = client.post(reverse("events:rsvp_create", args=[event.pk]),
                           {"name": "A\x00", "email": "x@example.org"})
    assert response.status_code == 400
    assert client.get(reverse("events:rsvp", args=["\x00garbage"])).status_code == 404
    assert client.get(reverse("events:detail", args=[2**40])).status_code == 404


def test_the_host_checks_in_from_a_scanned_qr_link(client_for, coordinator, resident):
    event = make_event(coordinator)
    rsvp = actions.do_rsvp(event, user=resident, actor=resident)
    client = client_for(coordinator)
    with time_machine.travel(event.starts_at):
        url = reverse("events:check_in", args=[event.pk])
        page = client.get(url, {"token": check_in_token(rsvp)})
        assert page.status_code == 200 and b"Scanned QR code ready" in page.content
        client.post(url, {"token": check_in_token(rsvp)})
        rsvp.refresh_from_db()
        assert rsvp.checked_in_at is not None
        forged = client.post(url, {"token": "forged:token"})
        assert forged.status_code == 400 and b"not valid for this event" in forged.content
        client.post(reverse("events:walk_ins", args=[event.pk]), {"count": "3"})
    event.refresh_from_db()
    assert event.walk_ins == 3


def test_another_officer_cannot_open_the_door_page_and_a_guessed_id_is_404(client_for,
                                                                          officer):
    event = make_event()
    client = client_for(officer)
    assert client.get(reverse("events:check_in", args=[event.pk])).status_code == 403
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 403
    assert client.get(reverse("events:check_in", args=[event.pk + 999])).status_code == 404


def test_the_event_form_refuses_an_end_before_the_start(client_for, coordinator):
    area()
    client = client_for(coordinator)
    before = Event.objects.count()
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(reverse("events:new"), {
        "event_type": "cookout", "title": "Cookout", "area": area().pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    assert Event.objects.count() == before


def test_the_event_form_creates_an_event(client_for, coordinator):
    client = client_for(coordinator)
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(reverse("events:new"), {
        "event_type": "coffee-with-a-cop", "title": "Coffee", "area": area().pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "recurrence": "weekly", "recurrence_count": "4", "capacity": "20",
    })
    assert response.status_code == 302
    event = Event.objects.get(title="Coffee")
    assert len(event.occurrences()) == 4


def test_the_list_costs_the_same_queries_for_many_events(client):
    for n in range(3):
        make_event(title=f"E{n}")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:index"))
    for n in range(20):
        make_event(title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:index"))
    assert len(many) == len(few)


def test_the_home_card_and_neighborhood_section_show_the_next_events(client):
    event = make_event(title="Neighborhood cookout")
    assert b"Neighborhood cookout" in client.get(reverse("pages:home")).content
    assert event.area is not None
    page = client.get(reverse("places:area", args=[event.area.level, event.area.slug]))
    assert b"Upcoming events" in page.content and b"Neighborhood cookout" in page.content


def test_an_officer_logs_an_interaction_and_the_public_sees_only_large_counts(
    client_for, officer, client,
):
    here = area()
    response = client_for(officer).post(reverse("events:interaction_new"), {
        "kind": "conversation", "area": here.pk, "minutes": "15", "note": "Call 213-555-0100",
    })
    assert response.status_code == 400 and b"Leave out names" in response.content
    assert Interaction.objects.count() == 0
    for _ in range(3):
        client_for(officer).post(reverse("events:interaction_new"), {
            "kind": "conversation", "area": here.pk, "minutes": "15", "note": ""})
    assert Interaction.objects.count() == 3
    page = client.get(reverse("events:interactions_public")).content.decode()
    assert "fewer than 5" in page


def test_the_ics_feeds_parse_and_hold_only_valid_content_for_hostile_titles(client):
    hostile = "Cookout\r\nBEGIN:VEVENT\x07;,\\ \u2028 <b>&"
    event = make_event(title=hostile, description="Line one\nLine two",
                       recurrence="weekly", recurrence_count=5, lat=34.05, lon=-118.25)
    for url in (reverse("events:calendar"), reverse("events:calendar_area", args=[event.area_id]),
                reverse("events:calendar_type", args=["cookout"]),
                reverse("events:event_ics", args=[event.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        body = response.content
        assert b"\x07" not in body
        calendar = icalendar.Calendar.from_ical(body)
        [vevent] = calendar.walk("VEVENT")
        rule: Any = vevent["RRULE"]
        assert str(vevent["UID"]) == f"event-{event.pk}@127.0.0.1"
        assert str(vevent["SUMMARY"]).startswith("Cookout")
        assert "BEGIN:VEVENT" in str(vevent["SUMMARY"])  # kept as text, not a component
        assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [5]
        assert vevent.decoded("DTSTART").tzinfo is not None
        assert calendar.walk("VTIMEZONE"), "the site zone travels with the feed"
        assert body.count(b"\r\nBEGIN:VEVENT\r\n") == 1
        for line in body.split(b"\r\n"):
            assert len(line) <= 75


def test_the_calendar_answers_304_to_its_etag(client):
    make_event()
    first = client.get(reverse("events:calendar"))
    again = client.get(reverse("events:calendar"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_rss_and_atom_feeds_list_new_events(client):
    make_event(title="Open house \x0b at the station")
    for name in ("events:feed_rss", "events:feed_atom"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and b"Open house" in response.content


def test_the_officer_page_lists_the_events_they_will_attend(client, make_user):
    from accounts.actions import do_update_officer_profile

    officer = make_user(Role.OFFICER, email="o2@example.org")
    profile = do_update_officer_profile(officer, rank="Officer", assignment="", languages="",
                                        bio="", is_public=True, actor=None)
    make_event(title="Bike ride", officers=[profile])
    page = client.get(reverse("events:officer", args=[profile.pk]))
    assert b"Bike ride" in page.content
    hidden = do_update_officer_profile(officer, rank="Officer", assignment="", languages="",
                                       bio="", is_public=False, actor=None)
    assert client.get(reverse("events:officer", args=[hidden.pk])).status_code == 404


def test_a_beat_team_card_links_to_the_events_where_to_meet_the_officer(client, make_user):
    from accounts.actions import do_update_officer_profile

    here = area()
    officer = make_user(Role.OFFICER, email="card@example.org")
    profile = do_update_officer_profile(officer, rank="Officer", assignment="", languages="",
                                        bio="", is_public=True, assignment_area=here,
                                        actor=None)
    page = client.get(reverse("places:area", args=[here.level, here.slug])).content.decode()
    assert reverse("events:officer", args=[profile.pk]) in page


def test_the_dashboard_panel_reads_aggregates_and_hides_small_counts(officer):
    from trustbeat import registry

    [panel] = [p for p in registry.dashboard_panels() if p.key == "events"]
    here = area()
    make_event(area=here)
    actions.do_log_interaction(kind="help", area=here, minutes=10, actor=officer)
    figures = panel.read(here)
    assert figures["upcoming"] == 1
    assert figures["interactions"] is None  # one interaction: too few to show


def test_a_changed_event_changes_the_calendar_etag(client, coordinator):
    event = make_event(coordinator)
    first = client.get(reverse("events:calendar"))["ETag"]
    actions.do_cancel_event(event, actor=coordinator)
    second = client.get(reverse("events:calendar"))
    assert second["ETag"] != first and b"STATUS:CANCELLED" in second.content
