"""Every write to reports, categories, routes and API keys.

Each `do_*` runs inside one transaction, writes an audit entry and, when it adds a line to
a report's timeline, tells the alerts module after the transaction commits. On any
ValidationError or PermissionDenied nothing is saved.

Permission: staff actions check `reports.permissions` against `actor`, an
`accounts.actors.Actor`. The `System` actor (or `None`, its older spelling) is the platform
itself (imports, the demo, management commands) and is trusted; views pass `request.user`
(a User, or an anonymous visitor), the Open311 POST its `ApiClient`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.actors import ActorLike, is_system, user_of
from accounts.models import Organization, User
from audit.lib import record_change
from places.models import Area
from reports import notifications
from reports.events import ReportsEvent
from reports.models import (
    CLOSED_STATUSES,
    ApiKey,
    Attribute,
    Category,
    Report,
    ReportUpdate,
    Route,
    Status,
    Walk,
    public_point,
)
from reports.permissions import can_issue_api_keys, can_manage_categories, can_manage_report
from reports.routing import route_for
from reports.validation import (
    clean_photo,
    parse_coordinate,
    validate_answers,
    validate_category,
    validate_description,
    validate_location,
    validate_reporter,
)
from trustbeat.lib.geo import h3_cell

API_KEY_PREFIX = "tb311_"
MAX_NOTE = 4000


# ---------------------------------------------------------------------------- helpers


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def _check_manage(actor: ActorLike, report: Report) -> None:
    if not is_system(actor):
        _require(can_manage_report(actor, report))


def _check_categories(actor: ActorLike) -> None:
    if not is_system(actor):
        _require(can_manage_categories(actor))


def _user(actor: ActorLike) -> User | None:
    return user_of(actor)


def _note(text: str, field: str = "public_note") -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise ValidationError(
            {field: _("Keep notes under %(limit)d characters.") % {"limit": MAX_NOTE}}
        )
    return text


def _add_update(
    report: Report,
    kind: str,
    *,
    actor: ActorLike,
    status: str = "",
    public_note: str = "",
    private_note: str = "",
    is_public: bool = True,
    at: dt.datetime | None = None,
) -> ReportUpdate:
    update = ReportUpdate.objects.create(
        report=report,
        at=at or timezone.now(),
        actor=_user(actor),
        kind=kind,
        # Every entry records the status after it, so feeds of updates need no replay.
        status=status or report.status,
        public_note=public_note,
        private_note=private_note,
        is_public=is_public,
    )
    # robust: a committed write answers success even if its notification cannot be queued.
    transaction.on_commit(lambda: notifications.report_changed(update), robust=True)
    return update


def _set_status_fields(report: Report, status: str, now: dt.datetime) -> None:
    report.status = status
    report.is_open = status not in CLOSED_STATUSES
    if report.is_open:
        report.closed_at = None
    elif report.closed_at is None:
        report.closed_at = now
    report.updated_at = now


def _locked(report: Report) -> Report:
    """Re-read the report under a row lock, so two staff changes cannot interleave."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _refresh(target: Report, source: Report) -> None:
    """Copy the saved state back onto the caller's object."""
    for field in Report._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# ---------------------------------------------------------------------------- reports


