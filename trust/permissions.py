"""Who may do what in the trust module.

- coordinators and admins build surveys, issue invitations, import answers and see
  commendations (every view of a filer's details is logged);
- officers see their own feedback card and, once enough residents answered, its results;
- unit supervisors (managers of a police unit) see their unit's aggregates, as do
  coordinators and admins (never an officer's individual results);
- complaints are visible only to members of the body that handles them (internal affairs
  or a civilian oversight board, `TRUST_COMPLAINT_BODY`), every view logged; nobody else,
  admins included, sees a complainant or the officer named.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.models import Membership, Organization, Role
from accounts.permissions import (
    COORDINATION_ROLES,
    belongs_to,
    has_role,
    is_active_user,
    organization_ids,
    predicate,
)


@predicate
def can_manage_surveys(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_view_own_card(user: Any, obj: Any = None) -> bool:
    return has_role(user, Role.OFFICER)


@predicate
def can_hold_feedback_card(user: Any, obj: Any = None) -> bool:
    """Feedback cards are for serving officers."""
    return has_role(user, Role.OFFICER)


def supervised_unit_ids(user: Any) -> frozenset[int]:
    """Police units the user manages (cached on the user for the request)."""
    if not has_role(user, Role.OFFICER):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_trust_units", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(
                user=user, is_manager=True,
                organization__kind=Organization.Kind.POLICE_UNIT,
            ).values_list("organization_id", flat=True)
        )
        user._trust_units = cached
    return cached


@predicate
def can_view_unit_feedback(user: Any, obj: Any = None) -> bool:
    if has_role(user, *COORDINATION_ROLES):
        return True
    units = supervised_unit_ids(user)
    return bool(units) and (obj is None or obj.pk in units)


def complaint_body_id() -> int | None:
    slug = getattr(settings, "TRUST_COMPLAINT_BODY", "")
    if not slug:
        return None
    return Organization.objects.filter(slug=slug).values_list("pk", flat=True).first()


@predicate
def can_handle_complaints(user: Any, obj: Any = None) -> bool:
    """Members of the complaints body; with a complaint, members of the body it went to."""
    if not is_active_user(user):
        return False
    if obj is not None:
        return belongs_to(user, obj.body_id)
    body = complaint_body_id()
    return body is not None and body in organization_ids(user)


@predicate
def can_view_commendations(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES)
