"""Shared fixtures: one named user per role, and clients signed in as each.

Staff roles must pass two-factor login; `client_for` marks the session as verified with
the user's real TOTP device, exactly as the login flow does.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import STAFF_ROLES, Role, User

NAMED_USERS = {
    Role.RESIDENT: "rosa.resident@example.org",
    Role.OFFICER: "omar.officer@example.org",
    Role.COORDINATOR: "carla.coordinator@example.org",
    Role.PARTNER: "pat.partner@example.org",
    Role.ADMIN: "ada.admin@example.org",
}
PASSWORD = "correct horse battery staple"


def create_user(role: str = Role.RESIDENT, email: str | None = None, **extra: object) -> User:
    email = email or NAMED_USERS[Role(role)]
    user = User.objects.create_user(
        email,
        PASSWORD,
        role=role,
        display_name=extra.pop("display_name", email.split("@")[0].replace(".", " ").title()),
        email_verified_at=timezone.now(),
        is_staff=(role == Role.ADMIN),
        is_superuser=(role == Role.ADMIN),
        **extra,
    )
    if role in STAFF_ROLES:
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    if user.requires_two_factor:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture(autouse=True)
def fresh_cache_and_area_index() -> None:
    """Each test starts with an empty cache (throttles, version stamps) and no area index
    built from another test's rolled-back rows."""
    from django.core.cache import cache

    from places.lookup import forget_indexes

    cache.clear()
    forget_indexes()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    return create_user


@pytest.fixture
def resident(db: None) -> User:
    return create_user(Role.RESIDENT)


@pytest.fixture
def officer(db: None) -> User:
    return create_user(Role.OFFICER)


@pytest.fixture
def coordinator(db: None) -> User:
    return create_user(Role.COORDINATOR)


@pytest.fixture
def partner(db: None) -> User:
    return create_user(Role.PARTNER)


@pytest.fixture
def admin_user(db: None) -> User:
    return create_user(Role.ADMIN)


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    return signed_in_client


def pytest_terminal_summary(terminalreporter: object, exitstatus: int, config: object) -> None:
    from tests.browser.conftest import SKIPPED_BROWSER_TESTS

    if SKIPPED_BROWSER_TESTS:
        write = terminalreporter.write_line  # type: ignore[attr-defined]
        write("!" * 78)
        write("BROWSER TESTS WERE SKIPPED: " + SKIPPED_BROWSER_TESTS[0])
        write("Install Chromium (apt-get install chromium) to run them.")
        write("!" * 78)
