"""Every write to the directory and to referrals.

Each `do_*` runs inside one transaction and writes an audit entry; on ValidationError or
PermissionDenied nothing is saved. `actor=None` is the system (imports, the demo,
management commands) and is trusted; views always pass `request.user`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization as PlatformOrganization
from audit.lib import record_change
from directory import derive, hours
from directory.models import (
    PERSON_STATUSES,
    Address,
    Attribute,
    ContactPreference,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.needs import NEEDS_BY_SLUG
from directory.permissions import (
    can_edit_service,
    can_make_referral,
    can_update_referral,
)
from trustbeat.lib.geo import is_valid_lat_lon

CONSENT_VERSION = "2026-1"
MAX_TEXT = 4000
# Numbers that reach no mobile phone: toll-free and service codes (N11).
TOLL_FREE_PREFIXES = ("800", "833", "844", "855", "866", "877", "888")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _text(value: str, field: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": limit}}
        )
    return value


# ------------------------------------------------------------------- directory records


@transaction.atomic
def do_create_provider(
    *,
    name: str,
    description: str = "",
    owner: PlatformOrganization | None = None,
    website: str = "",
    email: str = "",
    actor: Any,
) -> Organization:
    """A directory organization (a provider of services)."""
    if actor is not None:
        _require(can_edit_service(actor, _Owned(owner.pk if owner else None)))
    name = _text(name, "name", 300)
    if not name:
        raise ValidationError({"name": _("Give the organization a name.")})
    organization = Organization.objects.create(
        name=name,
        description=_text(description, "description"),
        owner=owner,
        website=website,
        email=email,
    )
    record_change(actor, "directory.provider_created", organization)
    return organization


class _Owned:
    """Stands in for a record owned by `owner_id` when asking can_edit_service."""

    def __init__(self, owner_id: int | None) -> None:
        self.organization = type("O", (), {"owner_id": owner_id})()


def terms_for_codes(codes: Iterable[str]) -> list[TaxonomyTerm]:
    wanted = list(dict.fromkeys(codes))
    found = {t.code: t for t in TaxonomyTerm.objects.filter(code__in=wanted).order_by("name")}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(
            {"terms": _("Unknown taxonomy term: %(codes)s.") % {"codes": ", ".join(missing)}}
        )
    return [found[c] for c in wanted]


@transaction.atomic
def do_create_service(
    organization: Organization,
    *,
    name: str,
    description: str = "",
    term_codes: Sequence[str] = (),
    languages: Sequence[str] = (),
    fees_description: str = "",
    free: bool = False,
    eligibility_description: str = "",
    application_process: str = "",
    required_documents: Sequence[str] = (),
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    url: str = "",
    email: str = "",
    phones: Sequence[str] = (),
    assured_by: str = "",
    assured_date: dt.date | None = None,
    actor: Any,
) -> Service:
    """A service with its terms, languages, phones and cost; locations and schedules are
    added with do_add_location / do_set_schedule."""
    if actor is not None:
        _require(can_edit_service(actor, _OrgWrapper(organization)))
    name = _text(name, "name", 300)
    if not name:
        raise ValidationError({"name": _("Give the service a name.")})
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        raise ValidationError({"minimum_age": _("The minimum age is above the maximum age.")})
    terms = terms_for_codes(term_codes)
    service = Service.objects.create(
        organization=organization,
        name=name,
        description=_text(description, "description"),
        fees_description=_text(fees_description, "fees_description"),
        eligibility_description=_text(eligibility_description, "eligibility_description"),
        application_process=_text(application_process, "application_process"),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        url=url,
        email=email,
        assurer_email=assured_by,
        assured_date=assured_date,
    )
    Attribute.objects.bulk_create(
        Attribute(
            link_id=service.id,
            link_entity="service",
            link_type="service_category",
            taxonomy_term=term,
        )
        for term in terms
    )
    for language in languages:
        Language.objects.create(service=service, name=language, code=derive.language_code(language))
    for number in phones:
        Phone.objects.create(service=service, number=_text(number, "phones", 60), type="voice")
    if free:
        CostOption.objects.create(service=service, option="Free", currency="USD", amount=0)
    for document in required_documents:
        service.required_documents.create(document=_text(document, "required_documents", 300))
    derive.refresh_services([service.id])
    record_change(actor, "directory.service_created", service, terms=list(term_codes))
    return service


class _OrgWrapper:
    def __init__(self, organization: Organization) -> None:
        self.organization = organization


EDITABLE_FIELDS = (
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "alert",
)


@transaction.atomic
def do_update_service(service: Service, *, actor: Any, **changes: Any) -> Service:
    if actor is not None:
        _require(can_edit_service(actor, service))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "status" in changes and changes["status"] not in ServiceStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    before = {field: getattr(service, field) for field in changes}
    for field, value in changes.items():
        setattr(service, field, value)
    if not (service.name or "").strip():
        raise ValidationError({"name": _("Give the service a name.")})
    minimum, maximum = service.minimum_age, service.maximum_age
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValidationError({"minimum_age": _("The minimum age is above the maximum age.")})
    service.last_modified = timezone.now()
    service.save()
    derive.refresh_services([service.id])
    changed = {k: [str(v), str(changes[k])] for k, v in before.items() if v != changes[k]}
    record_change(actor, "directory.service_updated", service, changed=sorted(changed))
    return service


@transaction.atomic
def do_verify_service(service: Service, *, actor: Any) -> Service:
    """Someone checked the record: it is fresh again."""
    if actor is not None:
        _require(can_edit_service(actor, service))
    service.assured_date = timezone.localdate()
    service.assurer_email = getattr(_user(actor), "email", "") or "system"
    service.freshness_reminded_at = None
    service.save(update_fields=["assured_date", "assurer_email", "freshness_reminded_at"])
    record_change(actor, "directory.service_verified", service)
    return service


@transaction.atomic
def do_add_location(
    service: Service,
    *,
    name: str,
    latitude: float | None,
    longitude: float | None,
    address_1: str = "",
    city: str = "",
    state_province: str = "CA",
    postal_code: str = "",
    is_confidential: bool = False,
    languages: Sequence[str] = (),
    accessibility: str = "",
    actor: Any,
) -> Location:
    """A place where the service is offered. A confidential location keeps its address on
    the server; nothing public ever shows it."""
    if actor is not None:
        _require(can_edit_service(actor, service))
    if (latitude is None) != (longitude is None) or (
        latitude is not None and longitude is not None and not is_valid_lat_lon(latitude, longitude)
    ):
        raise ValidationError({"latitude": _("Give a valid latitude and longitude.")})
    location = Location(
        organization=service.organization,
        name=_text(name, "name", 300),
        latitude=latitude,
        longitude=longitude,
        is_confidential=is_confidential,
    )
    derive.locate(location)
    location.save()
    if address_1:
        Address.objects.create(
            location=location,
            address_1=_text(address_1, "address_1", 300),
            city=_text(city, "city", 100),
            state_province=state_province,
            postal_code=_text(postal_code, "postal_code", 20),
            country="US",
        )
    for language in languages:
        Language.objects.create(
            location=location, name=language, code=derive.language_code(language)
        )
    if accessibility:
        location.accessibility.create(description=_text(accessibility, "accessibility"))
    ServiceAtLocation.objects.create(service=service, location=location)
    derive.refresh_services([service.id])
    record_change(
        actor,
        "directory.location_added",
        location,
        service=str(service.id),
        confidential=is_confidential,
    )
    return location


@transaction.atomic
def do_set_schedule(
    service: Service,
    *,
    byday: str,
    opens_at: str | dt.time,
    closes_at: str | dt.time,
    description: str = "",
    actor: Any,
) -> Schedule:
    """Weekly opening hours. A closing time before the opening time is an overnight
    period only when it opens in the afternoon or evening and closes by noon (19:00–07:00);
    otherwise the schedule is impossible and refused."""
    if actor is not None:
        _require(can_edit_service(actor, service))
    days = hours.parse_byday(byday)
    if not days:
        raise ValidationError({"byday": _("Choose at least one day.")})
    opens = opens_at if isinstance(opens_at, dt.time) else hours.parse_time(opens_at)
    closes = closes_at if isinstance(closes_at, dt.time) else hours.parse_time(closes_at)
    hours.periods_for(days, opens, closes, allow_overnight=hours.plausible_overnight(opens, closes))
    schedule = Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday=",".join(hours.DAY_CODES[d] for d in days),
        opens_at=opens,
        closes_at=closes,
        description=_text(description, "description", 300),
    )
    derive.refresh_services([service.id])
    record_change(
        actor,
        "directory.schedule_set",
        service,
        byday=schedule.byday,
        opens=opens.isoformat(),
        closes=closes.isoformat(),
    )
    return schedule


@transaction.atomic
def do_remove_schedule(schedule: Schedule, *, actor: Any) -> None:
    service = schedule.service
    if service is None:
        raise ValidationError(_("This schedule belongs to no service."))
    if actor is not None:
        _require(can_edit_service(actor, service))
    schedule.delete()
    derive.refresh_services([service.id])
    record_change(actor, "directory.schedule_removed", service)


# -------------------------------------------------------------------------- referrals


def can_receive_texts(number: str) -> bool:
    """A North American number that can be a mobile phone: ten digits (after an optional
    1), a valid area code and exchange, not toll-free, not a service code."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or not digits.isdigit():
        return False
    area, exchange = digits[:3], digits[3:6]
    if area[0] in "01" or exchange[0] in "01" or area in TOLL_FREE_PREFIXES:
        return False
    return not (area[1:] == "11" or exchange[1:] == "11")


