"""Which organization fixes a report: by category and area.

Order of preference: the category's route for the report's area, then for the area's
parent (a district covers its neighborhoods), then its route with no area (everywhere
else), then the category's default organization.
"""

from __future__ import annotations

from accounts.models import Organization
from places.models import Area
from reports.models import Category, Route


def route_for(category: Category, area: Area | None) -> Organization | None:
    routes = {
        route.area_id: route.organization
        for route in Route.objects.filter(category=category).select_related("organization")
    }
    seen: set[int] = set()
    while area is not None and area.pk not in seen:
        seen.add(area.pk)
        if area.pk in routes:
            return routes[area.pk]
        area = area.parent if area.parent_id else None
    if None in routes:
        return routes[None]
    return category.default_organization


def route_table(category_ids: list[int]) -> dict[tuple[int, int | None], int]:
    """{(category id, area id or None): organization id}, for routing many rows at once."""
    return {
        (category_id, area_id): organization_id
        for category_id, area_id, organization_id in Route.objects.filter(
            category_id__in=category_ids
        ).values_list("category_id", "area_id", "organization_id")
    }
