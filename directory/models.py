"""The directory: HSDS 3.0 records (organizations, services, locations…) and referrals.

Table and field names follow Open Referral HSDS 3.0 so that import, export and the API
map one field to one column. Ids are UUIDs, as the standard says. Three things are ours:

- `Location.is_confidential`: a domestic-violence shelter or similar. Its address and
  coordinates never leave the server (no map, no export, no API, no distance).
- `OpeningPeriod`: one row per weekday and opening period, derived from `Schedule` when a
  schedule is written, so "open now" is an indexed lookup rather than RRULE parsing.
- `Referral` (+ `ReferralEvent`): an officer's referral of a person to a service, with the
  closed-loop status history. Personal details are purged after a retention period.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Record(models.Model):
    """An HSDS record: a UUID id, and a plain label for the admin and audit log."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.id}"


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet["TaxonomyTerm"]):
    def top_level(self) -> TaxonomyTermQuerySet:
        return self.filter(parent__isnull=True)


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    code = models.CharField(max_length=100, blank=True, db_index=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    # The name of the taxonomy when it is only known by name (HSDS `taxonomy` field).
    taxonomy_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    tax_status = models.CharField(max_length=100, blank=True)
    tax_id = models.CharField(max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    logo = models.URLField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # The platform organization whose partner staff edit this record (and receive its
    # referrals). Null for providers that are not on the platform.
    owner = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_organizations",
    )
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(status=ServiceStatus.ACTIVE)

    def owned_by(self, organization_ids: Any) -> ServiceQuerySet:
        return self.filter(organization__owner_id__in=organization_ids)

    def stale(self, before: Any) -> ServiceQuerySet:
        """Not verified since `before` (or never)."""
        return self.filter(models.Q(assured_date__lt=before) | models.Q(assured_date__isnull=True))


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="services"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    wait_time = models.CharField(max_length=300, blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # Freshness: when and by whom the record was last checked.
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    # The IANA zone its schedules are expressed in ("open now" is computed there).
    timezone = models.CharField(max_length=64, default="America/Los_Angeles")
    # Derived when written: free or low cost (from cost options and fee text).
    is_free = models.BooleanField(default=False, db_index=True)
    # Derived when written: name, alternate name, description and term names, folded to
    # lower case without accents, for full-text search (and the SQLite fallback).
    search_text = models.TextField(blank=True)
    # Derived when written: name, alternate name and term names, folded; short enough
    # for trigram similarity (typos) to mean something.
    search_title = models.CharField(max_length=1000, blank=True)
    # Derived when written: the lower-case language codes of the service and its
    # locations, space-separated with a space at each end (" en es ") so that a filter is
    # a plain `contains " es "`.
    language_codes = models.CharField(max_length=200, blank=True)
    freshness_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class LocationQuerySet(models.QuerySet["Location"]):
    def public(self) -> LocationQuerySet:
        """Locations that may be shown, mapped and exported: never confidential ones."""
        return self.filter(is_confidential=False)


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=300, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)
    external_identifier_type = models.CharField(max_length=200, blank=True)
    is_confidential = models.BooleanField(
        _("confidential location"),
        default=False,
        help_text=_("A shelter or similar place whose address must never be shown."),
    )
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_locations",
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name or str(self.id)


class ServiceAtLocation(Record):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")
        ]


class Address(Record):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=300)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20, db_index=True)
    country = models.CharField(max_length=2, default="US")
    address_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    def one_line(self) -> str:
        parts = [
            self.address_1,
            self.address_2,
            self.city,
            f"{self.state_province} {self.postal_code}",
        ]
        return ", ".join(p.strip() for p in parts if p and p.strip())


class Contact(Record):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)


