"""The one home of permission decisions: named predicates over (user, object).

Every decision is a function `can_<verb>_<noun>(user, obj=None) -> bool`, registered with
`@predicate` so that templates (`{% can "view_work_queue" as allowed %}`), the navigation
(`registry.register_nav(..., visible=can_view_work_queue)`) and views
(`@permission_required(can_view_work_queue)`) all ask the same function. Modules define
their own predicates in `<app>/permissions.py` on top of the helpers here; nothing else
compares role strings.

A user's organization memberships are fetched once per request (cached on the user
object, which Django builds anew for every request).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from accounts.models import STAFF_ROLES, Membership, Role

Predicate = Callable[..., bool]
P = TypeVar("P", bound=Predicate)

_predicates: dict[str, Predicate] = {}


def predicate(func: P) -> P:
    """Register `func` under its name without the `can_` prefix."""
    name = func.__name__
    if not name.startswith("can_"):
        raise ValueError(f"permission predicates are named can_<verb>_<noun>, not {name!r}")
    _predicates[name.removeprefix("can_")] = func
    return func


def check(name: str, user: Any, obj: Any = None) -> bool:
    """Ask a registered predicate by name (templates and tests use this)."""
    try:
        func = _predicates[name]
    except KeyError:
        raise LookupError(f"no permission predicate named can_{name}") from None
    return func(user, obj) if obj is not None else func(user)


def is_active_user(user: Any) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.is_active
    )


def passed_two_factor(user: Any) -> bool:
    """django-otp's middleware gives the request's user `is_verified()`; anything else
    (a user loaded elsewhere, an anonymous visitor) has not passed a second factor."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def has_role(user: Any, *roles: str) -> bool:
    return is_active_user(user) and user.role in roles


def is_staff_role(user: Any) -> bool:
    """Department or partner staff (they sign in with two-factor)."""
    return has_role(user, *STAFF_ROLES)


def organization_ids(user: Any) -> frozenset[int]:
    """The organizations the user belongs to, fetched once per request."""
    if not is_active_user(user):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_organization_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("organization_id", flat=True)
        )
        user._organization_ids = cached
    return cached


def belongs_to(user: Any, organization_id: int | None) -> bool:
    return organization_id is not None and organization_id in organization_ids(user)


# Role groups that several modules' predicates share.
COORDINATION_ROLES = (Role.ADMIN, Role.COORDINATOR)
DEPARTMENT_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.OFFICER)


@predicate
def can_coordinate(user: Any, obj: Any = None) -> bool:
    """Coordinators and admins run the community programs across organizations."""
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_act_for_department(user: Any, obj: Any = None) -> bool:
    """Officers, coordinators and admins act for the police department."""
    return has_role(user, *DEPARTMENT_ROLES)


@predicate
def can_view_audit_log(user: Any, obj: Any = None) -> bool:
    return has_role(user, Role.ADMIN)


@predicate
def can_use_admin_site(user: Any, obj: Any = None) -> bool:
    return has_role(user, Role.ADMIN)


@predicate
def can_edit_officer_profile(user: Any, obj: Any = None) -> bool:
    """An officer edits their own public profile (coordinators and admins any: see
    can_edit_any_officer_profile)."""
    return has_role(user, Role.OFFICER)


@predicate
def can_edit_any_officer_profile(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_set_officer_assignment(user: Any, obj: Any = None) -> bool:
    """Which area an officer is assigned to is the department's record, set by admins."""
    return has_role(user, Role.ADMIN)


@predicate
def can_manage_accounts(user: Any, obj: Any = None) -> bool:
    """Create accounts for others, change roles, reset two-factor login."""
    return has_role(user, Role.ADMIN)


def has_officer_profile(user: Any) -> bool:
    """Only officers have a public officer profile (whoever edits it)."""
    return getattr(user, "role", None) == Role.OFFICER


def role_reaches_admin_site(role: str) -> bool:
    """The admin role alone reaches Django's admin site (is_staff)."""
    return role == Role.ADMIN
