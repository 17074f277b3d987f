"""The citywide commitments board with 20,000 commitments and 200,000 milestones.

    .venv/bin/python bench/bench_commitments.py [--commitments 20000] [--milestones 200000]
        [--database h_commit_bench] [--repeat 50]

Inside `make bench` it uses the bench database and ctx["commitments"] (default 20,000).

Measured: the full GET of the board page (first page, and filtered by side, by
neighborhood and by status) through Django's test client, and the JSON list. Baseline, in
the same run: what a competent engineer writes first — a Paginator over model objects
with select_related/prefetch_related, the last update taken from the milestones with
`Max()`, and the same template rendered over those objects. Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path
from typing import Any

BATCH = 5000


def ensure_data(commitments: int, milestones: int) -> None:
    """Generate the rows once with bulk inserts (the actions are for real writes)."""
    from accounts.models import Organization
    from commitments.models import Commitment, Milestone, Side, Status, Theme
    from places.models import Area

    if Commitment.objects.count() >= commitments:
        return
    rng = random.Random(2026)  # noqa: S311 - generated benchmark data
    orgs = []
    for index in range(20):
        police = index < 8
        org, _ = Organization.objects.get_or_create(
            slug=f"bench-org-{index}",
            defaults={"name": f"Bench organization {index}",
                      "kind": "police_unit" if police else "community_group"})
        orgs.append(org)
    areas = []
    for index in range(99):
        lon, lat = -118.6 + (index % 11) * 0.05, 33.8 + (index // 11) * 0.05
        area, _ = Area.objects.get_or_create(
            level="neighborhood", slug=f"bench-area-{index}",
            defaults={"name": f"Bench area {index}", "geometry": {},
                      "min_lat": lat, "max_lat": lat + 0.05, "min_lon": lon,
                      "max_lon": lon + 0.05, "centroid_lat": lat + 0.025,
                      "centroid_lon": lon + 0.025})
        areas.append(area)
    statuses = list(Status.objects.all())
    today = dt.date.today()  # noqa: DTZ011 - generated data around today
    themes = list(Theme.values)
    rows = []
    for index in range(commitments):
        org = orgs[index % len(orgs)]
        status = rng.choice(statuses)
        start = today - dt.timedelta(days=rng.randint(0, 700))
        rows.append(Commitment(
            external_id=f"bench-{index}", title_en=f"Bench commitment {index}",
            title_es=f"Compromiso {index}", description_en="Generated for the benchmark.",
            side=Side.POLICE if org.kind == "police_unit" else Side.COMMUNITY, owner=org,
            theme=rng.choice(themes), start_date=start,
            due_date=start + dt.timedelta(days=rng.randint(30, 500)), status=status,
            progress=status.default_progress, is_closed=status.is_closed,
            is_citywide=index % 25 == 0, origin="plain"))
    Commitment.objects.bulk_create(rows, batch_size=BATCH)
    ids = list(Commitment.objects.filter(external_id__startswith="bench-")
               .values_list("id", flat=True))
    through = Commitment.areas.through
    links = [through(commitment_id=cid, area_id=areas[i % len(areas)].pk)
             for i, cid in enumerate(ids)]
    links += [through(commitment_id=cid, area_id=areas[(i * 7 + 3) % len(areas)].pk)
              for i, cid in enumerate(ids) if i % 3 == 0]
    through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    for offset in range(0, milestones, BATCH):
        Milestone.objects.bulk_create([
            Milestone(commitment_id=ids[(offset + i) % len(ids)],
                      date=today - dt.timedelta(days=rng.randint(0, 600)),
                      text_en="Generated milestone.")
            for i in range(min(BATCH, milestones - offset))
        ])


def naive_board(page: int = 1, **filters: Any) -> str:
    """The baseline: model objects, Paginator (COUNT), Max() over milestones, template."""
    from django.core.paginator import Paginator
    from django.db.models import Max
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import timezone

    from commitments.forms import BoardFilterForm
    from commitments.models import Commitment

    qs = (Commitment.objects.filter(is_public=True, **filters)
          .select_related("owner", "status").prefetch_related("areas")
          .annotate(last_milestone=Max("milestones__date"))
          .order_by("is_closed", "due_date", "id"))
    paged = Paginator(qs, 50).page(page)
    today = timezone.localdate()
    rows = [{
        "id": c.pk, "title": c.title, "side": c.side, "owner__name": c.owner.name,
        "status_name": c.status.name, "progress": c.progress, "is_closed": c.is_closed,
        "is_overdue": not c.is_closed and c.due_date < today, "due_date": c.due_date,
        "is_citywide": c.is_citywide, "area_names": [a.name for a in c.areas.all()],
    } for c in paged.object_list]
    request = RequestFactory().get("/commitments/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return render_to_string("commitments/board.html", {
        "form": BoardFilterForm(), "rows": rows, "page": page,
        "has_next": paged.has_next(), "totals": {"total": paged.paginator.count,
                                                 "open": 0, "overdue": 0, "done": 0},
    }, request=request)


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    from common import timed
    from django.test import Client

    commitments = int(ctx.get("commitments", 20_000))
    milestones = int(ctx.get("milestones", commitments * 10))
    repeat = int(ctx.get("repeat", 50))
    ensure_data(commitments, milestones)
    from commitments.models import Commitment, Milestone
    from places.models import Area

    area = Area.objects.filter(slug="bench-area-5").first()
    client = Client()
    note = f"{Commitment.objects.count():,} commitments, {Milestone.objects.count():,} milestones"

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    rows: list[dict[str, Any]] = []
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("board, first page", "/commitments/", {}),
        ("board, police side", "/commitments/?side=police", {"side": "police"}),
        ("board, page 40", "/commitments/?page=40", {"page": 40}),
    ]
    if area is not None:
        cases.append((f"board, neighborhood {area.slug}",
                      f"/commitments/?area={area.slug}", {"areas": area}))
    for label, url, naive_filters in cases:
        baseline = f"naive ORM + Paginator: {label}"
        page = int(naive_filters.pop("page", 1))

        def baseline_call(p: int = page, f: dict[str, Any] = naive_filters) -> None:
            naive_board(p, **f)

        def board_call(u: str = url) -> None:
            get(u)

        rows.append({"name": baseline, **timed(baseline_call, repeat=repeat)})
        rows.append({"name": f"commitments {label}", "target_ms": 100, "baseline": baseline,
                     "note": note, **timed(board_call, repeat=repeat)})
    rows.append({"name": "commitments board.json, first page", "target_ms": 100,
                 **timed(lambda: get("/commitments/board.json"), repeat=repeat)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commitments", type=int, default=20_000)
    parser.add_argument("--milestones", type=int, default=None)
    parser.add_argument("--database", default="h_commit_bench")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    sys.path.insert(0, str(here.parent))
    import psycopg
    from common import database_url

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [args.database]).fetchone():
            conn.execute(f'CREATE DATABASE "{args.database}"')
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustbeat.settings_test")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from common import peak_rss_mb
    from run import print_table

    rows = run({"commitments": args.commitments,
                "milestones": args.milestones or args.commitments * 10,
                "repeat": args.repeat})
    for row in rows:
        row["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print_table(rows, args.commitments)


if __name__ == "__main__":
    main()
