"""Editors' pages: partner staff edit their organization's services; coordinators all."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from accounts.permissions import organization_ids
from directory import actions, queries
from directory.forms import DAY_LABELS, ScheduleForm, ServiceEditForm
from directory.models import OpeningPeriod, Schedule, Service
from directory.permissions import can_edit_directory, can_edit_every_service
from directory.views.common import parse_uuid


def editable_services(user: object) -> list[Service]:
    queryset = Service.objects.select_related("organization").order_by("assured_date", "name")
    if not can_edit_every_service(user):
        queryset = queryset.owned_by(organization_ids(user))
    return list(queryset[:500])


@permission_required(can_edit_directory)
def manage(request: HttpRequest) -> HttpResponse:
    stale_before = timezone.localdate() - dt.timedelta(days=365)
    return render(
        request,
        "directory/manage.html",
        {
            "services": editable_services(request.user),
            "stale_before": stale_before,
        },
    )


def _edit_context(
    service: Service, form: ServiceEditForm, schedule_form: ScheduleForm
) -> dict[str, object]:
    return {
        "service": service,
        "form": form,
        "schedule_form": schedule_form,
        "schedules": list(service.schedules.all()),
        "periods": list(OpeningPeriod.objects.filter(service=service)),
        "day_labels": DAY_LABELS,
    }


@permission_required(can_edit_directory)
def service_edit(request: HttpRequest, pk: str) -> HttpResponse:
    service = queries.access_editable_service(request.user, parse_uuid(pk))
    initial = {field: getattr(service, field) for field in actions.EDITABLE_FIELDS}
    form = ServiceEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items()}
            changes = {
                k: ("" if v is None and k not in ("minimum_age", "maximum_age") else v)
                for k, v in changes.items()
            }
            try:
                actions.do_update_service(service, actor=request.user, **changes)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("directory:service_edit", service.pk)
        status = 400
    return render(
        request,
        "directory/service_edit.html",
        _edit_context(service, form, ScheduleForm()),
        status=status,
    )


@require_POST
@permission_required(can_edit_directory)
def service_verify(request: HttpRequest, pk: str) -> HttpResponse:
    service = queries.access_editable_service(request.user, parse_uuid(pk))
    actions.do_verify_service(service, actor=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("directory:service_edit", service.pk)


@require_POST
@permission_required(can_edit_directory)
def schedule_add(request: HttpRequest, pk: str) -> HttpResponse:
    service = queries.access_editable_service(request.user, parse_uuid(pk))
    schedule_form = ScheduleForm(request.POST)
    if schedule_form.is_valid():
        data = schedule_form.cleaned_data
        try:
            actions.do_set_schedule(
                service,
                byday=",".join(data["days"]),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                actor=request.user,
            )
        except ValidationError as error:
            schedule_form.add_error(None, error)
        else:
            messages.success(request, _("Hours added."))
            return redirect("directory:service_edit", service.pk)
    initial = {field: getattr(service, field) for field in actions.EDITABLE_FIELDS}
    return render(
        request,
        "directory/service_edit.html",
        _edit_context(service, ServiceEditForm(initial=initial), schedule_form),
        status=400,
    )


@require_POST
@permission_required(can_edit_directory)
def schedule_remove(request: HttpRequest, pk: str, schedule: str) -> HttpResponse:
    service = queries.access_editable_service(request.user, parse_uuid(pk))
    item = get_object_or_404(Schedule, pk=parse_uuid(schedule), service=service)
    actions.do_remove_schedule(item, actor=request.user)
    messages.success(request, _("Hours removed."))
    return redirect("directory:service_edit", service.pk)
