"""Permission-checked reads for the reports views: `access_*` raise 404 (or 403) when the
user may not see what they ask for; list reads are named QuerySet methods on the models.

Views call these and never build a query themselves, so who-sees-what lives next to the
predicates in reports.permissions and is tested once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Organization, User
from accounts.permissions import organization_ids
from reports.models import Report
from reports.permissions import can_manage_report, can_view_all_reports, may_be_assigned_filter


def access_report_for_staff(user: Any, pk: int) -> Report:
    """The report, if `user` may manage it; 404 otherwise, so its existence does not leak."""
    report = get_object_or_404(
        Report.objects.select_related(
            "category", "area", "organization", "assignee", "reporter", "duplicate_of", "walk"
        ),
        pk=pk,
    )
    if not can_manage_report(user, report):
        raise Http404
    return report


def access_queue_reports(user: Any) -> QuerySet[Report]:
    """Reports this user may work on, with what the queue shows."""
    reports = Report.objects.for_queue()
    if not can_view_all_reports(user):
        reports = reports.filter(organization_id__in=organization_ids(user))
    return reports


def access_queue_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations the queue may be filtered by: all for the department, else one's own."""
    organizations = Organization.objects.filter(is_active=True)
    if not can_view_all_reports(user):
        organizations = organizations.filter(pk__in=organization_ids(user))
    return organizations


def assignable_staff(report: Report | None = None, user: Any = None) -> QuerySet[User]:
    """Staff who could work on the report: the department, and the partner staff of its
    organization (or, for a partner's queue filter, only the partner staff of their own
    organizations)."""
    org_ids: set[int] = set()
    if report is not None and report.organization_id:
        org_ids.add(report.organization_id)
    department = True
    if user is not None and not can_view_all_reports(user):
        org_ids |= organization_ids(user)
        department = False
    query = may_be_assigned_filter(org_ids, department=department)
    staff: QuerySet[User] = User.objects.filter(query, is_active=True)
    return staff.order_by("display_name", "email")
