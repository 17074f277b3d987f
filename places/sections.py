"""Slots on the area page that other modules fill (reports, events, resources…).

A module registers a section once, at app start-up (its AppConfig.ready):

    register_area_section("reports", template="reports/area_section.html",
                          context=lambda request, area: {"reports": ...})

The area page shows the registered slots in AREA_SLOTS order. A slot no module fills yet
is left out: an empty "Upcoming events" heading would read as "there are no events".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from places.models import Area

AREA_SLOTS: dict[str, Promise] = {
    "reports": _("Problem reports here"),
    "events": _("Upcoming events"),
    "resources": _("Help and resources nearby"),
    "commitments": _("Commitments for this area"),
    "trust": _("Trust and safety survey results"),
}

ContextFunc = Callable[[HttpRequest, Area], dict[str, Any]]


@dataclass(frozen=True)
class AreaSection:
    key: str
    template: str
    context: ContextFunc


_registry: dict[str, AreaSection] = {}


def register_area_section(key: str, *, template: str, context: ContextFunc) -> None:
    if key not in AREA_SLOTS:
        raise ValueError(f"unknown area page slot {key!r}; add it to AREA_SLOTS first")
    _registry[key] = AreaSection(key, template, context)


def unregister_area_section(key: str) -> None:
    _registry.pop(key, None)


def area_sections(request: HttpRequest, area: Area) -> list[dict[str, Any]]:
    """One dict per slot: key, title, and template + context when a module fills it."""
    result = []
    for key, title in AREA_SLOTS.items():
        section = _registry.get(key)
        if section is None:
            continue
        context = {"area": area, **section.context(request, area)}
        result.append(
            {"key": key, "title": title, "template": section.template, "context": context}
        )
    return result
