"""Who may do what in the directory. Views, templates and actions all ask here.

- everyone searches the directory and reads service pages (never confidential addresses);
- partner staff edit the services, locations and schedules of the organizations they
  belong to, and update the status of referrals sent to them;
- coordinators and admins edit every record;
- officers (and coordinators, admins) make referrals and see the outcomes of their own;
- a referral's personal details: the referring officer, the receiving provider, admins.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from accounts.permissions import (
    COORDINATION_ROLES,
    DEPARTMENT_ROLES,
    has_role,
    organization_ids,
    predicate,
)


def _owner_id(obj: Any) -> int | None:
    """The platform organization that owns a directory record (service, location…)."""
    organization = getattr(obj, "organization", None)
    return getattr(organization, "owner_id", None) if organization is not None else None


@predicate
def can_edit_directory(user: Any, obj: Any = None) -> bool:
    """Sees the editing pages at all (what each record allows is can_edit_service)."""
    return has_role(user, *COORDINATION_ROLES) or (
        has_role(user, Role.PARTNER) and bool(organization_ids(user))
    )


@predicate
def can_edit_service(user: Any, obj: Any = None) -> bool:
    """Coordinators edit all; partner staff the records of their own organizations."""
    if has_role(user, *COORDINATION_ROLES):
        return True
    if not has_role(user, Role.PARTNER):
        return False
    if obj is None:
        return bool(organization_ids(user))
    owner = _owner_id(obj)
    return owner is not None and owner in organization_ids(user)


@predicate
def can_make_referral(user: Any, obj: Any = None) -> bool:
    return has_role(user, *DEPARTMENT_ROLES)


@predicate
def can_view_referrals(user: Any, obj: Any = None) -> bool:
    """Has a referral list: officers (their own), providers (theirs), admins (all)."""
    return has_role(user, *DEPARTMENT_ROLES) or (
        has_role(user, Role.PARTNER) and bool(organization_ids(user))
    )


def is_receiving_provider(user: Any, referral: Any) -> bool:
    return has_role(user, Role.PARTNER) and _owner_id(referral.service) in organization_ids(user)


@predicate
def can_view_referral(user: Any, obj: Any = None) -> bool:
    """The personal details of a referral: referring officer, receiving provider, admins."""
    if obj is None:
        return False
    if has_role(user, Role.ADMIN):
        return True
    if has_role(user, *DEPARTMENT_ROLES) and obj.officer_id == user.pk:
        return True
    return is_receiving_provider(user, obj)


@predicate
def can_update_referral(user: Any, obj: Any = None) -> bool:
    """The receiving provider (and admins) set a referral's status."""
    if obj is None:
        return False
    return has_role(user, Role.ADMIN) or is_receiving_provider(user, obj)


@predicate
def can_edit_every_service(user: Any, obj: Any = None) -> bool:
    """Coordinators and admins edit every record (partner staff only their own)."""
    return has_role(user, *COORDINATION_ROLES)


def referral_scope(user: Any) -> str:
    """Which referrals a user's list shows: "all" (admins), "provider" (partner staff:
    sent to their organizations), "officer" (their own), or "" (none)."""
    if has_role(user, Role.ADMIN):
        return "all"
    if has_role(user, Role.PARTNER):
        return "provider"
    if has_role(user, Role.OFFICER, Role.COORDINATOR):
        return "officer"
    return ""
