"""A resident reports a problem on a phone, end to end; axe on the map and report pages."""

from __future__ import annotations

import pytest

from places.testing import make_area
from reports.actions import do_add_attribute, do_change_status, do_create_category, do_submit_report
from reports.models import Attribute, Report

INSIDE = (34.05, -118.25)


@pytest.fixture
def city(transactional_db):  # type: ignore[no-untyped-def]
    make_area("Lincoln Heights", box=(-118.30, 34.00, -118.20, 34.10))
    category = do_create_category(code="streetlight", name="Street light out", actor=None)
    do_add_attribute(
        category, code="kind", description="What is wrong?", required=True, actor=None,
        datatype=Attribute.Datatype.SINGLE,
        values=[{"key": "out", "name": "Light out"}, {"key": "flicker", "name": "Flickering"}],
    )
    do_create_category(code="graffiti", name="Graffiti", actor=None)
    return category


def test_a_resident_reports_a_problem_on_a_phone(page, city, check_accessibility):
    page.goto("/reports/new/")
    check_accessibility(page)
    page.get_by_label("Address or place").fill("34.05, -118.25")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/reports/new/nearby/**")
    check_accessibility(page)
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/reports/new/details/**")
    page.get_by_label("Street light out").check()
    check_accessibility(page)
    page.get_by_role("button", name="Continue").click()
    # Send without the required answer: a clear message, and the typed text stays.
    page.get_by_label("Describe the problem").fill("Dark <b>corner</b> by the bus stop")
    page.get_by_role("button", name="Send the report").click()
    assert page.get_by_role("alert").first.is_visible()
    assert Report.objects.count() == 0
    assert page.get_by_label("Describe the problem").input_value() == (
        "Dark <b>corner</b> by the bus stop"
    )
    check_accessibility(page)
    page.get_by_label("What is wrong?").select_option("out")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/reports/*/r/*/")
    report = Report.objects.get()
    assert report.answers == {"kind": "out"}
    assert page.get_by_text("Dark <b>corner</b> by the bus stop").is_visible()
    check_accessibility(page)


def test_a_second_resident_says_me_too(page, city):
    existing = do_submit_report(category=city, lat=INSIDE[0], lon=INSIDE[1],
                                answers={"kind": "out"}, actor=None)
    page.goto("/reports/new/?q=34.0501,-118.25")
    page.wait_for_url("**/reports/new/nearby/**")
    page.get_by_role("button", name=f"Me too (report #{existing.pk})").click()
    page.wait_for_url(f"**/reports/{existing.pk}/")
    existing.refresh_from_db()
    assert existing.supporters == 1


def test_the_map_and_report_pages_pass_axe(page, city, check_accessibility):
    report = do_submit_report(category=city, lat=INSIDE[0], lon=INSIDE[1],
                              answers={"kind": "out"}, actor=None)
    do_change_status(report, "in_progress", public_note="Crew booked", actor=None)
    page.goto("/reports/map/")
    page.locator("#map-status").filter(has_text="shown").wait_for()
    check_accessibility(page)
    page.goto(f"/reports/{report.pk}/")
    assert page.get_by_text("Crew booked").is_visible()
    check_accessibility(page)
    for path in ("/reports/list/", "/reports/hotspots/?category=streetlight", "/reports/alerts/"):
        page.goto(path)
        check_accessibility(page)
