from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from accounts.testing import link_in_last_email, path_of
from audit.models import AuditEntry

SIGNUP = {
    "email": "New.Person@Example.org",
    "display_name": "New Person",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def sign_up(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), {**SIGNUP, **changes})


@pytest.mark.django_db
def test_it_creates_an_unverified_resident_and_mails_a_link(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = User.objects.get(email="new.person@example.org")
    assert user.role == Role.RESIDENT and not user.is_email_verified
    assert not user.is_staff
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]
    assert AuditEntry.objects.filter(action="account.signed_up", target_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_the_link_in_the_email_verifies_the_address(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    response = client.get(path_of(link_in_last_email()))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert User.objects.get(email="new.person@example.org").is_email_verified
    # Now logging in works.
    response = client.post(
        reverse("accounts:login"),
        {"email": "new.person@example.org", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302 and response.url == reverse("pages:home")


@pytest.mark.django_db
def test_it_rejects_an_expired_or_altered_link(client, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        sign_up(client, django_capture_on_commit_callbacks)
        path = path_of(link_in_last_email())
    with time_machine.travel(dt.datetime(2026, 3, 4, 13, tzinfo=dt.UTC), tick=False):
        response = client.get(path)
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()
    assert client.get(path[:-3] + "xx/").status_code == 400
    assert not User.objects.get(email="new.person@example.org").is_email_verified


@pytest.mark.django_db
def test_it_refuses_a_duplicate_email_whatever_its_case(
    client, resident, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email=resident.email.upper())
    assert response.status_code == 200
    assert "An account with this email address already exists" in response.content.decode()
    assert User.objects.count() == 1 and not mail.outbox


@pytest.mark.django_db
def test_it_asks_for_matching_and_strong_passwords(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, password2="something else")
    assert "The two passwords are different" in response.content.decode()
    response = sign_up(
        client, django_capture_on_commit_callbacks, password1="12345678", password2="12345678"
    )
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_form_links_errors_to_their_inputs(client, django_capture_on_commit_callbacks):
    content = sign_up(client, django_capture_on_commit_callbacks, email="nope").content.decode()
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_email_helptext id_email_error"' in content
    assert 'autocomplete="new-password"' in content


@pytest.mark.django_db
def test_an_unverified_account_cannot_log_in_and_is_offered_a_new_link(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("accounts:login"),
        {"email": "new.person@example.org", "password": SIGNUP["password1"]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "confirm your email address first" in content
    assert "Resend verification email" in content
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("accounts:resend_verification"), {"email": "new.person@example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["new.person@example.org"]


@pytest.mark.django_db
def test_resending_does_not_reveal_whether_an_address_has_an_account(client, resident):
    answers = []
    for email in ["nobody@example.org", resident.email]:
        response = client.post(
            reverse("accounts:resend_verification"), {"email": email}, follow=True
        )
        page = response.content.decode().split("<main")[1]
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page))
    assert answers[0] == answers[1]
    assert not mail.outbox  # neither unknown nor already-verified addresses get mail


@pytest.mark.django_db
def test_signed_in_users_are_sent_on_from_sign_up_and_login(client_for, resident):
    client = client_for(resident)
    assert client.get(reverse("accounts:signup")).status_code == 302
    assert client.get(reverse("accounts:login")).status_code == 302
