from __future__ import annotations

import pytest

from places.actions import do_import_boundaries
from places.boundaries import parse_boundaries
from places.models import Area
from places.testing import make_area


@pytest.fixture
def area(db: None) -> Area:
    """A neighborhood with an external id (NC-42), imported as boundaries are."""
    ring = [[-118.27, 34.03], [-118.22, 34.03], [-118.22, 34.08], [-118.27, 34.08],
            [-118.27, 34.03]]
    [feature] = parse_boundaries({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "Lincoln Heights", "nc_id": "NC-42"},
        "geometry": {"type": "Polygon", "coordinates": [ring]}}]}, code_field="nc_id")
    summary = do_import_boundaries([feature], Area.Level.NEIGHBORHOOD, actor=None)
    return summary.areas[feature.slug]


@pytest.fixture
def other_area(db: None) -> Area:
    return make_area("Boyle Heights", box=(-118.22, 34.03, -118.18, 34.07))
