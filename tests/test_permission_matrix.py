"""Every URL × every role → the expected status code.

`test_every_url_is_in_the_matrix` fails when a new URL is added without saying what each
role gets, so no page can ship without a server-side permission decision.

The foundation apps' entries are below. Every other app brings its own fragment in
`<app>/tests/matrix.py`: a `MATRIX` dict in the same shape, and a `url_kwargs()` function
that creates the objects its parameterised URLs point at (through the real actions) and
returns {builder key: URL kwargs}. Role presets live in `tests/matrix_roles.py`.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.actions import do_create_organization
from accounts.models import Organization, Role
from conftest import create_user, signed_in_client
from places.testing import make_area
from reports.actions import do_create_category, do_submit_report
from reports.walks import do_start_walk
from tests.matrix_roles import (
    ADMINS_ONLY,
    COORDINATORS,
    EVERYONE,
    NOT_FOUND,
    OFFICERS_ONLY,
    POST_ONLY,
    REDIRECT,
    REPORT_STAFF,
    ROLES,
    SIGNED_IN,
    SIGNED_OUT_ONLY,
    STAFF,
    WALKERS,
)

# name → (kwargs builder key or None, expected status per role)
CORE_MATRIX: dict[str, tuple[str | None, dict[str, int]]] = {
    "pages:home": (None, EVERYONE),
    "pages:privacy": (None, EVERYONE),
    "pages:module": ("module", EVERYONE),
    "audit:log": (None, ADMINS_ONLY),
    "favicon": (None, dict.fromkeys(ROLES, 301)),
    "accounts:signup": (None, SIGNED_OUT_ONLY),
    "accounts:login": (None, SIGNED_OUT_ONLY),
    "accounts:logout": (None, POST_ONLY),
    # A made-up token is refused for everyone.
    "accounts:verify_email": ("token", dict.fromkeys(ROLES, 400)),
    "accounts:resend_verification": (None, EVERYONE),
    "accounts:password_reset": (None, EVERYONE),
    "accounts:password_reset_done": (None, EVERYONE),
    "accounts:password_reset_confirm": ("reset", EVERYONE),
    "accounts:password_reset_complete": (None, EVERYONE),
    # Two-factor pages belong to a login in progress; verified or signed-out users move on.
    "accounts:two_factor": (None, dict.fromkeys(ROLES, 302)),
    "accounts:two_factor_setup": (None, dict.fromkeys(ROLES, 302)),
    "accounts:profile": (None, SIGNED_IN),
    "accounts:password_change": (None, SIGNED_IN),
    "accounts:delete": (None, SIGNED_IN),
    "accounts:officer_profile": (None, OFFICERS_ONLY),
    "places:area_list": (None, EVERYONE),
    "places:find": (None, EVERYONE),
    "places:beat_team_index": (None, EVERYONE),
    "places:area": ("area", EVERYONE),
    # Without lat/lon the lookup answers 400 for everyone: it is public.
    "places:lookup": (None, dict.fromkeys(ROLES, 400)),
    # Problem reports: public pages and feeds.
    "reports:index": (None, EVERYONE),
    "reports:new": (None, EVERYONE),
    # Later steps of a new report need the earlier steps' answers; without them, step 1.
    "reports:new_nearby": (None, REDIRECT),
    "reports:new_details": (None, REDIRECT),
    "reports:detail": ("report", EVERYONE),
    "reports:support": ("report", POST_ONLY),
    "reports:reporter": ("report_bad_token", NOT_FOUND),
    "reports:map": (None, EVERYONE),
    "reports:map_json": (None, EVERYONE),
    "reports:list": (None, EVERYONE),
    "reports:hotspots": (None, EVERYONE),
    "reports:hotspots_json": (None, EVERYONE),
    "reports:alerts": (None, EVERYONE),
    "reports:alert_confirm": ("token", NOT_FOUND),
    # Unsubscribing answers the same page for any token, so addresses cannot be probed.
    "reports:alert_unsubscribe": ("token", EVERYONE),
    "reports:feed_report_rss": ("report", EVERYONE),
    "reports:feed_report_atom": ("report", EVERYONE),
    "reports:feed_area_rss": ("area_pk", EVERYONE),
    "reports:feed_area_atom": ("area_pk", EVERYONE),
    "reports:feed_category_rss": ("category", EVERYONE),
    "reports:feed_category_atom": ("category", EVERYONE),
    # Without lat/lon there is no place to be near.
    "reports:feed_near_rss": (None, NOT_FOUND),
    "reports:feed_near_atom": (None, NOT_FOUND),
    # Staff work.
    "reports:queue": (None, STAFF),
    "reports:manage": ("report", REPORT_STAFF),
    "reports:manage_action": ("report_action", POST_ONLY),
    "reports:categories": (None, COORDINATORS),
    "reports:category_new": (None, COORDINATORS),
    "reports:category_edit": ("category", COORDINATORS),
    "reports:category_attribute_add": ("category", POST_ONLY),
    "reports:category_attribute_remove": ("category_item", POST_ONLY),
    "reports:category_route_add": ("category", POST_ONLY),
    "reports:category_route_remove": ("category_item", POST_ONLY),
    "reports:walks": (None, WALKERS),
    "reports:walk_new": (None, WALKERS),
    "reports:walk": ("walk", WALKERS),
    "reports:walk_finish": ("walk", POST_ONLY),
    # Open311 GeoReport v2: public reads (writes need an API key, tested in reports).
    "open311:discovery": ("open311", EVERYONE),
    "open311:services": ("open311", EVERYONE),
    "open311:service": ("open311_service", EVERYONE),
    "open311:requests": ("open311", EVERYONE),
    "open311:request": ("open311_request", EVERYONE),
    "open311:token": ("open311_token", EVERYONE),
    "open311:updates": ("open311", EVERYONE),
}


def app_fragments() -> list[ModuleType]:
    """`<app>.tests.matrix` of every installed app that has one."""
    fragments = []
    for config in apps.get_app_configs():
        try:
            fragments.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as error:
            if error.name not in {f"{config.name}.tests", f"{config.name}.tests.matrix"}:
                raise
    return fragments


MATRIX = dict(CORE_MATRIX)
for _fragment in app_fragments():
    _overlap = set(MATRIX) & set(_fragment.MATRIX)
    assert not _overlap, f"{_fragment.__name__} repeats {_overlap}"
    MATRIX.update(_fragment.MATRIX)

# Names served by Django or third parties and checked by their own tests.
NOT_OURS = ("admin:", "set_language")


def iter_url_names(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += iter_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def our_url_names() -> set[str]:
    return {n for n in iter_url_names(get_resolver().url_patterns) if not n.startswith(NOT_OURS)}


def test_every_url_is_in_the_matrix():
    missing = sorted(our_url_names() - set(MATRIX))
    assert not missing, f"add these URLs to MATRIX with a status per role: {missing}"


@pytest.fixture
def url_kwargs(db: None) -> dict[str, dict[str, Any]]:
    """Objects the parameterised URLs point at, created through the real code paths."""
    area = make_area("Matrix Park")
    organization = do_create_organization(
        name="Matrix Street Services", kind=Organization.Kind.CITY_AGENCY, actor=None
    )
    category = do_create_category(
        code="streetlight", name="Street light out", default_organization=organization,
        actor=None,
    )
    lat = (area.min_lat + area.max_lat) / 2
    lon = (area.min_lon + area.max_lon) / 2
    report = do_submit_report(category=category, lat=lat, lon=lon, actor=None)
    leader = create_user(Role.COORDINATOR, email="walk.leader@example.org")
    walk = do_start_walk(title="Matrix walk", area=area, actor=leader)
    built: dict[str, dict[str, Any]] = {}
    for fragment in app_fragments():
        built.update(fragment.url_kwargs())
    return {
        **built,
        "module": {"slug": "news"},
        "token": {"token": "x"},
        "reset": {"uidb64": "MQ", "token": "x"},
        "area": {"level": area.level, "slug": area.slug},
        "area_pk": {"pk": area.pk},
        "report": {"pk": report.pk},
        "report_bad_token": {"pk": report.pk, "token": "not-the-token"},
        "report_action": {"pk": report.pk, "action": "status"},
        "category": {"code": category.code},
        "category_item": {"code": category.code, "pk": 1},
        "walk": {"pk": walk.pk},
        "open311": {"fmt": "json"},
        "open311_service": {"fmt": "xml", "code": category.code},
        "open311_request": {"fmt": "json", "request_id": str(report.pk)},
        "open311_token": {"fmt": "json", "token": str(report.pk)},
    }


def client_as(role: str) -> Client:
    if role == "anonymous":
        return Client()
    return signed_in_client(create_user(role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(name, role, url_kwargs):
    kwargs_key, expected = MATRIX[name]
    url = reverse(name, kwargs=url_kwargs[kwargs_key] if kwargs_key else None)
    response = client_as(role).get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"
