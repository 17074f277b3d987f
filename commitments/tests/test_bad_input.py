"""Each kind of bad input the issue names is refused (or neutralised) with a clear
message, and nothing partial is saved: rows are counted before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Organization
from audit.models import AuditEntry
from commitments.actions import (
    do_add_milestone,
    do_set_progress,
    do_set_status,
    do_update_commitment,
)
from commitments.models import Change, Commitment, Milestone, Status
from commitments.tests.core import area, make_commitment, make_org, police_and_partner

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (Commitment.objects.count(), Milestone.objects.count(), Change.objects.count(),
            AuditEntry.objects.count())


@pytest.mark.parametrize("value", [-1, 101, "150", "abc", "1e3", "", "9" * 40, True])
def test_it_refuses_progress_outside_0_to_100(value):
    commitment = make_commitment(make_org("Central Area"))
    before = counts()
    with pytest.raises(ValidationError) as error:
        do_set_progress(commitment, value, actor=None)
    assert error.value.message_dict["progress"] == ["Progress is a percentage from 0 to 100."]
    assert counts() == before
    commitment.refresh_from_db()
    assert commitment.progress == 0


def test_it_refuses_a_milestone_with_progress_over_100_and_saves_no_milestone():
    commitment = make_commitment(make_org("Central Area"))
    before = counts()
    with pytest.raises(ValidationError) as error:
        do_add_milestone(commitment, date=dt.date(2026, 1, 10), text_en="Done", progress=140,
                         actor=None)
    assert "Progress is a percentage from 0 to 100." in error.value.message_dict["progress"]
    assert counts() == before


def test_it_refuses_a_due_date_before_the_start():
    owner, where = make_org("Central Area"), area()
    before = counts()
    with pytest.raises(ValidationError) as error:
        make_commitment(owner, areas=[where], start_date=dt.date(2026, 5, 1),
                        due_date=dt.date(2026, 4, 30))
    assert error.value.message_dict["due_date"] == [
        "The due date cannot be before the start date."]
    assert counts() == before


def test_it_refuses_moving_the_due_date_before_the_start_on_edit():
    commitment = make_commitment(make_org("Central Area"))
    before = counts()
    with pytest.raises(ValidationError, match="cannot be before the start date"):
        do_update_commitment(commitment, due_date=dt.date(2025, 12, 1), actor=None)
    assert counts() == before
    commitment.refresh_from_db()
    assert commitment.due_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_it_refuses_a_parent_that_would_make_a_cycle(depth):
    owner = make_org("Central Area")
    top = make_commitment(owner, title_en="Top")
    chain = [top]
    for level in range(depth):
        chain.append(make_commitment(owner, title_en=f"Level {level}", parent=chain[-1]))
    before = counts()
    with pytest.raises(ValidationError) as error:
        do_update_commitment(top, parent=chain[-1], actor=None)
    assert error.value.message_dict["parent"] == [
        "A commitment cannot be part of itself or of one of its own parts."]
    assert counts() == before
    top.refresh_from_db()
    assert top.parent_id is None


def test_an_organization_may_not_update_another_organizations_commitment():
    world = police_and_partner()
    target = world["police_commitment"]
    before = counts()
    for attempt in (
        lambda: do_set_progress(target, 50, actor=world["partner"]),
        lambda: do_update_commitment(target, title_en="Hijacked", actor=world["partner"]),
        lambda: do_set_status(target, Status.objects.get(code="completed"),
                              actor=world["partner"]),
        lambda: do_add_milestone(target, date=dt.date(2026, 1, 9), text_en="x",
                                 actor=world["partner"]),
    ):
        with pytest.raises(PermissionDenied, match="your own organization"):
            attempt()
    assert counts() == before
    target.refresh_from_db()
    assert target.title_en == "Monthly safety walks" and target.progress == 0


def test_an_organization_may_not_give_its_commitment_to_another():
    world = police_and_partner()
    with pytest.raises(PermissionDenied, match="your own organization"):
        do_update_commitment(world["partner_commitment"], owner=world["police"],
                             side="police", actor=world["partner"])
    assert Commitment.objects.filter(owner=world["police"]).count() == 1


def test_over_http_another_organizations_commitment_is_a_404_and_unchanged(client_for):
    world = police_and_partner()
    target = world["police_commitment"]
    client = client_for(world["partner"])
    before = counts()
    for name in ("commitments:edit", "commitments:milestone_new"):
        assert client.get(reverse(name, args=[target.pk])).status_code == 404
    response = client.post(reverse("commitments:change_progress", args=[target.pk]),
                           {"progress": "90"})
    assert response.status_code == 404
    assert counts() == before


def test_a_member_sees_the_progress_message_over_http(client_for):
    world = police_and_partner()
    target = world["police_commitment"]
    response = client_for(world["officer"]).post(
        reverse("commitments:change_progress", args=[target.pk]), {"progress": "101"})
    assert response.status_code == 400
    assert "Progress is a percentage from 0 to 100." in response.content.decode()


def test_html_in_text_is_kept_as_text_and_shown_escaped(client):
    owner = make_org("Central Area")
    commitment = make_commitment(owner, title_en="<script>alert(1)</script> lights",
                                 description_en='<img src=x onerror="alert(2)">')
    page = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    board = client.get(reverse("commitments:board")).content.decode()
    assert "<script>alert(1)" not in board


def test_it_refuses_control_characters_in_text():
    owner, where = make_org("Central Area"), area()
    before = counts()
    with pytest.raises(ValidationError) as error:
        make_commitment(owner, areas=[where], title_en="Lights\x00 out")
    assert error.value.message_dict["title_en"] == [
        "This field contains characters that are not allowed."]
    assert counts() == before


def test_a_police_commitment_needs_a_police_owner():
    partner_org = make_org("Neighbors", Organization.Kind.COMMUNITY_GROUP)
    where = area()
    before = counts()
    with pytest.raises(ValidationError, match="owned by the department"):
        make_commitment(partner_org, side="police", areas=[where])
    assert counts() == before


def test_a_commitment_needs_a_neighborhood_or_citywide():
    owner = make_org("Central Area")
    before = counts()
    with pytest.raises(ValidationError, match="at least one neighborhood"):
        make_commitment(owner, areas=[])
    assert counts() == before


def test_a_parent_progress_cannot_be_set_by_hand():
    owner = make_org("Central Area")
    plan = make_commitment(owner)
    make_commitment(owner, title_en="Part", parent=plan)
    before = counts()
    with pytest.raises(ValidationError, match="roll-up of its parts"):
        do_set_progress(plan, 70, actor=None)
    assert counts() == before


def test_a_milestone_refuses_a_javascript_link_and_a_future_date():
    commitment = make_commitment(make_org("Central Area"))
    before = counts()
    with pytest.raises(ValidationError) as error:
        do_add_milestone(commitment, date=dt.date(2999, 1, 1), text_en="Done",
                         link="javascript:alert(1)", actor=None)
    assert set(error.value.message_dict) == {"link", "date"}
    assert counts() == before


def test_hostile_board_filters_answer_400_with_a_message(client):
    make_commitment(make_org("Central Area"))
    for query in ({"status": "nope"}, {"page": "99999999999999999999"}, {"side": "x\x00"},
                  {"owner": "../../etc"}, {"area": "\x1b"}, {"page": "-1"}):
        response = client.get(reverse("commitments:board"), query)
        assert response.status_code == 400, query
        assert "Please fix the filters below." in response.content.decode()


def test_a_posted_status_form_with_nonsense_is_refused_without_change(client_for,
                                                                       coordinator):
    commitment = make_commitment(make_org("Central Area"))
    client = client_for(coordinator)
    before = counts()
    for data in ({"status": "nope"}, {"status": "in_progress", "progress": "-5"},
                 {"status": "in_progress\x00"}):
        response = client.post(reverse("commitments:change_status", args=[commitment.pk]),
                               data)
        assert response.status_code == 400, data
    assert counts() == before
