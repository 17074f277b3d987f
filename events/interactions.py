"""The officers' positive-interaction log: a few taps to log, totals for supervisors and
coordinators, neighborhood totals per month for the public."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import permission_required
from events import actions, queries
from events.forms import InteractionForm
from events.models import Interaction
from events.permissions import can_log_interaction, can_view_interaction_totals

GROUPINGS = {"area", "unit", "kind", "week"}


@permission_required(can_log_interaction)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    form = InteractionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_log_interaction(
                kind=data["kind"], area=data["area"], minutes=data["minutes"],
                note=data["note"], actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("Logged. Thank you."))
            return redirect("events:interaction_new")
    recent = list(
        Interaction.objects.filter(officer_id=request.user.pk).select_related("area")[:5]
    )
    return render(request, "events/interaction_new.html", {"form": form, "recent": recent},
                  status=400 if form.errors else 200)


@permission_required(can_view_interaction_totals)
@require_GET
def totals(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "area")
    if by not in GROUPINGS:
        by = "area"
    try:
        weeks = max(1, min(52, int(request.GET.get("weeks", "12")[:3])))
    except ValueError:
        weeks = 12
    end = timezone.now()
    start = end - timedelta(weeks=weeks)
    return render(request, "events/interaction_totals.html", {
        "rows": queries.interaction_totals(start, end, by), "by": by, "weeks": weeks,
        "groupings": [("area", _("Neighborhood")), ("unit", _("Unit")), ("kind", _("Kind")),
                      ("week", _("Week"))],
    })


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    return render(request, "events/interactions_public.html", {
        "rows": queries.public_interaction_totals(), "small": queries.SMALL_COUNT,
    })
