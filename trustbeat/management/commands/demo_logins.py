"""Print the demo's address and logins, and how demo staff pass two-factor login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo URL and one login per role (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo logins are only printed when DEBUG is on.")
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS(f"TrustBeat demo: {options['url']}"))
        out(f"Every demo account's password is: {DEMO_PASSWORD}")
        for role, email in demo_logins():
            out(f"  {role:<12} {email}")
        out("Staff roles (officer, coordinator, partner, admin) log in with two-factor codes.")
        out("For a demo account, get the current 6-digit code with:")
        out("  DEBUG=1 .venv/bin/python manage.py totp_code EMAIL")
        out("")
