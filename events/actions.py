"""Every write of the events app: `do_<verb>_<noun>(..., *, actor)`, atomic and audited.

Seats are counted under the event's row lock (`select_for_update`, a real lock on
PostgreSQL; SQLite serialises writers with IMMEDIATE transactions), so two people taking
the last seat at once get one seat and one waitlist place, never two seats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import OfficerProfile, Organization, User
from audit.lib import record_change
from events.events import EventsEvent
from events.models import (
    MAX_WEEKLY_OCCURRENCES,
    AgendaItem,
    Event,
    EventType,
    Feedback,
    FeedbackReceipt,
    Interaction,
    Rsvp,
)
from events.tokens import new_code, normalize_code, read_check_in_token
from places.models import Area
from trustbeat.lib.tasks import enqueue_on_commit

# Check-in stays open this long after an event's last occurrence ends (late sign-ins).
CHECK_IN_GRACE = timedelta(hours=6)
# An event cannot be longer than this (a typo in the end date, not a festival).
MAX_DURATION = timedelta(hours=24)
MAX_CAPACITY = 100_000
MAX_WALK_INS = 10_000

# Sent (after commit) when an agenda item is marked as an action item, or its owner or
# due date changes: `sender=AgendaItem, item=<AgendaItem>, actor=<user or None>`. The
# commitments module connects a receiver to turn action items into commitments; until
# it exists nobody listens. See events/README.md ("Hooks").
action_item_marked = Signal()


@dataclass
class EventData:
    """What an event is made of; forms build it, actions check and store it."""

    event_type: EventType
    title: str
    starts_at: datetime
    ends_at: datetime
    title_es: str = ""
    description: str = ""
    description_es: str = ""
    area: Area | None = None
    location_name: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    recurrence: str = ""
    recurrence_count: int = 1
    accessibility_notes: str = ""
    languages: str = ""
    capacity: int | None = None
    host_organization: Organization | None = None
    cohosts: list[Organization] = field(default_factory=list)
    officers: list[OfficerProfile] = field(default_factory=list)
    walk: Any = None


def _check_event_data(data: EventData) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the event a title.")
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    elif data.ends_at - data.starts_at > MAX_DURATION:
        errors["ends_at"] = _("An event can last at most 24 hours; for longer, make a "
                              "weekly event or several events.")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Capacity must be between 1 and %(max)d, or empty for no "
                               "limit.") % {"max": MAX_CAPACITY}
    if data.recurrence not in Event.Recurrence.values:
        errors["recurrence"] = _("Choose how the event repeats.")
    elif data.recurrence == Event.Recurrence.WEEKLY and not (
        2 <= data.recurrence_count <= MAX_WEEKLY_OCCURRENCES
    ):
        errors["recurrence_count"] = _("A weekly event happens between 2 and %(max)d "
                                       "times.") % {"max": MAX_WEEKLY_OCCURRENCES}
    if (data.lat is None) != (data.lon is None):
        errors["lat"] = _("Pick the place on the map, or leave both coordinates empty.")
    if data.area is None and data.lat is None:
        errors["area"] = _("Pick the place on the map or choose a neighborhood.")
    if errors:
        raise ValidationError(errors)


def _area_for(data: EventData) -> Area | None:
    if data.lat is not None and data.lon is not None:
        from places.lookup import find_area

        return data.area or find_area(data.lat, data.lon)
    return data.area


def _apply(event: Event, data: EventData) -> None:
    for name in (
        "event_type", "title", "title_es", "description", "description_es", "location_name",
        "address", "lat", "lon", "starts_at", "ends_at", "accessibility_notes", "languages",
        "capacity", "host_organization", "walk",
    ):
        setattr(event, name, getattr(data, name))
    event.recurrence = data.recurrence
    event.recurrence_count = (
        data.recurrence_count if data.recurrence == Event.Recurrence.WEEKLY else 1
    )
    event.area = _area_for(data)
    event.last_ends_at = event.compute_last_ends_at()


@transaction.atomic
def do_create_event(data: EventData, *, actor: Any) -> Event:
    _check_event_data(data)
    if data.starts_at < timezone.now() - timedelta(days=1) and actor is not None:
        # The demo loader (actor None) creates past events to show attendance figures.
        raise ValidationError({"starts_at": _("The event cannot start in the past.")})
    event = Event(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _apply(event, data)
    event.save()
    event.cohosts.set(data.cohosts)
    event.officers.set(data.officers)
    record_change(actor, EventsEvent.EVENT_CREATE, event, title=event.title)
    return event


def _locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends (seats are counted on it)."""
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def do_update_event(event: Event, data: EventData, *, actor: Any) -> Event:
    _check_event_data(data)
    locked = _locked(event)
    if locked.is_cancelled:
        raise ValidationError(_("This event was cancelled; it can no longer be changed."))
    if data.capacity is not None and data.capacity < locked.going_count:
        raise ValidationError({"capacity": _(
            "%(going)d people already hold a place, more than the new capacity of "
            "%(capacity)d. Raise the capacity to at least %(going)d, or ask some people to "
            "cancel first; nobody loses a place they were given."
        ) % {"going": locked.going_count, "capacity": data.capacity}})
    before = {"starts_at": locked.starts_at.isoformat(), "capacity": locked.capacity}
    _apply(locked, data)
    locked.save()
    locked.cohosts.set(data.cohosts)
    locked.officers.set(data.officers)
    promoted = _promote_waitlist(locked)
    record_change(actor, EventsEvent.EVENT_UPDATE, locked, before=before, promoted=promoted)
    return locked


