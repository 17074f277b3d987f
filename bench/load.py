"""Load under a database restart: gunicorn (4 workers) + PostgreSQL + Redis + run_worker.

    .venv/bin/python bench/load.py [--seconds 60] [--threads 6] [--port 8301]

Starts a throwaway PostgreSQL cluster (initdb in a temporary folder, port 5437), migrates
it, builds a tiny city with one category and an Open311 key, starts gunicorn and one
`run_worker`, then runs a mixed workload from threads on loopback for `--seconds`:
pages, map JSON, Open311 GETs and Open311 POSTs with an Idempotency-Key. Halfway it
restarts PostgreSQL. It stops by itself and reports requests and errors per second,
p50/p95 before and after the restart, whether every acknowledged POST is in the database,
whether every task ran and every email went out exactly once, and the worker's RSS.
Everything it started is stopped at the end. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trustbeat.tests.test_worker_restart import (  # noqa: E402
    PORT as PG_PORT,
)
from trustbeat.tests.test_worker_restart import (  # noqa: E402
    Cluster,
    as_postgres,
    pg_bin,
)

SETUP = """
from accounts.models import Organization
from places.tests.conftest import build_tiny_city
from reports.actions import do_create_category, do_issue_api_key
build_tiny_city()
org = Organization.objects.create(name="Streets", slug="streets", kind="city_agency")
do_create_category(code="streetlight", name="Street light out", default_organization=org,
                   actor=None)
