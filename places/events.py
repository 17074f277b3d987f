"""The names of the places app's audit events, as in
`audit.lib.record_change(actor, PlacesEvent.X, …)`.

One enum per app, so the audit log's action names are spelled once and can be listed
(the audit page's filter, retention rules, tests). Values are stored as they are: renaming
one is a data migration.
"""

from __future__ import annotations

from enum import StrEnum


class PlacesEvent(StrEnum):
    PLACES_ADD_PLACES = "places.add_places"
    PLACES_EDIT_AREA = "places.edit_area"
    PLACES_IMPORT_BOUNDARIES = "places.import_boundaries"
