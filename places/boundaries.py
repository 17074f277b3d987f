"""Read and check boundary GeoJSON before anything touches the database.

`parse_boundaries` turns a FeatureCollection into `BoundaryFeature`s or raises
`BoundaryError` listing every problem (feature index, name, why). Nothing here imports
models, so the checks are quick to test and the action receives only clean input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

# About 50 m at Los Angeles' latitude: outlines stay faithful on a city map and shrink
# several-fold (the neighborhood file goes from 2.5 MB to a few hundred kB).
OUTLINE_TOLERANCE_DEG = 0.0005
# Six decimals is ~10 cm; more digits only make pages heavier.
COORDINATE_DECIMALS = 6

# Words that stay as written when a shouting name is title-cased.
_KEEP_UPPER = {"LAX", "USC", "UCLA", "CSUN", "II", "III", "IV"}
# Only English joining words: in Los Angeles "Los" and "La" begin names ("Los Feliz").
_KEEP_LOWER = {"and", "of", "the", "for"}
_SPECIAL = {"NOHO": "NoHo", "MACARTHUR": "MacArthur"}
# Suffixes and prefixes that name the kind of body, not the place: "LINCOLN HEIGHTS NC".
_BODY_SUFFIX = re.compile(r"\s+(NC|CC|NDC)$", re.IGNORECASE)
_BODY_PREFIX = re.compile(r"^NC\s+", re.IGNORECASE)


class BoundaryError(ValueError):
    """The file cannot be imported; `problems` holds one readable sentence per fault."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class BoundaryFeature:
    index: int
    name: str
    slug: str
    code: str
    geometry: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)
    repaired: bool = False

    def geometry_geojson(self) -> dict[str, Any]:
        return rounded_geojson(self.geometry)

    def outline_geojson(self) -> dict[str, Any]:
        return rounded_geojson(
            self.geometry.simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True)
        )

    def bbox(self) -> tuple[float, float, float, float]:
        """(min_lat, min_lon, max_lat, max_lon)."""
        min_lon, min_lat, max_lon, max_lat = self.geometry.bounds
        return min_lat, min_lon, max_lat, max_lon

    def centroid(self) -> tuple[float, float]:
        point = self.geometry.centroid
        if not self.geometry.contains(point):
            # A crescent's centroid can fall outside it; a map centred there misleads.
            point = self.geometry.representative_point()
        return point.y, point.x


def nice_area_name(raw: str) -> str:
    """Turn "LINCOLN HEIGHTS NC" into "Lincoln Heights", leaving mixed-case names alone."""
    name = " ".join(raw.split())
    stripped = _BODY_PREFIX.sub("", _BODY_SUFFIX.sub("", name)).strip()
    name = stripped or name
    if name != name.upper():
        return name
    words = []
    for position, word in enumerate(name.split(" ")):
        words.append(_nice_word(word, first=position == 0))
    return " ".join(words)


def _nice_word(word: str, *, first: bool) -> str:
    if word in _SPECIAL:
        return _SPECIAL[word]
    if word in _KEEP_UPPER or any(ch.isdigit() for ch in word) or "." in word:
        return word
    if word.startswith("(") and word.endswith(")"):
        return word  # an acronym in brackets: "(CANNDU)"
    if not first and word.lower() in _KEEP_LOWER:
        return word.lower()
    # Title-case each part of "BEL AIR-BEVERLY" and "WESTCHESTER/PLAYA".
    return re.sub(r"[A-Za-z']+", lambda m: m.group(0).capitalize(), word)


def rounded_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    def _round(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, COORDINATE_DECIMALS)
        return [_round(v) for v in value]

    geojson = dict(mapping(geometry))
    return {"type": geojson["type"], "coordinates": _round(geojson["coordinates"])}


