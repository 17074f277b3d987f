"""Helpers for the events tests: objects made through the real actions."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from events.actions import EventData, do_create_event
from events.models import Event, EventType
from places.models import Area
from places.testing import make_area


def ensure_event_types() -> None:
    """The seeded types again: tests on a transactional database flush the rows that
    migration 0002 wrote, and later tests still need them."""
    from django.apps import apps

    seed = importlib.import_module("events.migrations.0002_seed_event_types")
    seed.seed(apps, None)


def area(name: str = "Event Park") -> Area:
    found = Area.objects.filter(name=name).first()
    return found or make_area(name)


def event_data(**overrides: Any) -> EventData:
    ensure_event_types()
    start: datetime = overrides.pop("starts_at", timezone.now() + timedelta(days=3))
    values: dict[str, Any] = {
        "event_type": EventType.objects.get(code=overrides.pop("type", "cookout")),
        "title": "Cookout in the park",
        "title_es": "Carne asada en el parque",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "area": area(),
        "location_name": "Lincoln Park",
        "capacity": None,
    }
    values.update(overrides)
    return EventData(**values)


def make_event(actor: Any = None, **overrides: Any) -> Event:
    return do_create_event(event_data(**overrides), actor=actor)
