"""Builders for directory tests: everything goes through the real actions."""

from __future__ import annotations

from typing import Any

from accounts.models import Organization as PlatformOrganization
from directory.actions import (
    do_add_location,
    do_create_provider,
    do_create_service,
    do_set_schedule,
)
from directory.models import Location, Organization, Service

# Points in Los Angeles (the tiny test city of places.tests lies around here too).
DOWNTOWN = (34.0522, -118.2437)
BOYLE_HEIGHTS = (34.0339, -118.2057)
SANTA_MONICA = (34.0195, -118.4912)
SECRET_ADDRESS = "1234 Hidden Refuge Lane"
SECRET_POINT = (34.0611, -118.2313)


def make_platform_org(
    name: str = "Angel City Family Services", *members: Any
) -> PlatformOrganization:
    from accounts.actions import do_add_membership, do_create_organization

    organization = do_create_organization(
        name=name, kind=PlatformOrganization.Kind.SERVICE_PROVIDER, actor=None
    )
    for user in members:
        do_add_membership(user, organization, title="Staff", actor=None)
    return organization


def make_provider(name: str = "Eastside Family Center", owner: Any = None) -> Organization:
    return do_create_provider(name=name, description=f"{name} helps families.", owner=owner,
                              actor=None)


def make_service(
    provider: Organization | None = None,
    *,
    name: str = "Community Food Pantry",
    codes: tuple[str, ...] = ("1130",),
    point: tuple[float, float] | None = DOWNTOWN,
    hours: tuple[tuple[str, str, str], ...] = (("MO,TU,WE,TH,FR", "09:00", "17:00"),),
    confidential: bool = False,
    address: str = "200 N Spring St",
    **fields: Any,
) -> Service:
    provider = provider or make_provider()
    fields.setdefault("description", f"{name}: help for everyone.")
    service = do_create_service(provider, name=name, term_codes=codes, actor=None, **fields)
    if point is not None:
        do_add_location(service, name=f"{name} site", latitude=point[0], longitude=point[1],
                        address_1=address, city="Los Angeles", postal_code="90012",
                        is_confidential=confidential, actor=None)
    for byday, opens, closes in hours:
        do_set_schedule(service, byday=byday, opens_at=opens, closes_at=closes, actor=None)
    return service


def make_shelter(provider: Organization | None = None) -> Service:
    """A domestic-violence shelter at a confidential location."""
    return make_service(
        provider, name="Safe Harbor Shelter", codes=("1125",), point=SECRET_POINT,
        address=SECRET_ADDRESS, confidential=True, phones=["(213) 555-0100"],
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
    )


def secret_strings() -> list[str]:
    """What must never appear in a public output: the address and the coordinates."""
    location = Location.objects.get(is_confidential=True)
    return [SECRET_ADDRESS, f"{location.latitude}", f"{location.longitude}",
            f"{location.latitude:.4f}", f"{location.longitude:.4f}", str(location.id)]
