"""`manage.py purge_personal_data`: apply every module's retention rules (run daily).

Each module registers its rules from its AppConfig.ready() (`trustbeat.registry`); a rule
removes or anonymises the personal data older than its period and says how many records
it changed. Rules run one by one, so one failing rule does not stop the others; the
command exits non-zero if any failed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trustbeat import registry


class Command(BaseCommand):
    help = "Remove personal data older than each module's retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        failed = []
        for rule in registry.retention_rules():
            try:
                count = rule.purge(now)
            except Exception as error:  # noqa: BLE001 - report it and run the other rules
                failed.append(rule.key)
                self.stderr.write(f"{rule.key}: failed: {error}")
                continue
            self.stdout.write(f"{rule.key}: {count}")
        if failed:
            raise CommandError(f"Retention rules failed: {', '.join(failed)}")