class Phone(Record):
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=60)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    @property
    def tel(self) -> str:
        """The number as a tel: URI target (digits and a leading +)."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        if len(digits) == 10:
            return f"+1{digits}"
        return f"+{digits}" if digits else ""


class Schedule(Record):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True)
    bymonthday = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)


class OpeningPeriod(models.Model):
    """One weekday's opening period of a service, derived from a Schedule when written.

    `closes` earlier than or equal to `opens` means the period runs past midnight into
    the next day (an overnight shelter open 19:00–07:00).
    """

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="periods")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField()  # Monday = 0, as datetime.weekday()
    opens = models.TimeField()
    closes = models.TimeField()
    overnight = models.BooleanField(default=False)
    timezone = models.CharField(max_length=64)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "opens"]
        indexes = [models.Index(fields=["timezone", "weekday", "opens"])]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens}-{self.closes}"


class Attribute(Record):
    """Links any record (`link_entity`, `link_id`) to a taxonomy term, as HSDS does."""

    link_id = models.UUIDField()
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["link_entity", "link_id"]),
            models.Index(fields=["taxonomy_term", "link_entity"]),
        ]


class Language(Record):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)


class Accessibility(Record):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)


class CostOption(Record):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)


class ServiceArea(Record):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.CharField(max_length=500, blank=True)


class RequiredDocument(Record):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.TextField(blank=True)
    uri = models.URLField(max_length=500, blank=True)


class Funding(Record):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    source = models.TextField(blank=True)


class Metadata(Record):
    """HSDS change history of a record (what changed, when, by whom)."""

    resource_id = models.UUIDField(db_index=True)
    resource_type = models.CharField(max_length=50)
    last_action_date = models.DateTimeField(default=timezone.now)
    last_action_type = models.CharField(max_length=20)
    field_name = models.CharField(max_length=100, blank=True)
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    updated_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-last_action_date"]


# ------------------------------------------------------------------------- referrals


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    CONTACTED = "contacted", _("Contacted")
    ELIGIBLE = "eligible", _("Eligible")
    GOT_HELP = "got_help", _("Got help")
    COULD_NOT_CONTACT = "could_not_contact", _("Could not contact")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    NO_LONGER_INTERESTED = "no_longer_interested", _("No longer interested")


# Statuses that close the loop: the referral reached an outcome.
OUTCOME_STATUSES = frozenset(
    {
        ReferralStatus.GOT_HELP,
        ReferralStatus.COULD_NOT_CONTACT,
        ReferralStatus.NOT_ELIGIBLE,
        ReferralStatus.NO_CAPACITY,
        ReferralStatus.REFERRED_ELSEWHERE,
        ReferralStatus.NO_LONGER_INTERESTED,
    }
)
# What the referred person may say about their own referral through the private link.
PERSON_STATUSES = (
    ReferralStatus.CONTACTED,
    ReferralStatus.GOT_HELP,
    ReferralStatus.NO_LONGER_INTERESTED,
    ReferralStatus.COULD_NOT_CONTACT,
)


class ContactPreference(models.TextChoices):
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    CARD = "card", _("Printed card")
    NONE = "none", _("Do not contact")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def by_officer(self, user: Any) -> ReferralQuerySet:
        return self.filter(officer=user)

    def for_providers(self, organization_ids: Any) -> ReferralQuerySet:
        return self.filter(service__organization__owner_id__in=organization_ids)


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=new_id, editable=False)
    # Referrals sent together (one person, several services) share a batch.
    batch = models.UUIDField(default=new_id, db_index=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    need = models.SlugField(max_length=40, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=30, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Consent as read to the person: the text's version and their answer.
    consent_version = models.CharField(max_length=20)
    consent_at = models.DateTimeField()
    contact_preference = models.CharField(max_length=10, choices=ContactPreference.choices)
    # Personal details: visible to the referring officer, the receiving provider and
    # admins only; blanked by the retention rule.
    person_name = models.CharField(max_length=120, blank=True)
    person_phone = models.CharField(max_length=30, blank=True)
    person_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    # The private link's secret, stored hashed (the link itself is only ever sent).
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Referral {str(self.id)[:8]}"

    @property
    def is_outcome(self) -> bool:
        return self.status in OUTCOME_STATUSES


class ReferralEvent(models.Model):
    """Every status change of a referral, with who made it."""

    class By(models.TextChoices):
        OFFICER = "officer", _("Officer")
        PROVIDER = "provider", _("Provider")
        PERSON = "person", _("Referred person")
        SYSTEM = "system", _("System")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=30, choices=ReferralStatus.choices)
    by = models.CharField(max_length=10, choices=By.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d %H:%M}"
