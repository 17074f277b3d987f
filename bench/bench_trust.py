"""Trust scores at scale: raking and every score for N survey responses across 100
neighborhoods (the issue: 1,000,000 responses, every score in under 5 s).

Rows measured in the same run, on the same data (generated once by COPY: 100
neighborhoods with census-like margins, answers over 12 months with skewed demographics):
- ours: `trust.scores` — one GROUP BY into cells, raking per neighborhood and quarter on
  the cells (plain, as the baseline; and trimmed at 5x, as the pages), and every
  estimate (area and citywide x month and quarter x 4 measures);
- baseline: what a competent engineer writes without the cell trick — fetch every
  response row, rake each neighborhood-quarter on respondent-level numpy arrays (the same
  IPF, untrimmed), estimate every score from the respondent arrays;
- weightipy: the reference raking library on the same respondent data (pandas frame per
  neighborhood-quarter, weights only: its share of the work);
- GET /trust/scores.csv and /trust/ with the score table cached (the page path).

Standalone (own database, not the shared bench one):
    .venv/bin/python bench/bench_trust.py --responses 200000 [--database h_trust_bench]
Inside `make bench` it uses the bench database and `ctx["trust_responses"]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

AREAS = 100
MONTHS = 12
SEED = 11
SLUG_PREFIX = "bench-trust-"


def _areas() -> list[Any]:
    from places.models import Area

    existing = list(Area.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    if len(existing) >= AREAS:
        return existing[:AREAS]
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01],
                                                   [0, 0]]]}
    Area.objects.bulk_create(
        Area(level=Area.Level.NEIGHBORHOOD, name=f"Bench neighborhood {i}",
             slug=f"{SLUG_PREFIX}{i}", geometry=square, outline=square, min_lat=0, min_lon=0,
             max_lat=0.01, max_lon=0.01, centroid_lat=0.005, centroid_lon=0.005)
        for i in range(len(existing), AREAS)
    )
    return list(Area.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))[:AREAS]


PROFILES = {
    "age_band": (["18-24", "25-34", "35-49", "50-64", "65+"], [0.14, 0.22, 0.27, 0.22, 0.15],
                 [0.5, 0.8, 1.0, 1.4, 1.8]),
    "gender": (["female", "male", "other"], [0.5, 0.48, 0.02], [1.2, 0.9, 1.0]),
    "race_ethnicity": (["hispanic", "white", "black", "asian", "other"],
                       [0.48, 0.22, 0.10, 0.15, 0.05], [0.9, 1.4, 0.9, 1.0, 1.0]),
    "tenure": (["renter", "owner", "other"], [0.62, 0.35, 0.03], [0.7, 1.6, 1.0]),
}


def generate(total: int) -> Any:
    """The survey, margins and `total` responses (by COPY), made once."""
    import numpy as np
    from django.db import connection, transaction

    from trust.actions import ensure_standard_survey
    from trust.models import Margin, Response

    survey = ensure_standard_survey()
    have = Response.objects.filter(survey=survey).count()
    if have == total:
        return survey
    areas = _areas()
    rng = np.random.default_rng(SEED)
    with transaction.atomic():
        Response.objects.filter(survey=survey).delete()
        Margin.objects.filter(area__in=areas).delete()
        Margin.objects.bulk_create(
            Margin(area=area, variable=variable, category=category,
                   population=int(people * share * rng.uniform(0.7, 1.3)))
            for area in areas for people in [int(rng.integers(15_000, 60_000))]
            for variable, (categories, shares, _p) in PROFILES.items()
            for category, share in zip(categories, shares, strict=True)
        )
    today = dt.datetime.now(dt.UTC).date().replace(day=1)
    months = [(today.year * 12 + today.month - 2 - back) for back in range(MONTHS)]
    month_dates = [dt.date(m // 12, m % 12 + 1, 1) for m in months]
    area_ids = np.array([a.pk for a in areas])
    area_of = rng.integers(0, AREAS, total)
    month_of = rng.integers(0, MONTHS, total)
    columns = {}
    effect = np.zeros(total)
    for variable, (categories, shares, propensity) in PROFILES.items():
        p = np.array(shares) * np.array(propensity)
        pick = rng.choice(len(categories), total, p=p / p.sum())
        columns[variable] = np.array(categories, dtype=object)[pick]
        effect += (pick - len(categories) / 2) * 0.2
    base = rng.uniform(4.5, 7.5, AREAS)[area_of] + effect
    safety = np.clip(np.rint(rng.normal(base - 0.5, 2.0)), 0, 10).astype(int)
    respect = np.clip(np.rint(rng.normal(base + 0.3, 2.0)), 0, 10).astype(int)
    listening = np.clip(np.rint(rng.normal(base - 0.3, 2.2)), 0, 10).astype(int)
    version_id = survey.current_version_id
    started = time.monotonic()
    with connection.cursor() as cursor:
        copy_sql = (
            "COPY trust_response (survey_id, version_id, area_id, submitted_at, month, source, "
            "external_id, language, safety, respect, listening, age_band, gender, "
            "race_ethnicity, tenure, answers, source_hash) FROM STDIN"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for i in range(total):
                month = month_dates[month_of[i]]
                copy.write_row((
                    survey.pk, version_id, int(area_ids[area_of[i]]),
                    f"{month.isoformat()} 12:00:00+00", month.isoformat(), "import",
                    f"bench-{i}", "en", int(safety[i]), int(respect[i]), int(listening[i]),
                    columns["age_band"][i], columns["gender"][i],
                    columns["race_ethnicity"][i], columns["tenure"][i], "{}", "",
                ))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trust_response")
    print(f"[trust: generated {total:,} responses in {time.monotonic() - started:.0f}s]",
          file=sys.stderr)
    return survey


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    import numpy as np
    from common import timed
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from trust import scores, stats
    from trust.instrument import DEMOGRAPHICS

    total = int(ctx.get("trust_responses", 1_000_000))
    survey = generate(total)
    repeat = int(ctx.get("repeat", 3))

    def ours(trim: float | None = None) -> Any:
        cells = scores.load_cells(survey)
        return scores.compute(cells, scores.load_margins(set(cells.area.tolist())),
                              trim=trim)

    table = ours()
    cells_count = len(scores.load_cells(survey))

    # ---- the respondent-level baseline
    def fetch() -> dict[str, Any]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT area_id, month, age_band, gender, race_ethnicity, tenure, safety, "
                "respect, listening FROM trust_response WHERE survey_id = %s", [survey.pk])
            rows = cursor.fetchall()
        return {
            "area": np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            "quarter": np.fromiter(((r[1].year * 12 + r[1].month - 1) // 3 for r in rows),
                                   dtype=np.int64, count=len(rows)),
            "month": np.fromiter((r[1].year * 12 + r[1].month - 1 for r in rows),
                                 dtype=np.int64, count=len(rows)),
            "demo": [np.array([r[2 + v] for r in rows], dtype=object) for v in range(4)],
            "y": {m: np.array([r[6 + i] for r in rows], dtype=np.float64)
                  for i, m in enumerate(("safety", "respect", "listening"))},
        }

    def baseline() -> int:
        data = fetch()
        margins = scores.load_margins(set(data["area"].tolist()))
        weights = np.ones(len(data["area"]))
        order = np.lexsort((data["quarter"], data["area"]))
        keys = data["area"][order] * 100_000 + data["quarter"][order]
        for group in np.split(order, np.flatnonzero(np.diff(keys)) + 1):
            area_margins = margins.get(int(data["area"][group[0]]), [])
            codes = np.column_stack([
                stats.encode(list(data["demo"][DEMOGRAPHICS.index(m.variable)][group]), m)
                for m in area_margins])
            weights[group] = stats.rake(codes, np.ones(len(group)), area_margins).weights
        y = dict(data["y"])
        y["trust"] = (y["respect"] + y["listening"]) / 2
        count = 0
        for period_keys in (data["month"], data["quarter"]):
            order = np.lexsort((period_keys, data["area"]))
            keys = data["area"][order] * 100_000 + period_keys[order]
            for group in np.split(order, np.flatnonzero(np.diff(keys)) + 1):
                for values in y.values():
                    w = weights[group]
                    stats.estimate(w, np.ones_like(w), values[group], values[group] ** 2)
                    count += 1
        return count

    # ---- weightipy on the same respondents (weights only)
    def weightipy_run() -> None:
        import pandas as pd
        import weightipy

        data = fetch()
        margins = scores.load_margins(set(data["area"].tolist()))
        order = np.lexsort((data["quarter"], data["area"]))
        keys = data["area"][order] * 100_000 + data["quarter"][order]
        for group in np.split(order, np.flatnonzero(np.diff(keys)) + 1):
            area_margins = margins[int(data["area"][group[0]])]
            frame = pd.DataFrame({m.variable: data["demo"][DEMOGRAPHICS.index(m.variable)][group]
                                  for m in area_margins})
            scheme = weightipy.scheme_from_dict({
                m.variable: {c: 100 * s for c, s in zip(m.categories, m.shares(), strict=True)}
                for m in area_margins})
            weightipy.weight_dataframe(frame, scheme)

    results: list[dict[str, Any]] = []
    note = (f"{total:,} responses, {AREAS} areas, {cells_count:,} cells, "
            f"{len(table.rows):,} scores, {len(table.weighting_errors)} areas not weighted")
    results.append({"name": "trust: every score (cells + raking + estimates)", "target_ms": 5000,
                    "baseline": "trust: baseline (respondent rows + raking + estimates)",
                    "note": note, **timed(ours, repeat=repeat, warmup=0)})
    results.append({"name": "trust: every score, weights trimmed at 5x (the pages)",
                     "target_ms": 5000,
                    **timed(lambda: ours(scores.default_trim()), repeat=repeat, warmup=0)})
    results.append({"name": "trust: baseline (respondent rows + raking + estimates)",
                    **timed(baseline, repeat=max(1, repeat - 1), warmup=0)})
    try:
        import weightipy  # noqa: F401
    except ImportError:
        results.append({"name": "trust: weightipy", "p50_ms": None, "p95_ms": None,
                        "note": "weightipy not installed"})
    else:
        results.append({"name": "trust: weightipy raking only (respondent rows)",
                        **timed(weightipy_run, repeat=1, warmup=0),
                        "note": "fetch + weights per area-quarter; no estimates"})

    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/trust/scores.csv")
    results.append({"name": "trust: GET /trust/scores.csv (table cached)", "target_ms": 300,
                    **timed(lambda: client.get("/trust/scores.csv"), repeat=10, warmup=1)})
    results.append({"name": "trust: GET /trust/ (table cached)", "target_ms": 300,
                    **timed(lambda: client.get("/trust/"), repeat=10, warmup=1)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--database", default="h_trust_bench")
    parser.add_argument("--repeat", type=int, default=3)
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

    rows = run({"trust_responses": args.responses, "repeat": args.repeat})
    for row in rows:
        row["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print_table(rows, args.responses)


if __name__ == "__main__":
    main()