@transaction.atomic
def do_cancel_event(event: Event, *, reason: str = "", actor: Any) -> Event:
    locked = _locked(event)
    if locked.is_cancelled:
        raise ValidationError(_("This event is already cancelled."))
    locked.status = Event.Status.CANCELLED
    locked.cancel_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    from events.tasks import send_event_cancelled

    enqueue_on_commit(send_event_cancelled, locked.pk)
    record_change(actor, EventsEvent.EVENT_CANCEL, locked, reason=locked.cancel_reason)
    return locked


# ---------------------------------------------------------------------------- RSVPs


def _check_open_for_rsvp(event: Event, now: datetime | None = None) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event was cancelled, so it takes no more RSVPs."))
    if event.last_ends_at < (now or timezone.now()):
        raise ValidationError(_("This event is over, so it takes no more RSVPs."))


def _take_seat(event: Event, rsvp: Rsvp, now: datetime) -> None:
    """Give `rsvp` a seat or a waitlist place; `event` must be the locked row."""
    if event.capacity is None or event.going_count < event.capacity:
        rsvp.status = Rsvp.Status.GOING
        event.going_count += 1
    else:
        rsvp.status = Rsvp.Status.WAITLISTED
        rsvp.waitlisted_at = now
        event.waitlist_count += 1


def _promote_waitlist(event: Event) -> int:
    """Move people from the waitlist into free seats, oldest first, mailing each."""
    from events.tasks import send_promoted

    promoted = 0
    while event.capacity is None or event.going_count < event.capacity:
        first = Rsvp.objects.waitlist().filter(event=event).first()
        if first is None:
            break
        first.status = Rsvp.Status.GOING
        first.save(update_fields=["status"])
        event.going_count += 1
        event.waitlist_count = max(0, event.waitlist_count - 1)
        enqueue_on_commit(send_promoted, first.pk)
        record_change(None, EventsEvent.RSVP_PROMOTE, first, event=event.pk)
        promoted += 1
    if promoted:
        event.save(update_fields=["going_count", "waitlist_count"])
    return promoted


