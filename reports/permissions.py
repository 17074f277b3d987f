"""Who may do what with reports. Every view and action asks here; nowhere else decides.

- coordinators and admins: everything about reports and categories;
- officers: work on every report (status, notes, merge, re-route…);
- partner staff: work on reports routed to an organization they belong to;
- admins alone issue and revoke Open311 API keys.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Membership, Role
from accounts.permissions import predicate


def _active(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_report_staff(user: Any) -> bool:
    """Sees the work queue at all (what each report allows is can_manage_report)."""
    return _active(user) and user.role in {Role.ADMIN, Role.COORDINATOR, Role.OFFICER, Role.PARTNER}


def member_organization_ids(user: Any) -> set[int]:
    if not _active(user):
        return set()
    cached = getattr(user, "_report_org_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user).values_list("organization_id", flat=True)
        )
        user._report_org_ids = cached
    return set(cached)


def can_manage_report(user: Any, report: Any) -> bool:
    if not _active(user):
        return False
    if user.role in {Role.ADMIN, Role.COORDINATOR, Role.OFFICER}:
        return True
    if user.role == Role.PARTNER:
        return report.organization_id is not None and (
            report.organization_id in member_organization_ids(user)
        )
    return False


@predicate
def can_manage_categories(user: Any, obj: Any = None) -> bool:
    return _active(user) and user.role in {Role.ADMIN, Role.COORDINATOR}


def can_issue_api_keys(user: Any) -> bool:
    return _active(user) and user.role == Role.ADMIN


@predicate
def can_view_work_queue(user: Any, obj: Any = None) -> bool:
    return is_report_staff(user)


@predicate
def can_lead_walks(user: Any, obj: Any = None) -> bool:
    return _active(user) and user.role in {Role.OFFICER, Role.COORDINATOR, Role.ADMIN}
