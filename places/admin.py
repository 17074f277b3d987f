from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from places.events import PlacesEvent
from places.models import Area, Place


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Read-mostly: boundaries change through `manage.py import_boundaries`, which checks
    geometry, computes outlines and bumps the lookup index; here only names are edited."""

    list_display = ["name", "level", "slug", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "slug", "code"]
    readonly_fields = [
        "level", "slug", "geometry", "outline", "min_lat", "min_lon", "max_lat", "max_lon",
        "centroid_lat", "centroid_lon", "properties", "updated_at",
    ]  # fmt: skip
    raw_id_fields = ["parent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from audit.lib import record_change

        super().save_model(request, obj, form, change)
        record_change(request.user, PlacesEvent.PLACES_EDIT_AREA, obj, fields=form.changed_data)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["label", "lat", "lon", "source"]
    search_fields = ["normalized", "label"]
    list_filter = ["source"]
