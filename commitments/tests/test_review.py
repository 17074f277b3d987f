"""The quarterly review (page, CSV, PDF) and the events hook that turns a meeting's
action items into commitments."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from commitments.actions import commitments_from_source, do_add_milestone, do_set_status
from commitments.models import Commitment, Status
from commitments.tests.core import make_commitment, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_and_closed() -> dict[str, Commitment]:
    owner = make_org("Central Area")
    with time_machine.travel(dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC), tick=False):
        stale = make_commitment(owner, title_en="=Stale promise")
        fresh = make_commitment(owner, title_en="Fresh promise")
        done = make_commitment(owner, title_en="Kept promise")
    with time_machine.travel(dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        do_add_milestone(fresh, date=dt.date(2026, 4, 30), text_en="Walk held", actor=None)
        do_set_status(done, Status.objects.get(code="completed"), actor=None)
    return {"stale": stale, "fresh": fresh, "done": done}


@time_machine.travel(dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_review_lists_open_commitments_stalest_first_with_their_age(
        client_for, coordinator, open_and_closed):
    page = client_for(coordinator).get(reverse("commitments:review")).content.decode()
    assert page.index("=Stale promise") < page.index("Fresh promise")
    assert "Kept promise" not in page
    assert "125 days ago" in page and "9 days ago" in page and "(stale)" in page


@time_machine.travel(dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_review_exports_as_csv_with_formulas_neutralised_and_as_pdf(
        client_for, coordinator, open_and_closed):
    client = client_for(coordinator)
    rows = list(csv.reader(io.StringIO(
        client.get(reverse("commitments:review_csv")).content.decode())))
    assert rows[0][0] == "Commitment" and rows[1][0] == "'=Stale promise"
    assert rows[1][-1] == "125" and len(rows) == 3
    response = client.get(reverse("commitments:review_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 1000


def test_the_pdf_prints_text_beyond_latin_1(client_for, coordinator):
    make_commitment(make_org("Hollenbeck Area"), title_en="“Café” — Բարեւ, Привет, ñandú")
    response = client_for(coordinator).get(reverse("commitments:review_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_only_coordinators_see_the_review(client_for, officer, partner, resident):
    for user in (officer, partner, resident):
        assert client_for(user).get(reverse("commitments:review_pdf")).status_code == 403


def test_a_meeting_action_item_becomes_a_linked_commitment(
        django_capture_on_commit_callbacks):
    from events.actions import do_save_agenda_item
    from events.tests.core import make_event

    owner = make_org("Hollenbeck Area")
    meeting = make_event(type="community-meeting", title="Boyle Heights beat meeting")
    due = dt.date.today() + dt.timedelta(days=60)  # noqa: DTZ011 (a date, not a time)
    with django_capture_on_commit_callbacks(execute=True):
        item = do_save_agenda_item(meeting, title="Fix lights on Soto Street",
                                   is_action_item=True, owner_organization=owner,
                                   due_date=due, actor=None)
    commitment = commitments_from_source(item).get()
    assert commitment.origin == "meeting" and commitment.owner == owner
    assert commitment.due_date == due and commitment.source == item
    assert "Boyle Heights beat meeting" in commitment.source_label
    with django_capture_on_commit_callbacks(execute=True):
        do_save_agenda_item(meeting, item=item, title=item.title, is_action_item=True,
                            owner_organization=owner, due_date=due + dt.timedelta(days=7),
                            actor=None)
    commitment.refresh_from_db()
    assert commitment.due_date == due + dt.timedelta(days=7)
    assert Commitment.objects.count() == 1
    # An item owned by a name only has no organization to answer for it.
    with django_capture_on_commit_callbacks(execute=True):
        do_save_agenda_item(meeting, title="Ask about parking", is_action_item=True,
                            owner_name="Maria", due_date=due, actor=None)
    assert Commitment.objects.count() == 1