def normalise_phone(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"+1{digits}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_contact(preference: str, phone: str, email: str) -> tuple[str, str]:
    phone, email = (phone or "").strip(), (email or "").strip()
    if preference not in ContactPreference.values:
        raise ValidationError(
            {"contact_preference": _("Choose how the person wants to be contacted.")}
        )
    if preference == ContactPreference.TEXT:
        if not can_receive_texts(phone):
            raise ValidationError(
                {"person_phone": _("This phone number cannot receive text messages.")}
            )
        phone = normalise_phone(phone)
    if preference == ContactPreference.PHONE:
        digits = "".join(ch for ch in phone if ch.isdigit())
        if not 10 <= len(digits) <= 11:
            raise ValidationError({"person_phone": _("Give a phone number with its area code.")})
        phone = normalise_phone(phone)
    if preference == ContactPreference.EMAIL:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"person_email": _("Give a valid email address.")}) from None
    return phone[:30], email[:254]


@transaction.atomic
def do_send_referral(
    services: Sequence[Service],
    *,
    need: str,
    consent_given: bool | None,
    contact_preference: str,
    person_name: str = "",
    person_phone: str = "",
    person_email: str = "",
    notes: str = "",
    area_id: int | None = None,
    actor: Any,
) -> tuple[list[Referral], str]:
    """Refer one person to one or several services. Returns the referrals and the private
    link's token (shown or sent once; only its hash is kept)."""
    _require(actor is not None and can_make_referral(actor))
    if consent_given is not True:
        raise ValidationError(
            {
                "consent_given": _(
                    "Read the consent text to the person and record their "
                    "answer; without their consent no referral is sent."
                )
            }
        )
    if not services:
        raise ValidationError({"services": _("Choose at least one service.")})
    if need and need not in NEEDS_BY_SLUG:
        raise ValidationError({"need": _("Unknown need.")})
    phone, email = _check_contact(contact_preference, person_phone, person_email)
    token = secrets.token_urlsafe(24)
    batch = uuid.uuid4()
    now = timezone.now()
    referrals = []
    for service in services:
        if service.status != ServiceStatus.ACTIVE:
            raise ValidationError(
                {"services": _("%(name)s is not active.") % {"name": service.name}}
            )
        referral = Referral.objects.create(
            batch=batch,
            service=service,
            need=need,
            officer=actor,
            area_id=area_id,
            consent_version=CONSENT_VERSION,
            consent_at=now,
            contact_preference=contact_preference,
            person_name=_text(person_name, "person_name", 120),
            person_phone=phone,
            person_email=email,
            notes=_text(notes, "notes"),
            token_hash=hash_token(token),
            created_at=now,
            updated_at=now,
        )
        ReferralEvent.objects.create(
            referral=referral,
            at=now,
            status=ReferralStatus.SENT,
            by=ReferralEvent.By.OFFICER,
            actor=actor,
        )
        record_change(
            actor,
            "directory.referral_sent",
            referral,
            service=str(service.id),
            need=need,
            contact=contact_preference,
        )
        referrals.append(referral)
    from directory import messaging

    messaging.queue_referral_messages(referrals, token)
    return referrals, token


