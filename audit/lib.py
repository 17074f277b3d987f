"""Write audit entries. Called from `do_*` actions inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from audit.models import AuditEntry


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": ""}
    return {"actor": actor, "actor_label": actor.email}


def _target_fields(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": ""}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": str(target)[:200],
    }


def record_change(
    actor: Any, action: str, target: models.Model | None = None, **detail: Any
) -> AuditEntry:
    return AuditEntry.objects.create(
        kind=AuditEntry.Kind.CHANGE,
        action=action,
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
