from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from events import actions
from events.tests.core import make_event

pytestmark = pytest.mark.django_db


def test_the_reminder_command_mails_the_day_before_once_and_feedback_after(resident):
    event = make_event()
    actions.do_rsvp(event, user=resident, notify=False, actor=resident)
    with time_machine.travel(event.starts_at - timedelta(hours=30)):
        call_command("send_event_reminders", stdout=StringIO())
        call_command("send_event_reminders", stdout=StringIO())
    assert [m.subject for m in mail.outbox] == ["Tomorrow: Cookout in the park"]
    with time_machine.travel(event.ends_at + timedelta(hours=3)):
        call_command("send_event_reminders", stdout=StringIO())
        call_command("send_event_reminders", stdout=StringIO())
    assert mail.outbox[-1].subject == "Two questions about Cookout in the park"
    assert len(mail.outbox) == 2
