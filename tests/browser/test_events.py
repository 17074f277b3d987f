"""Events at phone width: a resident finds an event, RSVPs without an account, confirms
by the emailed link and gets a QR code; a coordinator publishes an event and checks a
person in at the door; an officer logs a positive interaction. axe-core on each page."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from accounts.actions import do_update_officer_profile
from accounts.models import Role
from conftest import create_user
from events import actions
from events.models import Event, Interaction, Rsvp
from events.tests.core import ensure_event_types, make_event
from places.testing import make_area
from tests.browser.test_staff_work import log_in


def test_a_resident_finds_an_event_and_rsvps_without_an_account(page, transactional_db,
                                                                check_accessibility):
    area = make_area("Boyle Heights", box=(-118.30, 34.00, -118.20, 34.10))
    officer = create_user(Role.OFFICER, display_name="Omar Ortiz")
    profile = do_update_officer_profile(officer, rank="Senior Lead Officer", assignment="",
                                        languages="English, Spanish", bio="", is_public=True,
                                        assignment_area=area, actor=None)
    event = make_event(title="Coffee with a Cop", area=area, capacity=20,
                       officers=[profile], recurrence="weekly", recurrence_count=4,
                       type="coffee-with-a-cop", lat=34.05, lon=-118.25)
    for path in ("/events/", "/events/week/", "/events/month/"):
        page.goto(path)
        assert page.get_by_role("link", name="Coffee with a Cop").first.is_visible()
        check_accessibility(page)
    page.goto("/events/")
    page.get_by_role("link", name="Coffee with a Cop").first.click()
    page.wait_for_url(f"**/events/{event.pk}/")
    assert page.get_by_role("heading", name="Who you'll meet").is_visible()
    assert page.get_by_role("link", name="Omar Ortiz").is_visible()
    check_accessibility(page)

    page.get_by_label("Your name").fill("Ana Torres")
    page.get_by_label("Your email address").fill("ana@example.org")
    page.get_by_role("button", name="I'll come").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    check_accessibility(page)

    [link] = re.findall(r"http\S+/events/rsvp/\S+/", str(mail.outbox[-1].body))
    page.goto(link.split("/events/", 1)[1].join(["/events/", ""]))
    page.get_by_role("button", name="Confirm my place").click()
    page.wait_for_load_state()
    assert page.get_by_alt_text("QR code to check in").is_visible()
    rsvp = Rsvp.objects.get(email="ana@example.org")
    assert rsvp.status == Rsvp.Status.GOING
    assert page.get_by_text(rsvp.code).is_visible()
    check_accessibility(page)

    page.goto(f"/events/officers/{profile.pk}/")
    assert page.get_by_role("link", name="Coffee with a Cop").first.is_visible()
    check_accessibility(page)
    page.goto(f"/places/{area.level}/{area.slug}/")
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    check_accessibility(page)


def test_a_coordinator_publishes_an_event_and_checks_people_in(page, transactional_db,
                                                               check_accessibility):
    ensure_event_types()
    area = make_area("Lincoln Heights", box=(-118.30, 34.00, -118.20, 34.10))
    coordinator = create_user(Role.COORDINATOR)
    log_in(page, coordinator)
    page.goto("/events/new/")
    check_accessibility(page)
    start = timezone.localtime() + timedelta(hours=2)
    page.get_by_label("Type").select_option("cookout")
    page.locator("#id_title").fill("Block party cookout")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Neighborhood").select_option(str(area.pk))
    page.get_by_label("Capacity").fill("50")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    event = Event.objects.get(title="Block party cookout")
    assert page.url.endswith(f"/events/{event.pk}/")

    resident = create_user(Role.RESIDENT)
    rsvp = actions.do_rsvp(event, user=resident, notify=False, actor=resident)
    page.goto(f"/events/{event.pk}/check-in/")
    check_accessibility(page)
    page.get_by_label("Code").fill(rsvp.code)
    page.get_by_role("button", name="Check in", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("is checked in").is_visible()
    page.get_by_label("Walk-ins").fill("4")
    page.get_by_role("button", name="Count").click()
    page.wait_for_load_state()
    check_accessibility(page)
    rsvp.refresh_from_db()
    event.refresh_from_db()
    assert rsvp.checked_in_at is not None and event.walk_ins == 4


def test_an_officer_logs_a_positive_interaction_in_a_few_taps(page, transactional_db,
                                                              check_accessibility):
    area = make_area("Westlake", box=(-118.30, 34.00, -118.20, 34.10))
    officer = create_user(Role.OFFICER)
    log_in(page, officer)
    page.goto("/events/interactions/new/")
    check_accessibility(page)
    page.get_by_label("School visit").check()
    page.get_by_label("Neighborhood").select_option(str(area.pk))
    page.get_by_label("Minutes spent").fill("20")
    page.get_by_label("Short note (optional)").fill("Call me at 213-555-0100")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_load_state()
    assert page.get_by_text("Leave out names").is_visible()
    check_accessibility(page)
    page.get_by_label("School visit").check()
    page.get_by_label("Short note (optional)").fill("Read to a second-grade class.")
    page.get_by_role("button", name="Log it").click()
    page.wait_for_load_state()
    assert Interaction.objects.count() == 1
    page.goto("/events/interactions/")
    check_accessibility(page)
