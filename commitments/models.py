"""The accountability board: commitments made in public by the police and by community
partners, their milestones (dated updates with evidence), their history, and the residents
who follow and comment on them.

Derived columns are kept on `Commitment` when a row is written, so the board (20,000
commitments, 200,000 milestones) reads one table: `last_update_at` (the newest milestone or
change, for the quarterly review's "age of the last update"), `is_closed` (copied from the
status), and the parent's `progress` (the weighted roll-up of its children).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _spanish() -> bool:
    return (get_language() or "en").startswith("es")


def localized(english: str, spanish: str) -> str:
    """The Spanish text on Spanish pages when there is one, else the English."""
    return spanish if spanish and _spanish() else english


class Side(models.TextChoices):
    POLICE = "police", _("Police")
    COMMUNITY = "community", _("Community")


class Theme(models.TextChoices):
    SAFETY = "safety", _("Safety and crime prevention")
    LIGHTING = "lighting", _("Lighting and streets")
    PARKS = "parks", _("Parks and public spaces")
    YOUTH = "youth", _("Youth")
    TRAFFIC = "traffic", _("Traffic and road safety")
    TRUST = "trust", _("Communication and trust")
    SERVICES = "services", _("Services and outreach")
    OTHER = "other", _("Other")


class Origin(models.TextChoices):
    MEETING = "meeting", _("Meeting action item")
    HOTSPOT = "hotspot", _("Hotspot of problem reports")
    SURVEY = "survey", _("Survey result")
    PROPOSAL = "proposal", _("Resident proposal")
    PLAIN = "plain", _("Direct entry")


class Status(models.Model):
    """A configurable step of a commitment's life, with the progress it implies.

    The first ones are created by a data migration; coordinators add or rename more.
    `is_closed` statuses (completed, withdrawn) take a commitment off the quarterly review.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80, blank=True)
    default_progress = models.PositiveSmallIntegerField(_("default progress (%)"), default=0)
    is_closed = models.BooleanField(_("closes the commitment"), default=False)
    is_done = models.BooleanField(_("counts as done"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name_plural = "statuses"
        constraints = [
            models.CheckConstraint(
                condition=Q(default_progress__lte=100), name="status_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_en, self.name_es)


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def public(self) -> CommitmentQuerySet:
        return self.filter(is_public=True)

    def open(self) -> CommitmentQuerySet:
        return self.filter(is_closed=False)

    def overdue(self, today: dt.date | None = None) -> CommitmentQuerySet:
        today = today or timezone.localdate()
        return self.filter(is_closed=False, due_date__lt=today)

    def for_area(self, area: Any) -> CommitmentQuerySet:
        """Commitments in this neighborhood (citywide ones are listed apart)."""
        return self.filter(areas=area)

    def owned_by(self, organization_ids: Any) -> CommitmentQuerySet:
        return self.filter(owner_id__in=organization_ids)

    def with_filters(self, filters: dict[str, Any]) -> CommitmentQuerySet:
        """The board's filters; every value already parsed by the filter form."""
        qs = self
        if filters.get("side"):
            qs = qs.filter(side=filters["side"])
        if filters.get("owner"):
            qs = qs.filter(owner=filters["owner"])
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        if filters.get("theme"):
            qs = qs.filter(theme=filters["theme"])
        if filters.get("area"):
            qs = qs.filter(Q(areas=filters["area"]) | Q(is_citywide=True)) if filters.get(
                "include_citywide") else qs.filter(areas=filters["area"])
        if filters.get("citywide"):
            qs = qs.filter(is_citywide=True)
        return qs

    def for_board(self) -> CommitmentQuerySet:
        """Overdue first (highlighted, never hidden), then open by due date, then closed."""
        return self.order_by("is_closed", "due_date", "id")

    def for_review(self) -> CommitmentQuerySet:
        """The quarterly review: every open commitment, stalest first."""
        return (
            self.open()
            .select_related("owner", "status")
            .order_by("last_update_at", "id")
        )


class Commitment(models.Model):
    external_id = models.CharField(
        _("external id"), max_length=64, unique=True, null=True, blank=True,
        help_text=_("The id this commitment has in a spreadsheet you import from."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    description_es = models.TextField(_("description (Spanish)"), max_length=5000, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    owner = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="commitments",
        verbose_name=_("owner"),
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="commitments_responsible",
        verbose_name=_("people responsible"),
    )
    areas = models.ManyToManyField(
        "places.Area", blank=True, related_name="commitments", verbose_name=_("neighborhoods")
    )
    is_citywide = models.BooleanField(_("citywide"), default=False)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="commitments",
                               verbose_name=_("status"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    is_closed = models.BooleanField(default=False, editable=False)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices,
                              default=Origin.PLAIN)
    # The source (a meeting's action item, a report category's hotspot, a survey…) where
    # it exists in TrustBeat; `source_label`/`source_url` describe it when it does not.
    source_type = models.ForeignKey(ContentType, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.CharField(_("source link"), max_length=500, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("part of"))
    weight = models.PositiveSmallIntegerField(
        _("weight in the parent's progress"), default=1,
        help_text=_("How much this part counts towards the commitment it belongs to."),
    )
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    last_update_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["is_closed", "due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100),
                                   name="commitment_progress_at_most_100"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("start_date")),
                                   name="commitment_due_not_before_start"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")),
                                   name="commitment_not_its_own_parent"),
        ]
        indexes = [
            models.Index(fields=["is_closed", "due_date", "id"], name="commitment_board"),
            models.Index(fields=["side", "is_closed", "due_date"], name="commitment_side"),
            models.Index(fields=["theme", "is_closed", "due_date"], name="commitment_theme"),
            models.Index(fields=["status", "due_date"], name="commitment_status"),
            models.Index(fields=["owner", "is_closed", "due_date"], name="commitment_owner"),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_es)

    @property
    def description(self) -> str:
        return localized(self.description_en, self.description_es)

    @property
    def is_overdue(self) -> bool:
        return not self.is_closed and self.due_date < timezone.localdate()


def evidence_path(instance: Milestone, filename: str) -> str:
    return f"commitments/{instance.commitment_id}/{filename}"


class Milestone(models.Model):
    """A dated update on a commitment, with its evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="milestones")
    date = models.DateField(_("date"))
    text_en = models.TextField(_("what happened (English)"), max_length=4000)
    text_es = models.TextField(_("what happened (Spanish)"), max_length=4000, blank=True)
    photo = models.ImageField(_("photo"), upload_to=evidence_path, blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    document = models.FileField(_("document (PDF)"), upload_to=evidence_path, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress after this update (%)"),
                                                null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["commitment", "-date", "-id"],
                                name="milestone_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100),
                                   name="milestone_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.text_en[:60]}"

    @property
    def text(self) -> str:
        return localized(self.text_en, self.text_es)


class Change(models.Model):
    """One entry of a commitment's public history: what changed, from what to what.

    The audit log keeps the same facts for admins; this is the public, per-commitment view
    of them, kept separately so the board never reads the audit table.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Details changed")
        STATUS = "status", _("Status changed")
        PROGRESS = "progress", _("Progress changed")
        MILESTONE = "milestone", _("Milestone added")
        ROLLUP = "rollup", _("Progress recalculated from its parts")
        IMPORTED = "imported", _("Updated by import")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # {field: [before, after]} with plain values; public facts only.
    fields = models.JSONField(default=dict)
    actor_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["commitment", "-at"], name="change_latest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.commitment_id} {self.at:%Y-%m-%d}"


class Follower(models.Model):
    """An email address following one commitment (or, with none, the whole board).

    Live only once its confirmation link is opened (double opt-in); every email carries a
    one-click unsubscribe link.
    """

    commitment = models.ForeignKey(Commitment, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField()
    token = models.CharField(max_length=43, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "email"], name="unique_follower"),
        ]

    def __str__(self) -> str:
        return f"follower of {self.commitment_id}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(state=Comment.State.PUBLISHED)

    def pending(self) -> CommentQuerySet:
        return self.filter(state=Comment.State.PENDING)


class Comment(models.Model):
    """A resident's comment. Shown only after a coordinator approves it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden after a report")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(_("name shown"), max_length=80)
    text = models.TextField(_("comment"), max_length=2000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    abuse_reports = models.PositiveIntegerField(default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "created_at"], name="comment_queue")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.commitment_id}"


class AbuseReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"abuse report on comment {self.comment_id}"
