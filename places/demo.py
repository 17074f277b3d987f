"""Demo areas and addresses for Los Angeles, from the public files in the repository's data/.

- districts: the 15 City Council districts (2012), named "Council District N";
- neighborhoods: the 99 Neighborhood Councils (2019), each linked to the district it
  overlaps most;
- beats: Los Angeles publishes no beat file we ship, so the demo invents one beat per
  neighborhood council, "Beat <nc_id> – <Neighborhood>", drawn on the same lines. Real
  deployments import their department's beat boundaries instead.
- the gazetteer: every distinct address with coordinates in the 2020 LA 311 sample.

Idempotent: a second call finds everything in place and writes nothing.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings

from places.actions import do_add_places, do_import_boundaries
from places.boundaries import BoundaryFeature, parse_boundaries
from places.models import Area, Place
from trustbeat.lib.datafiles import find_data_file, open_data_text, read_data_bytes
from trustbeat.registry import DemoContext

PLACES_SOURCE = "la311-2020"


def demo_data_dir() -> Path:
    return Path(settings.DEMO_DATA_DIR)


def load_demo_places(*, actor: Any = None) -> dict[str, Area]:
    data = demo_data_dir()
    districts = parse_boundaries(
        read_data_bytes(find_data_file(data / "places", "la-council-districts-2012.geojson")),
        code_field="external_id",
        name_format="Council District {name}",
    )
    neighborhoods = parse_boundaries(
        read_data_bytes(find_data_file(data / "places", "la-neighborhood-councils-2019.geojson")),
        code_field="nc_id",
    )
    beats = [_beat_for(feature) for feature in neighborhoods]

    # The checks above cost a fraction of a second; the writes below find nothing to do
    # on a second run, because each import compares before it saves.
    do_import_boundaries(districts, Area.Level.DISTRICT, actor=actor, source="la-cd-2012")
    result = do_import_boundaries(
        neighborhoods,
        Area.Level.NEIGHBORHOOD,
        actor=actor,
        parent_level=Area.Level.DISTRICT,
        source="la-nc-2019",
    )
    do_import_boundaries(
        beats,
        Area.Level.BEAT,
        actor=actor,
        parent_level=Area.Level.DISTRICT,
        source="demo-beats-from-la-nc-2019",
    )
    if not Place.objects.filter(source=PLACES_SOURCE).exists():
        do_add_places(
            read_311_addresses(find_data_file(data / "311", "la311_2020_requests_seed.csv")),
            actor=actor,
            source=PLACES_SOURCE,
        )
    return result.areas


def _beat_for(neighborhood: BoundaryFeature) -> BoundaryFeature:
    number = neighborhood.code or str(neighborhood.index + 1)
    name = f"Beat {number} – {neighborhood.name}"
    return BoundaryFeature(
        index=neighborhood.index,
        name=name,
        slug=f"beat-{number}",
        code=number,
        geometry=neighborhood.geometry,
        properties={"demo": True, "neighborhood_council": neighborhood.properties.get("name")},
        repaired=neighborhood.repaired,
    )


def read_311_addresses(path: Path) -> list[tuple[str, float, float]]:
    """(address, lat, lon) for rows that have all three; rows without coordinates are skipped."""
    rows = []
    with open_data_text(path) as handle:
        for row in csv.DictReader(handle):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            address = row.get("address", "")
            try:
                lat, lon = float(row.get("latitude", "")), float(row.get("longitude", ""))
            except ValueError:
                continue
            if address and lat and lon:
                rows.append((address, lat, lon))
    return rows


def load_demo_step(context: DemoContext) -> str:
    """The places step of `manage.py load_demo` (registered in PlacesConfig.ready)."""
    context.areas = load_demo_places()
    return f"{len(context.areas)} neighborhoods"
