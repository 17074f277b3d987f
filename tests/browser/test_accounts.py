"""A resident signs up and verifies; an officer logs in with a second factor."""

from __future__ import annotations

from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.testing import current_code, link_in_last_email, path_of
from conftest import PASSWORD, create_user


def test_a_resident_signs_up_verifies_the_email_and_logs_in(
    page, transactional_db, check_accessibility
):
    page.goto("/accounts/signup/")
    check_accessibility(page)
    page.get_by_label("Email address").fill("new.neighbor@example.org")
    page.get_by_label("Your name").fill("New Neighbor")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()

    # Not verified yet: the password alone does not let them in.
    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("Email address").fill("new.neighbor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Resend verification email").wait_for()

    assert len(mail.outbox) >= 1
    page.goto(path_of(link_in_last_email()))
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("new.neighbor@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # On a phone the account links sit behind the Menu button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_text("Signed in as New Neighbor").wait_for()
    assert User.objects.get(email="new.neighbor@example.org").is_email_verified


def test_an_officer_needs_the_second_factor_and_a_wrong_code_is_refused(
    page, transactional_db, check_accessibility
):
    officer = create_user(Role.OFFICER)
    device = TOTPDevice.objects.get(user=officer)
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    check_accessibility(page)

    # Before the code, every other page sends the officer back here.
    page.goto("/accounts/officer-profile/")
    page.get_by_role("heading", name="Enter your code").wait_for()

    wrong = str((int(current_code(device)) + 1) % 1_000_000).zfill(6)
    page.get_by_label("6-digit code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".errorlist, [role=alert]").first.is_visible()

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    page.get_by_label("6-digit code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Menu").click()
    page.get_by_text("Signed in as").wait_for()
    page.goto("/accounts/officer-profile/")
    assert page.get_by_role("heading", level=1).inner_text() != "Enter your code"
    check_accessibility(page)
