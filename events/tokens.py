"""Signed codes: the attendee's personal RSVP link and the check-in QR code.

The RSVP link carries the RSVP's id and its short code, signed with the site's secret, so
it cannot be guessed or forged; it is how a guest confirms their email address, cancels
with one click and opens the feedback form. The check-in code is a separate signature
(another salt) so a leaked QR code opens no page; it is accepted only until the event's
last occurrence has ended (plus a short grace), which `actions.do_check_in` enforces.
"""

from __future__ import annotations

import secrets

from django.core import signing

from events.models import Rsvp

RSVP_SALT = "events.rsvp"
CHECK_IN_SALT = "events.check-in"
# Typed at the door: no 0/O, 1/I/L, so it reads aloud and types without mistakes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())[:CODE_LENGTH * 2]


def rsvp_token(rsvp: Rsvp) -> str:
    return signing.dumps({"r": rsvp.pk, "c": rsvp.code}, salt=RSVP_SALT, compress=True)


def find_rsvp(token: str) -> Rsvp | None:
    """The RSVP a personal link points at, or None for a forged or stale link."""
    try:
        data = signing.loads(token[:500], salt=RSVP_SALT)
        rsvp_id, code = int(data["r"]), str(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Rsvp.objects.select_related("event__event_type", "event__area", "user")
        .filter(pk=rsvp_id, code=code)
        .first()
    )


def check_in_token(rsvp: Rsvp) -> str:
    return signing.dumps(
        {"e": rsvp.event_id, "r": rsvp.pk, "c": rsvp.code}, salt=CHECK_IN_SALT, compress=True
    )


def read_check_in_token(token: str) -> tuple[int, int, str] | None:
    """(event id, rsvp id, code) from a scanned QR code, or None when forged."""
    try:
        data = signing.loads(token[:500], salt=CHECK_IN_SALT)
        return int(data["e"]), int(data["r"]), str(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
