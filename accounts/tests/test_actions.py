from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actions import (
    do_add_membership,
    do_create_organization,
    do_create_user,
    do_delete_account,
    do_remove_membership,
    do_reset_two_factor,
    do_set_role,
    do_sign_up,
    do_update_officer_profile,
)
from accounts.models import Membership, Organization, Role, User
from audit.models import AuditEntry
from places.testing import make_area


@pytest.mark.django_db
def test_only_admins_set_roles_and_the_admin_role_alone_gets_django_admin(
    admin_user, coordinator, resident
):
    with pytest.raises(PermissionDenied):
        do_set_role(resident, Role.OFFICER, actor=coordinator)
    do_set_role(resident, Role.ADMIN, actor=admin_user)
    resident.refresh_from_db()
    assert resident.role == Role.ADMIN and resident.is_staff
    do_set_role(resident, Role.OFFICER, actor=admin_user)
    resident.refresh_from_db()
    assert resident.role == Role.OFFICER and not resident.is_staff
    entry = AuditEntry.objects.filter(action="account.role_set").first()
    assert entry is not None and entry.detail == {"old": "admin", "new": "officer"}
    with pytest.raises(ValidationError):
        do_set_role(resident, "chief", actor=admin_user)


@pytest.mark.django_db
def test_sign_up_refuses_a_taken_address_and_creates_nothing(resident):
    with pytest.raises(ValidationError) as error:
        do_sign_up(email=resident.email.upper(), display_name="X", password="pw long enough")
    assert "email" in error.value.message_dict
    assert User.objects.count() == 1 and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_create_user_is_for_admins_and_the_system(admin_user, coordinator):
    user = do_create_user("New.Officer@example.org", password="x" * 12, role=Role.OFFICER,
                          email_verified=True, actor=admin_user)  # fmt: skip
    assert user.email == "new.officer@example.org" and user.is_email_verified
    with pytest.raises(PermissionDenied):
        do_create_user("b@example.org", password=None, actor=coordinator)
    assert do_create_user("c@example.org", password=None, actor=None).role == Role.RESIDENT


@pytest.mark.django_db
def test_organizations_and_memberships_are_admin_writes(admin_user, partner, coordinator):
    department = do_create_organization(
        name="Los Angeles Police Department", kind=Organization.Kind.POLICE_DEPARTMENT,
        actor=admin_user,
    )  # fmt: skip
    unit = do_create_organization(
        name="Central Area", kind=Organization.Kind.POLICE_UNIT, parent=department,
        actor=admin_user,
    )  # fmt: skip
    assert department.slug == "los-angeles-police-department" and unit.parent == department
    with pytest.raises(ValidationError):
        do_create_organization(name="Central Area", kind="police_unit", actor=admin_user)
    with pytest.raises(PermissionDenied):
        do_create_organization(name="X", kind="school", actor=coordinator)
    membership = do_add_membership(partner, unit, title="Liaison", actor=admin_user)
    with pytest.raises(ValidationError):
        do_add_membership(partner, unit, actor=admin_user)
    do_remove_membership(membership, actor=admin_user)
    assert not Membership.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["organization.created", "organization.created", "membership.added",
                       "membership.removed"]  # fmt: skip


@pytest.mark.django_db
def test_officer_profiles_are_edited_by_their_officer_or_by_coordinators(
    officer, coordinator, resident, admin_user
):
    fields: dict[str, Any] = {
        "rank": "Sergeant I", "assignment": "", "languages": "English", "bio": "",
        "is_public": True,
    }  # fmt: skip
    do_update_officer_profile(officer, **fields, actor=officer)
    do_update_officer_profile(officer, **fields, actor=coordinator)
    with pytest.raises(PermissionDenied):
        do_update_officer_profile(officer, **fields, actor=resident)
    area = make_area("North Park")
    with pytest.raises(PermissionDenied):
        do_update_officer_profile(officer, **fields, assignment_area=area, actor=officer)
    profile = do_update_officer_profile(officer, **fields, assignment_area=area, actor=admin_user)
    assert profile.assignment_area == area
    with pytest.raises(ValidationError):
        do_update_officer_profile(resident, **fields, actor=admin_user)


@pytest.mark.django_db
def test_an_admin_resets_a_lost_device_and_may_delete_any_account(admin_user, partner, officer):
    do_reset_two_factor(partner, actor=admin_user)
    assert not TOTPDevice.objects.filter(user=partner).exists()
    with pytest.raises(PermissionDenied):
        do_delete_account(partner, actor=officer)
    do_delete_account(partner, actor=admin_user)
    partner.refresh_from_db()
    assert not partner.is_active and partner.email.endswith("@invalid")
