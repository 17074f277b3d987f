"""Server time of the public pages on the demo city (target p95 < 300 ms each).

The pages a first visitor meets, rendered through the whole Django stack (middleware,
views, templates) by the test client, on the data `make run` shows: the demo loaders
(99 neighborhoods, 99 beats, the officers, the 10,000 real Los Angeles 311 requests) run
into their own database, `<bench db>_demo` (or BENCH_DEMO_DB_NAME), so the 1M generated
reports of the other benchmarks stay untouched. The first run loads the demo (a minute or
two); later runs find it in place.

Baselines measured in the same run:
- the privacy notice, a static page through the same middleware and base template: the
  floor every page pays (ratio = floor p50 / page p50, so 0.25× means four times it);
- for the home page, the same page with its reports card recomputed on every request
  (the cache cleared first), next to the cached page visitors get.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

USES_GENERATED_REPORTS = False
TARGET_MS = 300
FLOOR = "page: /privacy/ (floor: base template + middleware)"


@contextmanager
def demo_database() -> Iterator[str]:
    """Point the default connection at the demo benchmark database while inside."""
    from common import BENCH_DB, ensure_database
    from django.core.cache import cache
    from django.db import connections

    name = os.environ.get("BENCH_DEMO_DB_NAME") or f"{BENCH_DB}_demo"
    ensure_database(name)
    connection = connections["default"]
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    cache.clear()  # area stamps and cached cards belong to one database
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        cache.clear()


def load_demo() -> None:
    from django.core.management import call_command

    from trustbeat import registry

    call_command("migrate", verbosity=0)
    context = registry.DemoContext(write=lambda line: None)
    for step in registry.demo_steps():
        step.loader(context)


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    from common import timed
    from django.core.cache import cache
    from django.test import Client

    from reports.home import CACHE_KEY as HOME_CARD_KEY

    with demo_database():
        load_demo()
        from places.models import Area
        from reports.models import Category, Report

        neighborhood = Area.objects.filter(level="neighborhood").order_by("name").first()
        beat = Area.objects.filter(level="beat").order_by("name").first()
        report = Report.objects.public().order_by("-requested_at").first()
        category = Category.objects.order_by("order").first()
        assert neighborhood and beat and report and category, "the demo did not load"
        pages = [
            "/privacy/",
            "/",
            "/reports/map/",
            "/reports/list/",
            "/reports/hotspots/",
            f"/reports/hotspots/?category={category.code}",
            f"/reports/{report.pk}/",
            "/reports/new/",
            "/places/",
            "/places/find/",
            "/places/officers/",
            f"/places/neighborhood/{neighborhood.slug}/",
            f"/places/beat/{beat.slug}/",
        ]
        client = Client()
        rows: list[dict[str, Any]] = []
        for path in pages:

            def get(path: str = path) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            get()  # the first request of a page builds its caches; the rest are measured
            name = FLOOR if path == "/privacy/" else f"page: {path}"
            size = len(client.get(path).content)
            row = {"name": name, **timed(get, repeat=20, warmup=2), "target_ms": TARGET_MS,
                   "note": f"{size / 1024:.0f} KB of HTML"}
            if path == "/":
                row["name"] = "page: / (home, reports card cached)"
                row["baseline"] = "page: / (home, reports card recomputed)"
            elif path != "/privacy/":
                row["baseline"] = FLOOR
            rows.append(row)

        def home_cold() -> None:
            cache.delete(HOME_CARD_KEY)
            assert client.get("/").status_code == 200

        rows.insert(2, {"name": "page: / (home, reports card recomputed)",
                        **timed(home_cold, repeat=20, warmup=2), "target_ms": TARGET_MS})
    return rows
