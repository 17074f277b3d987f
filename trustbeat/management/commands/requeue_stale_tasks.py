"""`manage.py requeue_stale_tasks`: re-queue tasks a dead worker left RUNNING.

`run_worker` does this itself every minute; run this from cron or a systemd timer when
workers are the stock `db_worker`, or after restoring from an outage.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from trustbeat.lib.tasks import requeue_stale_tasks


class Command(BaseCommand):
    help = "Re-queue background tasks that have been RUNNING longer than TASKS_STALE_AFTER."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than", type=int, default=None,
            help="Seconds (default: the TASKS_STALE_AFTER setting).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["older_than"] or settings.TASKS_STALE_AFTER
        count = requeue_stale_tasks(dt.timedelta(seconds=seconds))
        self.stdout.write(f"Re-queued {count} task(s) running longer than {seconds} s.")
