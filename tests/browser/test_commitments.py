"""Commitments at phone width with axe on each page: a resident reads the board, opens a
commitment and asks to follow it; a coordinator updates progress and opens the review."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.testing import current_code
from commitments.tests.core import ensure_statuses, make_commitment, make_org
from conftest import PASSWORD, create_user


def log_in(page: Any, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("6-digit code").fill(current_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_a_resident_reads_the_board_and_follows_a_commitment(page, transactional_db,
                                                             check_accessibility):
    ensure_statuses()
    commitment = make_commitment(make_org("Hollenbeck Area"), title_en="Monthly safety walks")
    page.goto("/commitments/")
    check_accessibility(page)
    page.get_by_role("link", name="Monthly safety walks").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Monthly safety walks"
    check_accessibility(page)
    page.get_by_role("link", name="Get an email when it changes").click()
    page.get_by_label("Your email address").fill("nia@example.org")
    page.get_by_role("button", name="Follow").click()
    page.wait_for_load_state()
    assert "Check your email" in page.content()
    check_accessibility(page)
    page.goto("/commitments/you-said-we-did/")
    check_accessibility(page)
    assert commitment.pk


def test_a_coordinator_updates_progress_and_opens_the_review(page, transactional_db,
                                                             check_accessibility):
    ensure_statuses()
    commitment = make_commitment(make_org("Central Area"), title_en="Relight Chinatown")
    log_in(page, create_user(Role.COORDINATOR))
    page.goto(f"/commitments/{commitment.pk}/edit/")
    check_accessibility(page)
    page.locator("#progress_progress").fill("45")
    page.get_by_role("button", name="Set progress").click()
    page.wait_for_load_state()
    assert "45%" in page.content()
    page.goto("/commitments/review/")
    check_accessibility(page)
    assert "Relight Chinatown" in page.content()
