"""An officer logs in with two factors, works a report from the queue, and the public
timeline shows the public note but never the private one; a coordinator edits a category."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.testing import current_code
from audit.models import AuditEntry
from conftest import PASSWORD, create_user
from places.testing import make_area
from reports.actions import do_create_category, do_submit_report
from reports.models import Attribute, Status


def log_in(page: Any, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("6-digit code").fill(current_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_an_officer_works_a_report_from_the_queue(page, transactional_db, check_accessibility):
    make_area("Lincoln Heights", box=(-118.30, 34.00, -118.20, 34.10))
    category = do_create_category(code="pothole", name="Pothole", target_days=5, actor=None)
    report = do_submit_report(
        category=category, lat=34.05, lon=-118.25, description="Deep hole",
        reporter_name="Rosa Private", reporter_email="rosa@example.org", actor=None,
    )
    officer = create_user(Role.OFFICER)
    log_in(page, officer)

    page.goto("/reports/queue/")
    check_accessibility(page)
    page.get_by_role("link", name=f"#{report.pk}").first.click()
    page.wait_for_url(f"**/reports/{report.pk}/manage/")
    check_accessibility(page)
    # Staff see the reporter's contact details; the view is logged.
    assert page.get_by_text("rosa@example.org").is_visible()

    status_form = page.locator("section", has=page.get_by_role("heading", name="Change status"))
    status_form.get_by_label("New status").select_option(Status.IN_PROGRESS)
    status_form.get_by_label("Public note").fill("Crew booked for Tuesday")
    status_form.get_by_label("Private note").fill("Resident sounded upset")
    status_form.get_by_role("button", name="Save status").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS

    page.goto(f"/reports/{report.pk}/")
    assert page.get_by_text("Crew booked for Tuesday").is_visible()
    body = page.content()
    assert "Resident sounded upset" not in body
    assert "Rosa Private" not in body and "rosa@example.org" not in body
    check_accessibility(page)


def test_a_coordinator_adds_a_question_to_a_category(page, transactional_db, check_accessibility):
    do_create_category(code="graffiti", name="Graffiti", actor=None)
    coordinator = create_user(Role.COORDINATOR)
    log_in(page, coordinator)
    page.goto("/reports/categories/graffiti/edit/")
    check_accessibility(page)
    form = page.locator("form", has=page.get_by_role("button", name="Add question"))
    form.get_by_label("Code").fill("offensive")
    form.get_by_label("Question").fill("Is it offensive?")
    form.get_by_role("button", name="Add question").click()
    page.get_by_text("Question added.").wait_for()
    assert Attribute.objects.filter(category__code="graffiti", code="offensive").exists()
    assert AuditEntry.objects.filter(action="category.attribute.add").exists()
    assert page.get_by_text("Is it offensive?").first.is_visible()
    check_accessibility(page)
