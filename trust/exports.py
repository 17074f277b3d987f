"""Open data: every score as rows of `area, period, measure, n, n_eff, design_effect, score,
ci_low, ci_high, suppressed`. Suppressed rows (effective n below the threshold) keep n,
the effective n and the design effect, which say why, but leave the score and its interval
blank."""

from __future__ import annotations

import csv
import io
from typing import Any

from places.models import Area
from trust.scores import CITYWIDE, ScoreTable, min_effective_n

COLUMNS = ("area", "period", "measure", "n", "n_eff", "design_effect", "score", "ci_low",
           "ci_high", "suppressed")


def score_records(table: ScoreTable) -> list[dict[str, Any]]:
    slugs = dict(Area.objects.filter(pk__in={r.area_id for r in table.rows if r.area_id})
                 .values_list("pk", "slug"))
    records = []
    for row in sorted(table.rows, key=lambda r: (r.area_id is not None,
                                                 slugs.get(r.area_id or 0, ""), r.period,
                                                 r.measure)):
        records.append({
            "area": CITYWIDE if row.area_id is None else slugs.get(row.area_id, ""),
            "period": row.period,
            "measure": row.measure,
            "n": row.n,
            "n_eff": round(row.n_eff, 1),
            "design_effect": round(row.design_effect, 3),
            "score": row.score,
            "ci_low": row.ci_low,
            "ci_high": row.ci_high,
            "suppressed": row.suppressed,
        })
    return records


def scores_csv(table: ScoreTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for record in score_records(table):
        writer.writerow(["" if record[c] is None else
                         ("true" if record[c] is True else "false" if record[c] is False
                          else record[c]) for c in COLUMNS])
    return out.getvalue()


def scores_json(table: ScoreTable, survey_slug: str) -> dict[str, Any]:
    return {
        "survey": survey_slug,
        "scale": "0-100 (10 x the weighted mean answer on 0-10)",
        "min_effective_n": min_effective_n(),
        "confidence": 0.95,
        "scores": score_records(table),
    }
