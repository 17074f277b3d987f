"""Shared by the benchmark scripts: the benchmark database and timing helpers.

The benchmark database (`trustbeat_bench`) lives on the PostgreSQL server named by
DATABASE_URL (default: postgres://postgres@127.0.0.1:5432/), never in the app's own.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB_NAME lets several people share one PostgreSQL server without sharing data.
BENCH_DB = os.environ.get("BENCH_DB_NAME", "trustbeat_bench")
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = DEFAULT_SERVER
    return url


def database_url(name: str = BENCH_DB) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def setup_django() -> None:
    """Point Django at the benchmark database, with production-like settings."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustbeat.settings_test")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["DEBUG"] = "0"  # no query log: we measure what production does
    import django

    django.setup()


def ensure_database(name: str = BENCH_DB) -> bool:
    """Create the benchmark database if missing; True if it was created."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any], *, repeat: int = 30, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))],
        "runs": repeat,
    }
