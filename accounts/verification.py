"""Email verification: signed links and the message that carries them.

A token signs the user's id and the address being confirmed, so a link proves control of
that one address, stops working when the address changes, and expires after
`VERIFICATION_MAX_AGE`. Nothing is stored server-side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import TaskContext, task

from trustbeat.lib.mail import idempotency_key, send_once
from trustbeat.lib.tasks import enqueue_on_commit, enqueue_safely

VERIFICATION_SALT = "accounts.verify-email"
VERIFICATION_MAX_AGE = 60 * 60 * 24 * 3  # three days


@dataclass(frozen=True)
class VerificationClaim:
    user_id: int
    email: str


class BadVerificationToken(Exception):
    """The link was altered, is for another site, or is older than three days."""


def make_verification_token(user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email.lower()}, salt=VERIFICATION_SALT)


def read_verification_token(token: str) -> VerificationClaim:
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
        return VerificationClaim(user_id=int(data["u"]), email=str(data["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadVerificationToken from error


def verification_url(user_id: int, email: str) -> str:
    path = reverse(
        "accounts:verify_email", kwargs={"token": make_verification_token(user_id, email)}
    )
    return settings.SITE_URL.rstrip("/") + path


def queue_verification_email(user: Any, email: str, *, after_commit: bool = True) -> None:
    """Mail a confirmation link from a worker: once the current transaction commits, or
    at once when no write precedes it (a resend)."""
    if after_commit:
        enqueue_on_commit(send_verification_email_task, user.pk, email)
    else:
        enqueue_safely(send_verification_email_task, user.pk, email)


@task(takes_context=True)
def send_verification_email_task(context: TaskContext, user_id: int, email: str) -> bool:
    """The queued form: one email per queued task, even if a worker runs it twice."""
    from accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    return send_verification_email(
        user, email, once_key=idempotency_key("verify", context.task_result.id, email)
    )


def send_verification_email(user: Any, email: str, *, once_key: str = "") -> bool:
    """Mail a confirmation link for `email` (the account's address or a pending new one),
    in the user's preferred language. With `once_key`, at most once for that key."""
    context = {
        "user": user,
        "url": verification_url(user.pk, email),
        "site_name": settings.SITE_NAME,
        "days": VERIFICATION_MAX_AGE // 86400,
    }
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify_body.txt", context)
    message = EmailMessage(subject, body, None, [email])
    if once_key:
        return send_once(once_key, message)
    message.send()
    return True
