"""The beat team: public officer profiles for an area and the areas that share its ground."""

from __future__ import annotations

from accounts.models import OfficerProfile
from places.lookup import overlapping_area_ids
from places.models import Area

# Which other levels "share" an area: a beat and the neighborhood it is drawn on.
_SHARING_LEVELS = {
    Area.Level.NEIGHBORHOOD: [Area.Level.BEAT],
    Area.Level.BEAT: [Area.Level.NEIGHBORHOOD],
}


def team_area_ids(area: Area) -> list[int]:
    """The area, the areas of sharing levels overlapping it, and for a district its children."""
    ids = [area.pk]
    for level in _SHARING_LEVELS.get(Area.Level(area.level), []):
        ids += overlapping_area_ids(area, level)
    if area.level == Area.Level.DISTRICT:
        ids += list(Area.objects.filter(parent=area).values_list("id", flat=True))
    return ids


def beat_team(area: Area) -> list[OfficerProfile]:
    """Only profiles their officers chose to publish (OfficerProfile.objects.public())."""
    return list(
        OfficerProfile.objects.public()
        .filter(assignment_area_id__in=team_area_ids(area))
        .select_related("user", "assignment_area")
        .order_by("user__display_name", "pk")
    )
