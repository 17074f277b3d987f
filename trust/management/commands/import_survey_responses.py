"""manage.py import_survey_responses FILE.csv [--survey ID]: paper or vendor answers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trust.importers import ImportRefused, import_survey_responses
from trust.models import Survey


class Command(BaseCommand):
    help = ("Load survey answers: response_id, submitted_at, area, safety, respect, listening "
            "[, age_band, gender, race_ethnicity, tenure, language]. Re-importing a "
            "response_id updates that answer.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--survey", type=int, default=None,
                            help="Survey id (default: the standard instrument)")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = None
        if options["survey"] is not None:
            survey = Survey.objects.filter(pk=options["survey"]).first()
            if survey is None:
                raise CommandError(f"No survey with id {options['survey']}.")
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as stream:
                summary = import_survey_responses(stream, survey=survey)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except ImportRefused as error:
            raise CommandError(f"Nothing imported. {error}") from error
        head, *rejected = summary.lines()
        self.stdout.write(self.style.SUCCESS(head))
        for line in rejected:
            self.stdout.write(self.style.WARNING(line))
