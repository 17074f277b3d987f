"""Community events and meetings: types, events, RSVPs, feedback, agenda items, and the
officers' everyday positive-interaction log.

An event is one meeting or, with a weekly recurrence, a series ("coffee with a cop every
Tuesday"). A series is one row: RSVPs, capacity and check-in belong to the series (a
standing "I'll come"), while calendars expand it with an RRULE and the week and month
views show each occurrence. `last_ends_at` (the end of the last occurrence) is computed
when the event is written so "upcoming" is one indexed comparison.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# A weekly series runs at most a year; beyond that a coordinator renews it.
MAX_WEEKLY_OCCURRENCES = 52


def spanish() -> bool:
    return (get_language() or "en").split("-")[0] == "es"


class EventType(models.Model):
    """A kind of event (seeded by migration 0002; coordinators may add more in admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_es = models.CharField(_("name in Spanish"), max_length=80)
    # Meetings carry an agenda and minutes.
    is_meeting = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_es if spanish() and self.name_es else self.name


class EventQuerySet(models.QuerySet["Event"]):
    def scheduled(self) -> EventQuerySet:
        return self.filter(status=Event.Status.SCHEDULED)

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        """Scheduled events with an occurrence still to come, soonest first."""
        return (
            self.scheduled()
            .filter(last_ends_at__gte=now or timezone.now())
            .order_by("starts_at", "pk")
        )

    def overlapping(self, start: datetime, end: datetime) -> EventQuerySet:
        """Events (series included) with some occurrence possibly within [start, end)."""
        return self.filter(starts_at__lt=end, last_ends_at__gt=start)

    def for_listing(self) -> EventQuerySet:
        return self.select_related("event_type", "area").only(
            "id", "title", "title_es", "starts_at", "ends_at", "last_ends_at", "recurrence",
            "recurrence_count", "status", "capacity", "going_count", "location_name",
            "lat", "lon", "area__id", "area__name", "area__slug", "area__level",
            "event_type__id", "event_type__code", "event_type__name", "event_type__name_es",
            "languages",
        )

    def attended_by(self, profile: Any) -> EventQuerySet:
        return self.filter(officers=profile)

    def managed_by_organizations(self, organization_ids: Any) -> EventQuerySet:
        return self.filter(
            Q(host_organization_id__in=organization_ids)
            | Q(cohosts__id__in=organization_ids)
        ).distinct()


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class Recurrence(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = "weekly", _("Every week")

    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    title = models.CharField(_("title"), max_length=160)
    title_es = models.CharField(_("title in Spanish"), max_length=160, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=5000, blank=True)
    # Where: a point picked on the map (and its neighborhood, found from it), or just a
    # neighborhood for events that move around it (a walk).
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events", verbose_name=_("neighborhood"),
    )
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, blank=True, default=""
    )
    recurrence_count = models.PositiveSmallIntegerField(_("number of times"), default=1)
    # End of the last occurrence, computed on write (see the module docstring).
    last_ends_at = models.DateTimeField(db_index=True)
    accessibility_notes = models.TextField(_("accessibility"), max_length=1000, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Separate with commas.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    host_organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="hosted_events", verbose_name=_("host"),
    )
    cohosts = models.ManyToManyField(
        "accounts.Organization", blank=True, related_name="cohosted_events",
        verbose_name=_("co-hosts"),
    )
    officers = models.ManyToManyField(
        "accounts.OfficerProfile", blank=True, related_name="events",
        verbose_name=_("officers attending"),
    )
    walk = models.ForeignKey(
        "reports.Walk", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("neighborhood walk"),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Seats held (going) and people waiting, kept under the event's row lock by the
    # actions so lists show "3 places left" without counting RSVPs.
    going_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    walk_ins = models.PositiveIntegerField(_("walk-ins"), default=0)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "last_ends_at", "starts_at"], name="event_upcoming"),
            models.Index(fields=["area", "starts_at"], name="event_area_start"),
            models.Index(fields=["event_type", "starts_at"], name="event_type_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return self.title_es if spanish() and self.title_es else self.title

    @property
    def display_description(self) -> str:
        return self.description_es if spanish() and self.description_es else self.description

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_recurring(self) -> bool:
        return self.recurrence == self.Recurrence.WEEKLY and self.recurrence_count > 1

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.going_count)

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    def occurrences(self) -> list[tuple[datetime, datetime]]:
        """Every (start, end), repeated weekly in the site's zone (so a 6 pm meeting
        stays at 6 pm across a daylight-saving change)."""
        if not self.is_recurring:
            return [(self.starts_at, self.ends_at)]
        zone = timezone.get_default_timezone()
        local_start = timezone.localtime(self.starts_at, zone).replace(tzinfo=None)
        duration = self.duration
        found = []
        for week in range(self.recurrence_count):
            start = timezone.make_aware(local_start + timedelta(weeks=week), zone)
            found.append((start, start + duration))
        return found

    def next_occurrence(self, now: datetime | None = None) -> tuple[datetime, datetime] | None:
        now = now or timezone.now()
        for start, end in self.occurrences():
            if end >= now:
                return start, end
        return None

    def compute_last_ends_at(self) -> datetime:
        return self.occurrences()[-1][1]


