"""What each role gets from each accounts page (mirrors tests/test_permission_matrix.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import create_user, signed_in_client

ROLES = ["anonymous", "resident", "officer", "coordinator", "partner", "admin"]
EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": 302}
SIGNED_OUT_ONLY = {**dict.fromkeys(ROLES, 302), "anonymous": 200}
OFFICERS_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "officer": 200}

EXPECTED = {
    "accounts:signup": ({}, SIGNED_OUT_ONLY),
    "accounts:login": ({}, SIGNED_OUT_ONLY),
    "accounts:logout": ({}, dict.fromkeys(ROLES, 405)),
    "accounts:verify_email": ({"token": "not-a-token"}, dict.fromkeys(ROLES, 400)),
    "accounts:resend_verification": ({}, EVERYONE),
    # Only staff part-way through logging in stay on these; everyone else moves on.
    "accounts:two_factor": ({}, dict.fromkeys(ROLES, 302)),
    "accounts:two_factor_setup": ({}, dict.fromkeys(ROLES, 302)),
    "accounts:profile": ({}, SIGNED_IN),
    "accounts:password_change": ({}, SIGNED_IN),
    "accounts:delete": ({}, SIGNED_IN),
    "accounts:officer_profile": ({}, OFFICERS_ONLY),
    "accounts:password_reset": ({}, EVERYONE),
    "accounts:password_reset_done": ({}, EVERYONE),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "bad-token"}, EVERYONE),
    "accounts:password_reset_complete": ({}, EVERYONE),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_accounts_page_answers_each_role_as_designed(role):
    client = Client() if role == "anonymous" else signed_in_client(create_user(role))
    got = {
        name: client.get(reverse(name, kwargs=kwargs)).status_code
        for name, (kwargs, _expected) in EXPECTED.items()
    }
    assert got == {name: expected[role] for name, (_kwargs, expected) in EXPECTED.items()}
