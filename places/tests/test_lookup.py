"""Point lookups on the real Los Angeles boundaries (imported once for this module)."""

from __future__ import annotations

import random

from places.lookup import find_area, find_area_ids, find_first_area
from places.models import Area
from places.tests.conftest import name_at

CITY_HALL = (34.0537, -118.2427)
LINCOLN_PARK = (34.0736, -118.2106)
PACIFIC_OCEAN = (34.0, -118.6)


def test_a_known_point_is_in_its_neighborhood_council_and_district(la):
    assert name_at(*LINCOLN_PARK) == "Lincoln Heights"
    assert name_at(*CITY_HALL) == "Downtown Los Angeles"
    assert name_at(*CITY_HALL, level="district") == "Council District 14"
    assert name_at(*LINCOLN_PARK, level="district") == "Council District 1"


def test_a_point_outside_every_area_finds_nothing(la):
    assert find_area(*PACIFIC_OCEAN) is None
    assert find_first_area(*PACIFIC_OCEAN) is None


def test_the_vectorised_lookup_answers_point_by_point_with_gaps(la):
    odd: list = [(None, None), ("x", "y")]
    ids = find_area_ids([LINCOLN_PARK, PACIFIC_OCEAN, *odd, CITY_HALL])
    lincoln = Area.objects.get(level="neighborhood", slug="lincoln-heights")
    downtown = Area.objects.get(level="neighborhood", slug="downtown-los-angeles")
    assert ids == [lincoln.pk, None, None, None, downtown.pk]
    assert find_area_ids([]) == []


def test_the_vectorised_lookup_agrees_with_the_one_point_lookup_on_thousands_of_points(la):
    # Its speed is measured in bench/ (tests assert no wall-clock times).
    rng = random.Random(311)
    points = [(rng.uniform(33.7, 34.35), rng.uniform(-118.7, -118.15)) for _ in range(5000)]
    ids = find_area_ids(points)
    assert len(ids) == 5000
    found = sum(1 for i in ids if i is not None)
    assert 1000 < found < 5000  # the box holds the city and a lot of sea and suburbs
    # Spot-check the fast path against the one-point path.
    for point, area_id in list(zip(points, ids, strict=True))[:50]:
        area = find_area(*point)
        assert (area.pk if area else None) == area_id
