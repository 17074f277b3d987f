"""Demo events: three months around today in real Los Angeles places (LAPD community
police stations and public parks, by their public addresses), with the demo beat teams
attending, RSVPs, check-ins, feedback, meeting minutes and logged interactions.

Everything upcoming goes through the real actions. What lies in the past (attendance,
check-ins, feedback) is history a running site would have gathered; the actions refuse
to RSVP to past events, so the loader writes those rows directly, once. Idempotent: an
event with the same title and start is found, not made again.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import OfficerProfile, Organization, Role, User
from events.actions import (
    EventData,
    do_create_event,
    do_log_interaction,
    do_rsvp,
    do_save_agenda_item,
)
from events.models import Event, EventType, Feedback, FeedbackReceipt, Interaction, Rsvp
from events.tokens import new_code
from places.models import Area
from trustbeat.registry import DemoContext

SEED = 2026
# slug → (place, address, lat, lon, host organization)
VENUES: dict[str, tuple[str, str, float, float, str]] = {
    "boyle-heights": ("Hollenbeck Community Police Station", "2111 E 1st St",
                         34.0463, -118.2137, "LAPD Hollenbeck Area"),
    "lincoln-heights": ("Lincoln Park", "3501 Valley Blvd", 34.0667, -118.1989,
                           "Lincoln Heights Community School"),
    "downtown-los-angeles": ("Central Community Police Station", "251 E 6th St",
                             34.0440, -118.2470, "LAPD Central Area"),
    "historic-cultural": ("Los Angeles Plaza Park", "125 Paseo de la Plaza", 34.0568,
                             -118.2380, "LAPD Central Area"),
    "westlake-south": ("MacArthur Park", "2230 W 6th St", 34.0577, -118.2766,
                          "Westlake Interfaith Council"),
    "macarthur-park": ("MacArthur Park Recreation Center", "2230 W 6th St", 34.0590,
                          -118.2760, "Westlake Interfaith Council"),
    "pico-union": ("Toberman Recreation Center", "1725 Toberman St", 34.0420, -118.2780,
                      "Angel City Family Services"),
    "echo-park": ("Echo Park Lake boathouse", "751 Echo Park Ave", 34.0727, -118.2606,
                     "LAPD Community Relationship Division"),
    "south-central": ("Newton Community Police Station", "3400 S Central Ave", 34.0126,
                         -118.2564, "LAPD Community Relationship Division"),
    "watts": ("Watts Towers Arts Center", "1727 E 107th St", 33.9385, -118.2412,
                 "LAPD Community Relationship Division"),
    "wilshire-center-koreatown": ("Seoul International Park", "3250 San Marino St",
                                     34.0530, -118.2930, "LAPD Community Relationship Division"),
    "historic-highland-park": ("Highland Park Recreation Center", "6150 Piedmont Ave",
                                  34.1146, -118.1880, "LAPD Community Relationship Division"),
}
# (type code, title, Spanish title, weekday, hour, hours, capacity, description)
PROGRAM: list[tuple[str, str, str, int, int, int, int | None, str]] = [
    ("coffee-with-a-cop", "Coffee with a Cop", "Café con un policía", 1, 8, 2, None,
     "Drop in for coffee and a conversation with the officers who work your beat. "
     "No agenda, no speeches."),
    ("community-meeting", "Community and beat meeting", "Reunión comunitaria y del sector",
     2, 18, 2, 80, "Your Senior Lead Officers report on the beat and take questions. "
     "Spanish interpretation available."),
    ("cookout", "Neighborhood cookout", "Carne asada del vecindario", 5, 12, 3, 150,
     "Burgers, elotes and music in the park, hosted with neighbors and local partners."),
    ("bike-patrol", "Bike patrol meet-up", "Encuentro con la patrulla en bicicleta", 5, 9, 2,
     25, "Ride a short loop of the neighborhood with the bike unit. Bring a bike and a "
     "helmet; some loaner bikes available."),
    ("open-house", "Station open house", "Puertas abiertas en la estación", 5, 10, 4, 200,
     "Tour the station, meet the K-9 team and see a patrol car up close."),
    ("youth-sports-day", "Youth sports day", "Día deportivo juvenil", 6, 10, 4, 120,
     "Soccer and basketball clinics for ages 8 to 16 with officers as coaches."),
    ("faith-community-visit", "Faith community visit", "Visita a la comunidad de fe", 0, 12,
     2, 60, "Officers join the congregation's lunch after services to listen."),
    ("neighborhood-walk", "Neighborhood safety walk", "Caminata de seguridad vecinal", 3, 17,
     2, 30, "Walk the blocks with officers and city staff and note lighting, signage and "
     "park problems to report."),
]
RESIDENT_NAMES = ["María López", "James Kim", "Rosa Hernández", "David Nguyen", "Ana Torres",
                  "Luis García", "Grace Park", "Samuel Johnson", "Elena Ruiz", "Tom Avakian"]


def _at(day: datetime, hour: int) -> datetime:
    zone = timezone.get_default_timezone()
    return timezone.make_aware(datetime.combine(day.date(), time(hour)), zone)


def _next_weekday(start: datetime, weekday: int) -> datetime:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def load_demo_step(context: DemoContext) -> str:
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    areas: dict[str, Area] = context.areas or {
        a.slug: a for a in Area.objects.filter(level=Area.Level.NEIGHBORHOOD)}
    if not areas or Event.objects.filter(title__startswith="Coffee with a Cop").exists():
        return f"{Event.objects.count()} events (already loaded)"
    types = {t.code: t for t in EventType.objects.all()}
    organizations = {o.name: o for o in Organization.objects.all()}
    residents = list(User.objects.filter(role=Role.RESIDENT)[:10])
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start_window = today - timedelta(days=45)
    made = 0
    with transaction.atomic():
        for slug, area in sorted(areas.items()):
            venue = VENUES.get(slug)
            team = list(OfficerProfile.objects.public().filter(assignment_area=area)[:3])
            place, address, lat, lon, host = venue or (
                f"{area.name} community room", "", area.centroid_lat,
                area.centroid_lon, "LAPD Community Relationship Division")
            program = PROGRAM if venue else PROGRAM[1:2]
            for code, title, title_es, weekday, hour, hours, capacity, text in program:
                first = _next_weekday(start_window + timedelta(days=rng.randint(0, 20)),
                                      weekday)
                weekly = code == "coffee-with-a-cop"
                monthly = code == "community-meeting"
                starts = [first] if weekly else (
                    [first + timedelta(weeks=4 * n) for n in range(3)] if monthly else [
                        first + timedelta(days=rng.choice([0, 28, 56]))])
                for day in starts:
                    event = do_create_event(EventData(
                        event_type=types[code], title=f"{title}: {area.name}",
                        title_es=f"{title_es}: {area.name}", description=text,
                        description_es="", starts_at=_at(day, hour),
                        ends_at=_at(day, hour) + timedelta(hours=hours), area=area,
                        location_name=place, address=address, lat=lat, lon=lon,
                        recurrence="weekly" if weekly else "", recurrence_count=12 if weekly
                        else 1, accessibility_notes="Step-free entrance; restrooms on site.",
                        languages="English, Spanish", capacity=capacity,
                        host_organization=organizations.get(host),
                        cohosts=[o for n, o in organizations.items()
                                 if n == "Boyle Heights Neighbors Association"
                                 and slug == "boyle-heights"],
                        officers=team,
                    ), actor=None)
                    made += 1
                    _attendance(event, residents, rng, today)
                    if types[code].is_meeting and event.last_ends_at < timezone.now():
                        _minutes(event, organizations)
        logged = _interactions(areas, rng)
    return f"{made} events, {Rsvp.objects.count()} RSVPs, {logged} interactions"


def _attendance(event: Event, residents: list[User], rng: random.Random,
                today: datetime) -> None:
    people = rng.randint(3, min(len(RESIDENT_NAMES), event.capacity or 12))
    if event.last_ends_at >= timezone.now():
        for user in rng.sample(residents, min(len(residents), people // 3)):
            do_rsvp(event, user=user, notify=False, actor=None)
        for name in rng.sample(RESIDENT_NAMES, people - people // 3):
            email = name.lower().replace(" ", ".").replace("á", "a").replace("é", "e")
            rsvp = do_rsvp(event, name=name, email=f"{email}@example.org",
                           notify=False, actor=None)
            if rng.random() < 0.8:
                from events.actions import do_confirm_rsvp

                do_confirm_rsvp(rsvp, actor=None)
        return
    rows = []
    for index, name in enumerate(rng.sample(RESIDENT_NAMES, people)):
        came = rng.random() < 0.75
        rows.append(Rsvp(
            event=event, name=name, email=f"guest{index}.{event.pk}@example.org",
            status=Rsvp.Status.GOING, code=new_code(), created_at=event.created_at,
            checked_in_at=event.starts_at + timedelta(minutes=rng.randint(0, 30))
            if came else None,
        ))
    Rsvp.objects.bulk_create(rows)
    Event.objects.filter(pk=event.pk).update(going_count=len(rows),
                                             walk_ins=rng.randint(2, 25))
    for rsvp in rows:
        if rsvp.checked_in_at and rng.random() < 0.5:
            FeedbackReceipt.objects.create(rsvp=rsvp)
            Feedback.objects.create(
                event=event, area=event.area,
                worth_time=rng.choice(["yes", "yes", "yes", "somewhat", "no"]),
                know_officer_better=rng.choice(["yes", "yes", "not_sure", "no"]),
                submitted_at=event.ends_at + timedelta(hours=20),
            )


def _minutes(event: Event, organizations: dict[str, Organization]) -> None:
    items: list[tuple[str, str, bool, str, Any]] = [
        ("Beat report from the Senior Lead Officers",
         "Property crime down since last month; catalytic converter thefts near the park.",
         False, "", None),
        ("Street lighting on the east side",
         "Residents report six dark poles. Street Services will survey and repair.",
         True, "Bureau of Street Services", organizations.get("Bureau of Street Services")),
        ("Youth soccer league",
         "Officers offered to coach two teams; the school will share the field schedule.",
         True, "Senior Lead Officer", None),
    ]
    for title, notes, action, owner, organization in items:
        do_save_agenda_item(
            event, title=title, notes=notes, is_action_item=action, owner_name=owner,
            owner_organization=organization,
            due_date=(event.starts_at + timedelta(days=30)).date() if action else None,
            actor=None,
        )
    event.minutes = ("Meeting opened at 6 pm with about 40 residents. Interpretation in "
                     "Spanish was provided. Next meeting in four weeks.")
    event.save(update_fields=["minutes"])


def _interactions(areas: dict[str, Area], rng: random.Random) -> int:
    if Interaction.objects.exists():
        return 0
    officers = list(User.objects.filter(role=Role.OFFICER, officer_profile__isnull=False)
                    .select_related("officer_profile__assignment_area")[:25])
    kinds = [k for k in Interaction.Kind.values if k != Interaction.Kind.OTHER]
    notes = ["Talked with store owners about the night market.",
             "Helped a senior carry groceries home.", "Basketball at the rec center.",
             "Read to a second-grade class.", "Gave directions to the food bank.", ""]
    count = 0
    now = timezone.now()
    for officer in officers:
        area = officer.officer_profile.assignment_area
        if area is None or area.level != Area.Level.NEIGHBORHOOD:
            continue
        for _ in range(rng.randint(8, 30)):
            do_log_interaction(
                kind=rng.choice(kinds), area=area, minutes=rng.choice([5, 10, 15, 20, 30, 45]),
                note=rng.choice(notes), actor=officer,
                occurred_at=now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 600)),
            )
            count += 1
    return count
