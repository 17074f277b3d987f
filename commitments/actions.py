"""Every write to the commitments board.

Each `do_*` runs inside one transaction, checks `commitments.permissions` against `actor`,
writes an audit entry and, for a commitment, a public history entry (`Change`). On any
ValidationError or PermissionDenied nothing is saved. `actor=None` is the system (imports,
the demo, other modules' hooks) and is trusted; views always pass `request.user`.

A parent commitment's progress is the weighted roll-up of its children's; it is
recomputed up the chain whenever a child changes, and the chain can never loop because
setting a parent refuses any parent that is the commitment itself or one of its parts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.photos import check_photo, prepare_photo
from audit.lib import record_change
from commitments import notify
from commitments.events import CommitmentsEvent
from commitments.models import (
    Change,
    Commitment,
    Milestone,
    Origin,
    Side,
    Status,
    Theme,
)
from commitments.permissions import (
    can_be_responsible_for_commitment,
    can_configure_commitments,
    can_create_commitment,
    can_update_commitment,
)
from places.models import Area
from trustbeat.lib.text import has_forbidden_characters

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
POLICE_KINDS = frozenset({Organization.Kind.POLICE_DEPARTMENT, Organization.Kind.POLICE_UNIT})
# Fields a commitment's edit may change (the rest are derived or set by other actions).
EDITABLE_FIELDS = (
    "title_en", "title_es", "description_en", "description_es", "side", "owner", "theme",
    "start_date", "due_date", "origin", "source_label", "source_url", "parent", "weight",
    "is_citywide", "external_id",
)
TEXT_LIMITS = {"title_en": 200, "title_es": 200, "description_en": 5000,
               "description_es": 5000, "source_label": 200, "source_url": 500}
MULTILINE = frozenset({"description_en", "description_es"})


# ---------------------------------------------------------------------------- helpers


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this."))


def _user(actor: Any) -> User | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _label(actor: Any) -> str:
    """Who made a change, as the public history shows it: the role ("Officer",
    "Partner staff"), never a name or email, so an erased account leaves nothing behind."""
    user = _user(actor)
    return str(user.get_role_display()) if user is not None else ""


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the public history."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_progress(value: Any, field: str = "progress") -> int:
    """A whole percentage from 0 to 100, or a ValidationError naming the field."""
    message = _("Progress is a percentage from 0 to 100.")
    if isinstance(value, bool):
        raise ValidationError({field: message})
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise ValidationError({field: message}) from None
    if not 0 <= number <= 100:
        raise ValidationError({field: message})
    return number


def _clean_text(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        if name not in values:
            continue
        text = str(values[name] or "").strip()
        if has_forbidden_characters(text, multiline=name in MULTILINE):
            errors[name] = _("This field contains characters that are not allowed.")
        elif len(text) > limit:
            errors[name] = _("Keep this under %(limit)d characters.") % {"limit": limit}
        values[name] = text
    if "title_en" in values and not values["title_en"]:
        errors["title_en"] = _("Give the commitment an English title.")
    url = values.get("source_url") or ""
    if url and not (url.startswith(("https://", "http://", "/"))):
        errors["source_url"] = _("A source link starts with https:// or /.")
    if errors:
        raise ValidationError(errors)


def _would_cycle(commitment: Commitment | None, parent: Commitment | None) -> bool:
    """True when `parent` is `commitment` or lies below it (walking up from `parent`)."""
    if commitment is None or commitment.pk is None or parent is None:
        return False
    seen: set[int] = set()
    current_id: int | None = parent.pk
    while current_id is not None and current_id not in seen:
        if current_id == commitment.pk:
            return True
        seen.add(current_id)
        current_id = (
            Commitment.objects.filter(pk=current_id).values_list("parent_id", flat=True).first()
        )
    return current_id is not None  # a loop already in the data: refuse to add to it


def _validate(values: dict[str, Any], commitment: Commitment | None) -> None:
    """Checks across fields; each message names what to fix."""
    errors: dict[str, str] = {}
    start, due = values.get("start_date"), values.get("due_date")
    if start is None:
        errors["start_date"] = _("Give a start date.")
    if due is None:
        errors["due_date"] = _("Give a due date.")
    if start is not None and due is not None and due < start:
        errors["due_date"] = _("The due date cannot be before the start date.")
    if values.get("side") not in Side.values:
        errors["side"] = _("Choose the police or the community side.")
    if values.get("theme") not in Theme.values:
        errors["theme"] = _("Choose a listed theme.")
    if values.get("origin") not in Origin.values:
        errors["origin"] = _("Choose a listed origin.")
    owner = values.get("owner")
    if not isinstance(owner, Organization):
        errors["owner"] = _("Choose the organization that makes this commitment.")
    elif values.get("side") in Side.values:
        police_owner = owner.kind in POLICE_KINDS
        if values["side"] == Side.POLICE and not police_owner:
            errors["owner"] = _("A police commitment is owned by the department or one of "
                                "its units.")
        if values["side"] == Side.COMMUNITY and police_owner:
            errors["owner"] = _("A community commitment is owned by a community or partner "
                                "organization, not a police unit.")
    weight = values.get("weight", 1)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
        errors["weight"] = _("The weight is a whole number from 0 to 100.")
    parent = values.get("parent")
    if parent is not None and _would_cycle(commitment, parent):
        errors["parent"] = _("A commitment cannot be part of itself or of one of its own "
                             "parts.")
    external_id = values.get("external_id")
    if external_id:
        clash = Commitment.objects.filter(external_id=external_id)
        if commitment is not None and commitment.pk is not None:
            clash = clash.exclude(pk=commitment.pk)
        if has_forbidden_characters(external_id) or len(external_id) > 64:
            errors["external_id"] = _("An external id is up to 64 plain characters.")
        elif clash.exists():
            errors["external_id"] = _("Another commitment already has this external id.")
    if errors:
        raise ValidationError(errors)


def _check_areas(areas: Iterable[Area], is_citywide: bool) -> list[Area]:
    areas = list(areas)
    if not areas and not is_citywide:
        raise ValidationError({"areas": _("Choose at least one neighborhood, or mark the "
                                          "commitment citywide.")})
    return areas


def _check_responsible(people: Iterable[User]) -> list[User]:
    people = list(people)
    if not all(can_be_responsible_for_commitment(person) for person in people):
        raise ValidationError({"responsible": _("The people responsible are staff members "
                                                "with an active account.")})
    return people


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update().get(pk=commitment.pk)


def _refresh(target: Commitment, source: Commitment) -> None:
    for field in Commitment._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _history(commitment: Commitment, kind: str, fields: dict[str, Any], actor: Any,
             at: dt.datetime) -> Change:
    change = Change.objects.create(commitment=commitment, kind=kind, fields=fields,
                                   actor_label=_label(actor), at=at)
    # Followers hear of it once the change has committed.
    notify.change_happened(change)
    return change


def _source_fields(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {"source_type": None, "source_id": ""}
    return {"source_type": ContentType.objects.get_for_model(source),
            "source_id": str(source.pk)}


def default_status() -> Status:
    status = Status.objects.filter(is_active=True).order_by("order", "code").first()
    if status is None:
        raise ValidationError({"status": _("No commitment statuses are set up yet.")})
    return status


# ---------------------------------------------------------------------------- roll-up


def rollup_progress(children: Iterable[tuple[int, int]]) -> int | None:
    """The weighted mean of (progress, weight) pairs, rounded; None when nothing weighs."""
    total = weight_sum = 0
    for progress, weight in children:
        total += progress * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return int((total + weight_sum // 2) // weight_sum)


def _roll_up_from(parent_id: int | None, actor: Any, now: dt.datetime) -> None:
    """Recompute every ancestor's progress, nearest first. `seen` makes a loop that got
    into the data some other way (a raw SQL edit) end the walk instead of spinning."""
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        parent = Commitment.objects.select_for_update().get(pk=parent_id)
        pairs = parent.children.values_list("progress", "weight")
        value = rollup_progress(pairs)
        if value is not None and value != parent.progress:
            _history(parent, Change.Kind.ROLLUP, {"progress": [parent.progress, value]},
                     actor, now)
            parent.progress = value
            parent.updated_at = parent.last_update_at = now
            parent.save(update_fields=["progress", "updated_at", "last_update_at"])
        parent_id = parent.parent_id


def _has_children(commitment: Commitment) -> bool:
    return commitment.pk is not None and commitment.children.exists()


# ---------------------------------------------------------------------------- commitments


def do_create_commitment(
    *,
    title_en: str,
    side: str,
    owner: Organization,
    theme: str,
    start_date: dt.date,
    due_date: dt.date,
    title_es: str = "",
    description_en: str = "",
    description_es: str = "",
    status: Status | None = None,
    progress: Any = None,
    areas: Iterable[Area] = (),
    is_citywide: bool = False,
    responsible: Iterable[User] = (),
    origin: str = Origin.PLAIN,
    source: models.Model | None = None,
    source_label: str = "",
    source_url: str = "",
    parent: Commitment | None = None,
    weight: int = 1,
    external_id: str | None = None,
    actor: Any,
) -> Commitment:
    if actor is not None:
        _require(can_create_commitment(actor, owner if isinstance(owner, Organization)
                                       else None),
                 _("You may only make commitments for your own organization."))
        if parent is not None:
            _require(can_update_commitment(actor, parent),
                     _("You may only add parts to commitments of your own organization."))
    values: dict[str, Any] = {
        "title_en": title_en, "title_es": title_es, "description_en": description_en,
        "description_es": description_es, "side": side, "owner": owner, "theme": theme,
        "start_date": start_date, "due_date": due_date, "origin": origin,
        "source_label": source_label, "source_url": source_url, "parent": parent,
        "weight": weight, "is_citywide": bool(is_citywide),
        "external_id": (external_id or "").strip() or None,
    }
    _clean_text(values)
    _validate(values, None)
    area_list = _check_areas(areas, bool(is_citywide))
    people = _check_responsible(responsible)
    with transaction.atomic():
        status = status or default_status()
        value = parse_progress(progress) if progress not in (None, "") else (
            status.default_progress)
        now = timezone.now()
        commitment = Commitment.objects.create(
            **values, status=status, progress=value, is_closed=status.is_closed,
            created_at=now, updated_at=now, last_update_at=now, created_by=_user(actor),
            **_source_fields(source),
        )
        commitment.areas.set(area_list)
        commitment.responsible.set(people)
        _history(commitment, Change.Kind.CREATED,
                 {"status": [None, status.name_en], "progress": [None, value]}, actor, now)
        record_change(actor, CommitmentsEvent.CREATED, commitment, owner=owner.pk,
                      side=side, origin=origin)
        _roll_up_from(commitment.parent_id, actor, now)
    return commitment


def do_create_commitment_from_source(
    source: models.Model,
    *,
    origin: str,
    title_en: str,
    owner: Organization,
    side: str | None = None,
    theme: str = Theme.OTHER,
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
    source_label: str = "",
    source_url: str = "",
    actor: Any,
    **fields: Any,
) -> Commitment:
    """The hook other modules call to turn something of theirs into a commitment.

    The events module turns a meeting's action item into one with
    `do_create_commitment_from_source(action_item, origin=Origin.MEETING, title_en=...,
    owner=organization, actor=request.user)`; the link goes both ways: the commitment
    points at the source (a generic relation) and `Commitment.objects.from_source(obj)`
    lists what was made of it. Defaults: the side follows the owner's kind, the start is
    today and the due date 90 days on. A source already turned into a commitment by the
    same owner is refused, so a double click makes one, not two.
    """
    if origin not in Origin.values:
        raise ValidationError({"origin": _("Choose a listed origin.")})
    existing = commitments_from_source(source).filter(owner=owner)
    if existing.exists():
        raise ValidationError(_("This has already been made into a commitment."),
                              code="duplicate")
    today = timezone.localdate()
    side = side or (Side.POLICE if owner.kind in POLICE_KINDS else Side.COMMUNITY)
    return do_create_commitment(
        title_en=title_en, side=side, owner=owner, theme=theme,
        start_date=start_date or today, due_date=due_date or today + dt.timedelta(days=90),
        origin=origin, source=source, source_label=source_label or str(source)[:200],
        source_url=source_url, actor=actor, **fields,
    )


def commitments_from_source(source: models.Model) -> models.QuerySet[Commitment]:
    """What was made of `source` (the reverse side of the origin link)."""
    return Commitment.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk)
    )


def do_update_commitment(
    commitment: Commitment,
    *,
    actor: Any,
    areas: Iterable[Area] | None = None,
    responsible: Iterable[User] | None = None,
    **changes: Any,
) -> Commitment:
    """Change the details (not status or progress: those are `do_set_status` /
    `do_set_progress`, so each appears in the history as what it is)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if actor is not None:
        _require(can_update_commitment(actor, commitment),
                 _("You may only change commitments of your own organization."))
        new_owner = changes.get("owner")
        if isinstance(new_owner, Organization) and new_owner.pk != commitment.owner_id:
            _require(can_create_commitment(actor, new_owner),
                     _("You may only hand a commitment to your own organization."))
        new_parent = changes.get("parent")
        if new_parent is not None and new_parent.pk != commitment.parent_id:
            _require(can_update_commitment(actor, new_parent),
                     _("You may only add parts to commitments of your own organization."))
    with transaction.atomic():
        current = _locked(commitment)
        values = {name: getattr(current, name) for name in EDITABLE_FIELDS}
        values.update(changes)
        if "external_id" in changes:
            values["external_id"] = (changes["external_id"] or "").strip() or None
        _clean_text(values)
        _validate(values, current)
        area_list = None
        if areas is not None or "is_citywide" in changes:
            area_list = _check_areas(areas if areas is not None else current.areas.all(),
                                     bool(values["is_citywide"]))
        people = _check_responsible(responsible) if responsible is not None else None
        changed = {
            name: [_plain(getattr(current, name)), _plain(values[name])]
            for name in EDITABLE_FIELDS if getattr(current, name) != values[name]
        }
        if area_list is not None:
            before = sorted(current.areas.values_list("name", flat=True))
            after = sorted(area.name for area in area_list)
            if before != after:
                changed["areas"] = [before, after]
            current.areas.set(area_list)
        if people is not None:
            before = sorted(str(p) for p in current.responsible.all())
            after = sorted(str(p) for p in people)
            if before != after:
                changed["responsible"] = [before, after]
            current.responsible.set(people)
        if not changed:
            _refresh(commitment, current)
            return commitment
        old_parent_id = current.parent_id
        for name in EDITABLE_FIELDS:
            setattr(current, name, values[name])
        now = timezone.now()
        current.updated_at = current.last_update_at = now
        current.save()
        _history(current, Change.Kind.EDITED, changed, actor, now)
        record_change(actor, CommitmentsEvent.EDITED, current, fields=sorted(changed))
        if old_parent_id != current.parent_id:
            _roll_up_from(old_parent_id, actor, now)
        _roll_up_from(current.parent_id, actor, now)
        if "weight" in changed:
            _roll_up_from(current.parent_id, actor, now)
    _refresh(commitment, current)
    return commitment


