from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": settings.SITE_NAME}


def modules(request: HttpRequest) -> dict[str, Any]:
    """The navigation as the installed modules registered it, filtered by who may see it.

    Computed lazily: pages that never render the menus (feeds, JSON) pay nothing."""
    from django.utils.functional import SimpleLazyObject

    from pages.views import placeholder_nav
    from trustbeat import registry

    user = getattr(request, "user", None)

    def main_nav() -> list[Any]:
        entries: list[Any] = registry.nav_entries("main", user) + placeholder_nav()
        return sorted(entries, key=lambda entry: (entry.order, entry.key))

    return {
        "nav_main": SimpleLazyObject(main_nav),
        "nav_account": SimpleLazyObject(lambda: registry.nav_entries("account", user)),
    }
