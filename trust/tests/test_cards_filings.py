"""Officer feedback cards, commendations and complaints."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.actions import do_add_membership, do_create_organization
from accounts.models import Organization, Role
from audit.models import AuditEntry
from conftest import create_user
from trust import actions, queries
from trust.forms import started_token
from trust.models import CardAnswer, Filing

pytestmark = pytest.mark.django_db


def give_answers(card, count, value=4):
    for _i in range(count):
        actions.do_submit_card_answer(card, respectful=value, listened=value, explained=value,
                                      actor=None)


def old_start() -> str:
    with time_machine.travel(timezone.now() - dt.timedelta(seconds=30), tick=False):
        return started_token()


def test_a_resident_rates_an_encounter_by_the_card_code(client, officer):
    card = actions.do_issue_card(officer, actor=officer)
    assert actions.do_issue_card(officer, actor=officer) == card
    response = client.post(reverse("trust:card", args=[card.code.lower()]), {
        "respectful": "5", "listened": "4", "explained": "3", "started": old_start()})
    assert response.status_code == 302
    saved = CardAnswer.objects.get()
    assert (saved.respectful, saved.listened, saved.explained) == (5, 4, 3)
    found = client.get(reverse("trust:card_find"), {"code": card.code})
    assert found.status_code == 302
    assert client.get(reverse("trust:card_find"), {"code": "ZZZZZZ"}).status_code == 400


@pytest.mark.parametrize("bad", [0, 6, "x", "", None])
def test_out_of_range_card_answers_are_refused(officer, bad):
    card = actions.do_issue_card(officer, actor=None)
    with pytest.raises(ValidationError):
        actions.do_submit_card_answer(card, respectful=bad, listened=3, explained=3, actor=None)
    assert CardAnswer.objects.count() == 0


def test_an_officer_sees_results_only_once_there_are_enough_answers(officer, client_for):
    card = actions.do_issue_card(officer, actor=officer)
    give_answers(card, queries.CARD_MIN_ANSWERS - 1)
    client = client_for(officer)
    page = client.get(reverse("trust:my_card")).content.decode()
    assert "Results appear once there are 10" in page
    give_answers(card, 1, value=2)
    page = client.get(reverse("trust:my_card")).content.decode()
    assert "3.8" in page  # (9 x 4 + 2) / 10


def test_supervisors_see_their_unit_not_other_units(officer, client_for):
    unit = do_create_organization(name="Central Area", kind=Organization.Kind.POLICE_UNIT,
                                  actor=None)
    other = do_create_organization(name="Hollenbeck Area", kind=Organization.Kind.POLICE_UNIT,
                                   actor=None)
    supervisor = create_user(Role.OFFICER, email="sergeant@example.org")
    do_add_membership(supervisor, unit, is_manager=True, actor=None)
    do_add_membership(officer, unit, actor=None)
    give_answers(actions.do_issue_card(officer, actor=None), 12)
    page = client_for(supervisor).get(reverse("trust:units")).content.decode()
    assert "Central Area" in page and "Hollenbeck Area" not in page
    assert other.pk
    assert client_for(officer).get(reverse("trust:units")).status_code == 403


def _body_member():
    body = do_create_organization(name="Civilian Oversight Board",
                                  kind=Organization.Kind.CITY_AGENCY,
                                  slug="civilian-oversight-board", actor=None)
    investigator = create_user(Role.PARTNER, email="investigator@example.org")
    do_add_membership(investigator, body, actor=None)
    return body, investigator


def test_a_complaint_goes_to_the_body_and_only_its_members_see_it(
        client, client_for, admin_user, coordinator, officer):
    body, investigator = _body_member()
    card = actions.do_issue_card(officer, actor=None)
    response = client.post(reverse("trust:complain"), {
        "card_code": card.code, "description": "He shouted at my son.",
        "filer_name": "Maria Lopez", "filer_email": "maria@example.org",
        "started": old_start()})
    assert response.status_code == 200
    filing = Filing.objects.get()
    assert filing.body_id == body.pk and filing.officer_id == officer.pk
    assert filing.reference.startswith("C-") and filing.reference in response.content.decode()
    url = reverse("trust:complaint", args=[filing.pk])
    for outsider in (admin_user, coordinator, officer):
        assert client_for(outsider).get(url).status_code == 403
    page = client_for(investigator).get(url).content.decode()
    assert "Maria Lopez" in page
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.ACCESS, target_id=str(filing.pk),
                                     actor=investigator).exists()
    # The change log names neither the filer nor the officer.
    entry = AuditEntry.objects.get(action="trust.complaint.filed")
    assert "Maria" not in str(entry.detail) and str(officer.pk) not in str(entry.detail)


def test_another_body_gets_404_for_a_complaint_it_does_not_handle(client_for):
    _body, _investigator = _body_member()
    filing, _token = actions.do_submit_filing(kind=Filing.Kind.COMPLAINT, description="x",
                                              actor=None)
    other = do_create_organization(name="Internal Affairs", kind=Organization.Kind.POLICE_UNIT,
                                   actor=None)
    stranger = create_user(Role.OFFICER, email="ia@example.org")
    do_add_membership(stranger, other, actor=None)
    with override_settings(TRUST_COMPLAINT_BODY="internal-affairs"):
        assert client_for(stranger).get(reverse("trust:complaint",
                                                args=[filing.pk])).status_code == 404
        assert client_for(stranger).get(reverse("trust:complaint",
                                                args=[99999999])).status_code == 404


def test_the_filer_follows_the_status_with_the_private_link(client):
    _body_member()
    filing, token = actions.do_submit_filing(kind=Filing.Kind.COMPLAINT,
                                             description="Nobody came.", actor=None)
    actions.do_update_complaint(filing, status=Filing.Status.CLOSED, outcome="sustained",
                                note_to_filer="Action was taken.", actor=None)
    page = client.get(reverse("trust:follow", args=[filing.reference, token])).content.decode()
    assert "Sustained" in page and "Action was taken." in page
    assert client.get(reverse("trust:follow", args=[filing.reference, "guess"])).status_code \
        == 404


def test_closing_a_complaint_needs_an_outcome():
    _body, investigator = _body_member()
    filing, _token = actions.do_submit_filing(kind=Filing.Kind.COMPLAINT, description="x",
                                              actor=None)
    with pytest.raises(ValidationError, match="Give the outcome"):
        actions.do_update_complaint(filing, status=Filing.Status.CLOSED, actor=investigator)


def test_anonymous_filings_keep_no_contact_details():
    filing, _token = actions.do_submit_filing(
        kind=Filing.Kind.COMMENDATION, description="Kind and patient.", anonymous=True,
        filer_name="Secret", filer_email="secret@example.org", actor=None)
    assert (filing.filer_name, filing.filer_email) == ("", "")


def test_a_bad_card_code_in_a_filing_is_refused():
    with pytest.raises(ValidationError, match="No officer card"):
        actions.do_submit_filing(kind=Filing.Kind.COMPLAINT, description="x",
                                 card_code="NOPE99", actor=None)
    assert Filing.objects.count() == 0


def test_public_figures_suppress_small_counts(client):
    for _i in range(3):
        actions.do_submit_filing(kind=Filing.Kind.COMPLAINT, description="x", actor=None)
    for _i in range(6):
        actions.do_submit_filing(kind=Filing.Kind.COMMENDATION, description="y", actor=None)
    figures = queries.filing_figures()
    assert figures["complaints"] is None and figures["commendations"] == 6
    page = client.get(reverse("trust:accountability")).content.decode()
    assert "fewer than 5" in page


def test_filer_contacts_are_erased_two_years_after_closing():
    _body, investigator = _body_member()
    filing, _token = actions.do_submit_filing(
        kind=Filing.Kind.COMPLAINT, description="x", anonymous=False, filer_name="Ana",
        actor=None)
    actions.do_update_complaint(filing, status=Filing.Status.CLOSED, outcome="mediated",
                                actor=investigator)
    assert actions.purge_filer_contacts(timezone.now()) == 0
    assert actions.purge_filer_contacts(timezone.now() + dt.timedelta(days=731)) == 1
    filing.refresh_from_db()
    assert filing.filer_name == ""
