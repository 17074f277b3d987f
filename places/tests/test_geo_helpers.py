from __future__ import annotations

import h3
import pytest

from trustbeat.lib.geo import (
    bbox_contains,
    blur_point,
    h3_cell,
    h3_cell_boundary,
    h3_cell_center,
    haversine_m,
    parse_lat_lon,
)


def test_h3_cell_uses_the_configured_resolution_by_default(settings):
    settings.H3_RESOLUTION = 8
    cell = h3_cell(34.0537, -118.2427)
    assert h3.is_valid_cell(cell)
    assert h3.get_resolution(cell) == 8
    assert h3.get_resolution(h3_cell(34.0537, -118.2427, res=10)) == 10


def test_h3_cell_rejects_impossible_coordinates():
    with pytest.raises(ValueError):
        h3_cell(95, 0, res=8)


def test_a_cell_boundary_is_a_hexagon_around_its_centre():
    cell = h3_cell(34.0537, -118.2427, res=8)
    corners = h3_cell_boundary(cell)
    assert len(corners) == 6
    centre = h3_cell_center(cell)
    assert all(300 < haversine_m(centre, corner) < 700 for corner in corners)


def test_blurring_moves_every_point_in_a_cell_to_the_same_spot():
    a = blur_point(34.05370, -118.24270, res=8)
    b = blur_point(34.05372, -118.24268, res=8)
    assert a == b
    assert haversine_m(a, (34.0537, -118.2427)) < 600


def test_haversine_matches_a_known_distance():
    # Los Angeles City Hall to Santa Monica Pier: about 24.3 km.
    distance = haversine_m((34.0537, -118.2427), (34.0100, -118.4962))
    assert distance == pytest.approx(23_800, rel=0.03)
    assert haversine_m((1.0, 2.0), (1.0, 2.0)) == 0


def test_bbox_contains_includes_edges():
    box = (34.0, -118.3, 34.1, -118.2)
    assert bbox_contains(box, 34.05, -118.25)
    assert bbox_contains(box, 34.0, -118.3)
    assert not bbox_contains(box, 34.2, -118.25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("34.05, -118.25", (34.05, -118.25)), ("34.05 -118.25", (34.05, -118.25)),
     (" 34.05;-118.25 ", (34.05, -118.25)), ("100, 5", None), ("Main St", None),
     ("1 2 3", None), ("nan, 5", None)],
)
def test_typed_coordinates_are_read_in_lat_lon_order(text, expected):
    assert parse_lat_lon(text) == expected
