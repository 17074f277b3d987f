from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEntry
from events import actions
from events.models import AgendaItem, Event, Feedback, Interaction, Rsvp
from events.tests.core import area, event_data, make_event
from events.tokens import check_in_token, find_rsvp, rsvp_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def event_area():
    """The area exists before any row count is taken."""
    return area()


def counts() -> tuple[int, int, int]:
    return Event.objects.count(), Rsvp.objects.count(), AuditEntry.objects.count()


def test_it_creates_an_event_in_the_site_zone_with_an_audit_entry(coordinator):
    event = make_event(coordinator)
    assert event.last_ends_at == event.ends_at
    assert AuditEntry.objects.filter(action="event.create", target_id=str(event.pk)).exists()


def test_it_rejects_an_event_that_ends_before_it_starts(coordinator):
    before = counts()
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        make_event(coordinator, starts_at=start, ends_at=start - timedelta(hours=1))
    assert "must end after it starts" in str(error.value)
    assert counts() == before


def test_a_weekly_series_keeps_its_local_hour_across_daylight_saving(coordinator):
    start = datetime(2026, 10, 27, 18, 0, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(start - timedelta(days=1), tick=False):
        event = make_event(coordinator, starts_at=start, ends_at=start + timedelta(hours=1),
                           recurrence="weekly", recurrence_count=3)
    hours = [timezone.localtime(s).hour for s, _ in event.occurrences()]
    assert hours == [18, 18, 18]
    assert event.last_ends_at == event.occurrences()[-1][1]


def test_a_resident_takes_a_seat_and_a_second_rsvp_is_refused(resident):
    event = make_event(capacity=5)
    actions.do_rsvp(event, user=resident, actor=resident)
    before = counts()
    with pytest.raises(ValidationError) as error:
        actions.do_rsvp(event, user=resident, actor=resident)
    assert "already answered" in str(error.value)
    assert counts() == before
    event.refresh_from_db()
    assert event.going_count == 1


def test_it_refuses_a_double_rsvp_by_the_same_email_in_another_case():
    event = make_event()
    actions.do_rsvp(event, name="Ana", email="ana@example.org", actor=None)
    with pytest.raises(ValidationError):
        actions.do_rsvp(event, name="Ana T", email="ANA@example.org", actor=None)
    assert Rsvp.objects.filter(event=event).count() == 1


def test_it_refuses_an_rsvp_to_a_cancelled_event(coordinator, resident):
    event = make_event(coordinator)
    actions.do_cancel_event(event, reason="Rain", actor=coordinator)
    before = counts()
    with pytest.raises(ValidationError) as error:
        actions.do_rsvp(event, user=resident, actor=resident)
    assert "cancelled" in str(error.value)
    assert counts() == before


def test_it_refuses_an_rsvp_to_a_past_event(resident):
    event = make_event()
    with time_machine.travel(event.ends_at + timedelta(minutes=1)):
        before = counts()
        with pytest.raises(ValidationError) as error:
            actions.do_rsvp(event, user=resident, actor=resident)
    assert "over" in str(error.value)
    assert counts() == before


def test_a_guest_holds_no_seat_until_the_signed_link_is_confirmed(
    django_capture_on_commit_callbacks,
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp = actions.do_rsvp(event, name="Luis", email="luis@example.org", actor=None)
    assert rsvp.status == Rsvp.Status.PENDING
    assert len(mail.outbox) == 1
    [token] = re.findall(r"/events/rsvp/([^/\s]+)/", str(mail.outbox[0].body))
    event.refresh_from_db()
    assert event.going_count == 0
    found = find_rsvp(token)
    assert found is not None
    assert actions.do_confirm_rsvp(found, actor=None).status == Rsvp.Status.GOING
    assert actions.do_confirm_rsvp(found, actor=None).status == Rsvp.Status.GOING
    event.refresh_from_db()
    assert event.going_count == 1


def test_a_forged_rsvp_link_finds_nothing():
    event = make_event()
    rsvp = actions.do_rsvp(event, name="Luis", email="luis@example.org", actor=None)
    token = rsvp_token(rsvp)
    assert find_rsvp(token[:-2] + "xx") is None
    assert find_rsvp("\x00" * 20) is None


def test_the_waitlist_is_promoted_with_an_email_when_a_seat_frees(
    make_user, django_capture_on_commit_callbacks,
):
    event = make_event(capacity=1)
    first = make_user(Role.RESIDENT, email="first@example.org")
    second = make_user(Role.RESIDENT, email="second@example.org")
    seat = actions.do_rsvp(event, user=first, actor=first)
    waiting = actions.do_rsvp(event, user=second, actor=second)
    assert (seat.status, waiting.status) == (Rsvp.Status.GOING, Rsvp.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_cancel_rsvp(seat, actor=first)
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == Rsvp.Status.GOING
    assert (event.going_count, event.waitlist_count) == (1, 0)
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    assert "freed up" in mail.outbox[0].subject


def test_lowering_capacity_below_the_rsvps_is_refused_with_a_clear_message(coordinator,
                                                                          make_user):
    event = make_event(coordinator, capacity=5)
    for n in range(3):
        user = make_user(Role.RESIDENT, email=f"r{n}@example.org")
        actions.do_rsvp(event, user=user, actor=user)
    before = counts()
    with pytest.raises(ValidationError) as error:
        actions.do_update_event(event, event_data(capacity=2), actor=coordinator)
    assert "3 people already hold a place" in str(error.value)
    assert counts() == before
    event.refresh_from_db()
    assert (event.capacity, event.going_count) == (5, 3)


def test_raising_capacity_promotes_the_waitlist(coordinator, make_user):
    event = make_event(coordinator, capacity=1)
    users = [make_user(Role.RESIDENT, email=f"w{n}@example.org") for n in range(3)]
    for user in users:
        actions.do_rsvp(event, user=user, actor=user)
    actions.do_update_event(event, event_data(capacity=2), actor=coordinator)
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (2, 1)


def test_check_in_by_code_token_and_tick(coordinator, make_user):
    event = make_event(coordinator)
    rsvps = []
    for n in range(3):
        user = make_user(Role.RESIDENT, email=f"c{n}@example.org")
        rsvps.append(actions.do_rsvp(event, user=user, actor=user))
    with time_machine.travel(event.starts_at):
        _, fresh = actions.do_check_in(event, code=rsvps[0].code.lower(), actor=coordinator)
        assert fresh
        _, again = actions.do_check_in(event, code=rsvps[0].code, actor=coordinator)
        assert not again
        assert actions.do_check_in(event, token=check_in_token(rsvps[1]), actor=coordinator)[1]
        assert actions.do_check_in(event, rsvp=rsvps[2], actor=coordinator)[1]
        actions.do_count_walk_ins(event, 4, actor=coordinator)
    assert Rsvp.objects.filter(event=event, checked_in_at__isnull=False).count() == 3
    event.refresh_from_db()
    assert event.walk_ins == 4


def test_it_refuses_a_forged_or_expired_check_in_code(coordinator, resident):
    event = make_event(coordinator)
    other = make_event(coordinator, title="Another")
    rsvp = actions.do_rsvp(event, user=resident, actor=resident)
    with time_machine.travel(event.starts_at):
        with pytest.raises(ValidationError, match="not valid for this event"):
            actions.do_check_in(event, token=check_in_token(rsvp)[:-3] + "abc", actor=coordinator)
        with pytest.raises(ValidationError, match="not valid for this event"):
            actions.do_check_in(other, token=check_in_token(rsvp), actor=coordinator)
        with pytest.raises(ValidationError, match="No RSVP"):
            actions.do_check_in(event, code="ZZZZZZ", actor=coordinator)
    with time_machine.travel(event.last_ends_at + actions.CHECK_IN_GRACE + timedelta(minutes=1)):
        with pytest.raises(ValidationError, match="expired"):
            actions.do_check_in(event, token=check_in_token(rsvp), actor=coordinator)
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None


def test_feedback_is_anonymous_and_given_once(resident):
    event = make_event()
    rsvp = actions.do_rsvp(event, user=resident, actor=resident)
    with time_machine.travel(event.ends_at + timedelta(hours=1)):
        actions.do_submit_feedback(rsvp, worth_time="yes", know_officer_better="not_sure",
                                   actor=None)
        with pytest.raises(ValidationError, match="already given feedback"):
            actions.do_submit_feedback(rsvp, worth_time="no", know_officer_better="no",
                                       actor=None)
    assert list(Feedback.objects.for_trust().values_list("worth_time", flat=True)) == ["yes"]
    assert not hasattr(Feedback, "rsvp")


def test_marking_an_action_item_sends_the_commitments_hook(
    coordinator, django_capture_on_commit_callbacks,
):
    meeting = make_event(coordinator, type="community-meeting")
    received = []

    def receiver(sender, item, actor, **kwargs):
        received.append((item.title, item.due_date))

    actions.action_item_marked.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            item = actions.do_save_agenda_item(meeting, title="Fix lights", actor=coordinator)
        assert received == []
        due = (timezone.now() + timedelta(days=30)).date()
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_save_agenda_item(meeting, item=item, title="Fix lights",
                                        is_action_item=True, owner_name="Street Services",
                                        due_date=due, actor=coordinator)
    finally:
        actions.action_item_marked.disconnect(receiver)
    assert received == [("Fix lights", due)]
    assert list(AgendaItem.objects.action_items()) == [item]


def test_an_action_item_needs_an_owner_and_a_due_date(coordinator):
    meeting = make_event(coordinator, type="community-meeting")
    with pytest.raises(ValidationError):
        actions.do_save_agenda_item(meeting, title="x", is_action_item=True, actor=coordinator)
    assert AgendaItem.objects.count() == 0


@pytest.mark.parametrize("note", [
    "Talked with John Smith about parking",
    "Call her at (213) 555-0147",
    "mail rosa@example.org the flyer",
    "Helped Mrs. Alvarez with groceries",
])
def test_the_interaction_note_refuses_obvious_personal_data(officer, note):
    with pytest.raises(ValidationError) as error:
        actions.do_log_interaction(kind="conversation", area=area(), minutes=10, note=note,
                                   actor=officer)
    assert "Leave out names" in str(error.value)
    assert Interaction.objects.count() == 0


def test_an_interaction_without_personal_data_is_logged(officer):
    interaction = actions.do_log_interaction(
        kind="school", area=area(), minutes=30, note="Read to a second-grade class.",
        actor=officer)
    assert interaction.officer == officer


def test_the_retention_rule_erases_guest_contacts_after_the_event(resident):
    from events.retention import GUEST_CONTACT_DAYS, purge_rsvp_contacts

    event = make_event()
    actions.do_rsvp(event, name="Ana", email="ana@example.org", actor=None)
    actions.do_rsvp(event, user=resident, actor=resident)
    later = event.last_ends_at + timedelta(days=GUEST_CONTACT_DAYS + 1)
    assert purge_rsvp_contacts(later) == 1
    assert purge_rsvp_contacts(later) == 0
    assert not Rsvp.objects.filter(email="ana@example.org").exists()


def test_an_officer_of_the_event_may_manage_it_and_another_may_not(make_user):
    from accounts.actions import do_update_officer_profile
    from events.permissions import can_manage_event

    mine = make_user(Role.OFFICER, email="mine@example.org")
    other = make_user(Role.OFFICER, email="other@example.org")
    profile = do_update_officer_profile(mine, rank="Officer", assignment="", languages="",
                                         bio="", is_public=True, actor=None)
    event = make_event(officers=[profile])
    assert can_manage_event(mine, event)
    assert not can_manage_event(other, event)
