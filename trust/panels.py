"""What the trust module shows elsewhere: the neighborhood-page section, the home card and
the dashboard panel. All of it is aggregated and suppressed like the public scores."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from places.models import Area
from trust import queries, scores
from trust.models import Survey


def _figures(area: Area | None) -> dict[str, Any]:
    latest = queries.latest_quarter_scores(area)
    rows = latest["rows"]
    return {
        "period": latest["period"],
        "trust": rows.get("trust"),
        "safety": rows.get("safety"),
    }


def area_trust_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    survey = Survey.objects.open().filter(is_standard=True).first()
    return {**_figures(area), "survey": survey, "min_n": scores.min_effective_n()}


def home_card_context(request: HttpRequest) -> dict[str, Any]:
    return {"scores": _figures(None)}


def trust_dashboard_figures(area: Area | None) -> dict[str, Any]:
    """Latest quarter's trust and safety scores (None where suppressed) with n and the
    interval, plus commendation and complaint counts (small counts suppressed)."""
    figures = _figures(area)

    def plain(row: Any) -> dict[str, Any] | None:
        if row is None:
            return None
        return {"n": row.n, "n_eff": round(row.n_eff, 1), "score": row.score,
                "ci_low": row.ci_low, "ci_high": row.ci_high, "suppressed": row.suppressed}

    return {
        "period": figures["period"],
        "trust": plain(figures["trust"]),
        "safety": plain(figures["safety"]),
        "filings": queries.filing_figures() if area is None else None,
    }
