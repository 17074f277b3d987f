"""Password reset mails and sign-ups go through the shared rate limiter."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from trustbeat.settings import RATE_LIMIT_DEFAULTS


@pytest.mark.django_db
def test_password_reset_mails_for_one_address_are_limited(resident):
    statuses = []
    for n in range(5):
        # Different client addresses: the limit is on the address asked for.
        client = Client(REMOTE_ADDR=f"10.2.0.{n}")
        statuses.append(
            client.post(reverse("accounts:password_reset"), {"email": resident.email}).status_code
        )
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_requests_from_one_client_are_limited(client, resident):
    statuses = [
        client.post(
            reverse("accounts:password_reset"), {"email": f"someone{n}@example.org"}
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [302] * 10
    response = client.post(reverse("accounts:password_reset"), {"email": resident.email})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not mail.outbox


@pytest.mark.django_db
@override_settings(RATE_LIMITS={**RATE_LIMIT_DEFAULTS, "signup": "2/3600"})
def test_sign_ups_from_one_address_are_limited(client):
    url = reverse("accounts:signup")
    for n in range(2):
        client.post(url, {"email": f"bad{n}"})
    response = client.post(url, {"email": "bad3"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    # Reading the page is never limited.
    assert client.get(url).status_code == 200
