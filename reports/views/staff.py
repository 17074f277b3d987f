"""Staff pages: the work queue and a report's staff page with its actions (category
settings are in reports.views.categories).

Who sees what is decided by reports.permissions (asked through reports.queries): officers,
coordinators and admins see every report; partner staff only reports routed to their
organizations. A report the user may not manage answers 404, so its existence does not
leak. Every page that shows a reporter's contact details records the access
(audit.lib.record_access).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import permission_required
from audit.lib import record_access
from reports import actions
from reports.forms import (
    AssignForm,
    DueDateForm,
    MergeForm,
    NoteForm,
    PriorityForm,
    QueueFilterForm,
    RecategoriseForm,
    RerouteForm,
    StatusForm,
    apply_errors,
)
from reports.models import Report, ReportUpdate
from reports.permissions import can_view_work_queue
from reports.queries import (
    access_queue_organizations,
    access_queue_reports,
    access_report_for_staff,
    assignable_staff,
)
from reports.views.common import is_overdue, public_answers

QUEUE_PAGE_SIZE = 50


@require_GET
@permission_required(can_view_work_queue)
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    organizations = access_queue_organizations(user)
    form = QueueFilterForm(
        request.GET or None, organizations=organizations,
        staff=assignable_staff(user=user)[:200],
    )
    reports = access_queue_reports(user)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    if status == "":
        reports = reports.filter(is_open=True)
    elif status != "all":
        reports = reports.filter(status=status)
    for field in ("category", "area", "organization"):
        if data.get(field):
            reports = reports.filter(**{field: data[field]})
    assignee = data.get("assignee") or ""
    if assignee == "me":
        reports = reports.filter(assignee_id=user.pk)
    elif assignee == "none":
        reports = reports.filter(assignee__isnull=True)
    elif assignee.isdigit():
        reports = reports.filter(assignee_id=int(assignee))
    if data.get("overdue"):
        reports = reports.filter(is_open=True, expected_at__lt=timezone.now())
    text = (data.get("q") or "").strip()
    if text:
        match = Q(external_id=text) | Q(description__icontains=text) | Q(
            address__icontains=text
        )
        if text.lstrip("#").isdigit():
            match |= Q(pk=int(text.lstrip("#")))
        reports = reports.filter(match)
    sort = data.get("sort") or "-requested_at"
    reports = reports.order_by(sort, "-id") if sort != "expected_at" else reports.order_by(
        "expected_at", "-id"
    )
    page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    now = timezone.now()
    rows = [
        {"report": r, "overdue": bool(r.is_open and r.expected_at and r.expected_at < now)}
        for r in page.object_list
    ]
    return render(
        request, "reports/queue.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _forms(report: Report, data: Any = None, which: str = "") -> dict[str, Any]:
    """Every action form; the one named `which` is bound to `data`."""
    def bound(name: str) -> Any:
        return data if name == which else None

    staff = assignable_staff(report)
    return {
        "status": StatusForm(bound("status"), initial={"status": report.status}),
        "note": NoteForm(bound("note")),
        "assign": AssignForm(bound("assign"), staff=staff,
                             initial={"assignee": report.assignee_id}),
        "priority": PriorityForm(bound("priority"), initial={"priority": report.priority}),
        "due": DueDateForm(
            bound("due"),
            initial={"due": timezone.localtime(report.expected_at).date()
                     if report.expected_at else None},
        ),
        "merge": MergeForm(bound("merge")),
        "reroute": RerouteForm(bound("reroute"),
                               initial={"organization": report.organization_id}),
        "recategorise": RecategoriseForm(bound("recategorise"),
                                         initial={"category": report.category_id}),
    }


def _render_manage(request: HttpRequest, report: Report, forms: dict[str, Any],
                   status: int = 200) -> HttpResponse:
    record_access(request.user, report, "report.manage")
    timeline = list(
        ReportUpdate.objects.filter(report=report).select_related("actor").order_by("at", "id")
    )
    return render(
        request,
        "reports/manage.html",
        {
            "report": report,
            "forms": forms,
            "timeline": timeline,
            "answers": public_answers(report),
            "overdue": is_overdue(report),
            "duplicates": list(report.duplicates.only("id", "status")),
        },
        status=status,
    )


@require_GET
@permission_required(can_view_work_queue)
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_for_staff(request.user, pk)
    return _render_manage(request, report, _forms(report))


ACTION_NAMES = {"status", "note", "assign", "priority", "due", "merge", "reroute",
                "recategorise"}  # fmt: skip


@require_POST
@permission_required(can_view_work_queue)
def manage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTION_NAMES:
        raise Http404
    report = access_report_for_staff(request.user, pk)
    forms = _forms(report, request.POST, action)
    form = forms[action]
    if form.is_valid():
        try:
            _run_action(request, report, action, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, {})
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not change this report."))
        else:
            messages.success(request, _("Saved."))
            return redirect("reports:manage", report.pk)
    return _render_manage(request, report, forms, status=400)


def _run_action(request: HttpRequest, report: Report, action: str, data: dict[str, Any]) -> None:
    actor = request.user
    if action == "status":
        actions.do_change_status(
            report, data["status"], public_note=data["public_note"],
            private_note=data["private_note"], actor=actor,
        )
    elif action == "note":
        actions.do_add_note(
            report, public_note=data["public_note"], private_note=data["private_note"],
            actor=actor,
        )
    elif action == "assign":
        actions.do_assign_report(report, data["assignee"], actor=actor)
    elif action == "priority":
        actions.do_set_priority(report, data["priority"], actor=actor)
    elif action == "due":
        actions.do_set_due_date(report, data["due"], actor=actor)
    elif action == "merge":
        found = {r.pk: r for r in Report.objects.filter(pk__in=data["duplicates"])}
        missing = [pk for pk in data["duplicates"] if pk not in found]
        if missing:
            raise ValidationError(
                {"duplicates": _("No report #%(id)s.") % {"id": missing[0]}}
            )
        actions.do_merge_reports(report, list(found.values()), actor=actor)
    elif action == "reroute":
        actions.do_reroute_report(
            report, data["organization"], data["reason"],
            private_note=data["private_note"], actor=actor,
        )
    elif action == "recategorise":
        actions.do_recategorise_report(report, data["category"], data["reason"], actor=actor)