def do_submit_report(
    *,
    category: Category | None,
    lat: Any,
    lon: Any,
    address: str = "",
    description: str = "",
    answers: dict[str, Any] | None = None,
    photo: Any = None,
    reporter: Any = None,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    source: str = Report.Source.WEB,
    media_url: str = "",
    walk: Walk | None = None,
    api_key: ApiKey | None = None,
    idempotency_key: str = "",
    zipcode: str = "",
    actor: ActorLike,
) -> Report:
    """Validate and save a new report, routed to its organization.

    Raises ValidationError keyed by field ("category", "location", "description",
    "answers", "reporter", "photo", "address") with every problem found.
    A location may be left out only when an address is given (Open311 `address_string`);
    such a report is flagged "no location given".
    """
    idempotency_key = (idempotency_key or "").strip()[:100]
    if idempotency_key:
        existing = _find_idempotent(api_key, idempotency_key)
        if existing is not None:
            return existing

    errors: dict[str, Any] = {}
    try:
        category = validate_category(category)
    except ValidationError as error:
        raise ValidationError({"category": error.messages}) from None

    area: Area | None = None
    location_flag = Report.LocationFlag.OK
    lat_f: float | None = None
    lon_f: float | None = None
    if (lat in (None, "") and lon in (None, "")) and address.strip():
        location_flag = Report.LocationFlag.MISSING
    else:
        try:
            area = validate_location(lat, lon)
            lat_f = parse_coordinate(lat, low=-90, high=90)
            lon_f = parse_coordinate(lon, low=-180, high=180)
            if area is None:
                location_flag = Report.LocationFlag.OUTSIDE
        except ValidationError as error:
            errors["location"] = error.messages
    try:
        description = validate_description(description)
    except ValidationError as error:
        errors["description"] = error.messages
    try:
        clean_answers = validate_answers(category, answers)
    except ValidationError as error:
        # Flat here; forms wanting per-question errors call validate_answers themselves.
        errors["answers"] = error.messages
        clean_answers = {}
    reporter_name = (reporter_name or "").strip()[:120]
    reporter_email = (reporter_email or "").strip().lower()
    try:
        validate_reporter(category, reporter=reporter, name=reporter_name, email=reporter_email)
    except ValidationError as error:
        errors["reporter"] = error.messages
    photo_file = None
    if photo:
        try:
            photo_file = clean_photo(photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    if len(address) > 250:
        errors["address"] = [_("Keep the address under 250 characters.")]
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    cell = h3_cell(lat_f, lon_f) if lat_f is not None and lon_f is not None else ""
    public_lat, public_lon = public_point(lat_f, lon_f, cell, category.location_privacy)
    report = Report(
        category=category,
        status=Status.OPEN,
        is_open=True,
        description=description,
        answers=clean_answers,
        lat=lat_f,
        lon=lon_f,
        address=address.strip(),
        zipcode=(zipcode or "").strip()[:12],
        area=area,
        h3_cell=cell,
        public_lat=public_lat,
        public_lon=public_lon,
        location_flag=location_flag,
        organization=route_for(category, area),
        reporter=_user(reporter),
        reporter_name=reporter_name,
        reporter_email=reporter_email,
        reporter_phone=(reporter_phone or "").strip()[:40],
        reporter_token=secrets.token_urlsafe(32),
        media_url=(media_url or "")[:200],
        requested_at=now,
        updated_at=now,
        expected_at=(now + dt.timedelta(days=category.target_days))
        if category.target_days
        else None,
        source=source,
        walk=walk,
        api_key=api_key,
        idempotency_key=idempotency_key,
    )
    try:
        with transaction.atomic():
            if photo_file is not None:
                report.photo.save(photo_file.name or "photo.jpg", photo_file, save=False)
            report.save()
            _add_update(report, ReportUpdate.Kind.CREATED, actor=actor, status=Status.OPEN, at=now)
            record_change(
                actor, ReportsEvent.REPORT_SUBMIT, report, category=category.code, source=source
            )
    except IntegrityError:
        # A concurrent retry with the same Idempotency-Key won the race.
        existing = _find_idempotent(api_key, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing
    return report


def _find_idempotent(api_key: ApiKey | None, key: str) -> Report | None:
    reports = Report.objects.filter(idempotency_key=key)
    if api_key is None:
        return reports.filter(api_key__isnull=True).first()
    return reports.filter(api_key=api_key).first()


@transaction.atomic(durable=True)
def do_support_report(report: Report, *, actor: ActorLike) -> Report:
    """Someone else has the same problem ("me too"). A merged report passes it on."""
    target = _locked(report)
    if target.duplicate_of_id:
        target = Report.objects.select_for_update().get(pk=target.duplicate_of_id)
    if not target.is_open:
        raise ValidationError(
            _("This report is closed. If the problem is back, make a new report.")
        )
    now = timezone.now()
    Report.objects.filter(pk=target.pk).update(supporters=F("supporters") + 1, updated_at=now)
    target.refresh_from_db()
    _add_update(target, ReportUpdate.Kind.SUPPORTED, actor=actor, at=now)
    record_change(actor, ReportsEvent.REPORT_SUPPORT, target)
    if target.pk == report.pk:
        _refresh(report, target)
    return target


@transaction.atomic(durable=True)
def do_change_status(
    report: Report,
    status: str,
    *,
    public_note: str = "",
    private_note: str = "",
    actor: ActorLike,
) -> ReportUpdate:
    _check_manage(actor, report)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    if status == Status.DUPLICATE:
        raise ValidationError({"status": _("Merge duplicates with the merge action.")})
    public_note = _note(public_note)
    private_note = _note(private_note, "private_note")
    locked = _locked(report)
    old = locked.status
    now = timezone.now()
    _set_status_fields(locked, status, now)
    if public_note:
        locked.status_note = public_note
    locked.save(update_fields=["status", "is_open", "closed_at", "updated_at", "status_note"])
    update = _add_update(
        locked,
        ReportUpdate.Kind.STATUS,
        actor=actor,
        status=status,
        public_note=public_note,
        private_note=private_note,
        at=now,
    )
    record_change(actor, ReportsEvent.REPORT_STATUS, locked, old=old, new=status)
    _refresh(report, locked)
    return update


@transaction.atomic(durable=True)
def do_add_note(
    report: Report, *, public_note: str = "", private_note: str = "", actor: ActorLike
) -> ReportUpdate:
    """A note on the timeline; one with only a private note stays on staff pages."""
    _check_manage(actor, report)
    public_note = _note(public_note)
    private_note = _note(private_note, "private_note")
    if not public_note and not private_note:
        raise ValidationError({"public_note": _("Write a note.")})
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(updated_at=now)
    report.updated_at = now
    update = _add_update(
        report,
        ReportUpdate.Kind.NOTE,
        actor=actor,
        public_note=public_note,
        private_note=private_note,
        is_public=bool(public_note),
        at=now,
    )
    record_change(actor, ReportsEvent.REPORT_NOTE, report, public=bool(public_note))
    return update


@transaction.atomic(durable=True)
def do_assign_report(report: Report, assignee: User | None, *, actor: ActorLike) -> ReportUpdate:
    """Give the report to one staff member (None: unassign). Internal, not public."""
    _check_manage(actor, report)
    if assignee is not None and not can_manage_report(assignee, report):
        raise ValidationError({"assignee": _("That person cannot work on this report.")})
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(assignee=assignee, updated_at=now)
    report.assignee = assignee
    report.updated_at = now
    update = _add_update(
        report,
        ReportUpdate.Kind.ASSIGNED,
        actor=actor,
        private_note=str(assignee) if assignee else _("Unassigned"),
        is_public=False,
        at=now,
    )
    record_change(
        actor, ReportsEvent.REPORT_ASSIGN, report, assignee=assignee.pk if assignee else None,
    )
    return update


@transaction.atomic(durable=True)
def do_set_priority(report: Report, priority: int, *, actor: ActorLike) -> ReportUpdate:
    """Priority 1 (most urgent) to 5."""
    _check_manage(actor, report)
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        priority = 0
    if not 1 <= priority <= 5:
        raise ValidationError({"priority": _("Choose a priority from 1 (urgent) to 5.")})
    old = report.priority
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(priority=priority, updated_at=now)
    report.priority = priority
    report.updated_at = now
    update = _add_update(
        report,
        ReportUpdate.Kind.PRIORITY,
        actor=actor,
        private_note=f"{old} → {priority}",
        is_public=False,
        at=now,
    )
    record_change(actor, ReportsEvent.REPORT_PRIORITY, report, old=old, new=priority)
    return update


@transaction.atomic(durable=True)
def do_set_due_date(
    report: Report, due: dt.datetime | dt.date | None, *, actor: ActorLike
) -> ReportUpdate:
    """When the organization expects to fix it (Open311 expected_datetime); None clears."""
    _check_manage(actor, report)
    if isinstance(due, dt.date) and not isinstance(due, dt.datetime):
        due = timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59)))
    elif isinstance(due, dt.datetime) and timezone.is_naive(due):
        due = timezone.make_aware(due)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(expected_at=due, updated_at=now)
    report.expected_at = due
    report.updated_at = now
    note = (
        _("Expected by %(date)s") % {"date": timezone.localtime(due).date().isoformat()}
        if due
        else _("No date set")
    )
    update = _add_update(report, ReportUpdate.Kind.DUE_DATE, actor=actor, public_note=note, at=now)
    record_change(actor, ReportsEvent.REPORT_DUE, report, due=due.isoformat() if due else None)
    return update


