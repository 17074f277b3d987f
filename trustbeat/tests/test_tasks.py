"""Background tasks: queued after commit, never failing a committed write, safe to re-run."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from trustbeat.lib import tasks
from trustbeat.lib.mail import send_once
from trustbeat.models import SentEmail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class BrokenQueue:
    name = "broken"

    def enqueue(self, *args: object, **kwargs: object) -> None:
        raise ConnectionError("the queue is down")


@pytest.mark.django_db(transaction=True)
def test_a_task_that_cannot_be_queued_is_logged_and_the_write_stands(caplog) -> None:
    with caplog.at_level(logging.ERROR), transaction.atomic():
        SentEmail.objects.create(key="the write")
        tasks.enqueue_on_commit(BrokenQueue(), 7)
    assert SentEmail.objects.filter(key="the write").exists()
    assert "Could not queue task broken args=(7,)" in caplog.text


@pytest.mark.django_db
def test_send_once_sends_one_copy_per_key() -> None:
    assert send_once("k1", EmailMessage("s", "b", None, ["a@example.org"])) is True
    assert send_once("k1", EmailMessage("s", "b", None, ["a@example.org"])) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="trustbeat.tests.test_tasks.RefusingBackend")
def test_a_refused_email_can_be_sent_again_later() -> None:
    with pytest.raises(ConnectionRefusedError):
        send_once("k2", EmailMessage("s", "b", None, ["a@example.org"]))
    assert not SentEmail.objects.filter(key="k2").exists()


class RefusingBackend:
    def __init__(self, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS, TASKS_STALE_AFTER=600)
def test_tasks_left_running_by_a_dead_worker_are_queued_again() -> None:
    from reports.notifications import send_update_emails

    old, recent = (send_update_emails.enqueue(n) for n in (1, 2))
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    DBTaskResult.objects.filter(pk=old.id).update(status="RUNNING", started_at=long_ago)
    DBTaskResult.objects.filter(pk=recent.id).update(status="RUNNING", started_at=timezone.now())
    call_command("requeue_stale_tasks")
    assert DBTaskResult.objects.get(pk=old.id).status == "READY"
    assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"
