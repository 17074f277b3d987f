import pytest

from directory.actions import do_update_service
from directory.tests.core import DOWNTOWN, make_service


@pytest.mark.django_db
def test_the_search_page_shows_the_need_grid(client):
    response = client.get("/resources/")
    assert response.status_code == 200
    assert "Mental health" in response.text and "Child care" in response.text


@pytest.mark.django_db
def test_a_search_shows_results_with_distance_and_the_filters_in_words(client):
    make_service(name="Eastside Food Pantry")
    response = client.get("/resources/", {"need": "food", "lat": DOWNTOWN[0],
                                          "lon": DOWNTOWN[1], "radius": "3"})
    assert response.status_code == 200
    assert "Eastside Food Pantry" in response.text
    assert "0.0 km away" in response.text
    assert "within 3 km of your location" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"lat": "abc", "lon": "1"}, {"lat": "91", "lon": "0"}, {"lat": "1"},
    {"age": "99999999999999"}, {"q": "food\x00"}, {"radius": "7"}, {"need": "nonsense"},
    {"page": "0"}, {"lat": "nan", "lon": "nan"},
])
def test_bad_search_parameters_get_a_400_with_a_message(client, query):
    response = client.get("/resources/", query)
    assert response.status_code == 400
    assert 'class="errorlist' in response.text or "not valid" in response.text


@pytest.mark.django_db
def test_an_unknown_place_is_explained(client):
    response = client.get("/resources/", {"near": "Qwxzv Nowhere"})
    assert response.status_code == 400
    assert "could not find that place" in response.text


@pytest.mark.django_db
def test_the_service_page_shows_hours_phone_and_directions(client):
    service = make_service(phones=["(213) 555-0142"], required_documents=["Photo ID"])
    response = client.get(f"/resources/services/{service.pk}/")
    assert response.status_code == 200
    text = response.text
    assert 'href="tel:+12135550142"' in text
    assert "Photo ID" in text and "Monday" in text and "openstreetmap.org/directions" in text
    assert client.get(f"/resources/services/{service.pk}/print/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00"])
def test_guessed_service_ids_are_404(client, pk):
    assert client.get(f"/resources/services/{pk}/").status_code == 404


@pytest.mark.django_db
def test_an_inactive_service_is_hidden_from_the_public_but_not_its_editor(client, coordinator,
                                                                           client_for):
    service = make_service()
    do_update_service(service, status="defunct", actor=None)
    assert client.get(f"/resources/services/{service.pk}/").status_code == 404
    assert client_for(coordinator).get(f"/resources/services/{service.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_partner_cannot_open_another_organizations_edit_page(partner, client_for):
    from directory.tests.core import make_platform_org, make_provider

    make_platform_org("Partner Home", partner)
    service = make_service(make_provider("Someone Else"))
    assert client_for(partner).get(f"/resources/services/{service.pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_editors_add_hours_and_an_impossible_schedule_is_explained(coordinator, client_for):
    from directory.models import Schedule

    service = make_service(hours=())
    client = client_for(coordinator)
    response = client.post(f"/resources/services/{service.pk}/hours/add/",
                           {"days": ["MO"], "opens_at": "10:00", "closes_at": "08:00"})
    assert response.status_code == 400
    assert "closes (08:00) before it opens (10:00)" in response.text
    assert Schedule.objects.count() == 0
    response = client.post(f"/resources/services/{service.pk}/hours/add/",
                           {"days": ["MO", "TU"], "opens_at": "09:00", "closes_at": "17:00"})
    assert response.status_code == 302
    assert Schedule.objects.get().byday == "MO,TU"


@pytest.mark.django_db
def test_the_neighborhood_page_lists_help_nearby(client):
    from places.tests.conftest import build_tiny_city

    city = build_tiny_city()
    area = next(a for a in city.values() if a.level == "neighborhood")
    lat, lon = (area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2
    make_service(name="Corner Food Pantry", point=(lat, lon))
    response = client.get(f"/places/{area.level}/{area.slug}/")
    assert response.status_code == 200
    assert "Help and resources nearby" in response.text
    assert "Corner Food Pantry" in response.text