@transaction.atomic(durable=True)
def do_merge_reports(keep: Report, duplicates: Iterable[Report], *, actor: ActorLike) -> Report:
    """Close each duplicate as "duplicate" of `keep`; their supporters count for `keep`."""
    dupes = list(duplicates)
    if not dupes:
        raise ValidationError({"duplicates": _("Choose the reports to merge.")})
    _check_manage(actor, keep)
    for dupe in dupes:
        _check_manage(actor, dupe)
    locked_keep = _locked(keep)
    if locked_keep.duplicate_of_id:
        raise ValidationError(
            {"keep": _("That report is itself a duplicate; merge into #%(id)s.")
             % {"id": locked_keep.duplicate_of_id}}
        )
    now = timezone.now()
    added = 0
    merged_ids = []
    for dupe in dupes:
        if dupe.pk == keep.pk:
            raise ValidationError({"duplicates": _("A report cannot duplicate itself.")})
        locked = _locked(dupe)
        if locked.duplicate_of_id:
            raise ValidationError(
                {"duplicates": _("#%(id)s is already merged.") % {"id": locked.pk}}
            )
        _set_status_fields(locked, Status.DUPLICATE, now)
        locked.duplicate_of = locked_keep
        locked.save(
            update_fields=["status", "is_open", "closed_at", "updated_at", "duplicate_of"]
        )
        # Merged reports' own followers move too, so nobody's "me too" is lost.
        Report.objects.filter(duplicate_of=locked).update(duplicate_of=locked_keep)
        added += locked.supporters + 1
        merged_ids.append(locked.pk)
        _add_update(
            locked,
            ReportUpdate.Kind.MERGED,
            actor=actor,
            status=Status.DUPLICATE,
            public_note=_("Merged into report #%(id)s.") % {"id": locked_keep.pk},
            at=now,
        )
        _refresh(dupe, locked)
    Report.objects.filter(pk=locked_keep.pk).update(
        supporters=F("supporters") + added, updated_at=now
    )
    locked_keep.refresh_from_db()
    _add_update(
        locked_keep,
        ReportUpdate.Kind.MERGED,
        actor=actor,
        public_note=_("Reports %(ids)s merged into this one.")
        % {"ids": ", ".join(f"#{pk}" for pk in merged_ids)},
        at=now,
    )
    record_change(actor, ReportsEvent.REPORT_MERGE, locked_keep, duplicates=merged_ids)
    _refresh(keep, locked_keep)
    return keep


