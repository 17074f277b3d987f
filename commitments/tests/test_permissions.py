"""Who may do what, per role: coordinators and admins everything; an organization's
members only their organization's commitments; residents and visitors read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from commitments.models import Commitment
from commitments.permissions import (
    can_configure_commitments,
    can_create_commitment,
    can_manage_commitments,
    can_update_commitment,
)
from commitments.tests.core import police_and_partner
from conftest import create_user

pytestmark = pytest.mark.django_db


def test_each_role_may_update_exactly_the_commitments_it_should():
    world = police_and_partner()
    police_c, partner_c = world["police_commitment"], world["partner_commitment"]
    coordinator, admin = create_user(Role.COORDINATOR), create_user(Role.ADMIN)
    loose_officer = create_user(Role.OFFICER)
    resident = create_user(Role.RESIDENT)
    expected = {
        coordinator: (True, True), admin: (True, True),
        world["officer"]: (True, False), world["partner"]: (False, True),
        loose_officer: (False, False), resident: (False, False),
    }
    for user, (police_ok, partner_ok) in expected.items():
        assert can_update_commitment(user, police_c) is police_ok, user
        assert can_update_commitment(user, partner_c) is partner_ok, user
    assert can_configure_commitments(coordinator) and can_configure_commitments(admin)
    assert not can_configure_commitments(world["officer"])
    assert can_manage_commitments(world["partner"]) and not can_manage_commitments(resident)
    assert can_create_commitment(world["officer"], world["police"])
    assert not can_create_commitment(world["officer"], world["partner_org"])


def test_a_member_lists_only_their_organizations_commitments(client_for):
    world = police_and_partner()
    page = client_for(world["partner"]).get(reverse("commitments:manage")).content.decode()
    assert "Adopt an alley" in page and "Monthly safety walks" not in page
    page = client_for(create_user(Role.COORDINATOR)).get(
        reverse("commitments:manage")).content.decode()
    assert "Adopt an alley" in page and "Monthly safety walks" in page


def test_a_member_creates_for_their_organization_only(client_for):
    world = police_and_partner()
    area = world["police_commitment"].areas.get()
    data = {"title_en": "Bike patrol on weekends", "side": "police", "theme": "safety",
            "start_date": "2026-02-01", "due_date": "2026-05-01", "origin": "plain",
            "weight": "1", "areas": [area.pk]}
    client = client_for(world["officer"])
    response = client.post(reverse("commitments:new"), {**data, "owner": world["police"].pk})
    assert response.status_code == 302
    assert Commitment.objects.filter(title_en="Bike patrol on weekends").count() == 1
    response = client.post(reverse("commitments:new"),
                           {**data, "title_en": "Someone else's", "side": "community",
                            "owner": world["partner_org"].pk})
    assert response.status_code == 400
    assert not Commitment.objects.filter(title_en="Someone else's").exists()


def test_a_member_updates_their_own_commitment_over_http(client_for):
    world = police_and_partner()
    target = world["police_commitment"]
    client = client_for(world["officer"])
    assert client.get(reverse("commitments:edit", args=[target.pk])).status_code == 200
    response = client.post(reverse("commitments:change_status", args=[target.pk]),
                           {"status": "in_progress", "progress": "35"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status.code == "in_progress" and target.progress == 35


def test_a_guessed_id_is_a_404_for_everyone(client_for, coordinator):
    client = client_for(coordinator)
    for name in ("commitments:detail", "commitments:edit", "commitments:milestone_new"):
        assert client.get(reverse(name, args=[987654])).status_code == 404
