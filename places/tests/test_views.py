from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.models import OfficerProfile, Role
from conftest import create_user
from places.actions import do_add_places
from places.models import Area
from places.tests.conftest import collection, feature, import_collection, square
from trustbeat import registry

FIND = "/places/find/"
NORTH_PARK_URL = "/places/neighborhood/north-park/"


def make_officer(
    email: str, area: Area, *, public: bool = True, **fields: object
) -> OfficerProfile:
    user = create_user(Role.OFFICER, email=email)
    return OfficerProfile.objects.create(
        user=user, assignment_area=area, is_public=public, **fields
    )


def test_the_url_names_resolve():
    assert reverse("places:find") == FIND
    assert reverse("places:beat_team_index") == "/places/officers/"
    assert reverse("places:area_list") == "/places/"
    assert reverse("places:lookup") == "/places/lookup.json"
    assert reverse("places:area", args=["neighborhood", "north-park"]) == NORTH_PARK_URL


@pytest.mark.django_db
def test_the_find_page_works_without_a_query(client, tiny_city):
    response = client.get(FIND)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in body
    assert 'aria-label="Map of the neighborhoods we serve"' in body
    assert 'id="map-outlines"' in body and "North Park" in body
    assert "vendor/leaflet/leaflet.js" in body


@pytest.mark.django_db
def test_typing_a_neighborhood_name_goes_straight_to_its_page(client, tiny_city):
    response = client.get(FIND, {"q": "north park"})
    assert response.status_code == 302 and response.url == NORTH_PARK_URL


@pytest.mark.django_db
def test_typing_a_known_address_goes_to_the_neighborhood_holding_it(client, tiny_city):
    do_add_places([("1500 W SLAUSON AVE, 90047", 34.05, -118.22)], actor=None)
    response = client.get(FIND, {"q": "1500 West Slauson"})
    assert response.status_code == 302
    assert response.url == "/places/neighborhood/east-side/"


@pytest.mark.django_db
def test_several_matches_are_listed_with_their_neighborhood(client, tiny_city):
    do_add_places(
        [("10 PARK AVE", 34.05, -118.22), ("12 PARK AVE", 34.05, -118.27),
         ("14 PARK AVE", 35.0, -100.0)],
        actor=None,
    )
    body = client.get(FIND, {"q": "park"}).content.decode()
    assert "North Park" in body and "10 PARK AVE" in body
    assert "in East Side" in body and "in North Park" in body
    assert "outside the areas we serve" in body


@pytest.mark.django_db
def test_typed_coordinates_go_to_their_neighborhood(client, tiny_city):
    response = client.get(FIND, {"q": "34.05, -118.27"})
    assert response.url == NORTH_PARK_URL


@pytest.mark.django_db
def test_a_picked_point_goes_to_its_neighborhood(client, tiny_city):
    response = client.get(FIND, {"lat": "34.05", "lon": "-118.27"})
    assert response.status_code == 302 and response.url == NORTH_PARK_URL


