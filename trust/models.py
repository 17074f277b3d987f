"""Surveys and their versions, answers, invitations, population margins, external score
series, officer feedback cards, commendations and complaints."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trust.instrument import DEMOGRAPHICS


class SurveyQuerySet(models.QuerySet["Survey"]):
    def open(self) -> SurveyQuerySet:
        return self.filter(status=Survey.Status.OPEN)

    def standard(self) -> Survey | None:
        return self.filter(is_standard=True).order_by("pk").first()


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    is_standard = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "SurveyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-is_standard", "title"]

    def __str__(self) -> str:
        return self.title

    def current(self) -> SurveyVersion:
        """The version new answers go to."""
        if self.current_version_id is None:
            raise SurveyVersion.DoesNotExist("survey without a version")
        return SurveyVersion.objects.get(pk=self.current_version_id)

    def title_in(self, language: str) -> str:
        return self.title_es if language.startswith("es") and self.title_es else self.title


class SurveyVersion(models.Model):
    """What respondents saw. Frozen once the survey opened with it: edits to an open survey
    make the next version, and every answer keeps the version it answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    questions = models.JSONField(default=list)
    frozen = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="unique_survey_version")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    def question(self, code: str) -> dict[str, Any] | None:
        return next((q for q in self.questions if q.get("code") == code), None)


class Invitation(models.Model):
    """A single-use answer link. Only a hash of the token is kept: a leaked database does
    not let anyone answer in someone else's name."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.survey})"


class ResponseQuerySet(models.QuerySet["Response"]):
    def for_survey(self, survey: Survey) -> ResponseQuerySet:
        return self.filter(survey=survey)


class Response(models.Model):
    """One answer to a survey. The scored answers and demographics are columns so that
    every score is one aggregate query; other answers (the open question, questions a
    coordinator added) are in `answers`."""

    class Source(models.TextChoices):
        WEB = "web", _("Neighborhood link")
        INVITATION = "invitation", _("Invitation")
        IMPORT = "import", _("Paper or vendor import")
        DEMO = "demo", _("Demo")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()
    # First day of the submission month (local time), computed on write: scores group by it.
    month = models.DateField()
    source = models.CharField(max_length=12, choices=Source.choices)
    external_id = models.CharField(max_length=100, blank=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    language = models.CharField(max_length=8, blank=True)
    safety = models.PositiveSmallIntegerField(null=True, blank=True)
    respect = models.PositiveSmallIntegerField(null=True, blank=True)
    listening = models.PositiveSmallIntegerField(null=True, blank=True)
    age_band = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    race_ethnicity = models.CharField(max_length=40, blank=True)
    tenure = models.CharField(max_length=40, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # A keyed hash of the sender's address, kept for the abuse window only (retention rule).
    source_hash = models.CharField(max_length=64, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["survey", "month", "area"], name="trust_resp_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_imported_response",
            )
        ]

    def __str__(self) -> str:
        return f"response {self.pk}"


class MarginQuerySet(models.QuerySet["Margin"]):
    def for_areas(self, area_ids: list[int]) -> MarginQuerySet:
        return self.filter(area_id__in=area_ids).order_by("area_id", "variable", "category")


class Margin(models.Model):
    """A population count for one category of one weighting variable in one area."""

    VARIABLES = DEMOGRAPHICS

    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    variable = models.CharField(max_length=40)
    category = models.CharField(max_length=40)
    population = models.PositiveBigIntegerField()

    objects = MarginQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "variable", "category"], name="unique_margin_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.variable}={self.category}: {self.population}"


class ExternalScore(models.Model):
    """A published score from elsewhere (Chicago's Elucd scores), shown as a comparison
    series and always labelled with its source."""

    source = models.CharField(max_length=120)
    level = models.CharField(max_length=20)
    place = models.CharField(max_length=80)
    period_start = models.DateField()
    measure = models.CharField(max_length=20)
    score = models.FloatField()

    class Meta:
        ordering = ["source", "level", "place", "period_start", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "level", "place", "period_start", "measure"],
                name="unique_external_score",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.place} {self.period_start} {self.measure}"


class FeedbackCard(models.Model):
    """An officer's printable card: a short code and a QR code leading to three questions."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_card"
    )
    code = models.CharField(max_length=12, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class CardAnswer(models.Model):
    """An anonymous answer about one encounter: 1 (strongly disagree) to 5 (strongly agree).
    Only the day is kept, and no free text, so answers cannot be traced to a resident."""

    card = models.ForeignKey(FeedbackCard, on_delete=models.CASCADE, related_name="answers")
    submitted_on = models.DateField()
    respectful = models.PositiveSmallIntegerField()
    listened = models.PositiveSmallIntegerField()
    explained = models.PositiveSmallIntegerField()
    source_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"card answer {self.pk}"


class FilingQuerySet(models.QuerySet["Filing"]):
    def complaints(self) -> FilingQuerySet:
        return self.filter(kind=Filing.Kind.COMPLAINT)

    def for_body(self, organization_ids: frozenset[int]) -> FilingQuerySet:
        return self.complaints().filter(body_id__in=organization_ids).select_related("area")


class Filing(models.Model):
    """A commendation or a complaint about an officer."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commendation")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        NONE = "", _("Not decided yet")
        SUSTAINED = "sustained", _("Sustained")
        NOT_SUSTAINED = "not_sustained", _("Not sustained")
        EXONERATED = "exonerated", _("Exonerated")
        UNFOUNDED = "unfounded", _("Unfounded")
        MEDIATED = "mediated", _("Resolved by mediation")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    kind = models.CharField(max_length=14, choices=Kind.choices)
    reference = models.CharField(max_length=20, unique=True)
    follow_token_hash = models.CharField(max_length=64)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    officer_description = models.CharField(max_length=200, blank=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_on = models.DateField(null=True, blank=True)
    description = models.TextField()
    anonymous = models.BooleanField(default=True)
    filer_name = models.CharField(max_length=120, blank=True)
    filer_email = models.EmailField(blank=True)
    filer_phone = models.CharField(max_length=40, blank=True)
    body = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True, default="")
    note_to_filer = models.TextField(blank=True)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "status"], name="trust_filing_kind_status")]

    def __str__(self) -> str:
        return self.reference