def _unique_code(event: Event) -> str:
    # 31^6 codes per event: a clash is rare, and the unique constraint backs this check.
    while True:
        code = new_code()
        if not Rsvp.objects.filter(event=event, code=code).exists():
            return code


def _double_rsvp() -> ValidationError:
    return ValidationError(_("You have already answered this event. Your RSVP link (sent "
                             "by email) shows your place and lets you cancel."))


@transaction.atomic
def do_rsvp(
    event: Event, *, user: User | None = None, name: str = "", email: str = "",
    notify: bool = True, actor: Any
) -> Rsvp:
    """An RSVP with an account takes a seat (or a waitlist place) at once; one with a
    name and email waits for its confirmation link (PENDING holds no seat). `notify`
    False sends no email (the demo's fictional people have no mailbox)."""
    now = timezone.now()
    locked = _locked(event)
    _check_open_for_rsvp(locked, now)
    rsvp = Rsvp(event=locked, created_at=now, language=(get_language() or "en")[:8])
    if user is not None and user.is_authenticated:
        if Rsvp.objects.holding().filter(event=locked, user=user).exists() or (
            Rsvp.objects.filter(event=locked, user=user, status=Rsvp.Status.PENDING).exists()
        ):
            raise _double_rsvp()
        rsvp.user = user
        rsvp.language = user.preferred_language or rsvp.language
        _take_seat(locked, rsvp, now)
    else:
        name, email = name.strip(), email.strip().lower()
        errors = {}
        if not name:
            errors["name"] = _("Enter your name.")
        if not email:
            errors["email"] = _("Enter your email address.")
        if errors:
            raise ValidationError(errors)
        if Rsvp.objects.filter(event=locked, user__isnull=True, email=email).exclude(
            status=Rsvp.Status.CANCELLED
        ).exists():
            raise _double_rsvp()
        rsvp.name, rsvp.email = name[:120], email
        rsvp.status = Rsvp.Status.PENDING
    rsvp.code = _unique_code(locked)
    try:
        with transaction.atomic():
            rsvp.save()
    except IntegrityError as error:  # the database's own guard against a double RSVP
        raise _double_rsvp() from error
    locked.save(update_fields=["going_count", "waitlist_count"])
    from events.tasks import send_rsvp_confirmation, send_rsvp_received

    if notify:
        enqueue_on_commit(
            send_rsvp_confirmation if rsvp.status == Rsvp.Status.PENDING
            else send_rsvp_received, rsvp.pk,
        )
    record_change(actor, EventsEvent.RSVP_CREATE, rsvp, event=locked.pk, status=rsvp.status,
                  guest=rsvp.user_id is None)
    return rsvp


@transaction.atomic
def do_confirm_rsvp(rsvp: Rsvp, *, actor: Any) -> Rsvp:
    """A guest opened their confirmation link and pressed Confirm."""
    now = timezone.now()
    locked = _locked(rsvp.event)
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.status != Rsvp.Status.PENDING:
        return rsvp  # a second click changes nothing
    _check_open_for_rsvp(locked, now)
    _take_seat(locked, rsvp, now)
    rsvp.save(update_fields=["status", "waitlisted_at"])
    locked.save(update_fields=["going_count", "waitlist_count"])
    record_change(actor, EventsEvent.RSVP_CONFIRM, rsvp, event=locked.pk, status=rsvp.status)
    return rsvp


@transaction.atomic
def do_cancel_rsvp(rsvp: Rsvp, *, actor: Any) -> Rsvp:
    """One click: frees the seat, and the first person waiting takes it (with an email)."""
    locked = _locked(rsvp.event)
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.status == Rsvp.Status.CANCELLED:
        return rsvp
    was = rsvp.status
    rsvp.status = Rsvp.Status.CANCELLED
    rsvp.save(update_fields=["status"])
    if was == Rsvp.Status.GOING:
        locked.going_count = max(0, locked.going_count - 1)
    elif was == Rsvp.Status.WAITLISTED:
        locked.waitlist_count = max(0, locked.waitlist_count - 1)
    locked.save(update_fields=["going_count", "waitlist_count"])
    promoted = _promote_waitlist(locked) if not locked.is_cancelled else 0
    record_change(actor, EventsEvent.RSVP_CANCEL, rsvp, event=locked.pk, was=was,
                  promoted=promoted)
    return rsvp


