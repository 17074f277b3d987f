"""Trust module at phone width with axe on every page: a resident answers the survey for
their neighborhood (in Spanish too), reads the scores and the method, rates an officer's
card and files a complaint; a coordinator adds a question to the open survey."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Role
from conftest import create_user
from places.testing import make_area
from tests.browser.test_staff_work import log_in
from trust.actions import do_issue_card
from trust.models import CardAnswer, Filing, Response
from trust.testing import make_answers, make_survey


@pytest.fixture
def neighborhood(transactional_db: None, monkeypatch: Any) -> Any:
    # The timing check wants 3 s between showing and sending a form; a browser test
    # fills forms faster than any person, so the wait is turned off here (tested apart).
    monkeypatch.setattr("trust.forms.MIN_SECONDS", 0)
    area = make_area("Lincoln Heights", box=(-118.30, 34.00, -118.20, 34.10))
    survey = make_survey()
    make_answers(survey, area, 45)
    return area


def test_a_resident_answers_and_reads_the_scores(page: Any, neighborhood: Any,
                                                 check_accessibility: Any) -> None:
    page.goto("/trust/")
    check_accessibility(page)
    assert page.get_by_text("effective n").first.is_visible()
    page.get_by_role("link", name="Take the survey").first.click()
    check_accessibility(page)
    page.get_by_label("Your neighborhood").select_option(neighborhood.slug)
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(f"**/trust/take/*/{neighborhood.slug}/")
    check_accessibility(page)
    # Sending without answers: a clear message per question, nothing saved.
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("This field is required.").first.wait_for()
    assert Response.objects.count() == 45
    check_accessibility(page)
    for question, value in (("how safe do you feel", "7"), ("with respect", "8"),
                            ("listen to and take", "6")):
        group = page.get_by_role("group", name=question)
        group.get_by_label(value, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/trust/thanks/")
    check_accessibility(page)
    assert Response.objects.count() == 46
    page.goto(f"/trust/areas/{neighborhood.slug}/")
    check_accessibility(page)
    assert page.locator("svg.trend").first.is_visible()
    page.goto("/trust/method/")
    check_accessibility(page)


def test_the_survey_in_spanish(page: Any, neighborhood: Any, check_accessibility: Any) -> None:
    page.goto("/trust/take/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    page.get_by_label("Su vecindario").select_option(neighborhood.slug)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"**/trust/take/*/{neighborhood.slug}/")
    assert page.get_by_text("¿qué tan seguro/a se siente en su vecindario?").is_visible()
    check_accessibility(page)


def test_a_resident_rates_an_officer_and_files_a_complaint(
        page: Any, neighborhood: Any, check_accessibility: Any) -> None:
    officer = create_user(Role.OFFICER, email="card.officer@example.org")
    card = do_issue_card(officer, actor=None)
    page.goto("/trust/card/")
    check_accessibility(page)
    page.get_by_label("Card code").fill(card.code.lower())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/trust/card/{card.code}/")
    check_accessibility(page)
    page.get_by_role("group", name="treated me with respect").get_by_label("Agree",
                                                                           exact=True).check()
    page.get_by_role("group", name="listened to me").get_by_label("Strongly agree").check()
    page.get_by_role("group", name="explained").get_by_label("Neutral").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/trust/thanks/")
    assert CardAnswer.objects.count() == 1
    page.goto(f"/trust/complain/?card={card.code}")
    check_accessibility(page)
    page.get_by_label("What happened").fill("He would not give his badge number.")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your reference number is").wait_for()
    check_accessibility(page)
    filing = Filing.objects.get()
    assert filing.officer_id == officer.pk
    page.get_by_role("link", name="/trust/follow/").click()
    check_accessibility(page)
    page.goto("/trust/accountability/")
    check_accessibility(page)


def test_a_coordinator_adds_a_question_to_the_open_survey(
        page: Any, neighborhood: Any, check_accessibility: Any) -> None:
    coordinator = create_user(Role.COORDINATOR)
    log_in(page, coordinator)
    page.goto("/trust/manage/surveys/")
    check_accessibility(page)
    page.get_by_role("link", name="Neighborhood trust survey").click()
    check_accessibility(page)
    page.get_by_label("Short code").fill("lighting")
    page.get_by_label("Question in English").fill("Is your street well lit at night?")
    page.get_by_label("Question in Spanish").fill("¿Está bien iluminada su calle de noche?")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Question added to version 2.").wait_for()
    check_accessibility(page)
