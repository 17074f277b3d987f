"""Messages to referred people, through pluggable backends.

Email goes through Django's mail (its EMAIL_BACKEND). Text messages go through the class
named by `settings.DIRECTORY_SMS_BACKEND` (default: the console backend, which logs the
message; production plugs a provider's backend in with the same `send(to, body)`).
Messages are sent by a django-tasks task queued after the referral commits.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from directory.models import ContactPreference, Referral
from trustbeat.lib.tasks import enqueue_on_commit

log = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, to: str, body: str) -> None: ...


class ConsoleSmsBackend:
    """Development: the message goes to the log instead of a phone."""

    def send(self, to: str, body: str) -> None:
        log.warning("SMS to %s: %s", to, body)


class LocmemSmsBackend:
    """Tests: messages are kept in `outbox`."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, to: str, body: str) -> None:
        self.outbox.append((to, body))


def sms_backend() -> SmsBackend:
    path = getattr(settings, "DIRECTORY_SMS_BACKEND", "directory.messaging.ConsoleSmsBackend")
    backend: SmsBackend = import_string(path)()
    return backend


def private_link(referral: Referral, token: str) -> str:
    path = reverse("directory:referral_person", args=[referral.batch, token])
    return settings.SITE_URL.rstrip("/") + path


def message_body(referrals: Sequence[Referral], token: str) -> str:
    lines = [_("TrustBeat: an officer referred you to these services:")]
    for referral in referrals:
        phone = referral.service.phones.first()
        lines.append(f"- {referral.service.name}" + (f" {phone.number}" if phone else ""))
    lines.append(_("Tell us how it went: %(link)s") % {"link": private_link(referrals[0], token)})
    return "\n".join(lines)


def queue_referral_messages(referrals: Sequence[Referral], token: str) -> None:
    preference = referrals[0].contact_preference
    if preference in (ContactPreference.TEXT, ContactPreference.EMAIL):
        enqueue_on_commit(
            send_referral_message,
            str(referrals[0].batch),
            token,
            translation.get_language() or "en",
        )


@task()
def send_referral_message(batch: str, token: str, language: str) -> None:
    referrals = list(Referral.objects.filter(batch=batch).select_related("service"))
    if not referrals or referrals[0].purged_at is not None:
        return
    first: Any = referrals[0]
    with translation.override(language):
        body = message_body(referrals, token)
        if first.contact_preference == ContactPreference.TEXT and first.person_phone:
            sms_backend().send(first.person_phone, body)
        elif first.contact_preference == ContactPreference.EMAIL and first.person_email:
            send_mail(_("Services an officer referred you to"), body, None, [first.person_email])
