from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from places.actions import do_import_boundaries
from places.boundaries import BoundaryError, nice_area_name, parse_boundaries
from places.models import Area
from places.tests.conftest import (
    TINY_NEIGHBORHOODS,
    collection,
    feature,
    import_collection,
    square,
)


def write(tmp_path: Path, data: object, name: str = "areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def import_file(path: Path, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_boundaries", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_areas_with_tidy_names_and_keeps_the_original(tmp_path):
    output = import_file(write(tmp_path, TINY_NEIGHBORHOODS), "--level", "neighborhood",
                         "--code-field", "nc_id")
    assert "2 neighborhood areas" in output and "2 created" in output
    area = Area.objects.get(level="neighborhood", slug="north-park")
    assert area.name == "North Park"
    assert area.code == "1"
    assert area.properties["name"] == "NORTH PARK NC"
    assert (area.min_lat, area.min_lon, area.max_lat, area.max_lon) == (34.0, -118.3, 34.1, -118.25)
    assert area.centroid_lat == pytest.approx(34.05)
    assert area.centroid_lon == pytest.approx(-118.275)
    assert area.outline["type"] == "Polygon"


@pytest.mark.django_db
def test_it_records_the_import_in_the_audit_log(tmp_path, admin_user):
    import_file(write(tmp_path, TINY_NEIGHBORHOODS), "--level", "neighborhood",
                "--actor", admin_user.email)
    entry = AuditEntry.objects.get(action="places.import_boundaries")
    assert entry.actor == admin_user
    assert entry.detail["created"] == 2


@pytest.mark.django_db
def test_reimporting_updates_areas_instead_of_duplicating_them(tmp_path):
    import_file(write(tmp_path, TINY_NEIGHBORHOODS), "--level", "neighborhood")
    changed = collection(
        feature("NORTH PARK NC", square(-118.31, 34.00, -118.25, 34.10), nc_id="1"),
        feature("EAST SIDE NC", square(-118.25, 34.00, -118.20, 34.10), nc_id="2"),
    )
    output = import_file(write(tmp_path, changed), "--level", "neighborhood")
    assert "1 updated" in output and "1 unchanged" in output
    assert Area.objects.filter(level="neighborhood").count() == 2
    assert Area.objects.get(slug="north-park").min_lon == -118.31
    again = import_file(write(tmp_path, changed), "--level", "neighborhood")
    assert "2 unchanged" in again
    assert AuditEntry.objects.filter(action="places.import_boundaries").count() == 2


@pytest.mark.django_db
def test_it_links_each_area_to_the_parent_it_overlaps_most(tiny_city):
    north_park = Area.objects.get(slug="north-park")
    assert north_park.parent == Area.objects.get(level="district")
    assert north_park.parent.name == "Council District 7"


@pytest.mark.django_db
def test_it_repairs_a_bow_tie_ring():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    [parsed] = parse_boundaries(json.dumps(collection(feature("Bow", bow_tie))))
    assert parsed.repaired and parsed.geometry.is_valid
    assert parsed.geometry.area == pytest.approx(0.5)
    summary = do_import_boundaries([parsed], "beat", actor=None)
    assert summary.repaired == ["bow"]


BAD_FILES = [
    ("{not json", "not valid JSON"),
    (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
    (json.dumps(collection()), "has no features"),
    (
        json.dumps(collection(feature("Empty Lot", None))),
        "Feature 0 (“Empty Lot”): has no geometry",
    ),
    (
        json.dumps(collection(feature("Main St", {"type": "LineString",
                                                   "coordinates": [[0, 0], [1, 1]]}))),
        "Feature 0 (“Main St”): its geometry is a LineString; only Polygon and MultiPolygon",
    ),
    (
        json.dumps(collection(feature("Broken", {"type": "Polygon",
                                                 "coordinates": [[[0, 0], [1, 1]]]}))),
        "Feature 0 (“Broken”): its coordinates are malformed",
    ),
    (
        json.dumps(collection(feature("Flat", {
            "type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}))),
        "Feature 0 (“Flat”): its outline crosses itself and cannot be repaired",
    ),
    (
        json.dumps(collection(feature("Projected", square(400000, 3700000, 401000, 3701000)))),
        "not longitude/latitude degrees",
    ),
    (
        json.dumps(collection(feature(None, square(0, 0, 1, 1)))),
        "Feature 0: has no “name” property",
    ),
    (
        json.dumps(collection(feature("Twin", square(0, 0, 1, 1)),
                              feature("TWIN", square(1, 0, 2, 1)))),
        "Feature 1 (“TWIN”): has the same name as feature 0",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_it_rejects_a_malformed_file_and_writes_nothing(tmp_path, content, message):
    with pytest.raises(CommandError) as caught:
        import_file(write(tmp_path, content), "--level", "neighborhood")
    assert message in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    assert not Area.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_one_bad_feature_stops_the_good_ones_too(tmp_path):
    data = collection(
        feature("Good", square(0, 0, 1, 1)),
        feature("Bad", {"type": "Point", "coordinates": [0, 0]}),
        feature("Also Good", square(1, 0, 2, 1)),
    )
    with pytest.raises(CommandError, match=r"1 problem\(s\)[\s\S]*Feature 1 \(“Bad”\)"):
        import_file(write(tmp_path, data), "--level", "beat")
    assert not Area.objects.exists()


def test_the_parser_lists_every_problem_at_once():
    data = collection(feature(None, square(0, 0, 1, 1)), feature("No Shape", None))
    with pytest.raises(BoundaryError) as caught:
        parse_boundaries(json.dumps(data))
    assert len(caught.value.problems) == 2


def test_it_tidies_shouting_names():
    assert nice_area_name("LINCOLN HEIGHTS NC") == "Lincoln Heights"
    assert nice_area_name("NC VALLEY VILLAGE") == "Valley Village"
    assert nice_area_name("VOICES OF 90037") == "Voices of 90037"
    assert nice_area_name("Already Nice") == "Already Nice"


@pytest.mark.django_db
def test_it_refuses_the_same_level_as_parent(tmp_path):
    with pytest.raises(CommandError, match="must differ"):
        import_file(write(tmp_path, TINY_NEIGHBORHOODS), "--level", "beat",
                    "--parent-level", "beat")


@pytest.mark.django_db
def test_it_imports_both_real_los_angeles_files():
    from places.tests.conftest import DISTRICTS_FILE, NEIGHBORHOODS_FILE

    import_file(DISTRICTS_FILE, "--level", "district", "--code-field", "external_id",
                "--name-format", "Council District {name}")
    output = import_file(NEIGHBORHOODS_FILE, "--level", "neighborhood", "--code-field", "nc_id",
                         "--parent-level", "district")
    assert Area.objects.filter(level="district").count() == 15
    assert Area.objects.filter(level="neighborhood").count() == 99
    assert "Linked 99 to a district" in output
    lincoln = Area.objects.get(level="neighborhood", slug="lincoln-heights")
    assert lincoln.name == "Lincoln Heights" and lincoln.code == "47"
    assert lincoln.parent is not None and lincoln.parent.name == "Council District 1"
    # Simplified outlines are what pages embed; they must be much lighter than the source.
    assert len(json.dumps(lincoln.outline)) < len(json.dumps(lincoln.geometry)) / 3
    again = import_file(NEIGHBORHOODS_FILE, "--level", "neighborhood", "--code-field", "nc_id",
                        "--parent-level", "district")
    assert "99 unchanged" in again
    assert Area.objects.count() == 114


def test_import_collection_helper_is_shared():
    assert callable(import_collection)


@pytest.mark.django_db
def test_it_reads_a_gzipped_file_and_explains_one_that_is_not(tmp_path):
    import gzip

    packed = tmp_path / "areas.geojson.gz"
    packed.write_bytes(gzip.compress(json.dumps(TINY_NEIGHBORHOODS).encode()))
    assert "2 created" in import_file(packed, "--level", "neighborhood")
    fake = write(tmp_path, TINY_NEIGHBORHOODS, name="fake.geojson.gz")
    with pytest.raises(CommandError, match="Cannot read"):
        import_file(fake, "--level", "beat")
    assert Area.objects.filter(level="beat").count() == 0
