"""A seeded generator of a realistic Los Angeles-area directory for the demo.

No real directory of Los Angeles is available offline, so the demo makes one: a few
hundred services across the essay's needs, offered by organizations with plausible names
at points inside the demo neighborhoods, with weekday, evening, weekend, 24-hour and
overnight schedules, languages spoken in Los Angeles, and a few confidential
domestic-violence shelters. Phone numbers use the fictional 555-01xx range. Everything
goes through the real actions; the same seed gives the same directory.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization as PlatformOrganization
from directory.actions import (
    do_add_location,
    do_create_provider,
    do_create_service,
    do_set_schedule,
)
from directory.models import Organization
from places.models import Area
from trustbeat.registry import DemoContext

SEED = 8
FIRST_PROVIDER = "Angel City Family Services"
STREETS = [
    "W Sunset Blvd",
    "S Broadway",
    "E Cesar E Chavez Ave",
    "N Figueroa St",
    "W Pico Blvd",
    "S Vermont Ave",
    "W Olympic Blvd",
    "E 1st St",
    "S Main St",
    "N Broadway",
    "W 3rd St",
    "S Central Ave",
    "Wilshire Blvd",
    "S Soto St",
    "N Spring St",
    "W Temple St",
    "S Alvarado St",
    "E 4th St",
    "Huntington Dr",
    "York Blvd",
]
PLACE_WORDS = [
    "Eastside",
    "Westlake",
    "Boyle Heights",
    "Lincoln Heights",
    "Echo Park",
    "Highland Park",
    "Pico-Union",
    "Chinatown",
    "Koreatown",
    "El Sereno",
    "Cypress Park",
    "Silver Lake",
    "Downtown",
    "Glassell Park",
    "Mid-City",
]
ORG_KINDS = [
    "Community Services",
    "Family Center",
    "Health Center",
    "Neighborhood Alliance",
    "Outreach Project",
    "Community Clinic",
    "Mutual Aid Network",
    "Resource Center",
]
LANGUAGE_SETS = [
    ["English", "Spanish"],
    ["English", "Spanish"],
    ["English", "Spanish"],
    ["English"],
    ["English", "Spanish", "Korean"],
    ["English", "Chinese"],
    ["English", "Armenian"],
    ["English", "Spanish", "Tagalog"],
    ["English", "Vietnamese"],
    ["Spanish"],
]
# need → (term codes, [(service name, description, eligibility, documents)])
CATALOG: dict[str, tuple[list[str], list[tuple[str, str, str, list[str]]]]] = {
    "crisis": (
        ["1305", "1126"],
        [
            (
                "24/7 Crisis Line",
                "Talk to a trained counselor any time, day or night, about a "
                "mental-health crisis, thoughts of suicide or a family emergency.",
                "Anyone.",
                [],
            ),
            (
                "Psychiatric Mobile Response Team",
                "Clinicians come to you to help someone in a "
                "mental-health crisis, alongside or instead of police.",
                "Anyone in the city.",
                [],
            ),
            (
                "Urgent Care Mental Health Walk-in",
                "Same-day psychiatric evaluation and short-term "
                "stabilization without an appointment.",
                "Adults 18 and over.",
                ["Photo ID if you have one"],
            ),
        ],
    ),
    "mental-health": (
        ["1304", "1220", "1198"],
        [
            (
                "Individual Counseling",
                "Free and low-cost counseling for adults dealing with "
                "depression, anxiety, grief or trauma.",
                "Adults; sliding scale by income.",
                ["Proof of income"],
            ),
            (
                "Youth and Family Therapy",
                "Therapy for children, teens and their families, in English and Spanish.",
                "Ages 5 to 21 and their families.",
                [],
            ),
            (
                "Support Groups for Survivors of Violence",
                "Weekly peer support groups led by trained facilitators.",
                "Anyone affected by violence.",
                [],
            ),
            (
                "Mental Health Evaluation",
                "Assessment and referral to ongoing care.",
                "Adults and teens 13 and over.",
                ["Insurance card if you have one"],
            ),
        ],
    ),
    "abuse": (
        ["1124", "1125"],
        [
            (
                "Domestic Violence Hotline and Safety Planning",
                "Confidential help to plan for "
                "safety, understand restraining orders and find shelter.",
                "Anyone experiencing abuse.",
                [],
            ),
            (
                "Emergency Shelter for Survivors",
                "Confidential emergency shelter for people "
                "escaping domestic violence and their children.",
                "Survivors of domestic violence.",
                [],
            ),
            (
                "Child Abuse Prevention Program",
                "Parenting support and home visits for families under stress.",
                "Families with children under 12.",
                [],
            ),
        ],
    ),
    "housing": (
        ["1136", "1135", "1137"],
        [
            (
                "Emergency Shelter Beds",
                "Overnight shelter beds with dinner and breakfast.",
                "Adults experiencing homelessness.",
                ["None required"],
            ),
            (
                "Rental Assistance Program",
                "Help paying back rent and deposits to prevent eviction.",
                "Low-income renters in Los Angeles County.",
                ["Lease", "Proof of income", "Photo ID"],
            ),
            (
                "Affordable Housing Navigation",
                "Help applying for affordable and supportive "
                "housing, including Section 8 waitlists.",
                "Low-income households.",
                ["Photo ID", "Proof of income"],
            ),
            (
                "Tenant Rights Clinic",
                "Know your rights as a tenant; help with habitability "
                "problems and eviction notices.",
                "Renters in the city of Los Angeles.",
                ["Any notices you received"],
            ),
        ],
    ),
    "food": (
        ["1130", "1128", "1133"],
        [
            (
                "Community Food Pantry",
                "Free groceries, fresh produce and diapers once a week.",
                "Anyone in need; no ID required.",
                [],
            ),
            ("Hot Meals Program", "Free hot lunch served daily.", "Everyone welcome.", []),
            (
                "CalFresh Enrollment Help",
                "Help applying for CalFresh food benefits (SNAP).",
                "Low-income households.",
                ["Photo ID", "Proof of income", "Proof of address"],
            ),
        ],
    ),
    "child-care": (
        ["1280", "1284", "1279"],
        [
            (
                "Subsidized Child Care",
                "Licensed child care for working families, with fees based on income.",
                "Children 0 to 5; parents working or in school.",
                ["Proof of income", "Child's immunization record"],
            ),
            (
                "After-School Program",
                "Homework help, sports and arts after school.",
                "Ages 6 to 13.",
                ["School enrollment"],
            ),
            (
                "Head Start Preschool",
                "Free preschool that gets children ready for kindergarten.",
                "Ages 3 to 5; income limits apply.",
                ["Birth certificate", "Proof of income"],
            ),
        ],
    ),
    "legal": (
        ["1375"],
        [
            (
                "Free Legal Aid Clinic",
                "Free advice on housing, family law, debt and public benefits.",
                "Low-income residents.",
                ["Any papers about your case"],
            ),
            (
                "Immigration Legal Services",
                "Consultations on DACA, naturalization and family petitions.",
                "Anyone; low fees.",
                ["Passport or ID", "Immigration papers"],
            ),
            (
                "Record Clearance Clinic",
                "Help clearing old convictions from your record.",
                "Adults with a California record.",
                ["Photo ID"],
            ),
        ],
    ),
    "substance-use": (
        ["1178", "1181", "1180"],
        [
            (
                "Outpatient Recovery Program",
                "Counseling and group treatment for alcohol and drug use, days or evenings.",
                "Adults 18 and over.",
                ["Photo ID", "Medi-Cal card if you have one"],
            ),
            (
                "Medical Detox",
                "Supervised withdrawal in a safe setting.",
                "Adults 18 and over.",
                ["Photo ID"],
            ),
            (
                "Recovery Support Meetings",
                "Peer-led recovery meetings, open to all.",
                "Anyone.",
                [],
            ),
        ],
    ),
}
# (byday, opens, closes) patterns; the 24-hour and overnight ones suit crisis and shelter.
WEEKDAY = [("MO,TU,WE,TH,FR", "09:00", "17:00")]
PATTERNS = [
    WEEKDAY,
    [("MO,TU,WE,TH,FR", "08:00", "18:00"), ("SA", "09:00", "13:00")],
    [("MO,TU,WE,TH", "10:00", "19:00")],
    [("MO,WE,FR", "09:00", "12:00"), ("MO,WE,FR", "13:00", "16:00")],
    [("TU,TH", "13:00", "20:00"), ("SA", "10:00", "14:00")],
]
ALWAYS = [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")]
OVERNIGHT = [("MO,TU,WE,TH,FR,SA,SU", "19:00", "07:00")]
SERVICES_PER_NEED = 38
CONFIDENTIAL_SHELTERS = 4


def _point_in(area: Area, rng: random.Random) -> tuple[float, float]:
    from places.lookup import find_area_id

    for _ in range(20):
        lat = rng.uniform(area.min_lat, area.max_lat)
        lon = rng.uniform(area.min_lon, area.max_lon)
        if find_area_id(lat, lon) == area.pk:
            return round(lat, 6), round(lon, 6)
    return (area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2


def _phone(rng: random.Random) -> str:
    return f"({rng.choice(['213', '323', '818', '310'])}) 555-01{rng.randint(0, 99):02d}"


def _patterns_for(need: str, name: str, rng: random.Random) -> list[tuple[str, str, str]]:
    if "24/7" in name or "Hotline" in name or "Mobile Response" in name:
        return ALWAYS
    if "Shelter" in name:
        return OVERNIGHT
    return rng.choice(PATTERNS)


@transaction.atomic
def load_demo_directory(
    areas: dict[str, Area], *, count_per_need: int = SERVICES_PER_NEED, seed: int = SEED
) -> str:
    if Organization.objects.filter(name=FIRST_PROVIDER).exists():
        return "directory already loaded"
    rng = random.Random(seed)  # noqa: S311 — reproducible demo data, not secrets
    neighborhoods = [a for a in areas.values() if a.level == Area.Level.NEIGHBORHOOD] or list(
        Area.objects.filter(level=Area.Level.NEIGHBORHOOD)
    )
    owner = PlatformOrganization.objects.filter(name=FIRST_PROVIDER).first()
    providers = [
        do_create_provider(
            name=FIRST_PROVIDER,
            owner=owner,
            website="https://example.org/angel-city",
            description="Family services across the Eastside: counseling, food and child care.",
            actor=None,
        )
    ]
    names = {FIRST_PROVIDER}
    while len(providers) < 90:
        name = f"{rng.choice(PLACE_WORDS)} {rng.choice(ORG_KINDS)}"
        if name in names:
            continue
        names.add(name)
        providers.append(
            do_create_provider(
                name=name, description=f"{name} serves families in Los Angeles.", actor=None
            )
        )
    today = timezone.localdate()
    services = confidential = 0
    for need, (codes, templates) in CATALOG.items():
        for index in range(count_per_need):
            name, description, eligibility, documents = templates[index % len(templates)]
            provider = providers[0] if index % 9 == 0 else rng.choice(providers)
            languages = rng.choice(LANGUAGE_SETS)
            # Most records were checked lately; some are over a year old, to show the flag.
            checked = today - dt.timedelta(days=rng.choice([20, 60, 120, 200, 300, 420, 500]))
            service = do_create_service(
                provider,
                name=name,
                description=description,
                term_codes=codes,
                languages=languages,
                eligibility_description=eligibility,
                required_documents=documents,
                phones=[_phone(rng)],
                free=rng.random() < 0.7,
                fees_description="Free." if rng.random() < 0.5 else "Sliding scale by income.",
                application_process=rng.choice(
                    [
                        "Walk in during open hours.",
                        "Call to make an appointment.",
                        "Call or walk in; bring the documents listed.",
                    ]
                ),
                minimum_age=18 if "Adults" in eligibility else None,
                assured_by="verifier@example.org",
                assured_date=checked,
                actor=None,
            )
            services += 1
            is_shelter = need == "abuse" and "Shelter" in name
            secret = is_shelter and confidential < CONFIDENTIAL_SHELTERS
            for _place in range(1 if secret or rng.random() < 0.7 else 2):
                area = rng.choice(neighborhoods) if neighborhoods else None
                lat, lon = _point_in(area, rng) if area else (34.05, -118.25)
                do_add_location(
                    service,
                    name=f"{provider.name} – {rng.choice(PLACE_WORDS)}",
                    latitude=lat,
                    longitude=lon,
                    address_1=f"{rng.randint(100, 4999)} {rng.choice(STREETS)}",
                    city="Los Angeles",
                    postal_code=f"900{rng.randint(10, 65)}",
                    is_confidential=secret,
                    languages=languages[:1],
                    accessibility="Wheelchair accessible entrance" if rng.random() < 0.6 else "",
                    actor=None,
                )
            confidential += int(secret)
            for byday, opens, closes in _patterns_for(need, name, rng):
                do_set_schedule(service, byday=byday, opens_at=opens, closes_at=closes, actor=None)
    return (
        f"{services} services from {len(providers)} providers, {confidential} confidential shelters"
    )


def load_demo_step(context: DemoContext) -> str:
    return load_demo_directory(context.areas)
