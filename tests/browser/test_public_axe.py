"""axe-core finds no WCAG 2.2 A/AA violation on any public page, filled with demo-like data."""

from __future__ import annotations

import pytest

from accounts.models import OfficerProfile, Role
from conftest import create_user
from places.testing import make_area
from reports.actions import do_create_category, do_submit_report


@pytest.fixture
def public_data(transactional_db):
    area = make_area("Axe Park", box=(-118.30, 34.00, -118.20, 34.10))
    officer = create_user(Role.OFFICER, display_name="Dana Reyes")
    OfficerProfile.objects.create(
        user=officer, rank="Sergeant", assignment_area=area, languages="English, Spanish",
        bio="Community policing.", is_public=True,
    )
    category = do_create_category(code="pothole", name="Pothole", target_days=10, actor=None)
    report = do_submit_report(
        category=category, lat=34.05, lon=-118.25, description="Deep hole", actor=None
    )
    return {"area": area, "report": report, "category": category}


PATHS = [
    "/places/",
    "/places/officers/",
    "/places/neighborhood/axe-park/",
    "/reports/",
    "/reports/?number=no-such-report",
    "/reports/map/",
    "/reports/list/",
    "/reports/hotspots/",
    "/reports/hotspots/?category=pothole",
    "/reports/alerts/",
    "/reports/new/",
    "/reports/{report}/",
    "/accounts/password-reset/",
    "/accounts/verify-email/",
    "/about/dashboard/",
]


@pytest.mark.parametrize("path", PATHS)
def test_the_page_has_no_accessibility_violations(page, public_data, check_accessibility, path):
    page.goto(path.format(report=public_data["report"].pk))
    assert page.locator("h1").count() == 1
    check_accessibility(page)


def test_the_spanish_pages_have_no_accessibility_violations(page, public_data, check_accessibility):
    page.goto("/")
    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    for path in ["/", "/reports/new/", "/places/neighborhood/axe-park/"]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "es"
        check_accessibility(page)
