from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_target(self, target: models.Model) -> AuditEntryQuerySet:
        return self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))

    def with_actor(self) -> AuditEntryQuerySet:
        return self.select_related("actor")


class AuditEntry(models.Model):
    """Who did what to which record, and when. Rows are never edited or deleted by the app."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("Change")
        ACCESS = "access", _("Access to personal data")

    class ActorKind(models.TextChoices):
        USER = "user", _("Person with an account")
        ANONYMOUS = "anonymous", _("Anonymous visitor")
        API_CLIENT = "api_client", _("API client")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Who acted, as kind, id and role at the time: no name or email, so an erased account
    # leaves no personal data here (the link to the account shows who it is while it exists).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_kind = models.CharField(
        max_length=12, choices=ActorKind.choices, default=ActorKind.SYSTEM
    )
    actor_role = models.CharField(max_length=20, blank=True)
    # The id of the actor: a user's id, an API key's id, or the system job's name.
    actor_ref = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = f"{self.actor_kind}:{self.actor_ref}" if self.actor_ref else self.actor_kind
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action}"