def do_set_status(
    commitment: Commitment, status: Status, *, actor: Any, progress: Any = None
) -> Commitment:
    """Move to `status`; progress becomes the status's default unless one is given (a
    commitment with parts keeps the roll-up of its parts)."""
    if actor is not None:
        _require(can_update_commitment(actor, commitment),
                 _("You may only change commitments of your own organization."))
    with transaction.atomic():
        current = _locked(commitment)
        if not status.is_active:
            raise ValidationError({"status": _("This status is no longer in use.")})
        rolled = _has_children(current)
        if rolled:
            if progress not in (None, ""):
                raise ValidationError({"progress": _(
                    "This commitment's progress is the roll-up of its parts; update the "
                    "parts instead.")})
            value = current.progress
        else:
            value = (parse_progress(progress) if progress not in (None, "")
                     else status.default_progress)
        if status.pk == current.status_id and value == current.progress:
            _refresh(commitment, current)
            return commitment
        now = timezone.now()
        fields: dict[str, list[Any]] = {"status": [current.status.name_en, status.name_en]}
        if value != current.progress:
            fields["progress"] = [current.progress, value]
        current.status, current.progress, current.is_closed = status, value, status.is_closed
        current.updated_at = current.last_update_at = now
        current.save(update_fields=["status", "progress", "is_closed", "updated_at",
                                    "last_update_at"])
        _history(current, Change.Kind.STATUS, fields, actor, now)
        record_change(actor, CommitmentsEvent.STATUS, current, status=status.code,
                      progress=value)
        _roll_up_from(current.parent_id, actor, now)
    _refresh(commitment, current)
    return commitment


