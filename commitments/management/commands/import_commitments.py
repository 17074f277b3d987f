"""`manage.py import_commitments FILE.csv [--dry-run]`: create or update commitments
keyed on external_id; all rows or none (see commitments/csvio.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commitments.csvio import MAX_BYTES, import_csv


class Command(BaseCommand):
    help = "Import commitments from a CSV file keyed on external_id (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and report; save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        report = import_csv(data, actor=None, dry_run=options["dry_run"])
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}" if line else message)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was saved.")
        verb = "Imported" if report.saved else "Checked (nothing saved)"
        self.stdout.write(self.style.SUCCESS(
            f"{verb}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."))
