"""Demo data for the trust module, generated (seeded) so the scores pages look alive:

- the standard survey, open, with a year of answers in 24 neighborhoods (three of them
  thin enough that their scores are suppressed), drawn from a model in which renters,
  younger people and some groups trust the police less, and sampled with the usual
  survey skew (older owners answer more), so that weighting visibly matters;
- population margins for those neighborhoods (invented, census-like shares);
- the Chicago city-level sentiment scores (trust/data, real published data) as the
  comparison series, labelled as another city's data;
- feedback cards for the demo officers who can log in, with answers;
- a civilian oversight board receiving complaints (the demo partner is a member), a few
  commendations and complaints.

Idempotent: every part looks for what it would create first.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone

from accounts.actions import do_add_membership, do_create_organization
from accounts.models import Membership, Organization, User
from places.models import Area
from trust import actions, scores
from trust.importers import import_external_scores
from trust.models import (
    CardAnswer,
    ExternalScore,
    FeedbackCard,
    Filing,
    Margin,
    Response,
)
from trustbeat.registry import DemoContext

SEED = 2026
NEIGHBORHOODS = 24
THIN = 3  # neighborhoods with too few answers to publish
MONTHS = 12
DATA = Path(__file__).resolve().parent / "data"
BODY_NAME = "Civilian Oversight Board"

# (category, population share, answering propensity, effect on trust in points of 0-10)
PROFILES: dict[str, list[tuple[str, float, float, float]]] = {
    "age_band": [("18-24", 0.14, 0.5, -0.8), ("25-34", 0.22, 0.8, -0.4),
                 ("35-49", 0.27, 1.0, 0.0), ("50-64", 0.22, 1.4, 0.3),
                 ("65+", 0.15, 1.8, 0.6)],
    "gender": [("female", 0.50, 1.2, 0.1), ("male", 0.48, 0.9, -0.1),
               ("other", 0.02, 1.0, -0.3)],
    "race_ethnicity": [("hispanic", 0.48, 0.9, -0.3), ("white", 0.22, 1.4, 0.6),
                       ("black", 0.10, 0.9, -1.2), ("asian", 0.15, 1.0, 0.2),
                       ("other", 0.05, 1.0, -0.2)],
    "tenure": [("renter", 0.62, 0.7, -0.5), ("owner", 0.35, 1.6, 0.5),
               ("other", 0.03, 1.0, 0.0)],
}
ISSUES = ["Speeding cars", "Break-ins", "Drug dealing near the park", "Homeless encampment",
          "Street lighting", "Noise at night", "Gang activity", "Car theft",
          "Response times", "Illegal dumping"]


def _pick(rng: random.Random, options: list[tuple[str, float, float, float]]) -> tuple[str, float]:
    weights = [share * propensity for _c, share, propensity, _e in options]
    choice = rng.choices(options, weights=weights)[0]
    return choice[0], choice[3]


def _clip(value: float) -> int:
    return max(0, min(10, round(value)))


def _demo_areas(context: DemoContext) -> list[Area]:
    areas = list(context.areas.values()) or list(
        Area.objects.at_level(Area.Level.NEIGHBORHOOD))
    areas = [a for a in areas if a.level == Area.Level.NEIGHBORHOOD]
    return sorted(areas, key=lambda a: a.slug)[:NEIGHBORHOODS]


def _margins(areas: list[Area], rng: random.Random) -> int:
    if Margin.objects.filter(area__in=areas).exists():
        return 0
    rows = []
    for area in areas:
        people = rng.randint(15_000, 60_000)
        for variable, options in PROFILES.items():
            jitter = [max(0.005, share * rng.uniform(0.7, 1.3)) for _c, share, _p, _e in options]
            total = sum(jitter)
            for (category, *_rest), share in zip(options, jitter, strict=True):
                rows.append(Margin(area=area, variable=variable, category=category,
                                   population=round(people * share / total)))
    with transaction.atomic():
        Margin.objects.bulk_create(rows)
        scores.answers_changed()
    return len(rows)


def _answers(areas: list[Area], rng: random.Random) -> int:
    survey = actions.ensure_standard_survey()
    if Response.objects.filter(survey=survey, source=Response.Source.DEMO).exists():
        return 0
    version = survey.current()
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    months = []
    for back in range(MONTHS):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(dt.date(year, month + 1, 1))
    rows: list[Response] = []
    for index, area in enumerate(areas):
        thin = index >= len(areas) - THIN
        base_trust, base_safety = rng.uniform(4.8, 7.2), rng.uniform(4.0, 7.5)
        drift = rng.uniform(-0.06, 0.08)  # points per month: some places improve
        for age, start in enumerate(sorted(months)):
            count = rng.randint(2, 5) if thin else rng.randint(35, 70)
            for _i in range(count):
                effect = 0.0
                profile: dict[str, str] = {}
                for variable, options in PROFILES.items():
                    category, delta = _pick(rng, options)
                    profile[variable] = category
                    effect += delta
                trust = base_trust + effect + drift * age
                when = timezone.make_aware(dt.datetime.combine(
                    start + dt.timedelta(days=rng.randint(0, 27)),
                    dt.time(rng.randint(8, 21), rng.randint(0, 59))))
                language = "es" if rng.random() < 0.35 else "en"
                answers = {"top_issue": rng.choice(ISSUES)} if rng.random() < 0.6 else {}
                # Some leave the demographics out, as real respondents do.
                if rng.random() < 0.05:
                    profile = dict.fromkeys(profile, "")
                rows.append(Response(
                    survey=survey, version=version, area=area, submitted_at=when,
                    month=actions.month_of(when), source=Response.Source.DEMO,
                    language=language,
                    safety=_clip(rng.gauss(base_safety + 0.5 * effect, 2.0)),
                    respect=_clip(rng.gauss(trust + 0.3, 2.0)),
                    listening=_clip(rng.gauss(trust - 0.3, 2.2)),
                    answers=answers, **profile,
                ))
    with transaction.atomic():
        Response.objects.bulk_create(rows, batch_size=2000)
        scores.answers_changed()
    return len(rows)


def _external() -> int:
    if ExternalScore.objects.exists():
        return 0
    with (DATA / "chicago_sentiment_excerpt.csv").open(newline="") as stream:
        return import_external_scores(stream).created


def _cards(rng: random.Random) -> int:
    officers = list(User.objects.officers().filter(email__endswith="@trustbeat.example")
                    .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX).order_by("pk")[:25])
    made = 0
    for number, officer in enumerate(officers):
        card = actions.do_issue_card(officer, actor=None)
        if card.answers.exists():
            continue
        # The first officers have enough answers to see their results; later ones not yet.
        count = rng.randint(12, 30) if number < 15 else rng.randint(0, 6)
        today = timezone.localdate()
        CardAnswer.objects.bulk_create(
            CardAnswer(card=card, submitted_on=today - dt.timedelta(days=rng.randint(0, 120)),
                       respectful=rng.choices(range(1, 6), [1, 1, 3, 8, 10])[0],
                       listened=rng.choices(range(1, 6), [1, 2, 3, 8, 8])[0],
                       explained=rng.choices(range(1, 6), [2, 2, 4, 7, 6])[0])
            for _i in range(count)
        )
        made += count
    return made


def _filings(areas: list[Area], rng: random.Random) -> int:
    body = Organization.objects.filter(slug="civilian-oversight-board").first()
    if body is None:
        body = do_create_organization(name=BODY_NAME, kind=Organization.Kind.CITY_AGENCY,
                                      slug="civilian-oversight-board", actor=None)
    partner = User.objects.filter(email="partner@trustbeat.example").first()
    if partner is not None and not Membership.objects.filter(user=partner,
                                                             organization=body).exists():
        do_add_membership(partner, body, title="Investigator", actor=None)
    if Filing.objects.exists():
        return 0
    cards = {c.officer_id: c.code for c in
             FeedbackCard.objects.select_related("officer")}
    codes = list(cards.values())
    made = 0
    texts = {
        Filing.Kind.COMMENDATION: [
            "The officer stayed with my mother until the ambulance came.",
            "Helped our block organize a safety walk and came back to check on us.",
            "Explained everything calmly during a stressful traffic stop.",
        ],
        Filing.Kind.COMPLAINT: [
            "The officer was rude and would not give his badge number.",
            "Nobody came for two hours after we called about a break-in.",
            "I was stopped and searched without being told why.",
        ],
    }
    now = timezone.now()
    for i in range(14):
        kind = Filing.Kind.COMMENDATION if i % 2 == 0 else Filing.Kind.COMPLAINT
        anonymous = i % 3 == 0
        filing, _token = actions.do_submit_filing(
            kind=kind, description=rng.choice(texts[kind]),
            card_code=rng.choice(codes) if codes and i % 4 else "",
            officer_description="" if i % 4 else "Badge 4471",
            area=rng.choice(areas) if areas else None,
            occurred_on=(now - dt.timedelta(days=10 + i * 5)).date(),
            anonymous=anonymous,
            filer_name="" if anonymous else f"Demo Resident {i}",
            filer_email="" if anonymous else f"resident{i}@example.org",
            actor=None,
        )
        # Spread the filings over the past months, and close some, so that the public
        # figures (outcomes, median time to close) have something to show.
        Filing.objects.filter(pk=filing.pk).update(created_at=now - dt.timedelta(days=20 + i * 9))
        if kind == Filing.Kind.COMPLAINT and i < 11:
            filing.refresh_from_db()
            actions.do_update_complaint(filing, status=Filing.Status.CLOSED,
                                        outcome=rng.choice(["sustained", "not_sustained",
                                                            "mediated", "unfounded"]),
                                        note_to_filer="Thank you; the review is complete.",
                                        actor=None)
            Filing.objects.filter(pk=filing.pk).update(
                closed_at=now - dt.timedelta(days=rng.randint(1, 15)))
        made += 1
    return made


def load_demo_trust(context: DemoContext) -> dict[str, Any]:
    rng = random.Random(SEED)  # noqa: S311 - seeded demo data, not a secret
    areas = _demo_areas(context)
    return {
        "margins": _margins(areas, rng),
        "answers": _answers(areas, rng),
        "external": _external(),
        "card answers": _cards(rng),
        "filings": _filings(areas, rng),
    }


def load_demo_step(context: DemoContext) -> str:
    made = load_demo_trust(context)
    return ", ".join(f"{count:,} {name}" for name, count in made.items())

