from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, create_user
from trustbeat.lib import ratelimit

LOGIN = "/accounts/login/"
MAX_FAILURES = 5  # settings.RATE_LIMIT_DEFAULTS["login-pair"]


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"email": email, "password": password, **extra})


@pytest.mark.django_db
def test_a_resident_logs_in_and_goes_to_next(client, resident):
    response = log_in(client, resident.email.upper(), next="/places/find/")
    assert response.status_code == 302 and response.url == "/places/find/"
    assert client.session["_auth_user_id"] == str(resident.pk)


@pytest.mark.django_db
def test_it_ignores_a_next_address_on_another_site(client, resident):
    response = log_in(client, resident.email, next="https://evil.example/")
    assert response.url == reverse("pages:home")


@pytest.mark.django_db
def test_a_wrong_password_gets_a_clear_error(client, resident):
    response = log_in(client, resident.email, "wrong")
    assert response.status_code == 200
    assert "email address or password is not right" in response.content.decode()


@pytest.mark.django_db
def test_it_locks_an_email_and_address_after_repeated_failures(client, resident):
    for _ in range(MAX_FAILURES):
        log_in(client, resident.email, "wrong")
    response = log_in(client, resident.email)  # even the right password now waits
    content = response.content.decode()
    assert "Too many failed attempts. Try again in" in content
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session
    # Another address (another IP) is not locked out by this one.
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert log_in(elsewhere, resident.email).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client, resident):
    for _ in range(MAX_FAILURES - 1):
        log_in(client, resident.email, "wrong")
    assert log_in(client, resident.email).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(MAX_FAILURES - 1):
        log_in(client, resident.email, "wrong")
    assert log_in(client, resident.email).status_code == 302


@pytest.mark.django_db
def test_an_inactive_account_cannot_log_in(client, resident):
    resident.is_active = False
    resident.save()
    assert log_in(client, resident.email).status_code == 200


@pytest.mark.django_db
def test_logging_out_needs_a_post(client_for, resident):
    client = client_for(resident)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "coordinator", "partner", "admin"])
def test_staff_with_a_device_are_sent_to_enter_a_code(client, make_user, role):
    user = make_user(role)
    response = log_in(client, user.email, next="/audit/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor") + "?next=%2Faudit%2F"
    # Until they do, every other page sends them back.
    response = client.get("/places/find/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


@pytest.mark.django_db
def test_staff_without_a_device_are_sent_to_set_one_up(client, officer):
    officer.totpdevice_set.all().delete()
    response = log_in(client, officer.email)
    assert response.url == reverse("accounts:two_factor_setup")
    assert client.get(reverse("accounts:two_factor")).url == reverse("accounts:two_factor_setup")
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200


@pytest.mark.django_db
def test_the_login_page_labels_its_inputs(client):
    content = client.get(LOGIN).content.decode()
    assert '<label for="id_email">' in content and '<label for="id_password">' in content
    assert 'autocomplete="current-password"' in content
    assert reverse("accounts:password_reset") in content


def test_the_pair_limit_matches_the_documented_default():
    assert ratelimit.rate_for("login-pair").count == MAX_FAILURES


@pytest.mark.django_db
def test_one_wrong_password_on_each_of_thirty_accounts_locks_the_address(client, resident):
    victims = [create_user(email=f"victim{n}@example.org") for n in range(30)]
    statuses = [log_in(client, victim.email, "wrong").status_code for victim in victims]
    assert statuses[0] == 200
    assert statuses[-1] == 429
    # The real owner elsewhere is not affected; this address is, even for a good password.
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), resident.email).status_code == 302
    assert log_in(client, resident.email).status_code == 429


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_locks_that_account(resident):
    for n in range(25):
        log_in(Client(REMOTE_ADDR=f"10.0.{n}.1"), resident.email, "wrong")
    response = log_in(Client(REMOTE_ADDR="10.1.1.1"), resident.email)
    assert response.status_code == 429
    assert "Retry-After" in response


@pytest.mark.django_db
def test_logins_fail_closed_when_the_cache_is_down(client, resident, monkeypatch):
    class BrokenCache:
        def __getattr__(self, name):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(ratelimit, "_cache", lambda: BrokenCache())
    response = log_in(client, resident.email)
    assert response.status_code == 503
    assert response["Retry-After"] == str(ratelimit.UNAVAILABLE_RETRY_SECONDS)
    assert "_auth_user_id" not in client.session
