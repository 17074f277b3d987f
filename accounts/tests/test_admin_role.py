"""An admin made through the real action can do in the Django admin what the docs say."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actions import do_create_user
from accounts.models import Organization, Role
from conftest import PASSWORD, signed_in_client
from reports.models import ApiKey


@pytest.mark.django_db
def test_an_admin_issues_an_open311_api_key_in_the_django_admin():
    admin = do_create_user("new.admin@example.org", password=PASSWORD, role=Role.ADMIN,
                           email_verified=True, actor=None)
    assert not admin.is_superuser
    TOTPDevice.objects.create(user=admin, name="default", confirmed=True)
    organization = Organization.objects.create(name="Streets", slug="streets",
                                               kind=Organization.Kind.CITY_AGENCY)
    client = signed_in_client(admin)
    url = reverse("admin:reports_apikey_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "City app", "organization": organization.pk})
    assert response.status_code == 302
    assert ApiKey.objects.filter(name="City app").exists()


@pytest.mark.django_db
def test_other_roles_get_no_model_permissions(officer):
    assert not officer.has_perm("reports.add_apikey")
    assert not officer.has_module_perms("reports")