@transaction.atomic
def do_update_referral_status(
    referral: Referral, status: str, *, note: str = "", actor: Any
) -> Referral:
    """The receiving provider (or an admin) records what happened."""
    if not can_update_referral(actor, referral):
        raise PermissionDenied(_("Only the provider this referral was sent to may update it."))
    return _set_status(referral, status, note, ReferralEvent.By.PROVIDER, actor)


@transaction.atomic
def do_update_referral_by_person(
    referral: Referral, token: str, status: str, *, note: str = ""
) -> Referral:
    """The referred person answers through their private link."""
    if not referral.token_hash or not secrets.compare_digest(
        referral.token_hash, hash_token(token)
    ):
        raise PermissionDenied(_("This link is not valid."))
    if status not in PERSON_STATUSES:
        raise ValidationError({"status": _("Choose one of the answers offered.")})
    return _set_status(referral, status, note, ReferralEvent.By.PERSON, None)


def _set_status(referral: Referral, status: str, note: str, by: str, actor: Any) -> Referral:
    if status not in ReferralStatus.values or status == ReferralStatus.SENT:
        raise ValidationError({"status": _("Unknown status.")})
    if referral.purged_at is not None:
        raise ValidationError(_("This referral has been closed and its details removed."))
    now = timezone.now()
    referral.status = status
    referral.updated_at = now
    referral.save(update_fields=["status", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral,
        at=now,
        status=status,
        by=by,
        actor=_user(actor),
        note=_text(note, "note", 1000),
    )
    record_change(actor, "directory.referral_status", referral, status=status, by=by)
    return referral


def purge_referrals(now: dt.datetime) -> int:
    """Retention: blank the personal details of referrals older than the period."""
    from django.conf import settings

    days = int(getattr(settings, "DIRECTORY_REFERRAL_RETENTION_DAYS", 180))
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        stale = Referral.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
        ids = list(stale.values_list("id", flat=True))
        Referral.objects.filter(id__in=ids).update(
            person_name="",
            person_phone="",
            person_email="",
            notes="",
            token_hash="",
            purged_at=now,
        )
        ReferralEvent.objects.filter(referral_id__in=ids).update(note="")
        if ids:
            record_change(None, "directory.referrals_purged", None, count=len(ids))
    return len(ids)
