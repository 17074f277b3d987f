"""Offline geocoding: typed text → areas, known addresses, or coordinates.

No outside service sees what residents type. Text is matched against area names (case
and accents ignored, any part of the name) and the Place gazetteer (addresses normalised
to the USPS-style abbreviations 311 data uses: "North Main Street" → "N MAIN ST").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from places.models import Area, Place
from trustbeat.lib.geo import parse_lat_lon

LIMIT = 10

# Long form → the abbreviation 311 systems store.
_ABBREVIATIONS = {
    "STREET": "ST", "AVENUE": "AVE", "AV": "AVE", "BOULEVARD": "BLVD", "DRIVE": "DR",
    "ROAD": "RD", "PLACE": "PL", "LANE": "LN", "COURT": "CT", "TERRACE": "TER",
    "HIGHWAY": "HWY", "PARKWAY": "PKWY", "CIRCLE": "CIR", "SQUARE": "SQ", "WAY": "WAY",
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "MOUNT": "MT", "SAINT": "ST",
    "CANYON": "CYN", "TRAIL": "TRL", "ALLEY": "ALY", "EXPRESSWAY": "EXPY", "FREEWAY": "FWY",
}  # fmt: skip
_NOT_WORD = re.compile(r"[^A-Z0-9#]+")
_TRAILING_ZIP = re.compile(r",\s*\d{5}(-\d{4})?\s*$")


@dataclass(frozen=True)
class Match:
    """One answer to a search. `area` is set for area names; places and points have none
    until someone asks which area holds them (find_area)."""

    kind: str  # "area", "place" or "point"
    label: str
    lat: float
    lon: float
    area: Area | None = None
    exact: bool = False

    @property
    def kind_label(self) -> str:
        if self.area is not None:
            return str(self.area.get_level_display())
        return _("Address") if self.kind == "place" else _("Map point")


def fold(text: str) -> str:
    """Upper-case, accents removed, punctuation to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", stripped.upper()).split())


def normalize_address(text: str) -> str:
    """The gazetteer key: folded, a trailing ZIP code dropped, street words abbreviated."""
    words = fold(_TRAILING_ZIP.sub("", text)).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def geocode(text: str, *, limit: int = LIMIT) -> list[Match]:
    text = (text or "").strip()
    if not text:
        return []
    point = parse_lat_lon(text)
    if point is not None:
        return [Match("point", f"{point[0]:.5f}, {point[1]:.5f}", point[0], point[1], exact=True)]
    matches = match_areas(text, limit=limit)
    if len(matches) < limit:
        matches += match_places(text, limit=limit - len(matches))
    return matches


_LEVEL_ORDER: dict[str, int] = {
    Area.Level.NEIGHBORHOOD: 0, Area.Level.BEAT: 1, Area.Level.DISTRICT: 2,
}


def match_areas(text: str, *, limit: int = LIMIT) -> list[Match]:
    """Areas whose name contains the text; exact names first, then prefixes, then the rest.

    A city has at most a few thousand areas, so names are compared in Python, which
    ignores accents the same way on every database.
    """
    query = fold(text)
    if not query:
        return []
    ranked = []
    for area in Area.objects.only(
        "id", "level", "name", "slug", "centroid_lat", "centroid_lon", "properties"
    ):
        name = fold(area.name)
        original = fold(str(area.properties.get("name", ""))) if area.properties else ""
        if name == query or original == query:
            rank = 0
        elif name.startswith(query) or (" " + query) in (" " + name):
            rank = 1
        elif query in name or (original and query in original):
            rank = 2
        else:
            continue
        ranked.append((rank, _LEVEL_ORDER.get(area.level, 9), area.name, area))
    ranked.sort(key=lambda item: item[:3])
    return [
        Match("area", a.name, a.centroid_lat, a.centroid_lon, area=a, exact=rank == 0)
        for rank, _level, _name, a in ranked[:limit]
    ]


def match_places(text: str, *, limit: int = LIMIT) -> list[Match]:
    """Gazetteer addresses starting with the typed text, then ones containing it."""
    query = normalize_address(text)
    if not query or limit <= 0:
        return []
    found = list(Place.objects.filter(normalized__startswith=query).order_by("normalized")[:limit])
    if len(found) < limit and len(query) >= 3:
        found += Place.objects.filter(normalized__contains=query).exclude(
            normalized__startswith=query
        ).order_by("normalized")[: limit - len(found)]
    return [
        Match("place", p.label, p.lat, p.lon, exact=p.normalized == query) for p in found
    ]
