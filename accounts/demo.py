"""Demo people and organizations: fictional, generated with a seeded Faker (seed 2026).

Everything goes through the real actions with `actor=None` (the system). A second call
finds every person and organization in place and writes nothing.

Demo staff get a confirmed TOTP device whose key is derived from their email address;
`manage.py totp_code EMAIL` (DEBUG only) prints the current code.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from accounts.actions import (
    do_add_membership,
    do_add_totp_device_with_key,
    do_create_organization,
    do_create_user,
    do_update_officer_profile,
)
from accounts.models import STAFF_ROLES, Membership, OfficerProfile, Organization, Role, User
from trustbeat.registry import DemoContext

DEMO_PASSWORD = "trustbeat-demo"  # noqa: S105 (public on purpose: demo data only)
DEMO_DOMAIN = "trustbeat.example"
FAKER_SEED = 2026
# Officers who can log in (password and TOTP device); the rest of the roster, enough for
# OFFICERS_PER_AREA on every area, are profiles only, which keeps loading fast.
OFFICER_COUNT = 25
OFFICERS_PER_AREA = 2
# Officers whose profiles stay hidden, to show the opt-in at work.
PRIVATE_OFFICERS = {4, 11, 19}

# One easy-to-type login per role; everyone else gets a name-based address.
ROLE_LOGINS = {
    Role.ADMIN: f"admin@{DEMO_DOMAIN}",
    Role.COORDINATOR: f"coordinator@{DEMO_DOMAIN}",
    Role.PARTNER: f"partner@{DEMO_DOMAIN}",
    Role.OFFICER: f"officer@{DEMO_DOMAIN}",
    Role.RESIDENT: f"resident@{DEMO_DOMAIN}",
}

LAPD = "Los Angeles Police Department"
# (name, kind, parent name)
ORGANIZATIONS: list[tuple[str, str, str | None]] = [
    (LAPD, Organization.Kind.POLICE_DEPARTMENT, None),
    ("LAPD Community Relationship Division", Organization.Kind.POLICE_UNIT, LAPD),
    ("LAPD Central Area", Organization.Kind.POLICE_UNIT, LAPD),
    ("LAPD Hollenbeck Area", Organization.Kind.POLICE_UNIT, LAPD),
    ("Bureau of Street Services", Organization.Kind.CITY_AGENCY, None),
    ("Angel City Family Services", Organization.Kind.SERVICE_PROVIDER, None),
    ("Lincoln Heights Community School", Organization.Kind.SCHOOL, None),
    ("Westlake Interfaith Council", Organization.Kind.FAITH_GROUP, None),
    ("Boyle Heights Neighbors Association", Organization.Kind.COMMUNITY_GROUP, None),
]
PARTNER_JOBS = [
    ("Bureau of Street Services", "Street lighting supervisor"),
    ("Angel City Family Services", "Outreach manager"),
    ("Boyle Heights Neighbors Association", "Volunteer coordinator"),
]
RANKS = [
    "Police Officer II",
    "Police Officer III",
    "Senior Lead Officer",
    "Sergeant I",
    "Police Officer II",
    "Police Officer III",
]
OTHER_LANGUAGES = ["Korean", "Armenian", "Tagalog", "Mandarin", "Vietnamese", "Farsi"]


def demo_logins() -> list[tuple[str, str]]:
    """(role, email) of the one easy login per role, for `make run` to print."""
    return [(str(role), email) for role, email in ROLE_LOGINS.items()]


def demo_totp_key(email: str) -> str:
    """A stable 20-byte key (hex) per demo address, so re-runs need no stored secret."""
    return hashlib.sha256(f"trustbeat-demo-totp:{email}".encode()).hexdigest()[:40]


class _People:
    """Name-based addresses that stay the same from run to run (same seed, same order)."""

    def __init__(self) -> None:
        self.fake = Faker("en_US")
        self.fake.seed_instance(FAKER_SEED)
        self.used: set[str] = set(ROLE_LOGINS.values())

    def next(self, email: str | None = None) -> tuple[str, str, str]:
        first, last = self.fake.first_name(), self.fake.last_name()
        if email is None:
            base = f"{slugify(first)}.{slugify(last)}".replace("-", "")
            email, n = f"{base}@{DEMO_DOMAIN}", 2
            while email in self.used:
                email, n = f"{base}{n}@{DEMO_DOMAIN}", n + 1
        self.used.add(email)
        return first, last, email


def _person(
    people: _People, role: str, *, first_of_role: bool, can_log_in: bool = True
) -> tuple[User, str, str]:
    first, last, email = people.next(ROLE_LOGINS[Role(role)] if first_of_role else None)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = do_create_user(
            email,
            password=DEMO_PASSWORD if can_log_in else None,
            role=role,
            display_name=f"{first} {last}",
            preferred_language="es" if people.fake.random.random() < 0.25 else "en",
            email_verified=True,
            actor=None,
        )
        if role in STAFF_ROLES and can_log_in:
            do_add_totp_device_with_key(user, key=demo_totp_key(email), actor=None)
    else:
        people.fake.random.random()  # keep the random sequence in step with a first run
        if (
            role in STAFF_ROLES
            and can_log_in
            and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        ):
            do_add_totp_device_with_key(user, key=demo_totp_key(email), actor=None)
    return user, first, last


def _organizations() -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    for name, kind, parent in ORGANIZATIONS:
        organization = Organization.objects.filter(slug=slugify(name)).first()
        if organization is None:
            organization = do_create_organization(
                name=name,
                kind=kind,
                parent=found[parent] if parent else None,
                description=f"Demo organization: {name}.",
                actor=None,
            )
        found[name] = organization
    return found


def _member(user: User, organization: Organization, title: str, *, manager: bool = False) -> None:
    if not Membership.objects.filter(user=user, organization=organization).exists():
        do_add_membership(user, organization, title=title, is_manager=manager, actor=None)


def _officer_profile(people: _People, user: User, first: str, index: int, area: Any) -> None:
    rng = people.fake.random
    rank = RANKS[index % len(RANKS)]
    languages = ["English"]
    if rng.random() < 0.6:
        languages.append("Spanish")
    if rng.random() < 0.2:
        languages.append(rng.choice(OTHER_LANGUAGES))
    years = rng.randint(2, 24)
    place = area.name if area is not None else "Los Angeles"
    assignment = (
        f"Senior Lead Officer, {place}" if rank == "Senior Lead Officer" else f"Patrol, {place}"
    )
    interest = rng.choice(
        ["youth sports", "the neighborhood watch", "park clean-ups", "small businesses",
         "school safety", "senior outreach"]
    )  # fmt: skip
    bio = (
        f"{first} has served with the department for {years} years and works most closely "
        f"with {interest}. Say hello at the next community meeting."
    )
    if OfficerProfile.objects.filter(user=user).exists():
        return
    do_update_officer_profile(
        user,
        rank=rank,
        assignment=assignment,
        languages=", ".join(languages),
        bio=bio,
        is_public=index not in PRIVATE_OFFICERS,
        assignment_area=area,
        actor=None,
    )


def load_demo_people(areas_by_slug: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Create (once) the demo's people and organizations; return (role, email, password)
    for every demo person. Officers are spread evenly over `areas_by_slug`."""
    people = _People()
    organizations = _organizations()
    logins: list[tuple[str, str, str]] = []

    def add(role: str, index: int, *, can_log_in: bool = True) -> tuple[User, str]:
        user, first, _last = _person(
            people, role, first_of_role=index == 0, can_log_in=can_log_in
        )
        if can_log_in:
            logins.append((str(role), user.email, DEMO_PASSWORD))
        return user, first

    admin, _ = add(Role.ADMIN, 0)
    for index in range(2):
        coordinator, _ = add(Role.COORDINATOR, index)
        _member(
            coordinator,
            organizations["LAPD Community Relationship Division"],
            "Community-engagement coordinator",
            manager=index == 0,
        )
    for index, (org_name, title) in enumerate(PARTNER_JOBS):
        partner, _ = add(Role.PARTNER, index)
        _member(partner, organizations[org_name], title, manager=True)

    slugs = sorted(areas_by_slug)
    units = [organizations["LAPD Central Area"], organizations["LAPD Hollenbeck Area"]]
    roster = max(OFFICER_COUNT, OFFICERS_PER_AREA * len(slugs))
    for index in range(roster):
        officer, first = add(Role.OFFICER, index, can_log_in=index < OFFICER_COUNT)
        area = areas_by_slug[slugs[index * len(slugs) // roster]] if slugs else None
        _officer_profile(people, officer, first, index, area)
        _member(officer, units[index % len(units)], "Officer")
    for index in range(4):
        add(Role.RESIDENT, index)
    del admin
    return logins


def load_demo_step(context: DemoContext) -> str:
    """The people step of `manage.py load_demo` (registered in AccountsConfig.ready)."""
    logins = load_demo_people(context.areas)
    context.shared["logins"] = logins
    return f"{len(logins)} demo logins"
