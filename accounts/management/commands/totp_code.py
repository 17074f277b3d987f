"""Print the current two-factor code of a user's device, so demo staff can log in.

Refuses unless DEBUG is on: in production it would defeat the second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code for EMAIL's confirmed device (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("totp_code only runs with DEBUG on (it bypasses two-factor login).")
        email = options["email"].strip().lower()
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(f"No confirmed two-factor device for {email}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        code = str(totp.token()).zfill(device.digits)
        self.stdout.write(code)
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stderr.write(f"(valid for about {remaining} more seconds)")
