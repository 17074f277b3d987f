"""manage.py import_311 FILE.csv [--timezone ZONE] [--mapping NAME] [--source NAME] [--limit N]"""

from __future__ import annotations

import gzip
import sys
import zlib
import zoneinfo
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.importers import MAPPINGS, ImportError311, import_311


class Command(BaseCommand):
    help = "Import a 311 service-request export (Los Angeles or Boston CSV) as reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file (a name ending in .gz is decompressed)")
        parser.add_argument(
            "--timezone", default=None,
            help="Zone of the file's naive times (default: the site's TIME_ZONE).",
        )
        parser.add_argument(
            "--mapping", default="auto", choices=["auto", *sorted(MAPPINGS)],
            help="Column layout; 'auto' reads it from the header.",
        )
        parser.add_argument(
            "--source", default="",
            help="external_source for the rows (default: per layout, la311 / boston311).",
        )
        parser.add_argument("--limit", type=int, default=None, help="Import the first N rows.")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["timezone"]:
            try:
                zoneinfo.ZoneInfo(options["timezone"])
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise CommandError(f"Unknown time zone {options['timezone']!r}.") from None
        try:
            summary = import_311(
                options["file"],
                mapping=options["mapping"],
                timezone_name=options["timezone"],
                source=options["source"],
                limit=options["limit"],
                batch_size=options["batch_size"],
                progress=lambda line: print(line, file=sys.stderr, flush=True),
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            # A .gz name that is not (or no longer wholly) gzip data.
            raise CommandError(f"Cannot decompress {options['file']}: {error}") from None
        except ImportError311 as error:
            raise CommandError(str(error)) from None
        for line in summary.lines():
            self.stdout.write(line)
