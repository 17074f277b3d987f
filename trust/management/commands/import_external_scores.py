"""manage.py import_external_scores FILE.csv [--source LABEL]: published scores from
elsewhere (the Chicago police sentiment file), shown as a labelled comparison series."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trust.importers import ImportRefused, import_external_scores


class Command(BaseCommand):
    help = "Load published sentiment scores (Chicago format) as a comparison series."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--source", default="Chicago (Elucd police sentiment scores)",
                            help="How the series is labelled on the pages")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"].strip()[:120]
        if not source:
            raise CommandError("--source cannot be empty.")
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as stream:
                summary = import_external_scores(stream, source=source)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except ImportRefused as error:
            raise CommandError(f"Nothing imported. {error}") from error
        head, *rejected = summary.lines()
        self.stdout.write(self.style.SUCCESS(head))
        for line in rejected:
            self.stdout.write(self.style.WARNING(line))
