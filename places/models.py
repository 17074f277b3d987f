from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The polygon columns: large JSON that lists and links never need. Decoding them for
# every row cost the officers page ~2 s on the demo (296 profiles × a neighborhood).
SHAPE_FIELDS = ("geometry", "outline", "properties")


class AreaQuerySet(models.QuerySet["Area"]):
    def at_level(self, level: str) -> AreaQuerySet:
        return self.filter(level=level)

    def without_shapes(self) -> AreaQuerySet:
        """Areas for names and links: the polygon columns are not read."""
        return self.defer(*SHAPE_FIELDS)


class Area(models.Model):
    """A district, beat or neighborhood: a named polygon that content hangs on.

    Geometry is stored as GeoJSON text so the same schema runs on SQLite and PostgreSQL;
    point lookups use an in-memory index (places/lookup.py), not the database.
    """

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        BEAT = "beat", _("Beat")
        NEIGHBORHOOD = "neighborhood", _("Neighborhood")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200)
    code = models.CharField(_("external id"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon, WGS 84.")
    # A simplified outline for maps, computed on import so pages stay light.
    outline = models.JSONField(default=dict)
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    centroid_lat = models.FloatField()
    centroid_lon = models.FloatField()
    properties = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "slug"], name="unique_area_slug_per_level")
        ]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A known address with coordinates: the offline gazetteer behind "find my area".

    Filled from address lists a city has (the 311 imports add theirs), so typed addresses
    resolve without calling an outside geocoding service.
    """

    label = models.CharField(max_length=250)
    normalized = models.CharField(max_length=250, db_index=True)
    lat = models.FloatField()
    lon = models.FloatField()
    source = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["normalized"], name="unique_place_normalized")
        ]

    def __str__(self) -> str:
        return self.label
