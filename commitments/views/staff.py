"""Staff pages: the list of commitments one may manage, new and edit forms, status,
progress and milestones, and the coordinators' status settings.

Every change goes through a `do_*` action, which checks the permission again, runs in
one transaction and writes the history and audit entries; a refused form answers 400
with nothing saved. Another organization's commitment is a 404 (never "forbidden"), so
its existence is not confirmed to someone who may not touch it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from commitments import actions
from commitments.forms import (
    CommitmentForm,
    MilestoneForm,
    ProgressForm,
    StatusChangeForm,
    StatusConfigForm,
    apply_errors,
)
from commitments.models import Commitment, Status
from commitments.permissions import (
    can_configure_commitments,
    can_create_commitment,
    can_manage_commitments,
)
from commitments.queries import access_commitment_for_update, manageable_commitments

STAFF_PAGE = 200


@require_GET
@permission_required(can_manage_commitments)
def manage(request: HttpRequest) -> HttpResponse:
    commitments = manageable_commitments(request.user).order_by("is_closed", "due_date", "id")
    return render(request, "commitments/manage.html",
                  {"commitments": commitments[:STAFF_PAGE]})


def _form_values(form: CommitmentForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["external_id"] = data.get("external_id") or None
    if data.get("weight") is None:
        data["weight"] = 1
    return data


@require_http_methods(["GET", "POST"])
@permission_required(can_create_commitment)
def new(request: HttpRequest) -> HttpResponse:
    form = CommitmentForm(request.POST if request.method == "POST" else None,
                          user=request.user)
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        try:
            commitment = actions.do_create_commitment(actor=request.user, **values)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Commitment published on the board."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/form.html", {"form": form, "commitment": None},
                  status=400 if form.is_bound else 200)


def _initial(commitment: Commitment) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(commitment, name)
                               for name in actions.EDITABLE_FIELDS}
    initial["areas"] = list(commitment.areas.all())
    initial["responsible"] = list(commitment.responsible.all())
    return initial


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_commitments)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment_for_update(request.user, pk)
    form = CommitmentForm(request.POST if request.method == "POST" else None,
                          user=request.user, initial=_initial(commitment))
    if request.method == "POST" and form.is_valid():
        values = _form_values(form)
        areas, responsible = values.pop("areas"), values.pop("responsible")
        try:
            actions.do_update_commitment(commitment, actor=request.user, areas=areas,
                                         responsible=responsible, **values)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Commitment updated."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/form.html",
                  {"form": form, "commitment": commitment,
                   # Distinct ids: both small forms have a "progress" field.
                   "status_form": StatusChangeForm(initial={"status": commitment.status},
                                                   auto_id="status_%s"),
                   "progress_form": ProgressForm(initial={"progress": commitment.progress},
                                                 auto_id="progress_%s")},
                  status=400 if form.is_bound else 200)


@require_POST
@permission_required(can_manage_commitments)
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment_for_update(request.user, pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            actions.do_set_status(commitment, form.cleaned_data["status"],
                                  progress=form.cleaned_data["progress"], actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status updated."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/refused.html", {"form": form,
                                                        "commitment": commitment}, status=400)


@require_POST
@permission_required(can_manage_commitments)
def change_progress(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment_for_update(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            actions.do_set_progress(commitment, form.cleaned_data["progress"],
                                    actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Progress updated."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/refused.html", {"form": form,
                                                        "commitment": commitment}, status=400)


@require_http_methods(["GET", "POST"])
@permission_required(can_manage_commitments)
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access_commitment_for_update(request.user, pk)
    posted = request.method == "POST"
    form = MilestoneForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_add_milestone(
                commitment, date=data["date"], text_en=data["text_en"],
                text_es=data["text_es"], photo=data.get("photo") or None,
                photo_alt=data["photo_alt"], document=data.get("document") or None,
                link=data["link"], progress=data["progress"], actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("commitments:detail", commitment.pk)
    return render(request, "commitments/milestone_form.html",
                  {"form": form, "commitment": commitment}, status=400 if posted else 200)


@require_http_methods(["GET", "POST"])
@permission_required(can_configure_commitments)
def statuses(request: HttpRequest) -> HttpResponse:
    form = StatusConfigForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_status(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Status saved."))
            return redirect("commitments:statuses")
    return render(request, "commitments/statuses.html",
                  {"form": form, "statuses": Status.objects.all()},
                  status=400 if form.is_bound else 200)
