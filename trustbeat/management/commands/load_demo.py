"""Load the demo city: areas and gazetteer, people and organizations, then problem reports.

Idempotent: every step looks up what it would create, so a second run changes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from accounts.demo import load_demo_people
from places.demo import load_demo_places
from reports.demo import load_demo_reports


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write("Loading demo areas and addresses…")
        areas = load_demo_places()
        self.stdout.write(f"  {len(areas)} neighborhoods ({time.monotonic() - started:.1f}s)")
        self.stdout.write("Loading demo people and organizations…")
        load_demo_people(areas)
        self.stdout.write(f"  done ({time.monotonic() - started:.1f}s)")
        self.stdout.write("Loading demo problem reports (Los Angeles 311 sample)…")
        load_demo_reports()
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f}s."))
