"""Confidential locations (shelters) never leave the server: every public output is
scanned for the address, the coordinates and the location's id."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.tests.core import SECRET_POINT, make_service, make_shelter, secret_strings


def public_urls(service_id: str) -> list[str]:
    # Searching from 300 m away (the page echoes the searcher's own point back).
    lat, lon = SECRET_POINT[0] + 0.003, SECRET_POINT[1] + 0.003
    return [
        "/resources/",
        "/resources/?need=abuse",
        f"/resources/?need=abuse&lat={lat}&lon={lon}&radius=1",
        "/resources/?q=shelter",
        "/resources/?q=harbor&open_now=on",
        f"/resources/services/{service_id}/",
        f"/resources/services/{service_id}/print/",
    ]


def assert_clean(text: str, where: str) -> None:
    for secret in secret_strings():
        assert secret not in text, f"{where} shows {secret!r}"


@pytest.fixture
def shelter(db):
    make_service(name="Open Door Counseling", codes=("1124",))
    return make_shelter()


def test_no_public_page_shows_a_confidential_location(shelter):
    client = Client()
    for url in public_urls(str(shelter.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.text, url)


def test_the_shelter_is_still_found_and_says_to_call(shelter):
    response = Client().get("/resources/?need=abuse")
    assert "Safe Harbor Shelter" in response.text
    assert "Confidential location: call for details" in response.text
    page = Client().get(f"/resources/services/{shelter.pk}/").text
    assert "confidential location" in page and "tel:+12135550100" in page
    assert 'id="service-map"' not in page


def test_a_shelter_is_never_near_anything(shelter):
    lat, lon = SECRET_POINT[0] + 0.001, SECRET_POINT[1] + 0.001
    response = Client().get("/resources/", {"need": "abuse", "lat": str(lat),
                                            "lon": str(lon), "radius": "1"})
    assert "Safe Harbor Shelter" not in response.text


def test_the_neighborhood_section_skips_confidential_locations(db):
    from places.tests.conftest import build_tiny_city

    city = build_tiny_city()
    area = next(a for a in city.values() if a.level == "neighborhood")
    from directory.tests import core

    # Off the centre (the page links to a search around its centre).
    core_point = (round(area.min_lat + 0.4137 * (area.max_lat - area.min_lat), 6),
                  round(area.min_lon + 0.4571 * (area.max_lon - area.min_lon), 6))
    shelter = make_service(name="Hidden Shelter", codes=("1125",), point=core_point,
                           address=core.SECRET_ADDRESS, confidential=True)
    response = Client().get(f"/places/{area.level}/{area.slug}/")
    assert "Hidden Shelter" not in response.text
    assert_clean(response.text, "neighborhood page")
    assert str(shelter.pk) not in response.text
