"""The first visit on a phone: the home page invites action, the map comes first."""

from __future__ import annotations

import pytest

from accounts.models import Role
from conftest import create_user
from places.testing import make_area
from reports.actions import do_change_status, do_create_category, do_submit_report
from reports.models import Status

PHONE_HEIGHT = 844


@pytest.fixture
def reports(transactional_db):
    make_area("Axe Park", box=(-118.30, 34.00, -118.20, 34.10))
    category = do_create_category(code="pothole", name="Pothole", target_days=10, actor=None)
    open_one = do_submit_report(
        category=category, lat=34.05, lon=-118.25, address="12 MAIN ST", actor=None
    )
    fixed = do_submit_report(category=category, lat=34.06, lon=-118.26, actor=None)
    do_change_status(fixed, Status.FIXED, actor=create_user(Role.COORDINATOR))
    return {"open": open_one, "fixed": fixed}


def test_the_home_page_puts_report_a_problem_and_the_latest_fixes_up_front(
    page, reports, check_accessibility
):
    page.goto("/")
    report = page.get_by_role("link", name="Report a problem").first
    box = report.bounding_box()
    assert box is not None and box["y"] + box["height"] < PHONE_HEIGHT  # above the fold
    assert page.get_by_role("search").get_by_label("Street address or neighborhood name")
    figures = page.locator(".figures")
    assert "2 problems reported in the last 30 days" in figures.inner_text()
    assert "1 fixed" in figures.inner_text()
    latest = page.get_by_role("region", name="Recently reported")
    assert f"#{reports['open'].pk} Pothole" in latest.inner_text()
    assert "12 MAIN ST" in latest.inner_text()
    fixed = page.get_by_role("region", name="Recently fixed")
    assert f"#{reports['fixed'].pk} Pothole" in fixed.inner_text()
    check_accessibility(page)
    report.click()
    page.wait_for_url("**/reports/new/")


def test_the_spanish_home_page_invites_action_too(page, reports, check_accessibility):
    page.goto("/")
    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Reportar un problema").first.is_visible()
    assert "Resueltos recientemente" in page.content()
    check_accessibility(page)


def test_on_a_phone_the_map_comes_first_and_the_filters_fold(page, reports, check_accessibility):
    page.goto("/reports/map/")
    map_box = page.locator("#reports-map").bounding_box()
    assert map_box is not None and map_box["y"] < PHONE_HEIGHT / 2
    category = page.get_by_label("Category")
    assert not category.is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert category.is_visible()
    check_accessibility(page)


def test_filters_already_set_stay_open_and_wide_screens_show_them(page, reports):
    page.goto("/reports/map/?status=open")
    assert page.get_by_label("Category").is_visible()
    assert "Filters (1 set)" in page.locator("summary").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/reports/map/")
    assert page.get_by_label("Category").is_visible()
