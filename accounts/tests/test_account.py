from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.testing import link_in_last_email, path_of
from audit.models import AuditEntry
from conftest import PASSWORD


@pytest.mark.django_db
def test_the_account_page_needs_a_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_user_changes_name_and_language(client_for, resident):
    client = client_for(resident)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Rosa M.", "email": resident.email, "preferred_language": "es"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.display_name, resident.preferred_language) == ("Rosa M.", "es")
    assert response.cookies["django_language"].value == "es"
    entry = AuditEntry.objects.get(action="account.updated")
    assert entry.detail == {"fields": ["display_name", "preferred_language"]}


@pytest.mark.django_db
def test_a_new_email_takes_effect_only_once_confirmed(
    client_for, resident, django_capture_on_commit_callbacks
):
    client = client_for(resident)
    old = resident.email
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:profile"),
            {"display_name": "Rosa", "email": "Rosa.New@example.org", "preferred_language": "en"},
        )
    resident.refresh_from_db()
    assert resident.email == old and resident.pending_email == "rosa.new@example.org"
    assert mail.outbox[-1].to == ["rosa.new@example.org"]
    assert client.get(path_of(link_in_last_email())).status_code == 302
    resident.refresh_from_db()
    assert resident.email == "rosa.new@example.org" and not resident.pending_email
    assert resident.is_email_verified


@pytest.mark.django_db
def test_it_refuses_an_email_another_account_uses(client_for, resident, officer):
    client = client_for(resident)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Rosa", "email": officer.email.upper(), "preferred_language": "en"},
    )
    assert "Another account uses this email address" in response.content.decode()
    resident.refresh_from_db()
    assert not resident.pending_email


@pytest.mark.django_db
def test_a_user_changes_their_password(client_for, resident):
    client = client_for(resident)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "brand new phrase 42",
         "new_password2": "brand new phrase 42"},
    )  # fmt: skip
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("brand new phrase 42")
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="account.password_changed").exists()


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client, resident):
    response = client.post(reverse("accounts:password_reset"), {"email": resident.email})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox[0].to == [resident.email]
    response = client.get(path_of(link_in_last_email()), follow=True)
    assert response.status_code == 200 and "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "fresh passphrase 7", "new_password2": "fresh passphrase 7"}
    )
    assert response.url == reverse("accounts:password_reset_complete")
    resident.refresh_from_db()
    assert resident.check_password("fresh passphrase 7")


@pytest.mark.django_db
def test_password_reset_says_the_same_for_unknown_addresses(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("accounts:password_reset_done") and not mail.outbox


@pytest.mark.django_db
def test_deleting_needs_the_password(client_for, resident):
    client = client_for(resident)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert "That is not your password" in response.content.decode()
    resident.refresh_from_db()
    assert resident.is_active


@pytest.mark.django_db
def test_deleting_an_account_anonymises_it_and_keeps_the_audit_trail(client_for, officer):
    client = client_for(officer)
    email = officer.email
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    officer.refresh_from_db()
    assert officer.email == f"deleted-{officer.pk}@invalid"
    assert officer.display_name == "" and not officer.is_active
    assert not officer.has_usable_password()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="account.deleted")
    # Recorded after anonymising: the deletion entry itself holds no email address.
    assert entry.actor == officer and entry.target_id == str(officer.pk)
    assert entry.actor_kind == "user" and entry.actor_role == officer.role
    # No entry about this person, before or at the deletion, keeps their address.
    for logged in AuditEntry.objects.all():
        stored = f"{logged.actor_ref} {logged.target_label} {logged.detail} {logged}"
        assert email not in stored
    assert not User.objects.filter(email=email).exists()
