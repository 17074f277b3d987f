"""Write audit entries. Called from `do_*` actions inside their transaction.

`actor` is an `accounts.actors.Actor` (a User, Anonymous, ApiClient or System); `None` and
Django's AnonymousUser are still accepted and mean the system and an anonymous visitor.
`action` is a member of the app's event enum (`<app>/events.py`), a `StrEnum`, so plain
strings from older callers still work.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from accounts.actors import Anonymous, ApiClient, System, as_actor
from audit.models import AuditEntry


def _actor_fields(value: Any) -> dict[str, Any]:
    """Kind, id and role: never a name or email, so an erased account leaves no trace."""
    actor = as_actor(value)
    if isinstance(actor, ApiClient):
        return {"actor": None, "actor_kind": actor.kind, "actor_role": "",
                "actor_ref": str(actor.key_id)}
    if isinstance(actor, System):
        return {"actor": None, "actor_kind": actor.kind, "actor_role": "",
                "actor_ref": actor.job[:64]}
    if isinstance(actor, Anonymous):
        return {"actor": None, "actor_kind": actor.kind, "actor_role": "", "actor_ref": ""}
    return {"actor": actor, "actor_kind": "user", "actor_role": actor.role,
            "actor_ref": str(actor.pk)}


def _target_fields(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": ""}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": _target_label(target),
    }


# Models whose str() names a person: the log identifies them by type and id only.
PERSONAL_MODELS = {settings.AUTH_USER_MODEL.lower(), "accounts.membership",
                   "accounts.officerprofile"}


def _target_label(target: models.Model) -> str:
    if target._meta.label_lower in PERSONAL_MODELS:
        return ""
    return str(target)[:200]


def record_change(
    actor: Any, action: str, target: models.Model | None = None, **detail: Any
) -> AuditEntry:
    return AuditEntry.objects.create(
        kind=AuditEntry.Kind.CHANGE,
        action=str(action),
        detail=detail,
        **_actor_fields(actor),
        **_target_fields(target),
    )


def record_access(actor: Any, target: models.Model, purpose: str, **detail: Any) -> AuditEntry:
    """Log that staff viewed someone's personal data, and why (the page that showed it)."""
    return AuditEntry.objects.create(
        kind=AuditEntry.Kind.ACCESS,
        action=f"view:{purpose}",
        detail=detail,
        **_actor_fields(actor),
        **_target_fields(target),
    )
