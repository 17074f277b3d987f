"""Demo commitments: promises the LAPD units and the demo's community partners make in
Los Angeles neighborhoods, some answering real demo hotspots (the 311 sample's street
lights, illegal dumping and graffiti), with milestones, parts and a finished few for
"you said, we did".

Idempotent: each commitment has an external id ("demo-…") and is created only when that
id is missing. Dates are relative to today, so the board always shows work in progress,
one promise overdue and a few kept. Everything goes through the real actions with
`actor=None` (the system).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from commitments.actions import do_add_milestone, do_create_commitment, do_set_status
from commitments.models import Commitment, Origin, Side, Status, Theme
from places.models import Area
from trustbeat.registry import DemoContext

CENTRAL = "LAPD Central Area"
HOLLENBECK = "LAPD Hollenbeck Area"
RELATIONS = "LAPD Community Relationship Division"
STREETS = "Bureau of Street Services"
ANGEL_CITY = "Angel City Family Services"
LINCOLN_SCHOOL = "Lincoln Heights Community School"
INTERFAITH = "Westlake Interfaith Council"
BOYLE_NEIGHBORS = "Boyle Heights Neighbors Association"

# key, side, owner, theme, areas (name fragments) or "citywide", started (days ago),
# due (days from today; negative = already due), status, title en, title es,
# description en, origin, source (hotspot category code or label), milestones
# (days ago, text, progress), parent key, weight
DEMO: list[dict[str, Any]] = [
    {
        "key": "lights-boyle", "side": Side.COMMUNITY, "owner": STREETS, "theme": Theme.LIGHTING,
        "areas": ["Boyle Heights"], "started": 75, "due": 45, "status": "in-progress",
        "title_en": "Repair every reported dark street light on the Cesar E. Chavez corridor",
        "title_es": "Reparar cada farola apagada reportada en el corredor de Cesar E. Chavez",
        "description_en": "Residents mapped 40 dark poles between Soto Street and Indiana "
                          "Street. Crews will repair them block by block and publish each "
                          "block when it is lit.",
        "origin": Origin.HOTSPOT, "hotspot": "streetlight",
        "milestones": [(60, "Survey of all 40 poles finished with the neighborhood council.", 20),
                       (30, "First 18 poles repaired between Soto and Mott Street.", 45)],
    },
    {
        "key": "walks-boyle", "side": Side.POLICE, "owner": HOLLENBECK, "theme": Theme.SAFETY,
        "areas": ["Boyle Heights"], "started": 90, "due": 90, "status": "in-progress",
        "title_en": "Monthly evening safety walks with residents in Boyle Heights",
        "title_es": "Caminatas de seguridad mensuales por la tarde con vecinos de Boyle Heights",
        "description_en": "Senior Lead Officers walk with residents on the first Thursday of "
                          "every month, note what needs fixing and report back at the next "
                          "neighborhood council meeting.",
        "origin": Origin.MEETING, "source": "Boyle Heights NC public safety committee",
        "milestones": [(62, "First walk: 23 residents, 11 problems logged (7 lights, 4 "
                            "dumping sites).", 30),
                       (31, "Second walk along Whittier Boulevard; 9 problems logged.", 50)],
    },
    {
        "key": "dumping-boyle", "side": Side.COMMUNITY, "owner": BOYLE_NEIGHBORS,
        "theme": Theme.PARKS, "areas": ["Boyle Heights"], "started": 120, "due": -20,
        "status": "in-progress",
        "title_en": "Adopt-an-alley: clean and watch the six worst dumping alleys",
        "title_es": "Adopta un callejón: limpiar y vigilar los seis callejones con más "
                    "basura tirada",
        "description_en": "Volunteers adopt the six alleys with the most illegal dumping "
                          "reports, clean them monthly and report new dumping through the "
                          "problem reports page.",
        "origin": Origin.HOTSPOT, "hotspot": "illegal-dumping",
        "milestones": [(100, "Four of six alleys adopted by block clubs.", 35)],
    },
    {
        "key": "youth-league", "side": Side.POLICE, "owner": HOLLENBECK, "theme": Theme.YOUTH,
        "areas": ["Boyle Heights", "Lincoln Heights"], "started": 200, "due": -10,
        "status": "completed",
        "title_en": "Start a summer youth soccer league coached by officers and parents",
        "title_es": "Crear una liga juvenil de fútbol de verano entrenada por agentes y "
                    "padres",
        "description_en": "Residents asked for somewhere safe for teenagers on summer "
                          "evenings. Hollenbeck officers and parent volunteers coach eight "
                          "teams at Hollenbeck Park.",
        "origin": Origin.PROPOSAL, "source": "Resident proposal: summer evenings for teens",
        "milestones": [(150, "Field permits granted by Recreation and Parks.", 30),
                       (90, "112 players signed up across eight teams.", 70),
                       (20, "Season finished: 10 weeks, 112 players, final at Hollenbeck "
                            "Park with 400 guests.", 100)],
    },
    {
        "key": "spanish-meetings", "side": Side.POLICE, "owner": RELATIONS,
        "theme": Theme.TRUST, "areas": "citywide", "started": 150, "due": -30,
        "status": "completed",
        "title_en": "Interpret every community police meeting into Spanish",
        "title_es": "Interpretar al español cada reunión comunitaria con la policía",
        "description_en": "The trust survey showed Spanish speakers felt left out of "
                          "community meetings. Every meeting now has an interpreter and "
                          "Spanish handouts.",
        "origin": Origin.SURVEY, "source": "Community trust survey, spring results",
        "milestones": [(120, "Interpreter pool of six staff and volunteers set up.", 40),
                       (40, "All 21 area meetings this quarter offered interpretation.", 100)],
    },
    {
        "key": "westlake-outreach", "side": Side.COMMUNITY, "owner": INTERFAITH,
        "theme": Theme.SERVICES, "areas": ["Westlake North", "Westlake South",
                                           "MacArthur Park"],
        "started": 60, "due": 120, "status": "in-progress",
        "title_en": "Weekly outreach night at MacArthur Park with service providers",
        "title_es": "Noche semanal de apoyo en MacArthur Park con proveedores de servicios",
        "description_en": "Congregations host a weekly evening table with housing, mental "
                          "health and legal aid providers, so people can get help without "
                          "calling the police.",
        "origin": Origin.MEETING, "source": "Westlake community forum",
        "milestones": [(40, "First four outreach nights: 86 people helped.", 25)],
    },
    {
        "key": "graffiti-lincoln", "side": Side.COMMUNITY, "owner": LINCOLN_SCHOOL,
        "theme": Theme.YOUTH, "areas": ["Lincoln Heights"], "started": 45, "due": 60,
        "status": "planned",
        "title_en": "Students paint murals on the walls most hit by graffiti",
        "title_es": "Estudiantes pintan murales en las paredes con más grafiti",
        "description_en": "Art classes design murals with the building owners of the walls "
                          "with the most graffiti reports near the school.",
        "origin": Origin.HOTSPOT, "hotspot": "graffiti",
        "milestones": [],
    },
    {
        "key": "family-referrals", "side": Side.COMMUNITY, "owner": ANGEL_CITY,
        "theme": Theme.SERVICES, "areas": "citywide", "started": 100, "due": 30,
        "status": "in-progress",
        "title_en": "Answer every officer referral for family support within two days",
        "title_es": "Responder cada derivación policial de apoyo familiar en dos días",
        "description_en": "When an officer refers a family, a caseworker calls within two "
                          "working days. We publish the share answered on time each month.",
        "origin": Origin.PLAIN,
        "milestones": [(70, "Referral line staffed weekdays 8am–8pm.", 30),
                       (35, "Last month: 94% of 212 referrals answered within two days.", 60)],
    },
    # A commitment made of parts: its progress is the weighted roll-up of theirs.
    {
        "key": "central-trust-plan", "side": Side.POLICE, "owner": CENTRAL,
        "theme": Theme.TRUST, "areas": ["Downtown Los Angeles", "Historic Cultural"],
        "started": 80, "due": 200, "status": "in-progress",
        "title_en": "Central Area community trust plan",
        "title_es": "Plan de confianza comunitaria del Área Central",
        "description_en": "Three promises the Central Area made at its town hall, tracked "
                          "together.",
        "origin": Origin.MEETING, "source": "Central Area town hall",
        "milestones": [],
    },
    {
        "key": "central-office-hours", "parent": "central-trust-plan", "weight": 2,
        "side": Side.POLICE, "owner": CENTRAL, "theme": Theme.TRUST,
        "areas": ["Downtown Los Angeles"], "started": 80, "due": 100, "status": "in-progress",
        "title_en": "Weekly office hours with the Senior Lead Officer at the Central Library",
        "title_es": "Horario semanal de atención con el agente principal en la Biblioteca "
                    "Central",
        "origin": Origin.MEETING, "source": "Central Area town hall",
        "milestones": [(50, "Office hours held 7 weeks in a row; 64 visitors.", 70)],
    },
    {
        "key": "central-stop-data", "parent": "central-trust-plan", "weight": 1,
        "side": Side.POLICE, "owner": CENTRAL, "theme": Theme.TRUST,
        "areas": ["Downtown Los Angeles", "Historic Cultural"], "started": 80, "due": 150,
        "status": "planned",
        "title_en": "Present stop data by neighborhood at each quarterly meeting",
        "title_es": "Presentar los datos de paradas por barrio en cada reunión trimestral",
        "origin": Origin.MEETING, "source": "Central Area town hall",
        "milestones": [],
    },
    {
        "key": "central-lights", "parent": "central-trust-plan", "weight": 1,
        "side": Side.COMMUNITY, "owner": STREETS, "theme": Theme.LIGHTING,
        "areas": ["Historic Cultural"], "started": 80, "due": 40, "status": "in-progress",
        "title_en": "Relight the Chinatown Metro station approaches",
        "title_es": "Volver a iluminar los accesos a la estación de Metro de Chinatown",
        "origin": Origin.HOTSPOT, "hotspot": "streetlight",
        "milestones": [(25, "New LED fixtures installed on Alameda Street.", 80)],
    },
]

STATUS_ALIASES = {"in-progress": "in_progress"}


def _area_lookup(context: DemoContext) -> dict[str, Area]:
    areas = context.areas or {
        a.slug: a for a in Area.objects.filter(level=Area.Level.NEIGHBORHOOD)
    }
    return {area.name.lower(): area for area in areas.values()
            if area.level == Area.Level.NEIGHBORHOOD}


def _find_areas(names: list[str], by_name: dict[str, Area]) -> list[Area]:
    found = []
    for fragment in names:
        matches = sorted(name for name in by_name if fragment.lower() in name)
        if matches:
            found.append(by_name[matches[0]])
    return found


def _status(code: str) -> Status | None:
    return Status.objects.filter(code=STATUS_ALIASES.get(code, code)).first()


def load_demo_commitments(context: DemoContext) -> int:
    """Create the demo commitments that are missing; return how many were created."""
    organizations = {o.name: o for o in Organization.objects.all()}
    by_name = _area_lookup(context)
    today = timezone.localdate()
    created = 0
    made: dict[str, Commitment] = {
        c.external_id.removeprefix("demo-"): c
        for c in Commitment.objects.filter(external_id__startswith="demo-")
        if c.external_id
    }
    for item in DEMO:
        if item["key"] in made:
            continue
        owner = organizations.get(item["owner"])
        if owner is None:
            continue  # the people step did not run; nothing to hang this on
        citywide = item["areas"] == "citywide"
        areas = [] if citywide else _find_areas(item["areas"], by_name)
        if not citywide and not areas:
            continue
        source_label, source_url, source = item.get("source", ""), "", None
        if item.get("hotspot"):
            from reports.models import Category

            source = Category.objects.filter(code=item["hotspot"]).first()
            place = areas[0].name if areas else ""
            name = source.name if source else item["hotspot"]
            source_label = f"Hotspot of problem reports: {name} in {place}"
            source_url = reverse("reports:hotspots") + f"?category={item['hotspot']}"
        with transaction.atomic():
            commitment = do_create_commitment(
                title_en=item["title_en"], title_es=item["title_es"],
                description_en=item.get("description_en", ""), side=item["side"], owner=owner,
                theme=item["theme"], start_date=today - dt.timedelta(days=item["started"]),
                due_date=today + dt.timedelta(days=item["due"]),
                status=_status("planned"), areas=areas, is_citywide=citywide,
                origin=item["origin"], source=source, source_label=source_label,
                source_url=source_url, parent=made.get(item.get("parent", "")),
                weight=item.get("weight", 1), external_id=f"demo-{item['key']}", actor=None,
            )
            for days_ago, text, progress in item["milestones"]:
                do_add_milestone(commitment, date=today - dt.timedelta(days=days_ago),
                                 text_en=text, progress=progress, actor=None)
            status = _status(item["status"])
            if status is not None and status.code != "planned":
                progress = commitment.progress if item["milestones"] else None
                if commitment.children.exists():
                    progress = None
                do_set_status(commitment, status, progress=progress, actor=None)
        made[item["key"]] = commitment
        created += 1
    return created


def load_demo_step(context: DemoContext) -> str:
    created = load_demo_commitments(context)
    total = Commitment.objects.filter(external_id__startswith="demo-").count()
    return f"{total} demo commitments ({created} new)"
