"""Who may do what with commitments. Every view, template and action asks here.

- everyone (signed in or not): read the public board, a commitment, its milestones and
  history; follow it; signed-in residents comment;
- coordinators and admins: everything — every organization's commitments, statuses,
  the comment queue, the quarterly review, imports;
- officers and partner staff: create and update the commitments of the organizations they
  belong to (an officer of a police unit, partner staff of their organization), nobody
  else's.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from accounts.permissions import (
    COORDINATION_ROLES,
    belongs_to,
    has_role,
    is_staff_role,
    organization_ids,
    predicate,
)

# Roles that act for an organization on the board (with a membership).
MEMBER_ROLES = (Role.OFFICER, Role.PARTNER)


@predicate
def can_manage_commitments(user: Any, obj: Any = None) -> bool:
    """Sees the staff list of commitments at all: coordinators, and members acting for an
    organization."""
    if has_role(user, *COORDINATION_ROLES):
        return True
    return has_role(user, *MEMBER_ROLES) and bool(organization_ids(user))


@predicate
def can_create_commitment(user: Any, obj: Any = None) -> bool:
    """`obj` is the owning organization, when the form has chosen one."""
    if has_role(user, *COORDINATION_ROLES):
        return True
    if not has_role(user, *MEMBER_ROLES):
        return False
    if obj is None:
        return bool(organization_ids(user))
    return belongs_to(user, getattr(obj, "pk", None))


@predicate
def can_update_commitment(user: Any, obj: Any = None) -> bool:
    if has_role(user, *COORDINATION_ROLES):
        return True
    if obj is None or not has_role(user, *MEMBER_ROLES):
        return False
    return belongs_to(user, obj.owner_id)


@predicate
def can_configure_commitments(user: Any, obj: Any = None) -> bool:
    """Statuses, imports, the quarterly review and comment moderation."""
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_moderate_comments(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_comment_on_commitment(user: Any, obj: Any = None) -> bool:
    """Any signed-in person; comments wait for a coordinator before they show."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.is_active)


@predicate
def can_be_responsible_for_commitment(user: Any, obj: Any = None) -> bool:
    """The people named responsible are staff with an active account, so a resident's
    name is never published as someone who owes the city something."""
    return is_staff_role(user)
