"""manage.py import_margins FILE.csv: population margins for weighting (all or nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trust.importers import ImportRefused, import_margins


class Command(BaseCommand):
    help = "Load population margins (area, variable, category, population) for weighting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as stream:
                summary = import_margins(stream)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except ImportRefused as error:
            raise CommandError(f"Nothing imported. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{summary.created} margin rows imported."))
