"""Demo problem reports: the nine issue categories, then the Los Angeles 2020 311 sample.

Idempotent: categories and questions are looked up by code before they are created, and
the sample is imported only once. LA request types that fit one of our categories are
imported into it ("Graffiti Removal" → graffiti); the others become categories of their
own, named as in the file.

The sample is from January 2020. So that the demo's "last 90 days" views (the map, the
hotspots, Open311's default window, overdue flags) show something, its times are moved
forward once after the import, keeping every interval: the newest request becomes
yesterday. What the source says happened later (a request closed in March 2020) would then
lie in the future, so those timeline entries are dropped and the report shows the status
it had as of now: the demo is a snapshot of a live city, with open work in the queues.
Original request ids stay, so each row can still be traced to the source file.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from accounts.models import Organization
from reports.actions import do_add_attribute, do_create_category
from reports.importers import ImportSummary, import_311
from reports.models import (
    CLOSED_STATUSES,
    Attribute,
    Category,
    Report,
    ReportUpdate,
    Route,
    Status,
)
from trustbeat.lib.datafiles import find_data_file
from trustbeat.registry import DemoContext

A = Attribute.Datatype

# code, name, description, organizations (first found wins), target days, privacy,
# anonymous allowed, questions (code, question, datatype, required, choices)
CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "streetlight", "name": "Street light out / dark area",
        "description": "A street light that is out, flickering or on all day, or a dark spot.",
        "group": "Lighting", "orgs": ["Bureau of Street Lighting", "Bureau of Street Services"],
        "target_days": 7,
        "questions": [
            ("problem", "What is wrong?", A.SINGLE, True,
             ["Light out", "Flickering", "On during the day", "Area too dark"]),
            ("pole_number", "Pole number (on a tag on the pole), if you can see it", A.STRING,
             False, []),
        ],
    },
    {
        "code": "park", "name": "Park in need of care",
        "description": "Broken equipment, litter, overgrowth, vandalism or lights in a park.",
        "group": "Parks", "orgs": ["Department of Recreation and Parks",
                                   "Bureau of Street Services"],
        "target_days": 14,
        "questions": [
            ("issue", "What needs care?", A.MULTI, True,
             ["Litter", "Broken equipment", "Overgrown", "Lighting", "Restrooms", "Other"]),
            ("park_name", "Name of the park", A.STRING, False, []),
        ],
    },
    {
        "code": "street-sign", "name": "Missing or damaged street sign",
        "description": "A street name, stop or traffic sign that is missing, bent or unreadable.",
        "group": "Streets", "orgs": ["Department of Transportation", "Bureau of Street Services"],
        "target_days": 10,
        "questions": [
            ("sign_type", "Which sign?", A.SINGLE, True,
             ["Stop sign", "Street name", "Speed limit", "Other traffic sign"]),
            ("condition", "Condition", A.SINGLE, True, ["Missing", "Knocked down", "Faded",
                                                        "Covered"]),
        ],
    },
    {
        "code": "problem-business", "name": "Problem business (nuisance)",
        "description": "A business linked to repeated noise, loitering, drug dealing or other "
                       "nuisance. Its exact location is not shown in public.",
        "group": "Safety", "orgs": ["LAPD Community Relationship Division",
                                    "Los Angeles Police Department"],
        "target_days": 30, "privacy": Category.LocationPrivacy.BLURRED, "anonymous": False,
        "questions": [
            ("business_name", "Name of the business", A.STRING, False, []),
            ("problem", "What happens there?", A.MULTI, True,
             ["Noise", "Loitering", "Drug activity", "Alcohol sales to minors", "Other"]),
            ("times", "When does it usually happen?", A.TEXT, False, []),
        ],
    },
    {
        "code": "graffiti", "name": "Graffiti",
        "description": "Graffiti on walls, street furniture or signs.",
        "group": "Streets", "orgs": ["Office of Community Beautification",
                                     "Bureau of Street Services"],
        "target_days": 3,
        "questions": [
            ("surface", "Surface", A.SINGLE, False,
             ["Wall", "Sidewalk", "Sign", "Utility box", "Other"]),
            ("offensive", "Is it offensive or gang-related?", A.SINGLE, False, ["Yes", "No"]),
        ],
    },
    {
        "code": "illegal-dumping", "name": "Illegal dumping",
        "description": "Furniture, mattresses, appliances or trash left on the street.",
        "group": "Sanitation", "orgs": ["Bureau of Sanitation", "Bureau of Street Services"],
        "target_days": 5,
        "questions": [
            ("items", "What was dumped?", A.MULTI, False,
             ["Furniture", "Mattress", "Appliance", "Electronics", "Bags of trash",
              "Construction debris", "Other"]),
            ("amount", "About how many items?", A.NUMBER, False, []),
        ],
    },
    {
        "code": "abandoned-vehicle", "name": "Abandoned vehicle",
        "description": "A vehicle left unmoved for more than 72 hours.",
        "group": "Streets", "orgs": ["Department of Transportation",
                                     "Los Angeles Police Department"],
        "target_days": 10,
        "questions": [
            ("plate", "License plate", A.STRING, False, []),
            ("since", "Since about when has it been there?", A.DATETIME, False, []),
        ],
    },
    {
        "code": "pothole", "name": "Pothole",
        "description": "A pothole or broken pavement on a street.",
        "group": "Streets", "orgs": ["Bureau of Street Services"], "target_days": 3,
        "questions": [
            ("size", "Size", A.SINGLE, False, ["Smaller than a plate", "Up to a tyre",
                                               "Larger"]),
        ],
    },
    {
        "code": "unsafe-building", "name": "Unsafe building",
        "description": "A vacant, open or damaged building that is unsafe.",
        "group": "Buildings", "orgs": ["Department of Building and Safety",
                                       "Bureau of Street Services"],
        "target_days": 21,
        "questions": [
            ("condition", "What is unsafe?", A.MULTI, True,
             ["Open to trespass", "Fire damage", "Structural damage", "Trash and debris"]),
        ],
    },
]  # fmt: skip

# LA MyLA311 request types that belong to one of the categories above.
LA_TYPE_MAP = {
    "Graffiti Removal": "graffiti",
    "Illegal Dumping Pickup": "illegal-dumping",
    "Single Streetlight Issue": "streetlight",
    "Multiple Streetlight Issue": "streetlight",
}
LA_2020_FILE = "la311_2020_requests_seed.csv"


def demo_311_dir() -> Path:
    return Path(settings.DEMO_DATA_DIR) / "311"


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


@transaction.atomic
def load_demo_categories() -> dict[str, Category]:
    orgs = {o.name: o for o in Organization.objects.filter(is_active=True)}
    result = {}
    for order, spec in enumerate(CATEGORIES, start=1):
        organization = next((orgs[name] for name in spec["orgs"] if name in orgs), None)
        category = Category.objects.filter(code=spec["code"]).first()
        if category is None:
            category = do_create_category(
                code=spec["code"],
                name=spec["name"],
                description=spec["description"],
                group=spec["group"],
                default_organization=organization,
                target_days=spec["target_days"],
                location_privacy=spec.get("privacy", Category.LocationPrivacy.EXACT),
                allows_anonymous=spec.get("anonymous", True),
                order=order,
                actor=None,
            )
        elif category.default_organization_id is None and organization is not None:
            category.default_organization = organization
            category.save(update_fields=["default_organization"])
        if organization is not None and not Route.objects.filter(
            category=category, area=None
        ).exists():
            Route.objects.create(category=category, area=None, organization=organization)
        existing = set(category.attributes.values_list("code", flat=True))
        for position, (code, question, datatype, required, choices) in enumerate(
            spec["questions"], start=1
        ):
            if code in existing:
                continue
            do_add_attribute(
                category,
                code=code,
                description=question,
                datatype=datatype,
                required=required,
                order=position,
                values=[{"key": _slug(c), "name": c} for c in choices],
                actor=None,
            )
        result[category.code] = category
    return result


DEMO_SOURCE = "la311"


def load_demo_reports(
    *, path: Path | None = None, limit: int | None = None
) -> ImportSummary | None:
    """Seed the categories and import the LA 2020 sample (10,000 requests) once.

    Returns the import summary, or None when the sample was already loaded."""
    load_demo_categories()
    if Report.objects.filter(external_source=DEMO_SOURCE).exists():
        return None
    summary = import_311(
        path or find_data_file(demo_311_dir(), LA_2020_FILE),
        mapping="la2020",
        timezone_name="America/Los_Angeles",
        source=DEMO_SOURCE,
        type_map=LA_TYPE_MAP,
        limit=limit,
    )
    shift_demo_reports_to_now()
    return summary


@transaction.atomic
def shift_demo_reports_to_now() -> timedelta:
    """Move the demo sample's times forward so its newest request was made yesterday."""
    reports = Report.objects.filter(external_source=DEMO_SOURCE)
    newest = reports.aggregate(newest=Max("requested_at"))["newest"]
    if newest is None:
        return timedelta(0)
    yesterday = timezone.now() - timedelta(days=1)
    # Whole days keep each report's local time of day and weekday pattern plausible.
    delta = timedelta(days=max((yesterday - newest).days, 0))
    if not delta:
        return delta
    reports.update(
        requested_at=F("requested_at") + delta,
        updated_at=F("updated_at") + delta,
    )
    reports.exclude(expected_at=None).update(expected_at=F("expected_at") + delta)
    reports.exclude(closed_at=None).update(closed_at=F("closed_at") + delta)
    ReportUpdate.objects.filter(report__external_source=DEMO_SOURCE).update(at=F("at") + delta)
    _rewind_future_changes(reports, timezone.now())
    return delta


