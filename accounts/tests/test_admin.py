from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from audit.models import AuditEntry
from conftest import PASSWORD


@pytest.mark.django_db
def test_django_admin_needs_the_second_factor(admin_user):
    client = Client()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"])["Location"].startswith("/accounts/login/")
    client.post("/accounts/login/", {"email": admin_user.email, "password": PASSWORD})
    # Password alone: the middleware keeps the admin on the code page.
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/")


@pytest.mark.django_db
def test_a_verified_admin_reaches_django_admin_but_other_roles_do_not(client_for, admin_user,
                                                                       coordinator):  # fmt: skip
    assert client_for(admin_user).get("/admin/").status_code == 200
    assert client_for(coordinator).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_opening_someone_elses_record_in_admin_is_logged(client_for, admin_user, resident):
    client = client_for(admin_user)
    assert client.get(f"/admin/accounts/user/{resident.pk}/change/").status_code == 200
    entry = AuditEntry.objects.get(kind="access")
    assert entry.actor == admin_user and entry.target_id == str(resident.pk)
    assert entry.action == "view:admin_user_detail"
    client.get(f"/admin/accounts/user/{admin_user.pk}/change/")
    assert AuditEntry.objects.filter(kind="access").count() == 1  # not one's own record


@pytest.mark.django_db
def test_changing_a_role_in_admin_goes_through_the_audited_action(client_for, admin_user,
                                                                   resident):  # fmt: skip
    client = client_for(admin_user)
    response = client.post(
        f"/admin/accounts/user/{resident.pk}/change/",
        {"email": resident.email, "display_name": "Rosa", "role": Role.ADMIN,
         "preferred_language": "en", "email_verified_at_0": "2026-01-01",
         "email_verified_at_1": "10:00:00", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    resident.refresh_from_db()
    assert resident.role == Role.ADMIN and resident.is_staff
    assert AuditEntry.objects.filter(action="account.role_set").exists()


@pytest.mark.django_db
def test_the_audit_log_is_read_only_in_admin(client_for, admin_user, resident):
    client = client_for(admin_user)
    client.get(f"/admin/accounts/user/{resident.pk}/change/")
    entry = AuditEntry.objects.get()
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
