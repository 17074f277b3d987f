"""Reads that check permission (`access_*`, raising 404/403) and the aggregated, privacy-safe
reads that public pages, the neighborhood section and the dashboard use."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.http import Http404

from accounts.models import Membership, Organization
from audit.lib import record_access
from places.models import Area
from trust import scores
from trust.models import CardAnswer, FeedbackCard, Filing, Survey
from trust.permissions import (
    can_handle_complaints,
    can_manage_surveys,
    can_view_commendations,
    can_view_unit_feedback,
    supervised_unit_ids,
)

# Fewer answers than this and an officer's (or a unit's) card results stay hidden, so no
# single encounter can be read off them.
CARD_MIN_ANSWERS = 10
# Public complaint figures below this are shown as "fewer than 5".
SMALL_COUNT = 5


def _int_id(value: Any) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**62:
        raise Http404
    return number


def access_survey(user: Any, pk: Any) -> Survey:
    if not can_manage_surveys(user):
        raise PermissionDenied
    survey = Survey.objects.select_related("current_version").filter(pk=_int_id(pk)).first()
    if survey is None:
        raise Http404
    return survey


def open_survey_by_slug(slug: str) -> Survey:
    survey = (Survey.objects.open().select_related("current_version")
              .filter(slug=slug[:80]).first())
    if survey is None:
        raise Http404
    return survey


def neighborhood(slug: str) -> Area:
    area = Area.objects.at_level(Area.Level.NEIGHBORHOOD).filter(slug=slug[:200]).first()
    if area is None:
        raise Http404
    return area


def access_complaint(user: Any, pk: Any, *, purpose: str) -> Filing:
    """A complaint for a member of the body it was routed to; 404 for anyone else (so
    reference numbers cannot be probed). The view is logged."""
    filing = (Filing.objects.complaints().select_related("officer", "area", "body")
              .filter(pk=_int_id(pk)).first())
    if filing is None or not can_handle_complaints(user, filing):
        raise Http404
    record_access(user, filing, purpose)
    return filing


def complaint_queue(user: Any) -> list[Filing]:
    from accounts.permissions import organization_ids

    return list(Filing.objects.for_body(organization_ids(user)).order_by("status",
                                                                         "-created_at")[:200])


def commendations(user: Any) -> list[Filing]:
    if not can_view_commendations(user):
        raise PermissionDenied
    rows = list(Filing.objects.filter(kind=Filing.Kind.COMMENDATION)
                .select_related("officer", "area")[:100])
    for filing in rows:
        if not filing.anonymous:
            record_access(user, filing, "trust.commendations")
    return rows


# ---------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class CardResults:
    answers: int
    shown: bool
    respectful: float | None = None
    listened: float | None = None
    explained: float | None = None


def card_results(cards: Any) -> CardResults:
    """Mean answers (1-5) over `cards`' answers, hidden below CARD_MIN_ANSWERS."""
    figures = CardAnswer.objects.filter(card__in=cards).aggregate(
        n=Count("id"), r=Avg("respectful"), listened=Avg("listened"), e=Avg("explained")
    )
    n = int(figures["n"] or 0)
    if n < CARD_MIN_ANSWERS:
        return CardResults(n, False)
    return CardResults(n, True, round(figures["r"], 2), round(figures["listened"], 2),
                       round(figures["e"], 2))


@dataclass(frozen=True)
class UnitResults:
    unit: Organization
    officers: int
    results: CardResults


def unit_results(user: Any) -> list[UnitResults]:
    """Aggregates per police unit the user may see (never per officer)."""
    if not can_view_unit_feedback(user):
        raise PermissionDenied
    units = Organization.objects.filter(kind=Organization.Kind.POLICE_UNIT, is_active=True)
    if not can_manage_surveys(user):
        units = units.filter(pk__in=supervised_unit_ids(user))
    result = []
    for unit in units.order_by("name"):
        officer_ids = Membership.objects.filter(organization=unit).values("user_id")
        cards = FeedbackCard.objects.filter(officer_id__in=officer_ids)
        result.append(UnitResults(unit, cards.count(), card_results(cards)))
    return result


# ---------------------------------------------------------------------------- public figures


def _suppress(count: int) -> int | None:
    return None if 0 < count < SMALL_COUNT else count


def filing_figures() -> dict[str, Any]:
    """Counts by kind, status and outcome and the median days to close a complaint; small
    counts are None (shown as "fewer than 5")."""
    by_kind = dict(Filing.objects.values_list("kind").annotate(n=Count("id")).order_by())
    outcomes = list(
        Filing.objects.complaints().filter(status=Filing.Status.CLOSED)
        .values("outcome").annotate(n=Count("id")).order_by("-n")
    )
    open_count = Filing.objects.complaints().exclude(status=Filing.Status.CLOSED).count()
    durations = [
        (closed - created).total_seconds() / 86400
        for created, closed in Filing.objects.complaints().filter(closed_at__isnull=False)
        .values_list("created_at", "closed_at")
        if closed is not None
    ]
    outcome_labels = dict(Filing.Outcome.choices)
    return {
        "commendations": _suppress(by_kind.get(Filing.Kind.COMMENDATION, 0)),
        "complaints": _suppress(by_kind.get(Filing.Kind.COMPLAINT, 0)),
        "open_complaints": _suppress(open_count),
        "outcomes": [
            {"outcome": outcome_labels.get(row["outcome"], row["outcome"]),
             "count": _suppress(row["n"])}
            for row in outcomes
        ],
        "median_days_to_close": (round(statistics.median(durations), 1)
                                 if len(durations) >= SMALL_COUNT else None),
        "closed_count": len(durations),
        "small_count": SMALL_COUNT,
    }


def standard_scores() -> tuple[Survey | None, scores.ScoreTable]:
    survey = Survey.objects.standard()
    if survey is None:
        return None, scores.ScoreTable()
    return survey, scores.score_table(survey)


def latest_quarter_scores(area: Area | None) -> dict[str, Any]:
    """The latest quarter's scores of an area (None: citywide) for sections and panels."""
    _survey, table = standard_scores()
    area_id = area.pk if area is not None else None
    quarters = sorted({r.period for r in table.for_area(area_id, "quarter")})
    if not quarters:
        return {"period": None, "rows": {}}
    period = quarters[-1]
    return {
        "period": period,
        "rows": {m: table.get(area_id, period, m) for m in scores.MEASURES},
    }