@transaction.atomic(durable=True)
def do_reroute_report(
    report: Report,
    organization: Organization,
    reason: str,
    *,
    private_note: str = "",
    actor: ActorLike,
) -> ReportUpdate:
    """Send the report to another organization; the reason shows on the public timeline."""
    _check_manage(actor, report)
    reason = _note(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Say why the report goes elsewhere.")})
    if organization is None or not organization.is_active:
        raise ValidationError({"organization": _("Choose an active organization.")})
    old = report.organization_id
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        organization=organization, assignee=None, updated_at=now
    )
    report.organization = organization
    report.assignee = None
    report.updated_at = now
    update = _add_update(
        report,
        ReportUpdate.Kind.REROUTED,
        actor=actor,
        public_note=_("Sent to %(org)s: %(reason)s") % {"org": organization.name, "reason": reason},
        private_note=_note(private_note, "private_note"),
        at=now,
    )
    record_change(
        actor, ReportsEvent.REPORT_REROUTE, report, old=old, new=organization.pk, reason=reason,
    )
    return update


@transaction.atomic(durable=True)
def do_recategorise_report(
    report: Report, category: Category, reason: str, *, actor: ActorLike
) -> ReportUpdate:
    """Move the report to the right category; it is routed again for that category."""
    _check_manage(actor, report)
    reason = _note(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Say why the category changes.")})
    try:
        validate_category(category)
    except ValidationError as error:
        raise ValidationError({"category": error.messages}) from None
    old = report.category
    organization = route_for(category, report.area)
    now = timezone.now()
    public_lat, public_lon = public_point(
        report.lat, report.lon, report.h3_cell, category.location_privacy
    )
    Report.objects.filter(pk=report.pk).update(
        category=category, organization=organization, updated_at=now,
        public_lat=public_lat, public_lon=public_lon,
    )
    report.public_lat, report.public_lon = public_lat, public_lon
    report.category = category
    report.organization = organization
    report.updated_at = now
    update = _add_update(
        report,
        ReportUpdate.Kind.RECATEGORISED,
        actor=actor,
        public_note=_("Category changed from %(old)s to %(new)s: %(reason)s")
        % {"old": old.name, "new": category.name, "reason": reason},
        at=now,
    )
    record_change(
        actor, ReportsEvent.REPORT_RECATEGORISE, report,
        old=old.code, new=category.code, reason=reason,
        organization=organization.pk if organization else None,
    )
    return update


def _token_matches(report: Report, token: str | None) -> bool:
    return bool(token) and bool(report.reporter_token) and secrets.compare_digest(
        str(token), report.reporter_token
    )


@transaction.atomic(durable=True)
def do_confirm_fixed(report: Report, *, token: str, note: str = "") -> ReportUpdate:
    """The reporter (by the token in their link) says the problem is fixed."""
    if not _token_matches(report, token):
        raise PermissionDenied(_("This link is not valid for this report."))
    locked = _locked(report)
    if locked.status == Status.DUPLICATE:
        raise ValidationError(_("This report was merged into another one."))
    now = timezone.now()
    if locked.status != Status.FIXED:
        _set_status_fields(locked, Status.FIXED, now)
    locked.updated_at = now
    locked.save(update_fields=["status", "is_open", "closed_at", "updated_at"])
    update = _add_update(
        locked,
        ReportUpdate.Kind.CONFIRMED,
        actor=None,
        status=Status.FIXED,
        public_note=_note(note),
        at=now,
    )
    record_change(None, ReportsEvent.REPORT_CONFIRM_FIXED, locked)
    _refresh(report, locked)
    return update


@transaction.atomic(durable=True)
def do_reopen_report(
    report: Report, *, token: str | None = None, note: str, actor: ActorLike = None
) -> ReportUpdate:
    """Reopen a closed report: the reporter by their token, or staff who manage it."""
    if not _token_matches(report, token):
        if actor is None or not can_manage_report(actor, report):
            raise PermissionDenied(_("This link is not valid for this report."))
    note = _note(note)
    if not note:
        raise ValidationError({"note": _("Say what is still wrong.")})
    locked = _locked(report)
    if locked.is_open:
        raise ValidationError(_("This report is still open."))
    if locked.status == Status.DUPLICATE:
        raise ValidationError(_("This report was merged into another one."))
    now = timezone.now()
    _set_status_fields(locked, Status.REOPENED, now)
    locked.status_note = note
    locked.save(update_fields=["status", "is_open", "closed_at", "updated_at", "status_note"])
    update = _add_update(
        locked,
        ReportUpdate.Kind.REOPENED,
        actor=actor,
        status=Status.REOPENED,
        public_note=note,
        at=now,
    )
    record_change(actor, ReportsEvent.REPORT_REOPEN, locked, by_reporter=actor is None)
    _refresh(report, locked)
    return update


# ---------------------------------------------------------------------------- categories

CATEGORY_FIELDS = {
    "code", "name", "description", "group", "keywords", "default_organization",
    "allows_anonymous", "location_privacy", "target_days", "is_active", "order",
}  # fmt: skip
ATTRIBUTE_FIELDS = {
    "code", "description", "datatype", "datatype_description", "required", "order", "values",
}  # fmt: skip


def _clean_category(category: Category) -> None:
    category.code = slugify(category.code)[:64]
    if not category.code:
        raise ValidationError({"code": _("Give the category a code (letters, digits, dashes).")})
    if not category.name.strip():
        raise ValidationError({"name": _("Give the category a name.")})
    if category.location_privacy not in Category.LocationPrivacy.values:
        raise ValidationError({"location_privacy": _("Choose exact or blurred.")})
    clash = Category.objects.filter(code=category.code).exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError({"code": _("Another category already uses that code.")})


def _reject_unknown_fields(given: dict[str, Any], allowed: set[str], kind: str) -> None:
    """A misspelt keyword would otherwise be dropped silently; callers are code, so raise."""
    unknown = set(given) - allowed
    if unknown:
        raise TypeError(f"unknown {kind} fields: {sorted(unknown)}")


@transaction.atomic
def do_create_category(*, code: str, name: str, actor: ActorLike, **fields: Any) -> Category:
    _check_categories(actor)
    _reject_unknown_fields(fields, CATEGORY_FIELDS, "category")
    category = Category(code=code, name=name, **fields)
    _clean_category(category)
    category.save()
    record_change(actor, ReportsEvent.CATEGORY_CREATE, category, code=category.code)
    return category


@transaction.atomic(durable=True)
def do_update_category(category: Category, *, actor: ActorLike, **changes: Any) -> Category:
    _check_categories(actor)
    _reject_unknown_fields(changes, CATEGORY_FIELDS, "category")
    before = {name: str(getattr(category, name)) for name in changes}
    old_privacy = Category.objects.get(pk=category.pk).location_privacy
    for name, value in changes.items():
        setattr(category, name, value)
    _clean_category(category)
    category.save()
    if category.location_privacy != old_privacy:
        refresh_public_points(category)
    record_change(
        actor, ReportsEvent.CATEGORY_UPDATE, category,
        changes={name: [before[name], str(getattr(category, name))] for name in changes},
    )
    return category


def refresh_public_points(category: Category) -> int:
    """Rewrite the public location of every report in `category` after a privacy change."""
    reports = Report.objects.filter(category=category).exclude(lat=None)
    if category.location_privacy != Category.LocationPrivacy.BLURRED:
        return reports.update(public_lat=F("lat"), public_lon=F("lon"))
    changed = 0
    # A located report without a cell would keep its exact point; give it its cell first.
    missing = reports.filter(h3_cell="").exclude(lon=None)
    for pk, lat, lon in missing.values_list("pk", "lat", "lon"):
        if lat is not None and lon is not None:
            Report.objects.filter(pk=pk).update(h3_cell=h3_cell(lat, lon))
    # One UPDATE per cell: every report in a cell publishes the same point.
    for cell in reports.exclude(h3_cell="").values_list("h3_cell", flat=True).distinct():
        lat, lon = public_point(0.0, 0.0, cell, category.location_privacy)
        changed += reports.filter(h3_cell=cell).update(public_lat=lat, public_lon=lon)
    return changed


def _clean_attribute(attribute: Attribute) -> None:
    attribute.code = slugify(attribute.code)[:64]
    if not attribute.code:
        raise ValidationError({"code": _("Give the question a code.")})
    if not attribute.description.strip():
        raise ValidationError({"description": _("Write the question.")})
    if attribute.datatype not in Attribute.Datatype.values:
        raise ValidationError({"datatype": _("Choose a kind of answer.")})
    if attribute.datatype in (Attribute.Datatype.SINGLE, Attribute.Datatype.MULTI):
        values = attribute.values or []
        cleaned = []
        for item in values:
            if isinstance(item, dict):
                key, label = str(item.get("key", "")).strip(), str(item.get("name", "")).strip()
            else:
                key, label = slugify(str(item)), str(item).strip()
            if not key or not label:
                raise ValidationError({"values": _("Every choice needs a key and a name.")})
            cleaned.append({"key": key, "name": label})
        if not cleaned:
            raise ValidationError({"values": _("List the choices.")})
        if len({c["key"] for c in cleaned}) != len(cleaned):
            raise ValidationError({"values": _("Choice keys must differ.")})
        attribute.values = cleaned
    else:
        attribute.values = []
    clash = Attribute.objects.filter(category=attribute.category, code=attribute.code)
    if clash.exclude(pk=attribute.pk).exists():
        raise ValidationError({"code": _("This category already has a question with that code.")})


@transaction.atomic
def do_add_attribute(
    category: Category, *, code: str, description: str, datatype: str, actor: ActorLike,
    **fields: Any,
) -> Attribute:
    _check_categories(actor)
    _reject_unknown_fields(fields, ATTRIBUTE_FIELDS, "attribute")
    attribute = Attribute(
        category=category, code=code, description=description, datatype=datatype, **fields
    )
    _clean_attribute(attribute)
    attribute.save()
    record_change(actor, ReportsEvent.CATEGORY_ATTRIBUTE_ADD, category, code=attribute.code)
    return attribute


@transaction.atomic
def do_update_attribute(attribute: Attribute, *, actor: ActorLike, **changes: Any) -> Attribute:
    _check_categories(actor)
    _reject_unknown_fields(changes, ATTRIBUTE_FIELDS, "attribute")
    for name, value in changes.items():
        setattr(attribute, name, value)
    _clean_attribute(attribute)
    attribute.save()
    record_change(
        actor, ReportsEvent.CATEGORY_ATTRIBUTE_UPDATE, attribute.category, code=attribute.code,
        fields=sorted(changes),
    )
    return attribute


@transaction.atomic(durable=True)
def do_delete_attribute(attribute: Attribute, *, actor: ActorLike) -> None:
    """Remove a question. Answers already given stay on their reports."""
    _check_categories(actor)
    category, code = attribute.category, attribute.code
    attribute.delete()
    record_change(actor, ReportsEvent.CATEGORY_ATTRIBUTE_DELETE, category, code=code)


@transaction.atomic(durable=True)
def do_add_route(
    category: Category, area: Area | None, organization: Organization, *, actor: ActorLike
) -> Route:
    """Make `organization` responsible for `category` in `area` (None: everywhere else).

    Replaces the route for that area if there was one. Existing reports keep their
    organization; re-route them one by one if needed.
    """
    _check_categories(actor)
    if organization is None:
        raise ValidationError({"organization": _("Choose an organization.")})
    route = Route.objects.filter(category=category, area=area).first()
    if route is None:
        route = Route.objects.create(category=category, area=area, organization=organization)
    else:
        route.organization = organization
        route.save(update_fields=["organization"])
    record_change(
        actor, ReportsEvent.CATEGORY_ROUTE, category, area=area.pk if area else None,
        organization=organization.pk,
    )
    return route


@transaction.atomic(durable=True)
def do_remove_route(route: Route, *, actor: ActorLike) -> None:
    _check_categories(actor)
    category, area_id = route.category, route.area_id
    route.delete()
    record_change(actor, ReportsEvent.CATEGORY_ROUTE_REMOVE, category, area=area_id)


# ---------------------------------------------------------------------------- API keys


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def do_issue_api_key(
    name: str, organization: Organization | None, *, actor: ActorLike
) -> tuple[ApiKey, str]:
    """A new Open311 key. Only its hash is stored: show `raw_key` once, then forget it."""
    if actor is not None:
        _require(can_issue_api_keys(actor))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the client that will use this key.")})
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        name=name[:120],
        prefix=raw_key[: len(API_KEY_PREFIX) + 6][:12],
        key_hash=hash_api_key(raw_key),
        organization=organization,
        created_by=_user(actor),
    )
    record_change(actor, ReportsEvent.APIKEY_ISSUE, api_key, name=api_key.name)
    return api_key, raw_key


@transaction.atomic
def do_revoke_api_key(api_key: ApiKey, *, actor: ActorLike) -> ApiKey:
    if actor is not None:
        _require(can_issue_api_keys(actor))
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        record_change(actor, ReportsEvent.APIKEY_REVOKE, api_key)
    return api_key


def find_api_key(raw_key: str) -> ApiKey | None:
    """The live key matching `raw_key`, or None (unknown or revoked)."""
    if not raw_key:
        return None
    return ApiKey.objects.filter(
        key_hash=hash_api_key(raw_key.strip()), revoked_at__isnull=True
    ).first()
