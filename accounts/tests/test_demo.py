from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_PASSWORD, demo_logins, load_demo_people
from accounts.models import Membership, OfficerProfile, Organization, Role, User
from audit.models import AuditEntry
from places.testing import make_area


@pytest.mark.django_db
def test_the_demo_people_load_once_and_a_second_call_changes_nothing():
    areas = {a.slug: a for a in [make_area("North Park"), make_area("South Park")]}
    logins = load_demo_people(areas)
    roles = [role for role, _email, _password in logins]
    assert roles.count("admin") == 1 and roles.count("coordinator") == 2
    assert roles.count("partner") == 3 and roles.count("officer") == 25
    assert roles.count("resident") >= 3
    assert {password for *_, password in logins} == {DEMO_PASSWORD}
    assert {email for _role, email in demo_logins()} <= {email for _r, email, _p in logins}

    admin = User.objects.get(email=dict(demo_logins())["admin"])
    assert admin.is_staff and admin.check_password(DEMO_PASSWORD) and admin.is_email_verified
    staff = User.objects.exclude(role=Role.RESIDENT)
    assert all(TOTPDevice.objects.filter(user=u, confirmed=True).exists() for u in staff)
    assert OfficerProfile.objects.count() == 25
    assert 0 < OfficerProfile.objects.public().count() < 25
    assert OfficerProfile.objects.filter(languages__contains="Spanish").count() >= 8
    assert {p.assignment_area for p in OfficerProfile.objects.all()} == set(areas.values())
    lapd = Organization.objects.get(name="Los Angeles Police Department")
    assert lapd.kind == "police_department" and lapd.units.count() >= 2
    assert set(Organization.objects.values_list("kind", flat=True)) == set(Organization.Kind.values)
    assert Membership.objects.filter(user__role=Role.PARTNER).count() == 3

    counts = [m.objects.count() for m in (User, Organization, Membership, OfficerProfile,
                                           TOTPDevice, AuditEntry)]  # fmt: skip
    assert load_demo_people(areas) == logins
    assert counts == [m.objects.count() for m in (User, Organization, Membership, OfficerProfile,
                                                  TOTPDevice, AuditEntry)]  # fmt: skip
