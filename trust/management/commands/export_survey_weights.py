"""manage.py export_survey_weights [--survey ID] [--period P] [--no-trim] FILE.csv"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trust import scores
from trust.actions import ensure_standard_survey
from trust.importers import survey_weights, write_weights
from trust.models import Survey
from trust.stats import RakingError


class Command(BaseCommand):
    help = "Write each response's raking weight (response_id, area, weight) to a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--survey", type=int, default=None)
        parser.add_argument("--period", default=None,
                            help="Only this month (2026-03) or quarter (2026-Q1)")
        parser.add_argument("--no-trim", action="store_true",
                            help="Plain raking (by default weights are capped at "
                                 "TRUST_WEIGHT_TRIM times the mean, as on the pages)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["survey"] is None:
            survey = ensure_standard_survey(open_it=False)
        else:
            found = Survey.objects.filter(pk=options["survey"]).first()
            if found is None:
                raise CommandError(f"No survey with id {options['survey']}.")
            survey = found
        period = None
        if options["period"]:
            period = scores.parse_period(options["period"])
            if period is None:
                raise CommandError("--period is a month (2026-03) or a quarter (2026-Q1).")
        try:
            rows = survey_weights(survey, period=period,
                                  trim=None if options["no_trim"] else scores.default_trim())
        except RakingError as error:
            raise CommandError(f"Nothing written. {error}") from error
        try:
            with open(options["file"], "w", newline="", encoding="utf-8") as stream:
                stream.write(write_weights(rows))
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} weights written."))
