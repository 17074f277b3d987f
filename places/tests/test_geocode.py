from __future__ import annotations

import pytest

from places.actions import do_add_places
from places.geocode import fold, geocode, normalize_address
from places.models import Place


@pytest.fixture
def addresses(tiny_city):
    do_add_places(
        [
            ("132 S WESTMORELAND AVE, 90004", 34.05, -118.27),
            ("140 S WESTMORELAND AVE, 90004", 34.06, -118.27),
            ("1500 W SLAUSON AVE, 90047", 34.05, -118.22),
            ("MARTIN LUTHER KING, JR BLVD AT WEST BLVD, 90008", 34.02, -118.22),
        ],
        actor=None,
        source="test",
    )
    return tiny_city


def test_addresses_normalise_to_the_abbreviations_311_data_uses():
    assert normalize_address("132 South Westmoreland Avenue, 90004") == "132 S WESTMORELAND AVE"
    assert normalize_address("  1500 w.  slauson   ave ") == "1500 W SLAUSON AVE"
    assert fold("Peñasco Café") == "PENASCO CAFE"


@pytest.mark.django_db
def test_it_finds_an_area_by_name_ignoring_case_and_accents(tiny_city):
    [match] = geocode("nórth park")
    assert match.kind == "area" and match.area == tiny_city["north-park"] and match.exact
    assert [m.label for m in geocode("park")] == ["North Park"]
    assert geocode("NORTH PARK NC")[0].area == tiny_city["north-park"]  # the name in the file


@pytest.mark.django_db
def test_it_finds_an_address_by_its_beginning_in_any_spelling(addresses):
    [match] = geocode("132 South Westmoreland Avenue")
    assert match.kind == "place"
    assert (match.lat, match.lon) == (34.05, -118.27)
    # One character is too short to search inside addresses; only beginnings count.
    assert len(geocode("1")) == 3


@pytest.mark.django_db
def test_it_also_finds_an_address_by_a_part_of_it(addresses):
    labels = [m.label for m in geocode("westmoreland ave")]
    assert labels == ["132 S WESTMORELAND AVE, 90004", "140 S WESTMORELAND AVE, 90004"]
    assert [m.label for m in geocode("Martin Luther King, Jr")][0].startswith("MARTIN LUTHER KING")


@pytest.mark.django_db
def test_it_reads_typed_coordinates():
    [match] = geocode("34.0736, -118.2106")
    assert match.kind == "point" and (match.lat, match.lon) == (34.0736, -118.2106)


@pytest.mark.django_db
def test_it_finds_nothing_for_unknown_text(addresses):
    assert geocode("Atlantis Boulevard 99999") == []
    assert geocode("   ") == []


@pytest.mark.django_db
def test_it_returns_at_most_ten_matches(tiny_city):
    do_add_places([(f"{n} MAIN ST", 34.05, -118.27) for n in range(100, 130)], actor=None)
    assert len(geocode("1")) == 10


@pytest.mark.django_db
def test_adding_places_twice_keeps_one_row_per_address(tiny_city):
    rows = [("1 MAIN ST, 90001", 34.05, -118.27), ("1 Main Street", 34.05, -118.27)]
    assert do_add_places(rows, actor=None) == 1
    assert do_add_places(rows, actor=None) == 0
    assert Place.objects.count() == 1