def _rewind_future_changes(reports: QuerySet[Report], now: datetime) -> None:
    """Drop timeline entries after `now` and give each report the status it had by then."""
    future = ReportUpdate.objects.filter(report__in=reports, at__gt=now)
    touched = set(future.values_list("report_id", flat=True))
    # The source's "last updated" can be later than any status change it records.
    touched |= set(
        reports.filter(Q(updated_at__gt=now) | Q(closed_at__gt=now)).values_list("pk", flat=True)
    )
    future.delete()
    latest: dict[int, tuple[datetime, str]] = {}
    for report_id, at, status in (
        ReportUpdate.objects.filter(report_id__in=touched)
        .order_by("report_id", "at", "id")
        .values_list("report_id", "at", "status")
    ):
        latest[report_id] = (at, status)
    changed = []
    for report in Report.objects.filter(pk__in=touched).only(
        "id", "status", "is_open", "closed_at", "updated_at", "requested_at"
    ):
        at, status = latest.get(report.pk, (report.requested_at, Status.OPEN))
        report.status = status or Status.OPEN
        report.is_open = report.status not in CLOSED_STATUSES
        report.closed_at = None if report.is_open else at
        report.updated_at = at
        changed.append(report)
    Report.objects.bulk_update(
        changed, ["status", "is_open", "closed_at", "updated_at"], batch_size=1000
    )


def load_demo_step(context: DemoContext) -> str:
    """The reports step of `manage.py load_demo` (registered in ReportsConfig.ready)."""
    summary = load_demo_reports()
    if summary is None:
        return "already loaded"
    return f"{summary.imported:,} reports imported"