class RsvpQuerySet(models.QuerySet["Rsvp"]):
    def holding(self) -> RsvpQuerySet:
        """RSVPs that hold a seat or a waitlist place."""
        return self.filter(status__in=[Rsvp.Status.GOING, Rsvp.Status.WAITLISTED])

    def going(self) -> RsvpQuerySet:
        return self.filter(status=Rsvp.Status.GOING)

    def waitlist(self) -> RsvpQuerySet:
        return self.filter(status=Rsvp.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def for_check_in(self, event: Event) -> RsvpQuerySet:
        return self.filter(event=event, status=Rsvp.Status.GOING).select_related("user")


class Rsvp(models.Model):
    """One person's answer to an event: with an account (user) or with a name and an
    email address confirmed through a signed link (status PENDING until then)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="event_rsvps",
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    # The language the person answered in: their emails are written in it.
    language = models.CharField(max_length=8, default="en")
    # The short code typed at the door (and signed into the QR code).
    code = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status"], name="rsvp_event_status")]
        constraints = [
            # One live answer per person and event: a double RSVP is refused by the
            # database as well as by the action.
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="one_live_rsvp_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(user__isnull=True) & ~Q(status="cancelled"),
                name="one_live_rsvp_per_email",
            ),
            models.UniqueConstraint(fields=["event", "code"], name="unique_rsvp_code"),
        ]

    def __str__(self) -> str:
        return f"RSVP {self.pk} to event {self.event_id}"

    @property
    def person_name(self) -> str:
        if self.user_id is not None:
            return str(self.user)
        return self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id is not None and self.user else self.email


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def for_trust(self) -> Any:
        """What the trust module reads: answers with the event's type and area."""
        return self.values(
            "event_id", "event__event_type__code", "area_id", "worth_time",
            "know_officer_better", "submitted_at",
        )


class Feedback(models.Model):
    """The two-question form after an event. Anonymous by design: it keeps the event
    and the answers, not who gave them (the RSVP only marks that feedback was given).
    The trust module reads it through `Feedback.objects.for_trust()`."""

    class Worth(models.TextChoices):
        YES = "yes", _("Yes")
        SOMEWHAT = "somewhat", _("Somewhat")
        NO = "no", _("No")

    class KnowOfficer(models.TextChoices):
        YES = "yes", _("Yes")
        NOT_SURE = "not_sure", _("Not sure")
        NO = "no", _("No")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL)
    worth_time = models.CharField(_("Was it worth your time?"), max_length=10,
                                  choices=Worth.choices)
    know_officer_better = models.CharField(
        _("Do you feel you know an officer better?"), max_length=10,
        choices=KnowOfficer.choices,
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = FeedbackQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Feedback {self.pk} on event {self.event_id}"


class FeedbackReceipt(models.Model):
    """That an RSVP has answered the feedback form (so it cannot answer twice), kept
    apart from the answers so those stay anonymous."""

    rsvp = models.OneToOneField(Rsvp, on_delete=models.CASCADE, related_name="feedback_receipt")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Feedback given for RSVP {self.rsvp_id}"


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def action_items(self) -> AgendaItemQuerySet:
        """The hook for the commitments module: action items with owner and due date."""
        return self.filter(is_action_item=True).select_related(
            "event", "owner_organization"
        )


class AgendaItem(models.Model):
    """An item on a meeting's agenda; its minutes may make it an action item."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=200)
    notes = models.TextField(_("minutes for this item"), max_length=5000, blank=True)
    is_action_item = models.BooleanField(_("action item"), default=False)
    owner_name = models.CharField(_("owner"), max_length=120, blank=True)
    owner_organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("owner organization"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class InteractionQuerySet(models.QuerySet["Interaction"]):
    def in_period(self, start: datetime, end: datetime) -> InteractionQuerySet:
        return self.filter(occurred_at__gte=start, occurred_at__lt=end)


class Interaction(models.Model):
    """A positive, non-enforcement contact an officer logged. No names: only the kind,
    the neighborhood, the minutes and a short checked note."""

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Conversation")
        HELP = "help", _("Help given")
        SCHOOL = "school", _("School visit")
        BUSINESS = "business", _("Business check-in")
        YOUTH = "youth", _("Youth contact")
        REFERRAL = "referral", _("Referral made")
        OTHER = "other", _("Other")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The officer's police unit when logged, so totals by unit survive transfers.
    unit = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        "places.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("neighborhood")
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=280, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["area", "occurred_at"], name="interaction_area_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.minutes} min)"
