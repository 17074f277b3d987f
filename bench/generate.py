"""Fill the benchmark database with N reports (default 1,000,000) using COPY.

    .venv/bin/python bench/generate.py [--reports N] [--force]

Reports spread over the last 365 days across the demo categories, half of them open,
on points inside Los Angeles' bounding box; derived columns (h3_cell, public point) are
computed as the app computes them. Re-running with the same N does nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ensure_database, setup_django  # noqa: E402

LA_BOX = (33.70, -118.67, 34.34, -118.15)  # min_lat, min_lon, max_lat, max_lon
COLUMNS = [
    "category_id", "status", "is_open", "status_note", "description", "answers", "lat", "lon",
    "address", "zipcode", "h3_cell", "public_lat", "public_lon", "location_flag", "priority",
    "reporter_name", "reporter_email", "reporter_phone", "reporter_token", "photo",
    "media_url", "requested_at", "updated_at", "expected_at", "closed_at", "source",
    "external_source", "external_id", "supporters", "idempotency_key", "organization_id",
]  # fmt: skip


def _distribution_ok() -> bool:
    """Reports generated before the category fix spread over imported categories too."""
    from reports.models import Report

    return not Report.objects.filter(external_source="bench").exclude(
        category__group__in=["Lighting", "Parks", "Streets", "Safety", "Sanitation", "Buildings"]
    ).exists()


def generate(n: int, *, force: bool = False, seed: int = 311) -> int:
    from django.core.management import call_command
    from django.db import connection

    ensure_database()
    call_command("migrate", verbosity=0)
    from reports.demo import CATEGORIES, load_demo_categories
    from reports.models import CLOSED_STATUSES, Category, Report, Status, public_point
    from trustbeat.lib.geo import h3_cell

    load_demo_categories()
    existing = Report.objects.filter(external_source="bench").count()
    if existing == n and not force and _distribution_ok():
        print(f"{n:,} benchmark reports already there.", file=sys.stderr)
        return 0
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_reportupdate, reports_report RESTART IDENTITY CASCADE")
    # Only the nine demo categories, so each holds ~1/9 of the reports whatever else
    # (the import benchmark's Boston types) the database has collected.
    demo_codes = [spec["code"] for spec in CATEGORIES]
    categories = list(
        Category.objects.filter(code__in=demo_codes).order_by("id").values_list(
            "id", "location_privacy"
        )
    )
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    statuses = [Status.OPEN, Status.IN_PROGRESS, Status.FIXED, Status.CLOSED_NOT_FIXED]
    started = time.monotonic()
    raw = connection.connection  # psycopg connection Django holds
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY reports_report ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i in range(n):
                category_id, privacy = categories[i % len(categories)]
                lat = rng.uniform(LA_BOX[0], LA_BOX[2])
                lon = rng.uniform(LA_BOX[1], LA_BOX[3])
                cell = h3_cell(lat, lon)
                plat, plon = public_point(lat, lon, cell, privacy)
                status = statuses[rng.randrange(4)] if rng.random() < 0.7 else Status.OPEN
                requested = now - dt.timedelta(seconds=rng.uniform(0, 365 * 86400))
                closed = status in CLOSED_STATUSES
                updated = requested + dt.timedelta(hours=rng.uniform(0, 400))
                copy.write_row((
                    category_id, status, not closed, "", f"Benchmark report {i}", "{}",
                    lat, lon, f"{rng.randrange(1, 20000)} W MAIN ST", "90012", cell, plat,
                    plon, "ok", 3, "", "", "", secrets.token_urlsafe(8), "", "",
                    requested, updated, requested + dt.timedelta(days=7),
                    updated if closed else None, "import", "bench", str(i), 0, "", None,
                ))
                if i and i % 200_000 == 0:
                    print(f"  {i:,} rows ({i / (time.monotonic() - started):,.0f}/s)",
                          file=sys.stderr)
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_report")
    print(f"{n:,} reports in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    setup_django()
    generate(args.reports, force=args.force)


if __name__ == "__main__":
    main()