def do_set_progress(commitment: Commitment, progress: Any, *, actor: Any) -> Commitment:
    if actor is not None:
        _require(can_update_commitment(actor, commitment),
                 _("You may only change commitments of your own organization."))
    value = parse_progress(progress)
    with transaction.atomic():
        current = _locked(commitment)
        if _has_children(current):
            raise ValidationError({"progress": _(
                "This commitment's progress is the roll-up of its parts; update the parts "
                "instead.")})
        if value != current.progress:
            now = timezone.now()
            _history(current, Change.Kind.PROGRESS, {"progress": [current.progress, value]},
                     actor, now)
            record_change(actor, CommitmentsEvent.PROGRESS, current,
                          before=current.progress, after=value)
            current.progress = value
            current.updated_at = current.last_update_at = now
            current.save(update_fields=["progress", "updated_at", "last_update_at"])
            _roll_up_from(current.parent_id, actor, now)
    _refresh(commitment, current)
    return commitment


def _check_document(upload: UploadedFile[Any]) -> ContentFile[bytes]:
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The document is too large: the limit is "
                                             "10 MB.")})
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The document is too large: the limit is "
                                             "10 MB.")})
    # PDF only: it cannot run script in our origin the way an HTML or SVG file could.
    if not data.startswith(b"%PDF-"):
        raise ValidationError({"document": _("Upload the document as a PDF file.")})
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


