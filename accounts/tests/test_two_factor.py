from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.testing import current_code
from audit.models import AuditEntry
from conftest import PASSWORD

# Near the real clock, so sessions made under time-machine are still valid after it.
NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def password_step(user) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enter(client: Client, code: str, url: str = "/accounts/two-factor/", **extra):
    return client.post(url, {"code": code, **extra})


@pytest.mark.django_db
def test_the_right_code_verifies_the_session(officer):
    device = TOTPDevice.objects.get(user=officer)
    with time_machine.travel(NOW, tick=False):
        client = password_step(officer)
        response = enter(client, current_code(device), next="/accounts/officer-profile/")
    assert response.status_code == 302 and response.url == "/accounts/officer-profile/"
    assert client.get("/accounts/officer-profile/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_gets_a_clear_error(officer):
    device = TOTPDevice.objects.get(user=officer)
    with time_machine.travel(NOW, tick=False):
        client = password_step(officer)
        wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
        response = enter(client, wrong)
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert 'aria-describedby="id_code_helptext id_code_error"' in response.content.decode()
    assert enter(client, "abc123").status_code == 200


@pytest.mark.django_db
def test_repeated_wrong_codes_make_the_user_wait(officer):
    device = TOTPDevice.objects.get(user=officer)
    with time_machine.travel(NOW, tick=False) as clock:
        client = password_step(officer)
        for _ in range(4):
            enter(client, "000000")
            clock.shift(dt.timedelta(seconds=10))
        # Four failures: the next try must wait 2**3 = 8 seconds after the last.
        clock.shift(dt.timedelta(seconds=-8))
        response = enter(client, current_code(device))
        assert "Too many attempts. Wait 6 seconds" in response.content.decode()
        assert not client.session.get("otp_device_id")
        clock.shift(dt.timedelta(seconds=7))
        response = enter(client, current_code(device))
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_staff_member_enrols_an_authenticator_app(officer):
    officer.totpdevice_set.all().delete()
    with time_machine.travel(NOW, tick=False):
        client = password_step(officer)
        page = client.get("/accounts/two-factor/setup/").content.decode()
        assert "<svg" in page and 'id="totp-secret"' in page
        device = TOTPDevice.objects.get(user=officer, confirmed=False)
        # Reloading the page shows the same secret, not a new one.
        client.get("/accounts/two-factor/setup/")
        assert TOTPDevice.objects.filter(user=officer).count() == 1
        assert (
            "not right" in enter(client, "000000", "/accounts/two-factor/setup/").content.decode()
        )
    with time_machine.travel(NOW + dt.timedelta(seconds=60), tick=False):
        response = enter(client, current_code(device), "/accounts/two-factor/setup/")
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/accounts/profile/").status_code == 200
    assert AuditEntry.objects.filter(action="two_factor.enrolled", actor=officer).exists()


@pytest.mark.django_db
def test_residents_never_see_the_two_factor_pages(client_for, resident):
    client = client_for(resident)
    assert client.get("/accounts/two-factor/").status_code == 302
    assert client.get("/accounts/two-factor/setup/").status_code == 302
    assert not TOTPDevice.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_totp_code_prints_the_current_code_in_debug_only(settings, officer):
    device = TOTPDevice.objects.get(user=officer)
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("totp_code", officer.email)
    settings.DEBUG = True
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("totp_code", officer.email.upper(), stdout=out, stderr=io.StringIO())
        assert out.getvalue().strip() == current_code(device)
    with pytest.raises(CommandError, match="No confirmed"):
        call_command("totp_code", "nobody@example.org")
