"""Load the demo city: every installed module's demo loader, in registry order.

Refuses to run unless DEBUG is on: the demo staff accounts have a published password and
TOTP seeds anyone can recompute, so they must never reach a served database (`check
--deploy` also fails while they exist).

Idempotent: every loader looks up what it would create, so a second run changes nothing.
Modules add their step with `registry.register_demo_loader` (see trustbeat/registry.py).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trustbeat import registry
from trustbeat.lib.datafiles import MissingDataFile


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: its staff accounts have a public "
                "password. Run `make run` (or set DEBUG=1) on a development database."
            )
        started = time.monotonic()
        context = registry.DemoContext(write=self.stdout.write)
        for step in registry.demo_steps():
            self.stdout.write(f"Loading demo {step.label}…")
            step_started = time.monotonic()
            try:
                summary = step.loader(context)
            except MissingDataFile as error:
                # A clear sentence instead of a traceback: the usual cause is a
                # DEMO_DATA_DIR that points at the wrong folder.
                raise CommandError(str(error)) from None
            took = time.monotonic() - step_started
            detail = f"{summary}, " if summary else ""
            self.stdout.write(f"  {detail}took {took:.1f}s")
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f}s."))
