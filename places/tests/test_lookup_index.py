"""The lookup index on the tiny test city: rebuilds, stamps, edges and overlaps."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from places import lookup
from places.lookup import find_area, find_area_ids
from places.models import Area
from places.tests.conftest import collection, feature, import_collection, name_at, square


@pytest.mark.django_db
def test_an_import_rebuilds_the_index(tiny_city):
    inside_new = (34.05, -118.17)
    assert find_area(*inside_new) is None
    import_collection(collection(feature("FAR EAST NC", square(-118.20, 34.00, -118.15, 34.10))),
                      Area.Level.NEIGHBORHOOD)
    assert name_at(*inside_new) == "Far East"


@pytest.mark.django_db
def test_a_process_without_the_bump_notices_changes_through_the_database_stamp(tiny_city):
    """Another process's local cache never saw the bump; its stamp comes from the table."""
    assert name_at(34.05, -118.27) == "North Park"
    cache.clear()  # as if this process had its own, empty cache
    first = lookup.areas_version()
    Area.objects.filter(slug="north-park").update(name="Renamed")
    Area.objects.create(level="neighborhood", name="Other", slug="other",
                        geometry=square(0, 0, 1, 1), min_lat=0, min_lon=0, max_lat=1, max_lon=1,
                        centroid_lat=0.5, centroid_lon=0.5)
    cache.clear()  # the stamp's short timeout has passed
    assert lookup.areas_version() != first
    assert name_at(0.5, 0.5) == "Other"


@pytest.mark.django_db
def test_a_point_on_the_shared_edge_belongs_to_one_side(tiny_city):
    [area_id] = find_area_ids([(34.05, -118.25)])
    assert area_id in {tiny_city["north-park"].pk, tiny_city["east-side"].pk}


@pytest.mark.django_db
def test_overlapping_areas_give_the_smaller_one(tiny_city):
    import_collection(collection(feature("SMALL PARK", square(-118.29, 34.04, -118.28, 34.05))),
                      Area.Level.NEIGHBORHOOD)
    assert name_at(34.045, -118.285) == "Small Park"
    assert name_at(34.02, -118.285) == "North Park"


@pytest.mark.django_db
def test_the_make_area_helper_goes_through_the_import_and_the_index():
    from places.testing import make_area

    area = make_area("Civic Center")
    assert area.level == "neighborhood" and area.slug == "civic-center"
    assert find_area(34.05, -118.24) == area


@pytest.mark.django_db
def test_the_outline_cache_key_is_portable_when_the_stamp_comes_from_the_database(tiny_city):
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning, memcache_key_warnings

    from places.render import map_outlines

    cache.clear()  # no stamp in the cache: it is derived from the table, timestamp and all
    stamp = lookup.areas_version()
    assert not list(memcache_key_warnings(f":1:places:outlines:neighborhood:{stamp}"))
    cache.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert len(map_outlines("neighborhood")) == 2
