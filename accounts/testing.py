"""Helpers for tests (ours and other apps'): current TOTP codes and verification links."""

from __future__ import annotations

import re

from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now (honours time-machine)."""
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(token).zfill(device.digits)


def link_in_last_email(pattern: str = r"https?://\S+") -> str:
    match = re.search(pattern, str(mail.outbox[-1].body))
    if match is None:
        raise AssertionError("no link in the last email")
    return match.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
