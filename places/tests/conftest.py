"""Fixtures for places tests: a tiny made-up city for most tests, the real LA files for a few.

The tiny city (two neighborhoods side by side inside one district):

    lon -118.30      -118.25      -118.20
    lat 34.10 +-----------+-----------+
              |   North   |   East    |     district "Testville" covers both
              |   Park    |   Side    |
    lat 34.00 +-----------+-----------+
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache

from places import lookup
from places.actions import do_import_boundaries
from places.boundaries import parse_boundaries
from places.models import Area
from trustbeat.lib.datafiles import find_data_file, read_data_bytes

# The repository's own copies (data/places/), whatever DEMO_DATA_DIR says: tests must not
# depend on a folder outside the clone.
PLACES_DATA = Path(settings.BASE_DIR) / "data" / "places"
NEIGHBORHOODS_FILE = find_data_file(PLACES_DATA, "la-neighborhood-councils-2019.geojson")
DISTRICTS_FILE = find_data_file(PLACES_DATA, "la-council-districts-2012.geojson")


def square(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> dict[str, Any]:
    ring = [[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat],
            [min_lon, min_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(name: str | None, geometry: Any, **properties: Any) -> dict[str, Any]:
    props = dict(properties)
    if name is not None:
        props["name"] = name
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


TINY_NEIGHBORHOODS = collection(
    feature("NORTH PARK NC", square(-118.30, 34.00, -118.25, 34.10), nc_id="1"),
    feature("EAST SIDE NC", square(-118.25, 34.00, -118.20, 34.10), nc_id="2"),
)
TINY_DISTRICTS = collection(feature("7", square(-118.31, 33.99, -118.19, 34.11), external_id="7"))


@pytest.fixture(autouse=True)
def _fresh_lookup_stamp() -> Iterator[None]:
    """Each test's rows roll back, so a version stamp bumped in one test must not reach
    the next: with the cache empty the stamp is read from the table, which matches the
    index built for the module's committed rows (la_city) and nothing else."""
    cache.clear()
    yield
    cache.clear()


def import_collection(data: dict[str, Any], level: str, **options: Any) -> dict[str, Area]:
    parse_options = {k: options.pop(k) for k in ("name_format", "code_field") if k in options}
    features = parse_boundaries(json.dumps(data), **parse_options)
    return do_import_boundaries(features, level, actor=None, **options).areas


def build_tiny_city() -> dict[str, Area]:
    """The tiny city's district and two neighborhoods, by slug; other apps' tests use it."""
    districts = import_collection(
        TINY_DISTRICTS, Area.Level.DISTRICT, name_format="Council District {name}"
    )
    neighborhoods = import_collection(
        TINY_NEIGHBORHOODS, Area.Level.NEIGHBORHOOD, parent_level=Area.Level.DISTRICT,
        code_field="nc_id",
    )
    return {**districts, **neighborhoods}


@pytest.fixture
def tiny_city(db: None) -> dict[str, Area]:
    return build_tiny_city()


@pytest.fixture(scope="module")
def la_city(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Area]]:
    """The real LA districts and neighborhood councils, imported once per test module.

    Rows are committed outside the per-test transaction, so they are deleted at the end.
    """
    from audit.models import AuditEntry

    with django_db_blocker.unblock():
        cache.clear()
        lookup.forget_indexes()
        import_collection(
            json.loads(read_data_bytes(DISTRICTS_FILE)), Area.Level.DISTRICT,
            name_format="Council District {name}", code_field="external_id",
        )
        areas = import_collection(
            json.loads(read_data_bytes(NEIGHBORHOODS_FILE)), Area.Level.NEIGHBORHOOD,
            parent_level=Area.Level.DISTRICT, code_field="nc_id",
        )
        cache.clear()
        yield areas
        Area.objects.all().delete()
        AuditEntry.objects.all().delete()
        cache.clear()
        lookup.forget_indexes()


@pytest.fixture
def la(la_city: dict[str, Area], db: None) -> dict[str, Area]:
    return la_city


def name_at(lat: float, lon: float, level: str = Area.Level.NEIGHBORHOOD) -> str | None:
    from places.lookup import find_area

    area = find_area(lat, lon, level)
    return area.name if area is not None else None
