"""Problem reports: categories (Open311 services), reports (service requests), their
public timeline, neighborhood walks, API keys and alert subscriptions."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    INVESTIGATING = "investigating", _("Investigating")
    IN_PROGRESS = "in_progress", _("In progress")
    ACTION_SCHEDULED = "action_scheduled", _("Action scheduled")
    REFERRED = "referred", _("Referred")
    REOPENED = "reopened", _("Reopened")
    FIXED = "fixed", _("Fixed")
    CLOSED_NOT_FIXED = "closed_not_fixed", _("Closed, not fixed")
    NOT_RESPONSIBLE = "not_responsible", _("Not our responsibility")
    DUPLICATE = "duplicate", _("Duplicate")


CLOSED_STATUSES = frozenset(
    {Status.FIXED, Status.CLOSED_NOT_FIXED, Status.NOT_RESPONSIBLE, Status.DUPLICATE}
)
# Open311 servicerequestupdates uses FixMyStreet's extended status names.
OPEN311_EXTENDED_STATUS = {
    Status.OPEN: "OPEN",
    Status.INVESTIGATING: "INVESTIGATING",
    Status.IN_PROGRESS: "IN_PROGRESS",
    Status.ACTION_SCHEDULED: "ACTION_SCHEDULED",
    Status.REFERRED: "INTERNAL_REFERRAL",
    Status.REOPENED: "REOPEN",
    Status.FIXED: "FIXED",
    Status.CLOSED_NOT_FIXED: "NO_FURTHER_ACTION",
    Status.NOT_RESPONSIBLE: "NOT_COUNCILS_RESPONSIBILITY",
    Status.DUPLICATE: "DUPLICATE",
}


class Category(models.Model):
    """A kind of problem; an Open311 service."""

    class LocationPrivacy(models.TextChoices):
        EXACT = "exact", _("Shown exactly")
        BLURRED = "blurred", _("Blurred to the surrounding area")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    keywords = models.CharField(_("keywords"), max_length=250, blank=True)
    default_organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsible organization"),
    )
    allows_anonymous = models.BooleanField(_("anonymous reports allowed"), default=True)
    location_privacy = models.CharField(
        max_length=10, choices=LocationPrivacy.choices, default=LocationPrivacy.EXACT
    )
    target_days = models.PositiveIntegerField(_("target days to fix"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Route(models.Model):
    """Which organization fixes a category in an area (area null: everywhere else)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="routes")
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.CASCADE)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="unique_route_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.category_id} in {self.area_id or 'everywhere'} → {self.organization_id}"