# ---------------------------------------------------------------------------- door


def _check_in_window(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event was cancelled."))
    if now > event.last_ends_at + CHECK_IN_GRACE:
        raise ValidationError(_("This check-in code has expired: the event is over."))
    if now < event.starts_at - timedelta(hours=12):
        raise ValidationError(_("Check-in opens on the day of the event."))


@transaction.atomic
def do_check_in(
    event: Event, *, code: str = "", token: str = "", rsvp: Rsvp | None = None, actor: Any
) -> tuple[Rsvp, bool]:
    """Check in by typed code, scanned QR token or a tick on the list. Returns the RSVP
    and whether this call checked it in (False: it already was)."""
    now = timezone.now()
    locked = _locked(event)
    if token:
        read = read_check_in_token(token.strip())
        if read is None or read[0] != locked.pk:
            raise ValidationError(_("This QR code is not valid for this event."))
        found = Rsvp.objects.filter(event=locked, pk=read[1], code=read[2]).first()
    elif code:
        found = Rsvp.objects.filter(event=locked, code=normalize_code(code)).first()
    elif rsvp is not None and rsvp.event_id == locked.pk:
        found = rsvp
    else:
        found = None
    if found is None:
        raise ValidationError(_("No RSVP for this event has that code. Check it and try "
                                "again, or count the person as a walk-in."))
    _check_in_window(locked, now)
    found = Rsvp.objects.select_for_update().get(pk=found.pk)
    if found.status != Rsvp.Status.GOING:
        raise ValidationError(_("This RSVP does not hold a place (%(status)s).")
                              % {"status": found.get_status_display()})
    if found.checked_in_at is not None:
        return found, False
    found.checked_in_at = now
    found.save(update_fields=["checked_in_at"])
    record_change(actor, EventsEvent.RSVP_CHECK_IN, found, event=locked.pk)
    return found, True


@transaction.atomic
def do_count_walk_ins(event: Event, count: int = 1, *, actor: Any) -> Event:
    """People who came without an RSVP: counted, never named. A negative count corrects
    a miscount (never below zero)."""
    locked = _locked(event)
    _check_in_window(locked, timezone.now())
    if not -MAX_WALK_INS <= count <= MAX_WALK_INS or count == 0:
        raise ValidationError(_("Count between 1 and %(max)d walk-ins at a time.")
                              % {"max": MAX_WALK_INS})
    locked.walk_ins = max(0, min(MAX_WALK_INS * 10, locked.walk_ins + count))
    locked.save(update_fields=["walk_ins"])
    record_change(actor, EventsEvent.EVENT_WALK_INS, locked, count=count, total=locked.walk_ins)
    return locked


# ---------------------------------------------------------------------------- after


@transaction.atomic
def do_submit_feedback(rsvp: Rsvp, *, worth_time: str, know_officer_better: str,
                       actor: Any) -> Feedback:
    event = rsvp.event
    if timezone.now() < event.starts_at:
        raise ValidationError(_("Feedback opens once the event has started."))
    if worth_time not in Feedback.Worth.values or (
        know_officer_better not in Feedback.KnowOfficer.values
    ):
        raise ValidationError(_("Answer both questions."))
    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(rsvp=rsvp)
    except IntegrityError as error:
        raise ValidationError(_("You have already given feedback on this event. Thank "
                                "you!")) from error
    feedback = Feedback.objects.create(
        event=event, area=event.area, worth_time=worth_time,
        know_officer_better=know_officer_better,
    )
    record_change(actor, EventsEvent.EVENT_FEEDBACK, event, feedback=feedback.pk)
    return feedback


@transaction.atomic
def do_save_agenda_item(
    event: Event,
    *,
    title: str,
    notes: str = "",
    is_action_item: bool = False,
    owner_name: str = "",
    owner_organization: Organization | None = None,
    due_date: date | None = None,
    item: AgendaItem | None = None,
    actor: Any,
) -> AgendaItem:
    """Add an agenda item, or update one (its minutes; marking it an action item)."""
    if not event.event_type.is_meeting:
        raise ValidationError(_("Only meetings have an agenda."))
    if not title.strip():
        raise ValidationError({"title": _("Give the item a title.")})
    if is_action_item and not (owner_name.strip() or owner_organization):
        raise ValidationError({"owner_name": _("An action item needs an owner.")})
    if is_action_item and due_date is None:
        raise ValidationError({"due_date": _("An action item needs a due date.")})
    was_action = (item.is_action_item, item.owner_name, item.owner_organization_id,
                  item.due_date) if item else None
    if item is None:
        last = event.agenda_items.order_by("-position").first()
        item = AgendaItem(event=event, position=(last.position + 1) if last else 1)
    elif item.event_id != event.pk:
        raise ValidationError(_("That item belongs to another meeting."))
    item.title = title.strip()
    item.notes = notes.strip()
    item.is_action_item = is_action_item
    item.owner_name = owner_name.strip() if is_action_item else ""
    item.owner_organization = owner_organization if is_action_item else None
    item.due_date = due_date if is_action_item else None
    item.save()
    record_change(actor, EventsEvent.AGENDA_ITEM_SAVE, item, event=event.pk,
                  action_item=is_action_item)
    now_action = (item.is_action_item, item.owner_name, item.owner_organization_id,
                  item.due_date)
    if item.is_action_item and now_action != was_action:
        saved = item
        transaction.on_commit(
            lambda: action_item_marked.send(sender=AgendaItem, item=saved, actor=actor)
        )
    return item


@transaction.atomic
def do_save_minutes(event: Event, minutes: str, *, actor: Any) -> Event:
    if not event.event_type.is_meeting:
        raise ValidationError(_("Only meetings have minutes."))
    event.minutes = minutes.strip()
    event.save(update_fields=["minutes", "updated_at"])
    record_change(actor, EventsEvent.EVENT_MINUTES, event)
    return event


# ---------------------------------------------------------------------------- interactions

MAX_INTERACTION_MINUTES = 480


def police_unit_of(user: User) -> Organization | None:
    membership = (
        user.memberships.filter(organization__kind=Organization.Kind.POLICE_UNIT)
        .select_related("organization").order_by("pk").first()
    )
    return membership.organization if membership else None


@transaction.atomic
def do_log_interaction(
    *, kind: str, area: Area, minutes: int, note: str = "", occurred_at: datetime | None = None,
    actor: User,
) -> Interaction:
    from events.privacy import personal_data_in

    errors: dict[str, str] = {}
    if kind not in Interaction.Kind.values:
        errors["kind"] = _("Choose what kind of interaction it was.")
    if not 1 <= minutes <= MAX_INTERACTION_MINUTES:
        errors["minutes"] = _("Minutes must be between 1 and %(max)d.") % {
            "max": MAX_INTERACTION_MINUTES}
    found = personal_data_in(note)
    if found:
        errors["note"] = _("Leave out names and personal details (%(found)s): the log "
                           "keeps no personal data.") % {"found": ", ".join(found)}
    if errors:
        raise ValidationError(errors)
    interaction = Interaction.objects.create(
        officer=actor, unit=police_unit_of(actor), kind=kind, area=area, minutes=minutes,
        note=note.strip(), occurred_at=occurred_at or timezone.now(),
    )
    record_change(actor, EventsEvent.INTERACTION_LOG, interaction, kind=kind, area=area.pk)
    return interaction
