"""rows/s of import_311 on the Boston file (121,145 rows), into the benchmark database.

The rows go in under their own source name and are deleted afterwards, so the 1M-report
table the other benchmarks read stays as generated.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

BOSTON = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "311" / (
    "boston311_2015_partial.csv"
)
SOURCE = "bench-boston"


def _clean() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM reports_reportupdate WHERE report_id IN "
            "(SELECT id FROM reports_report WHERE external_source = %s)", [SOURCE]
        )
        cursor.execute("DELETE FROM reports_report WHERE external_source = %s", [SOURCE])


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    from reports.importers import import_311

    if not BOSTON.exists():
        return [{"name": "import_311 Boston", "p50_ms": None, "p95_ms": None,
                 "note": f"skipped: {BOSTON} not found"}]
    _clean()
    started = time.perf_counter()
    summary = import_311(BOSTON, timezone_name="America/New_York", source=SOURCE)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = import_311(BOSTON, timezone_name="America/New_York", source=SOURCE)
    second = time.perf_counter() - started
    _clean()
    return [
        {"name": "import_311 Boston 121k rows, new", "p50_ms": first * 1000,
         "p95_ms": first * 1000,
         "note": f"{summary.rows / first:,.0f} rows/s ({summary.imported:,} imported, "
                 f"{sum(summary.skipped.values())} skipped)"},
        {"name": "import_311 Boston again (only changed rows written)",
         "p50_ms": second * 1000, "p95_ms": second * 1000,
         "note": f"{again.rows / second:,.0f} rows/s ({again.updated:,} updated, "
                 f"{again.unchanged:,} unchanged)"},
    ]