print("KEY=" + do_issue_api_key("load", org, actor=None)[1])
"""
INSIDE = (34.05, -118.27)


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_until_ready(port: int, seconds: float = 120) -> None:
    """Until gunicorn answers the home page (its workers boot slowly on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                conn.close()
                time.sleep(2)  # let the other workers finish booting too
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within two minutes")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


class Load:
    def __init__(self, port: int, api_key: str, seconds: float, threads: int) -> None:
        self.port = port
        self.api_key = api_key
        self.seconds = seconds
        self.threads = threads
        self.samples: list[tuple[float, str, int, float]] = []  # (t, kind, status, ms)
        self.acknowledged: list[int] = []
        self.lock = threading.Lock()
        self.start = 0.0

    def request(self, conn: http.client.HTTPConnection, kind: str) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1"}
        if kind == "post":
            body = urlencode({
                "api_key": self.api_key, "service_code": "streetlight",
                "lat": INSIDE[0] + random.uniform(-0.004, 0.004),
                "long": INSIDE[1] + random.uniform(-0.004, 0.004),
                "description": "Light out (load test)", "email": "load@example.org",
            })
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Idempotency-Key"] = str(uuid.uuid4())
            conn.request("POST", "/open311/v2/requests.json", body, headers)
        else:
            path = {
                "home": "/",
                "map_page": "/reports/map/",
                "map_json": "/reports/map.json",
                "o311_list": "/open311/v2/requests.json",
                "o311_services": "/open311/v2/services.json",
            }[kind]
            conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    def client(self) -> None:
        kinds = ["home", "map_page", "map_json", "o311_list", "o311_services", "post", "post"]
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() - self.start < self.seconds:
            kind = random.choice(kinds)
            began = time.monotonic()
            try:
                status, body = self.request(conn, kind)
            except (OSError, http.client.HTTPException):
                status, body = 0, b""
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            ms = (time.monotonic() - began) * 1000
            with self.lock:
                self.samples.append((began - self.start, kind, status, ms))
                if kind == "post" and status == 200:
                    self.acknowledged.append(int(json.loads(body)[0]["service_request_id"]))
        conn.close()

    def run(self, restart_at: float, restart: Any) -> float:
        self.start = time.monotonic()
        workers = [threading.Thread(target=self.client) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        time.sleep(restart_at)
        restarted = time.monotonic() - self.start
        restart()
        for worker in workers:
            worker.join()
        return restarted


def psql(url: str, query: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--port", type=int, default=8301)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    if pg_bin("initdb") is None:
        sys.exit("initdb/pg_ctl not found: install the PostgreSQL server package")

    folder = Path(tempfile.mkdtemp(prefix="trustbeat-load-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(as_postgres([pg_bin("initdb") or "", "-D", str(folder / "data"), "-A",  # noqa: S603
                                "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]),
                   check=True, capture_output=True)
    cluster = Cluster(folder)
    cluster.start()
    processes: list[subprocess.Popen[bytes]] = []
    work = Path(tempfile.mkdtemp(prefix="trustbeat-load-work-"))
    database_url = f"postgres://postgres@127.0.0.1:{PG_PORT}/trustbeat"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trustbeat.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(work / "mail"),
        "STATIC_ROOT": str(work / "static"),
        "RATE_LIMIT_OPEN311_POST": "1000000/3600",
        "LOG_LEVEL": "WARNING",
    }
    try:
        subprocess.run(as_postgres([pg_bin("createdb") or "", "-h", "127.0.0.1", "-p",  # noqa: S603
                                    str(PG_PORT), "-U", "postgres", "trustbeat"]),
                       check=True, capture_output=True)
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                           capture_output=True)
        setup = subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env,  # noqa: S603
                               check=True, capture_output=True, text=True)
        api_key = re.search(r"KEY=(\S+)", setup.stdout).group(1)  # type: ignore[union-attr]
        subprocess.run(["redis-cli", "-u", args.redis, "FLUSHDB"], capture_output=True)  # noqa: S603,S607
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).with_name("gunicorn")), "trustbeat.wsgi", "--workers",
             "4", "--bind", f"127.0.0.1:{args.port}", "--timeout", "60",
             # Import once in the master: four workers importing scipy at once on a busy
             # 2-core machine overran the request timeout at the first request.
             "--preload"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.log", "wb"),
        )
        worker = subprocess.Popen(  # noqa: S603
            [*manage, "run_worker", "--interval", "0.2", "--stale-check", "5"],
            cwd=ROOT, env=env, stdout=open(work / "worker.log", "wb"), stderr=subprocess.STDOUT,
        )
        processes += [gunicorn, worker]
        wait_until_ready(args.port)
        worker_rss_start = rss_kb(worker.pid)

        load = Load(args.port, api_key, args.seconds, args.threads)
        restarted_at = load.run(args.seconds / 2, cluster.restart)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            pending = psql(database_url, "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                                         " WHERE status IN ('READY', 'RUNNING')")[0][0]
            if pending == 0:
                break
            time.sleep(1)
        worker_rss_end = rss_kb(worker.pid)
        worker_alive = worker.poll() is None
        ids = set(load.acknowledged)
        stored = {row[0] for row in psql(database_url, "SELECT id FROM reports_report")}
        tasks = dict(psql(database_url, "SELECT status, count(*) FROM "
                                        "django_tasks_database_dbtaskresult GROUP BY status"))
        mails = Counter(
            number
            for message in (work / "mail").glob("*")
            for number in re.findall(r"^Subject: .*#(\d+)", message.read_text(), re.M)
        )
        # One "created" mail per report; its subject names the report number.
        repeated = {n: c for n, c in mails.items() if c > 1}
        missing = sorted(str(i) for i in ids if str(i) not in mails)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    samples = load.samples
    before = [ms for t, _, s, ms in samples if t < restarted_at and s and s < 500]
    after = [ms for t, _, s, ms in samples if t >= restarted_at + 5 and s and s < 500]
    errors = [(round(t, 1), kind, status) for t, kind, status, _ in samples
              if status == 0 or status >= 500]
    result = {
        "seconds": args.seconds, "threads": args.threads,
        "requests": len(samples),
        "by_kind": dict(Counter(kind for _, kind, _, _ in samples)),
        "statuses": dict(Counter(status for _, _, status, _ in samples)),
        "restart_at_s": round(restarted_at, 1),
        "errors": len(errors),
        "error_times_s": sorted({t for t, _, _ in errors}),
        "error_kinds": dict(Counter(f"{k}:{s}" for _, k, s in errors)),
        "p50_ms_before": round(percentile(before, 0.5), 1),
        "p95_ms_before": round(percentile(before, 0.95), 1),
        "p50_ms_after": round(percentile(after, 0.5), 1),
        "p95_ms_after": round(percentile(after, 0.95), 1),
        "acknowledged_posts": len(ids),
        "acknowledged_found_in_db": len(ids & stored),
        "tasks": tasks,
        "emails_sent": sum(mails.values()),
        "emails_repeated": len(repeated),
        "acknowledged_without_email": len(missing),
        "worker_alive": worker_alive,
        "worker_rss_mb_start": round(worker_rss_start / 1024, 1),
        "worker_rss_mb_end": round(worker_rss_end / 1024, 1),
        "median_all_ms": round(statistics.median([ms for *_, ms in samples]), 1)
        if samples else None,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    ok = (len(ids & stored) == len(ids) and not repeated and not missing and worker_alive)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
