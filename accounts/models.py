from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    OFFICER = "officer", _("Officer")
    COORDINATOR = "coordinator", _("Community-engagement coordinator")
    PARTNER = "partner", _("Partner staff")
    ADMIN = "admin", _("Administrator")


# Everyone who can see other people's data must prove a second factor at login.
STAFF_ROLES = frozenset({Role.OFFICER, Role.COORDINATOR, Role.PARTNER, Role.ADMIN})


class UserQuerySet(models.QuerySet["User"]):
    def officers(self) -> UserQuerySet:
        return self.filter(role=Role.OFFICER, is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user: User = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    preferred_language = models.CharField(_("language"), max_length=8, default="en")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # A new address the user asked for; it replaces `email` only once its link is opened,
    # so a typo cannot lock anyone out of their account.
    pending_email = models.EmailField(_("new email address"), blank=True)
    # Django admin access; only the admin role gets it (see actions.do_set_role).
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def requires_two_factor(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class Organization(models.Model):
    class Kind(models.TextChoices):
        POLICE_DEPARTMENT = "police_department", _("Police department")
        POLICE_UNIT = "police_unit", _("Police unit")
        CITY_AGENCY = "city_agency", _("City agency")
        SERVICE_PROVIDER = "service_provider", _("Service provider")
        SCHOOL = "school", _("School")
        FAITH_GROUP = "faith_group", _("Faith group")
        COMMUNITY_GROUP = "community_group", _("Community group")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    is_manager = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class OfficerProfileQuerySet(models.QuerySet["OfficerProfile"]):
    def public(self) -> OfficerProfileQuerySet:
        """Profiles an officer chose to show; the only ones public pages may list."""
        return self.filter(is_public=True, user__is_active=True, user__role=Role.OFFICER)

    def for_area(self, area: Any) -> OfficerProfileQuerySet:
        return self.filter(assignment_area=area).select_related("user", "assignment_area")


class OfficerProfile(models.Model):
    """The familiar face: what an officer chooses to tell residents of their beat."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="officer_profile")
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    assignment_area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer_profiles",
        verbose_name=_("assigned area"),
    )
    assignment = models.CharField(_("assignment"), max_length=120, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("Separate with commas.")
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="officers/", blank=True)
    is_public = models.BooleanField(_("show my profile to the public"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__display_name"]

    def __str__(self) -> str:
        return f"{self.rank} {self.user}".strip()

    @property
    def initials(self) -> str:
        parts = [p for p in str(self.user).replace("@", " ").split() if p]
        return "".join(p[0].upper() for p in parts[:2]) or "?"

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]