def do_add_milestone(
    commitment: Commitment,
    *,
    date: dt.date,
    text_en: str,
    actor: Any,
    text_es: str = "",
    photo: UploadedFile[Any] | None = None,
    photo_alt: str = "",
    document: UploadedFile[Any] | None = None,
    link: str = "",
    progress: Any = None,
) -> Milestone:
    """A dated update with its evidence; a given progress moves the commitment's too."""
    if actor is not None:
        _require(can_update_commitment(actor, commitment),
                 _("You may only change commitments of your own organization."))
    errors: dict[str, str] = {}
    text_en, text_es = (text_en or "").strip(), (text_es or "").strip()
    photo_alt, link = (photo_alt or "").strip(), (link or "").strip()
    if not text_en:
        errors["text_en"] = _("Say what happened, in English at least.")
    for name, text in (("text_en", text_en), ("text_es", text_es)):
        if len(text) > 4000:
            errors[name] = _("Keep this under %(limit)d characters.") % {"limit": 4000}
        elif has_forbidden_characters(text, multiline=True):
            errors[name] = _("This field contains characters that are not allowed.")
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = _("A link starts with https:// or http://.")
    if photo is not None and not photo_alt:
        errors["photo_alt"] = _("Describe the photo for people who cannot see it.")
    if date > timezone.localdate():
        errors["date"] = _("A milestone is something that has happened: the date cannot "
                           "be in the future.")
    value = None
    if progress not in (None, ""):
        try:
            value = parse_progress(progress)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    photo_file = None
    if photo is not None:
        try:
            check_photo(photo)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
        photo_file = prepare_photo(photo)
    document_file = _check_document(document) if document is not None else None
    with transaction.atomic():
        current = _locked(commitment)
        if value is not None and _has_children(current):
            raise ValidationError({"progress": _(
                "This commitment's progress is the roll-up of its parts; update the parts "
                "instead.")})
        now = timezone.now()
        milestone = Milestone(commitment=current, date=date, text_en=text_en, text_es=text_es,
                              photo_alt=photo_alt, link=link, progress=value,
                              author=_user(actor), created_at=now)
        if photo_file is not None:
            milestone.photo.save(photo_file.name or "photo.jpg", photo_file, save=False)
        if document_file is not None:
            milestone.document.save(document_file.name or "document.pdf", document_file,
                                    save=False)
        milestone.save()
        fields: dict[str, Any] = {"milestone": [None, text_en[:120]]}
        if value is not None and value != current.progress:
            fields["progress"] = [current.progress, value]
            current.progress = value
        current.updated_at = current.last_update_at = now
        current.save(update_fields=["progress", "updated_at", "last_update_at"])
        _history(current, Change.Kind.MILESTONE, fields, actor, now)
        record_change(actor, CommitmentsEvent.MILESTONE, current, milestone=milestone.pk)
        _roll_up_from(current.parent_id, actor, now)
    _refresh(commitment, current)
    return milestone


# ---------------------------------------------------------------------------- statuses


def do_save_status(
    *,
    code: str,
    name_en: str,
    actor: Any,
    name_es: str = "",
    default_progress: Any = 0,
    is_closed: bool = False,
    is_done: bool = False,
    order: int = 0,
    is_active: bool = True,
) -> Status:
    """Create a status, or change the one with this code."""
    if actor is not None:
        _require(can_configure_commitments(actor))
    value = parse_progress(default_progress, "default_progress")
    name_en, name_es, code = name_en.strip(), name_es.strip(), code.strip()
    if not name_en:
        raise ValidationError({"name_en": _("Give the status an English name.")})
    with transaction.atomic():
        status, created = Status.objects.update_or_create(
            code=code,
            defaults={"name_en": name_en, "name_es": name_es, "default_progress": value,
                      "is_closed": is_closed, "is_done": is_done, "order": order,
                      "is_active": is_active},
        )
        record_change(actor, CommitmentsEvent.STATUS_SAVED, status, created=created)
    return status
