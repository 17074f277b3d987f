"""Helpers the commitments tests share: organizations, members and commitments made
through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.actions import do_add_membership, do_create_organization
from accounts.models import Organization, Role, User
from commitments.actions import do_create_commitment
from commitments.models import Commitment, Origin, Side, Theme
from conftest import create_user
from places.models import Area
from places.testing import make_area

START = dt.date(2026, 1, 5)
DUE = dt.date(2026, 6, 30)


def make_org(name: str, kind: str = Organization.Kind.POLICE_UNIT) -> Organization:
    return do_create_organization(name=name, kind=kind, actor=None)


def make_member(role: str, email: str, organization: Organization) -> User:
    user = create_user(role, email=email)
    do_add_membership(user, organization, actor=None)
    return user


def area(name: str = "Boyle Heights") -> Area:
    found = Area.objects.filter(name=name).first()
    return found or make_area(name)


def make_commitment(owner: Organization, **fields: Any) -> Commitment:
    police = owner.kind in {Organization.Kind.POLICE_UNIT,
                            Organization.Kind.POLICE_DEPARTMENT}
    values: dict[str, Any] = {
        "title_en": "Fix the lights on First Street",
        "side": Side.POLICE if police else Side.COMMUNITY,
        "owner": owner,
        "theme": Theme.LIGHTING,
        "start_date": START,
        "due_date": DUE,
        "origin": Origin.PLAIN,
        "actor": None,
    }
    if "areas" not in fields and not fields.get("is_citywide"):
        values["areas"] = [area()]
    values.update(fields)
    return do_create_commitment(**values)


def police_and_partner() -> dict[str, Any]:
    """Two organizations, one member of each, and one commitment each."""
    police = make_org("Hollenbeck Area")
    partner_org = make_org("Boyle Heights Neighbors", Organization.Kind.COMMUNITY_GROUP)
    officer = make_member(Role.OFFICER, "olga.officer@example.org", police)
    partner = make_member(Role.PARTNER, "paz.partner@example.org", partner_org)
    return {
        "police": police, "partner_org": partner_org, "officer": officer, "partner": partner,
        "police_commitment": make_commitment(police, title_en="Monthly safety walks"),
        "partner_commitment": make_commitment(partner_org, title_en="Adopt an alley"),
    }


def ensure_statuses() -> None:
    """The seeded statuses again: tests on a transactional database flush the rows that
    migration 0002 wrote, and later tests still need them."""
    import importlib

    from django.apps import apps

    importlib.import_module("commitments.migrations.0002_seed_statuses").seed(apps, None)