def load_feature_collection(text: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BoundaryError([_("The file is not valid JSON: %(error)s") % {"error": exc}]) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError([_("The file is not a GeoJSON FeatureCollection.")])
    if not isinstance(data.get("features"), list):
        raise BoundaryError([_("The FeatureCollection has no list of features.")])
    return data


def parse_boundaries(
    data: str | bytes | Mapping[str, Any],
    *,
    name_field: str = "name",
    code_field: str | None = None,
    name_format: str = "{name}",
) -> list[BoundaryFeature]:
    """Check every feature and return them all, or raise BoundaryError naming each fault.

    `name_format` builds the display name from the tidied name and the raw properties,
    e.g. "Council District {name}".
    """
    collection = load_feature_collection(data) if isinstance(data, str | bytes) else dict(data)
    if collection.get("type") != "FeatureCollection" or not isinstance(
        collection.get("features"), list
    ):
        raise BoundaryError([_("The file is not a GeoJSON FeatureCollection.")])
    features = collection["features"]
    if not features:
        raise BoundaryError([_("The FeatureCollection has no features.")])

    problems: list[str] = []
    parsed: list[BoundaryFeature] = []
    seen_slugs: dict[str, int] = {}
    for index, feature in enumerate(features):
        result = _parse_feature(index, feature, name_field, code_field, name_format)
        if isinstance(result, str):
            problems.append(result)
            continue
        if result.slug in seen_slugs:
            problems.append(
                _describe(index, str(result.properties.get(name_field, result.name)))
                + _("has the same name as feature %(other)s.") % {"other": seen_slugs[result.slug]}
            )
            continue
        seen_slugs[result.slug] = index
        parsed.append(result)
    if problems:
        raise BoundaryError(problems)
    return parsed


def _describe(index: int, name: str | None) -> str:
    if name:
        return _("Feature %(index)s (“%(name)s”): ") % {"index": index, "name": name}
    return _("Feature %(index)s: ") % {"index": index}


def _parse_feature(
    index: int, feature: Any, name_field: str, code_field: str | None, name_format: str
) -> BoundaryFeature | str:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return _describe(index, None) + _("is not a GeoJSON Feature.")
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return _describe(index, None) + _("its properties are not an object.")
    raw_name = properties.get(name_field)
    raw_name = str(raw_name).strip() if raw_name is not None else ""
    label = raw_name or None
    if not raw_name:
        return _describe(index, None) + _("has no “%(field)s” property to name it.") % {
            "field": name_field
        }
    geometry_data = feature.get("geometry")
    if not geometry_data:
        return _describe(index, label) + _("has no geometry.")
    if not isinstance(geometry_data, dict) or geometry_data.get("type") not in {
        "Polygon",
        "MultiPolygon",
    }:
        kind = geometry_data.get("type") if isinstance(geometry_data, dict) else None
        return _describe(index, label) + _(
            "its geometry is a %(kind)s; only Polygon and MultiPolygon areas can be imported."
        ) % {"kind": kind or _("something unknown")}
    try:
        geometry = shape(geometry_data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return _describe(index, label) + _("its coordinates are malformed (%(error)s).") % {
            "error": exc
        }
    if geometry.is_empty:
        return _describe(index, label) + _("its geometry is empty.")
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        return _describe(index, label) + _(
            "its coordinates are not longitude/latitude degrees (WGS 84); reproject the file."
        )
    repaired = False
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        fixed = _polygonal_part(shapely.make_valid(geometry))
        if fixed is None or fixed.area < geometry.area * 0.5:
            return _describe(index, label) + _(
                "its outline crosses itself and cannot be repaired (%(reason)s)."
            ) % {"reason": reason}
        geometry, repaired = fixed, True
    if geometry.area == 0:
        return _describe(index, label) + _("its polygon encloses no area.")

    name = name_format.format(name=nice_area_name(raw_name), **_format_fields(properties))
    slug = slugify(name)
    if not slug:
        return _describe(index, label) + _("its name gives an empty web address.")
    code = str(properties.get(code_field, "") or "") if code_field else ""
    return BoundaryFeature(
        index=index,
        name=name[:200],
        slug=slug[:200],
        code=code[:64],
        geometry=geometry,
        properties=properties,
        repaired=repaired,
    )


def _format_fields(properties: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in properties.items() if isinstance(k, str) and k.isidentifier()
            and k != "name"}


def _polygonal_part(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygons make_valid produced, dropping stray lines and points."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry if not geometry.is_empty else None
    polygons: list[Polygon] = []
    for part in getattr(geometry, "geoms", []):
        if isinstance(part, Polygon):
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
    if not polygons:
        return None
    return MultiPolygon(polygons)