@pytest.mark.django_db
def test_a_point_outside_every_area_gets_a_message_not_an_error(client, tiny_city):
    response = client.get(FIND, {"lat": "40.7", "lon": "-74.0"})
    assert response.status_code == 200
    assert "That point is outside the areas we serve." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lat": "abc", "lon": "-118.27"}, "Latitude must be a number"),
        ({"lat": "34.05", "lon": "west"}, "Longitude must be a number"),
        ({"lat": "134.05", "lon": "-118.27"}, "Latitude must be between -90 and 90."),
        ({"lat": "34.05"}, "A point needs both a latitude and a longitude."),
    ],
)
def test_bad_coordinates_get_a_clear_message(client, tiny_city, params, message):
    response = client.get(FIND, params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_search_says_nothing_matched(client, tiny_city):
    body = client.get(FIND, {"q": "Atlantis"}).content.decode()
    assert "Nothing matched “Atlantis”" in body


@pytest.mark.django_db
def test_the_area_page_shows_the_outline_the_parent_and_the_public_team(client, tiny_city):
    north_park = tiny_city["north-park"]
    make_officer("sam.sergeant@example.org", north_park, rank="Sergeant",
                 languages="English, Spanish", bio="Walks the park on Sundays.")
    make_officer("hidden.officer@example.org", north_park, public=False, rank="Captain")
    make_officer("elsewhere.officer@example.org", tiny_city["east-side"])
    response = client.get(NORTH_PARK_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>North Park</h1>" in body
    assert "Council District 7" in body
    assert 'id="area-outline"' in body and '"Polygon"' in body
    assert "Sam Sergeant" in body and "Sergeant" in body and "English, Spanish" in body
    assert "Walks the park on Sundays." in body
    assert ">SS<" in body  # initials avatar when there is no photo
    assert "Hidden Officer" not in body
    assert "Elsewhere Officer" not in body


@pytest.mark.django_db
def test_officers_of_a_beat_drawn_on_the_neighborhood_appear_on_its_page(client, tiny_city):
    [beat] = import_collection(
        collection(feature("Beat 1", square(-118.30, 34.00, -118.25, 34.10))), Area.Level.BEAT
    ).values()
    make_officer("bea.beat@example.org", beat, rank="Officer")
    body = client.get(NORTH_PARK_URL).content.decode()
    assert "Bea Beat" in body
    assert "Also covered by" in body and "/places/beat/beat-1/" in body
    assert "Bea Beat" not in client.get("/places/neighborhood/east-side/").content.decode()


@pytest.mark.django_db
def test_a_deactivated_officer_disappears_from_public_pages(client, tiny_city):
    profile = make_officer("gone.officer@example.org", tiny_city["north-park"])
    profile.user.is_active = False
    profile.user.save()
    assert "Gone Officer" not in client.get(NORTH_PARK_URL).content.decode()
    assert "Gone Officer" not in client.get("/places/officers/").content.decode()


@pytest.mark.django_db
def test_the_area_page_shows_registered_sections_only(client, tiny_city):
    body = client.get(NORTH_PARK_URL).content.decode()
    assert "Problem reports here" in body
    assert "A throwaway section" not in body
    registry.register_area_section(
        "throwaway", "A throwaway section", template="places/sections/example.html",
        context=lambda request, area: {"n": 3},
    )
    try:
        body = client.get(NORTH_PARK_URL).content.decode()
    finally:
        registry.unregister("throwaway")
    assert "A throwaway section" in body
    assert "3 events in North Park" in body


@pytest.mark.django_db
def test_unknown_areas_and_levels_are_not_found(client, tiny_city):
    assert client.get("/places/neighborhood/nowhere/").status_code == 404
    assert client.get("/places/galaxy/north-park/").status_code == 404


@pytest.mark.django_db
def test_the_area_page_works_without_map_tiles(client, tiny_city, settings):
    settings.MAP_TILES_URL = ""
    body = client.get(NORTH_PARK_URL).content.decode()
    assert '"tiles_url": ""' in body
    assert "The outline of North Park." in body


@pytest.mark.django_db
def test_the_beat_team_index_lists_public_officers_by_area_and_searches(client, tiny_city):
    make_officer("nina.north@example.org", tiny_city["north-park"], rank="Officer")
    make_officer("eddie.east@example.org", tiny_city["east-side"], rank="Officer")
    make_officer("private.pat@example.org", tiny_city["east-side"], public=False)
    body = client.get("/places/officers/").content.decode()
    assert "Nina North" in body and "Eddie East" in body
    assert "Private Pat" not in body
    searched = client.get("/places/officers/", {"q": "east"}).content.decode()
    assert "Eddie East" in searched and "Nina North" not in searched
    nothing = client.get("/places/officers/", {"q": "atlantis"}).content.decode()
    assert "No area matches “atlantis”" in nothing


@pytest.mark.django_db
def test_the_area_list_shows_each_level(client, tiny_city):
    body = client.get("/places/").content.decode()
    assert "North Park" in body and "East Side" in body
    districts = client.get("/places/", {"level": "district"}).content.decode()
    assert "Council District 7" in districts and "North Park" not in districts


@pytest.mark.django_db
def test_the_lookup_api_names_the_area_holding_a_point(client, tiny_city):
    response = client.get("/places/lookup.json", {"lat": "34.05", "lon": "-118.27"})
    assert response.status_code == 200
    assert response.json() == {
        "area": {"level": "neighborhood", "name": "North Park", "slug": "north-park",
                 "url": NORTH_PARK_URL}
    }
    district = client.get("/places/lookup.json", {"lat": "34.05", "lon": "-118.27",
                                                  "level": "district"})
    assert district.json()["area"]["name"] == "Council District 7"


@pytest.mark.django_db
def test_the_lookup_api_explains_misses_and_bad_input(client, tiny_city):
    outside = client.get("/places/lookup.json", {"lat": "40.7", "lon": "-74"})
    assert outside.status_code == 404
    assert outside.json() == {"error": {"message": "That point is outside the areas we serve."}}
    bad = client.get("/places/lookup.json", {"lat": "x"})
    assert bad.status_code == 400
    assert "Latitude must be a number" in bad.json()["error"]["message"]
    level = client.get("/places/lookup.json", {"lat": "34", "lon": "-118", "level": "moon"})
    assert level.status_code == 400


@pytest.mark.django_db
def test_the_find_page_embeds_settings_as_json_not_markup(client, tiny_city):
    body = client.get(FIND).content.decode()
    start = body.index('id="map-settings" type="application/json">') + len(
        'id="map-settings" type="application/json">'
    )
    settings_json = json.loads(body[start : body.index("</script>", start)])
    assert set(settings_json) == {"tiles_url", "tiles_attribution", "center", "zoom"}


@pytest.mark.django_db
def test_the_beat_team_index_shows_a_page_of_areas_at_a_time(client, django_assert_max_num_queries):
    from places.testing import make_area
    from places.views import TEAM_AREAS_PER_PAGE

    count = TEAM_AREAS_PER_PAGE + 3
    for number in range(count):
        area = make_area(f"Area {number:02d}", box=(number, 0, number + 0.5, 0.5))
        make_officer(f"officer{number:02d}@example.org", area, rank="Officer")
    with django_assert_max_num_queries(12):
        first = client.get("/places/officers/").content.decode()
    assert first.count('class="team-group"') == TEAM_AREAS_PER_PAGE
    assert "Area 00" in first and f"Area {count - 1}" not in first
    assert "Page 1 of 2" in first
    second = client.get("/places/officers/", {"page": 2}).content.decode()
    assert second.count('class="team-group"') == 3 and f"Area {count - 1}" in second
    # A hostile page number is a normal page, never an error.
    assert client.get("/places/officers/", {"page": "9" * 40}).status_code == 200
