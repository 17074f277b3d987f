"""Surveys: the standard instrument, versioning, answering and its anti-abuse checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from trust import actions, instrument
from trust.forms import started_token
from trust.models import Invitation, Response, Survey
from trust.testing import answer, make_answers, make_survey

pytestmark = pytest.mark.django_db

SAFETY = "When it comes to the threat of crime, how safe do you feel in your neighborhood?"
RESPECT = "The police in my neighborhood treat local residents with respect."
LISTENING = ("The police in my neighborhood listen to and take into account the concerns of "
             "local residents.")
TOP_ISSUE = ("What is the number one issue in your neighborhood that you would like the police "
             "to deal with?")


def test_the_standard_instrument_asks_the_exact_questions_in_both_languages():
    survey = make_survey()
    version = survey.current()
    texts = {q["code"]: q["text"] for q in version.questions}
    assert texts["safety"]["en"] == SAFETY
    assert texts["respect"]["en"] == RESPECT
    assert texts["listening"]["en"] == LISTENING
    assert texts["top_issue"]["en"] == TOP_ISSUE
    assert all(t["es"] and t["es"] != t["en"] for t in texts.values())
    kinds = {q["code"]: q["kind"] for q in version.questions}
    assert [kinds[c] for c in instrument.SCORED] == ["scale"] * 3
    assert all(kinds[c] == "choice" for c in instrument.DEMOGRAPHICS)
    assert survey.status == Survey.Status.OPEN


def test_an_edit_to_an_open_survey_makes_a_new_version_and_answers_keep_theirs(area,
                                                                             coordinator):
    survey = make_survey()
    [first] = make_answers(survey, area, 1)
    version = actions.do_add_question(
        survey, code="lighting", kind="scale", text_en="Is your street well lit?",
        text_es="¿Está bien iluminada su calle?", actor=coordinator,
    )
    survey.refresh_from_db()
    assert version.number == 2 and survey.current_version_id == version.pk
    first.refresh_from_db()
    assert first.version.number == 1
    assert first.version.question("lighting") is None
    [second] = make_answers(survey, area, 1, lighting=4)
    assert second.version_id == version.pk and second.answers["lighting"] == 4


def test_it_refuses_a_direct_edit_of_an_open_version(coordinator):
    survey = make_survey()
    version = survey.current()
    before = list(version.questions)
    with pytest.raises(ValidationError, match="keeps its questions"):
        actions.do_edit_version(version, [], actor=coordinator)
    version.refresh_from_db()
    assert version.questions == before


def test_a_draft_survey_is_edited_in_place(coordinator):
    survey = actions.do_create_survey(title="Youth survey", actor=coordinator)
    version = actions.do_add_question(survey, code="school", kind="text", text_en="School?",
                                      text_es="¿Escuela?", actor=coordinator)
    assert version.number == 1


def test_the_scored_questions_cannot_be_removed(coordinator):
    survey = make_survey()
    with pytest.raises(ValidationError, match="stay in every survey"):
        actions.do_remove_question(survey, "safety", actor=coordinator)


def test_residents_may_not_build_surveys(resident):
    with pytest.raises(Exception, match="may not"):
        actions.do_create_survey(title="Mine", actor=resident)


@pytest.mark.parametrize("bad", [-1, 11, "7.5", "ten", "99999999999", "\x00"])
def test_it_refuses_out_of_range_answers(area, bad):
    survey = make_survey()
    before = Response.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.do_submit_response(survey, area, answer(safety=bad), actor=None)
    assert "safety" in error.value.message_dict
    assert Response.objects.count() == before


def test_it_refuses_a_choice_that_was_not_offered(area):
    survey = make_survey()
    with pytest.raises(ValidationError, match="Choose one of the answers"):
        actions.do_submit_response(survey, area, answer(gender="robot"), actor=None)


def test_an_invitation_answers_once_and_a_reused_token_is_refused(area, coordinator):
    survey = make_survey()
    [token] = actions.do_create_invitations(survey, area, 1, actor=coordinator)
    response = actions.do_submit_response(survey, None, answer(), token=token, actor=None)
    assert response.source == Response.Source.INVITATION and response.area_id == area.pk
    with pytest.raises(ValidationError, match="already been used"):
        actions.do_submit_response(survey, None, answer(), token=token, actor=None)
    assert Response.objects.count() == 1
    assert Invitation.objects.get().used_at is not None


def test_a_forged_token_is_refused(area):
    survey = make_survey()
    with pytest.raises(ValidationError, match="not valid"):
        actions.do_submit_response(survey, area, answer(), token="made-up-token", actor=None)
    assert Response.objects.count() == 0


def test_only_a_hash_of_the_token_is_stored(area, coordinator):
    survey = make_survey()
    [token] = actions.do_create_invitations(survey, area, 1, actor=coordinator)
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_it_refuses_too_many_invitations(area, coordinator):
    with pytest.raises(ValidationError, match="between 1 and 5000"):
        actions.do_create_invitations(make_survey(), area, 5001, actor=coordinator)


def _form_post(client: Client, url: str, **extra: str) -> Any:
    data = {"safety": "6", "respect": "7", "listening": "5", "website": "",
            "started": extra.pop("started", "")}
    data.update(extra)
    return client.post(url, data)


def _answer_url(survey: Survey, area: object) -> str:
    return reverse("trust:answer", args=[survey.slug, area.slug])  # type: ignore[attr-defined]


def test_a_resident_answers_through_the_neighborhood_link(client, area):
    survey = make_survey()
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=30), tick=False):
        started = started_token()
    response = _form_post(client, _answer_url(survey, area), started=started)
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.safety, saved.respect, saved.listening) == (6, 7, 5)
    assert saved.source_hash and "127.0.0.1" not in saved.source_hash
    assert AuditEntry.objects.filter(action="trust.response.submitted").exists()


def test_the_honeypot_refuses_bots(client, area):
    survey = make_survey()
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=30), tick=False):
        started = started_token()
    response = _form_post(client, _answer_url(survey, area), started=started,
                          website="http://spam.example")
    assert response.status_code == 400
    assert "Leave the last field empty" in response.content.decode()
    assert Response.objects.count() == 0


def test_the_timing_check_refuses_answers_sent_at_once(client, area):
    survey = make_survey()
    response = _form_post(client, _answer_url(survey, area), started=started_token())
    assert response.status_code == 400
    assert "faster than anyone can read" in response.content.decode()
    assert Response.objects.count() == 0


def test_a_forged_start_time_is_refused(client, area):
    survey = make_survey()
    response = _form_post(client, _answer_url(survey, area), started="1700000000")
    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()


@override_settings(RATE_LIMITS={"trust-answer": "3/3600"})
def test_a_flood_of_answers_from_one_address_is_stopped(client, area):
    survey = make_survey()
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=30), tick=False):
        started = started_token()
    statuses = [_form_post(client, _answer_url(survey, area), started=started).status_code
                for _i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Response.objects.count() == 3


def test_a_used_invitation_link_says_so(client, area, coordinator):
    survey = make_survey()
    [token] = actions.do_create_invitations(survey, area, 1, actor=coordinator)
    actions.do_submit_response(survey, None, answer(), token=token, actor=None)
    response = client.get(reverse("trust:invited", args=[token]))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert client.get(reverse("trust:invited", args=["x" * 300])).status_code == 404


def test_the_sender_hash_is_erased_after_the_abuse_window(area):
    survey = make_survey()
    actions.do_submit_response(survey, area, answer(), client_address="203.0.113.9",
                               actor=None)
    assert actions.purge_source_hashes(timezone.now()) == 0
    assert actions.purge_source_hashes(timezone.now() + dt.timedelta(hours=49)) == 1
    assert Response.objects.get().source_hash == ""


def test_a_closed_survey_takes_no_answers(area, coordinator):
    survey = actions.do_close_survey(make_survey(), actor=coordinator)
    with pytest.raises(ValidationError, match="not taking answers"):
        actions.do_submit_response(survey, area, answer(), actor=None)


def test_the_answer_page_speaks_spanish(client, area):
    survey = make_survey()
    client.cookies["django_language"] = "es"
    page = client.get(_answer_url(survey, area), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "¿qué tan seguro/a se siente en su vecindario?" in page