class Attribute(models.Model):
    """An extra question a category asks (an Open311 service-definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        TEXT = "text", _("Long text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date")
        SINGLE = "singlevaluelist", _("Choose one")
        MULTI = "multivaluelist", _("Choose any")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(max_length=64)
    description = models.CharField(_("question"), max_length=250)
    datatype = models.CharField(max_length=20, choices=Datatype.choices)
    datatype_description = models.CharField(max_length=250, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)
    # [{"key": "...", "name": "..."}] for the two list datatypes.
    values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_attribute_code")
        ]

    def __str__(self) -> str:
        return self.description


class Walk(models.Model):
    """A neighborhood walk audit (CPTED): officers and residents record problems together."""

    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL)
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.TextField(_("participants"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.title


def public_point(
    lat: float | None, lon: float | None, cell: str, privacy: str
) -> tuple[float | None, float | None]:
    """The location a report may show publicly (see Report.public_lat)."""
    if lat is None or lon is None:
        return None, None
    if privacy == Category.LocationPrivacy.BLURRED:
        from trustbeat.lib.geo import blur_point, h3_cell_center

        return h3_cell_center(cell) if cell else blur_point(lat, lon)
    return lat, lon


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(is_open=True)

    def for_queue(self) -> ReportQuerySet:
        """With what a row of the staff work queue shows."""
        return self.select_related("category", "area", "organization", "assignee")

    def public(self) -> ReportQuerySet:
        """Reports the public may see: not merged into another report."""
        return self.filter(duplicate_of__isnull=True)

    def fixed_since(self, since: datetime) -> ReportQuerySet:
        """Reports marked fixed at or after `since` (the home page's figures and list)."""
        return self.filter(status=Status.FIXED, closed_at__gte=since)


class Report(models.Model):
    """A problem somebody reported; an Open311 service request."""

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        OPEN311 = "open311", _("Open311 API")
        IMPORT = "import", _("Import")
        WALK = "walk", _("Neighborhood walk")
        STAFF = "staff", _("Staff")

    class LocationFlag(models.TextChoices):
        OK = "ok", _("Inside the service area")
        MISSING = "missing", _("No location given")
        OUTSIDE = "outside", _("Outside the loaded areas")

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Derived from status when written, so list filters use one indexed column.
    is_open = models.BooleanField(default=True)
    status_note = models.TextField(blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    zipcode = models.CharField(max_length=12, blank=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    h3_cell = models.CharField(max_length=16, blank=True, db_index=True)
    # The point public outputs (API, map, feeds) show: the exact point, or for a blurred
    # category the centre of its H3 cell. Written with lat/lon and recomputed when a
    # category's privacy changes, so public reads and bbox filters never see the exact
    # spot of a sensitive report.
    public_lat = models.FloatField(null=True, blank=True)
    public_lon = models.FloatField(null=True, blank=True)
    location_flag = models.CharField(
        max_length=10, choices=LocationFlag.choices, default=LocationFlag.OK
    )

    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    priority = models.PositiveSmallIntegerField(default=3)

    # Private: never rendered on public pages or in the public API.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    reporter_name = models.CharField(max_length=120, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_phone = models.CharField(max_length=40, blank=True)
    # Lets the reporter confirm a fix or reopen without an account (link in their email).
    reporter_token = models.CharField(max_length=43, blank=True)

    photo = models.ImageField(upload_to="reports/%Y/%m/", blank=True)
    media_url = models.URLField(blank=True)

    requested_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    expected_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    external_source = models.CharField(max_length=40, blank=True)
    # The id the report had in the system it was imported from; staff search by it.
    external_id = models.CharField(
        _("original request id"), max_length=64, blank=True, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    supporters = models.PositiveIntegerField(default=0)  # "me too" count
    walk = models.ForeignKey(
        Walk, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    api_key = models.ForeignKey(
        "reports.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["is_open", "category", "requested_at"]),
            models.Index(fields=["category", "requested_at"]),
            models.Index(fields=["updated_at"]),
            models.Index(fields=["lat", "lon"]),
            models.Index(fields=["public_lat", "public_lon"]),
            models.Index(fields=["area", "requested_at"]),
            models.Index(fields=["organization", "is_open"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_external_report",
            ),
            models.UniqueConstraint(
                fields=["api_key", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category_id}"


class ReportUpdate(models.Model):
    """One entry of a report's timeline. Private notes never leave staff pages."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Reported")
        STATUS = "status", _("Status changed")
        NOTE = "note", _("Note")
        ASSIGNED = "assigned", _("Assigned")
        PRIORITY = "priority", _("Priority changed")
        REROUTED = "rerouted", _("Sent to another organization")
        RECATEGORISED = "recategorised", _("Category changed")
        MERGED = "merged", _("Merged as duplicate")
        SUPPORTED = "supported", _("Someone else reported it too")
        CONFIRMED = "confirmed", _("Reporter confirmed the fix")
        REOPENED = "reopened", _("Reopened")
        DUE_DATE = "due_date", _("Due date changed")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    public_note = models.TextField(blank=True)
    private_note = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class ApiKey(models.Model):
    """An Open311 client's key. Only a hash is stored; the key is shown once at issue."""

    name = models.CharField(max_length=120)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Alert(models.Model):
    """An email subscription to changes: one report, an area, a category, or near a point."""

    class Kind(models.TextChoices):
        REPORT = "report", _("One report")
        AREA = "area", _("A neighborhood")
        CATEGORY = "category", _("A category")
        RADIUS = "radius", _("Near a place")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField()
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE)
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    radius_m = models.PositiveIntegerField(null=True, blank=True)
    token = models.CharField(max_length=43, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} alert for {self.email}"
