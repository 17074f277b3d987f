"""manage.py import_hsds PATH [--source NAME]: load an HSDS folder or file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.importers import Importer


class Command(BaseCommand):
    help = "Load HSDS 1.x/2.x CSV folders or HSDS 3.0 JSON/NDJSON (list or page) files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--source", default="", help="Name for derived ids (default: folder name)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        source = options["source"] or path.resolve().name
        importer = Importer(source, write=self.stdout.write)
        started = time.perf_counter()
        if path.is_dir() and any(path.glob("*.csv")):
            report = importer.load_folder(path)
        elif path.is_dir():
            for item in sorted(path.glob("*.json")) + sorted(path.glob("*.ndjson")):
                importer.load_json(item)
            report = importer.report
        else:
            report = importer.load_json(path)
        seconds = time.perf_counter() - started
        rate = report.rows / seconds if seconds else 0.0
        files = ", ".join(f"{k}: {v}" for k, v in report.loaded.items())
        self.stdout.write(
            f"Loaded {report.rows} rows ({files}); "
            f"rejected {len(report.rejected)} rows; {len(report.failed_files)} files not loaded; "
            f"{seconds:.1f}s, {rate:.0f} rows/s"
        )
        for name, reason in report.failed_files:
            self.stderr.write(f"{name}: {reason}")
