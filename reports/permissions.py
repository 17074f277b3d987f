"""Who may do what with reports, as named predicates on the shared helpers of
`accounts.permissions`. Views, actions, templates and the navigation all ask here.

- officers, coordinators and admins (the department): work on every report, lead walks;
- partner staff: work on reports routed to an organization they belong to;
- coordinators and admins: manage categories;
- admins alone issue and revoke Open311 API keys.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import Membership, Role
from accounts.permissions import (
    COORDINATION_ROLES,
    DEPARTMENT_ROLES,
    belongs_to,
    has_role,
    is_staff_role,
    organization_ids,
    predicate,
)


@predicate
def can_view_work_queue(user: Any, obj: Any = None) -> bool:
    """Sees the work queue at all (what each report allows is can_manage_report)."""
    return is_staff_role(user)


@predicate
def can_view_all_reports(user: Any, obj: Any = None) -> bool:
    """The department works on every report; partner staff only on their organizations'."""
    return has_role(user, *DEPARTMENT_ROLES)


@predicate
def can_manage_report(user: Any, report: Any = None) -> bool:
    if can_view_all_reports(user):
        return True
    return (
        report is not None
        and has_role(user, Role.PARTNER)
        and belongs_to(user, report.organization_id)
    )


@predicate
def can_manage_categories(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_issue_api_keys(user: Any, obj: Any = None) -> bool:
    return has_role(user, Role.ADMIN)


@predicate
def can_lead_walks(user: Any, obj: Any = None) -> bool:
    return has_role(user, *DEPARTMENT_ROLES)


def may_be_assigned_filter(
    organization_ids_: set[int] | frozenset[int], *, department: bool = True
) -> Q:
    """Users who may be assigned a report of these organizations, as a query on User: the
    department (unless `department` is false), and the partner staff of those organizations
    (can_manage_report as SQL)."""
    query = Q(role__in=DEPARTMENT_ROLES) if department else Q(pk__in=[])
    if organization_ids_:
        members = Membership.objects.filter(organization_id__in=organization_ids_)
        query |= Q(role=Role.PARTNER, pk__in=members.values("user_id"))
    return query


# Older names, kept while other branches still import them.
is_report_staff = can_view_work_queue


def member_organization_ids(user: Any) -> set[int]:
    return set(organization_ids(user))
