"""Fixtures and helpers for the core tests (actions, Open311, importers).

Test modules import the fixtures they use by name (`from reports.tests.core import *`)
so this file can live beside the UI tests' own conftest without clashing.
Everything is built through the real actions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from accounts.models import Membership, Organization
from places import lookup
from places.models import Area
from places.tests.conftest import build_tiny_city
from reports.actions import do_add_attribute, do_add_route, do_create_category, do_submit_report
from reports.models import Attribute, Category, Report

INSIDE = (34.05, -118.27)  # North Park
EAST = (34.05, -118.22)  # East Side
OUTSIDE = (40.71, -74.00)  # New York


@pytest.fixture(autouse=True)
def _fresh_lookup() -> Iterator[None]:
    cache.clear()
    lookup.forget_indexes()
    yield
    cache.clear()
    lookup.forget_indexes()


@pytest.fixture
def city(db: None) -> dict[str, Area]:
    return build_tiny_city()


def north(city: dict[str, Area]) -> Area:
    return Area.objects.get(level=Area.Level.NEIGHBORHOOD, name__icontains="north")


def make_org(name: str, kind: str = Organization.Kind.CITY_AGENCY) -> Organization:
    from django.utils.text import slugify

    return Organization.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "kind": kind}
    )[0]


@pytest.fixture
def streets(db: None) -> Organization:
    return make_org("Bureau of Street Services")


@pytest.fixture
def parks(db: None) -> Organization:
    return make_org("Recreation and Parks")


def make_category(code: str = "streetlight", **fields: Any) -> Category:
    fields.setdefault("name", code.replace("-", " ").title())
    return do_create_category(code=code, actor=None, **fields)


@pytest.fixture
def streetlight(streets: Organization) -> Category:
    category = make_category(
        "streetlight", name="Street light out", default_organization=streets, target_days=7
    )
    do_add_attribute(
        category, code="pole", description="Pole number", datatype=Attribute.Datatype.STRING,
        actor=None,
    )
    do_add_attribute(
        category, code="kind", description="What is wrong?",
        datatype=Attribute.Datatype.SINGLE, required=True, actor=None,
        values=[{"key": "out", "name": "Light out"}, {"key": "flicker", "name": "Flickering"}],
    )
    return category


@pytest.fixture
def business(streets: Organization) -> Category:
    return make_category(
        "problem-business", name="Problem business", allows_anonymous=False,
        location_privacy=Category.LocationPrivacy.BLURRED, default_organization=streets,
    )


@pytest.fixture
def park(parks: Organization) -> Category:
    category = make_category("park", name="Park in need of care")
    do_add_route(category, None, parks, actor=None)
    return category


def make_report(
    category: Category, point: tuple[float, float] = INSIDE, **fields: Any
) -> Report:
    if category.attributes.filter(code="kind").exists():
        fields.setdefault("answers", {"kind": "out"})
    return do_submit_report(category=category, lat=point[0], lon=point[1], actor=None, **fields)


def member_of(user: Any, organization: Organization) -> Any:
    Membership.objects.create(user=user, organization=organization)
    return user
