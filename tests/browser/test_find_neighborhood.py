"""A resident finds their neighborhood by typed text and by clicking the map."""

from __future__ import annotations

import pytest

from accounts.models import OfficerProfile, Role
from conftest import create_user
from places.testing import make_area

# make_area's default box; a point in the middle of it.
INSIDE = (34.05, -118.25)


@pytest.fixture
def neighborhood(transactional_db):
    area = make_area("Lincoln Heights", box=(-118.30, 34.00, -118.20, 34.10))
    officer = create_user(Role.OFFICER, display_name="Maria Lopez")
    OfficerProfile.objects.create(
        user=officer, rank="Sergeant", assignment_area=area, languages="English, Spanish",
        bio="Walks the Lincoln Heights beat.", is_public=True,
    )
    hidden = create_user(Role.OFFICER, email="hidden@example.org", display_name="Hidden Person")
    OfficerProfile.objects.create(user=hidden, assignment_area=area, is_public=False)
    return area


def test_a_resident_types_a_neighborhood_name_and_lands_on_its_page(
    page, neighborhood, check_accessibility
):
    page.goto("/places/find/")
    check_accessibility(page)
    page.get_by_label("Address, neighborhood or coordinates").fill("lincoln")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/places/neighborhood/lincoln-heights/")
    assert page.locator("h1").inner_text() == "Lincoln Heights"
    assert page.get_by_text("Maria Lopez", exact=True).first.is_visible()
    assert page.get_by_text("Hidden Person").count() == 0
    check_accessibility(page)


def test_a_resident_clicks_the_map_and_is_told_the_neighborhood(page, neighborhood):
    page.goto("/places/find/")
    page.locator("#find-map").scroll_into_view_if_needed()
    map_box = page.locator("#find-map").bounding_box()
    assert map_box is not None
    # The map fits the only outline, so its centre lies inside the neighborhood.
    page.mouse.click(map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    status = page.locator("#map-status")
    status.get_by_role("link", name="Lincoln Heights").wait_for()
    status.get_by_role("link", name="Lincoln Heights").click()
    page.wait_for_url("**/places/neighborhood/lincoln-heights/")


def test_a_point_outside_every_area_gets_a_clear_message(page, neighborhood):
    page.goto("/places/find/?lat=40.7&lon=-74.0")
    assert page.get_by_role("alert").first.is_visible()
    assert "outside" in page.get_by_role("alert").first.inner_text()


def test_a_resident_uses_the_phone_location(browser, live_server, neighborhood):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": INSIDE[0], "longitude": INSIDE[1]},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto("/places/find/")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url("**/places/neighborhood/lincoln-heights/")
    finally:
        context.close()
