"""Pages of the events app. Thin: parse with a form, call access_/do_, render."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import permission_required
from accounts.models import OfficerProfile, Organization
from accounts.permissions import organization_ids
from audit.lib import record_access
from events import actions, queries
from events.forms import (
    AgendaItemForm,
    CancelEventForm,
    CheckInForm,
    EventFilterForm,
    EventForm,
    FeedbackForm,
    MinutesForm,
    RsvpForm,
    WalkInForm,
    day_start,
)
from events.jsonld import event_jsonld
from events.models import AgendaItem, Event, Rsvp
from events.permissions import (
    can_create_event,
    can_host_for_any_organization,
    can_manage_event,
)
from events.tokens import check_in_token, find_rsvp, rsvp_token
from trustbeat.lib import ratelimit
from trustbeat.lib.maps import map_settings


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(key if key in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _filters(request: HttpRequest) -> tuple[EventFilterForm, queries.Filters]:
    form = EventFilterForm(request.GET or None)
    filters = queries.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.Filters(
            area=data["area"], event_type=data["type"],
            start=day_start(data["date"]) if data["date"] else None,
            lat=data["lat"] if data["lon"] is not None else None,
            lon=data["lon"] if data["lat"] is not None else None,
        )
    return form, filters


def _cursor(text: str) -> tuple[datetime, int] | None:
    """`<unix seconds>.<event id>` of the last event on the previous page."""
    try:
        seconds, pk = text.split(".", 1)
        stamp, key = int(seconds[:12]), int(pk[:18])
        return datetime.fromtimestamp(stamp, tz=timezone.get_default_timezone()), key
    except (ValueError, OverflowError, OSError):
        return None


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    after = _cursor(request.GET.get("after", "")[:40]) if request.GET.get("after") else None
    events, following = queries.list_page(filters, timezone.now(), after)
    next_query = ""
    if following is not None:
        next_query = _query_without(request, "after")
        next_query = (next_query + "&" if next_query else "") + (
            f"after={int(following[0].timestamp())}.{following[1]}")
    return render(request, "events/index.html", {
        "form": form, "events": events, "next_query": next_query, "view": "list",
        "near": filters.lat is not None, "can_create": can_create_event(request.user),
        "query": _query_without(request, "after", "date"),
    })


def _anchor_day(form: EventFilterForm) -> date:
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        day: date = form.cleaned_data["date"]
        return day
    return timezone.localdate()


@require_GET
def week(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    days = queries.week_days(_anchor_day(form))
    start, end = day_start(days[0]), day_start(days[-1] + timedelta(days=1))
    occurrences = queries.occurrences_between(filters, start, end)
    by_day = {day: [o for o in occurrences if timezone.localdate(o.start) == day]
              for day in days}
    return render(request, "events/week.html", {
        "form": form, "days": by_day, "view": "week", "monday": days[0],
        "previous": days[0] - timedelta(days=7), "next": days[0] + timedelta(days=7),
        "query": _query_without(request, "date", "after"),
    })


@require_GET
def month(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    anchor = _anchor_day(form).replace(day=1)
    grid = queries.month_grid(anchor)
    first = anchor
    following = (anchor + timedelta(days=32)).replace(day=1)
    occurrences = queries.occurrences_between(filters, day_start(first), day_start(following))
    by_day: dict[date, list[queries.Occurrence]] = {}
    for occ in occurrences:
        by_day.setdefault(timezone.localdate(occ.start), []).append(occ)
    weeks = [[(day, by_day.get(day, []) if day else []) for day in row] for row in grid]
    return render(request, "events/month.html", {
        "form": form, "weeks": weeks, "month": anchor, "view": "month",
        "previous": (anchor - timedelta(days=1)).replace(day=1), "next": following,
        "query": _query_without(request, "date", "after"),
    })


def _my_rsvp(request: HttpRequest, event: Event) -> Rsvp | None:
    if not request.user.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, user=request.user).exclude(
        status=Rsvp.Status.CANCELLED).first()


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.access_event(request.user, pk)
    now = timezone.now()
    mine = _my_rsvp(request, event)
    return render(request, "events/detail.html", {
        "event": event,
        "officers": queries.officers_of(event),
        "cohosts": list(event.cohosts.all()),
        "occurrences": [o for o in event.occurrences() if o[1] >= now][:8],
        "is_over": event.last_ends_at < now,
        "rsvp_form": RsvpForm(),
        "my_rsvp": mine,
        "my_rsvp_token": rsvp_token(mine) if mine else "",
        "can_manage": can_manage_event(request.user, event),
        "jsonld": event_jsonld(event, request),
    })


@require_POST
@ratelimit.limit("events-rsvp", key=ratelimit.by_ip)
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.access_event(request.user, pk)
    user = request.user if request.user.is_authenticated else None
    form = RsvpForm(request.POST if user is None else None)
    if user is None and not form.is_valid():
        return _detail_with_form(request, event, form)
    try:
        if user is not None:
            answer = actions.do_rsvp(event, user=user, actor=user)
        else:
            answer = actions.do_rsvp(event, name=form.cleaned_data["name"],
                                     email=form.cleaned_data["email"], actor=None)
    except ValidationError as error:
        if form.is_bound:
            _apply_errors(form, error)
        return _detail_with_form(request, event, form, errors=error.messages)
    if answer.status == Rsvp.Status.PENDING:
        return render(request, "events/rsvp_sent.html", {"event": event})
    return redirect("events:rsvp", rsvp_token(answer))


def _detail_with_form(request: HttpRequest, event: Event, form: RsvpForm,
                      errors: list[str] | None = None) -> HttpResponse:
    response = render(request, "events/detail.html", {
        "event": event, "officers": queries.officers_of(event),
        "cohosts": list(event.cohosts.all()), "rsvp_form": form,
        "occurrences": [o for o in event.occurrences() if o[1] >= timezone.now()][:8],
        "is_over": event.last_ends_at < timezone.now(),
        "can_manage": can_manage_event(request.user, event),
        "jsonld": event_jsonld(event, request), "my_rsvp": _my_rsvp(request, event),
        "rsvp_errors": [] if form.is_bound else (errors or []),
    }, status=400)
    return response


def _rsvp_or_404(token: str) -> Rsvp:
    found = find_rsvp(token)
    if found is None:
        raise Http404
    return found


@require_GET
def rsvp_page(request: HttpRequest, token: str) -> HttpResponse:
    answer = _rsvp_or_404(token)
    return render(request, "events/rsvp.html", {
        "rsvp": answer, "event": answer.event, "token": token,
        "is_over": answer.event.last_ends_at < timezone.now(),
    })


@require_POST
def rsvp_confirm(request: HttpRequest, token: str) -> HttpResponse:
    answer = _rsvp_or_404(token)
    try:
        actions.do_confirm_rsvp(answer, actor=None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("events:rsvp", token)


@require_POST
def rsvp_cancel(request: HttpRequest, token: str) -> HttpResponse:
    answer = _rsvp_or_404(token)
    actions.do_cancel_rsvp(answer, actor=request.user if request.user.is_authenticated else None)
    messages.success(request, _("Your RSVP is cancelled. Thank you for letting us know."))
    return redirect("events:rsvp", token)


@require_GET
def rsvp_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's check-in QR code (SVG), shown on their RSVP page."""
    answer = _rsvp_or_404(token)
    if answer.status != Rsvp.Status.GOING:
        raise Http404
    # The code is a link to the host's check-in page: the host's phone camera opens it
    # with the signed token filled in, and one tap checks the person in (no app needed).
    link = request.build_absolute_uri(
        reverse("events:check_in", args=[answer.event_id]) + "?token=" + check_in_token(answer)
    )
    qr = segno.make(link, error="m")
    svg = qr.svg_inline(scale=5, title=_("Check-in code"))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    answer = _rsvp_or_404(token)
    form = FeedbackForm(request.POST or None)
    done = hasattr(answer, "feedback_receipt")
    if request.method == "POST" and not done and form.is_valid():
        try:
            actions.do_submit_feedback(answer, actor=None, **form.cleaned_data)
            done = True
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "events/feedback.html", {
        "event": answer.event, "form": form, "done": done,
    }, status=400 if form.errors else 200)


@require_GET
def officer(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer's public page in the events app: who they are and where to meet them."""
    profile = OfficerProfile.objects.public().select_related("user", "assignment_area").filter(
        pk=pk).first()
    if profile is None:
        raise Http404
    return render(request, "events/officer.html", {
        "profile": profile, "events": queries.events_with_officer(profile, limit=20),
    })


# ---------------------------------------------------------------------------- hosts


def _host_choices(user: Any) -> Any:
    if can_host_for_any_organization(user):
        return Organization.objects.filter(is_active=True)
    return Organization.objects.filter(pk__in=organization_ids(user), is_active=True)


@permission_required(can_manage_event)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "events/mine.html", {
        "managed": list(queries.managed_events(request.user).order_by("-starts_at")[:100]),
        "can_create": can_create_event(request.user),
    })


@permission_required(can_create_event)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    choices = _host_choices(request.user)
    form = EventForm(request.POST or None, host_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.do_create_event(form.event_data(), actor=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect("events:detail", event.pk)
    return render(request, "events/edit.html", {"form": form, "event": None, "map": map_settings()},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    event = queries.access_managed_event(request.user, pk)
    choices = _host_choices(request.user)
    form = EventForm(request.POST or None, host_choices=choices,
                     initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_event(event, form.event_data(), actor=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:detail", event.pk)
    return render(request, "events/edit.html", {
        "form": form, "event": event, "cancel_form": CancelEventForm(), "map": map_settings(),
    }, status=400 if form.errors else 200)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    event = queries.access_managed_event(request.user, pk)
    form = CancelEventForm(request.POST)
    if form.is_valid():
        try:
            actions.do_cancel_event(event, reason=form.cleaned_data["reason"],
                                    actor=request.user)
            messages.success(request, _("The event is cancelled and everyone who RSVPed "
                                        "will get an email."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("The reason contains characters that are not allowed."))
    return redirect("events:detail", event.pk)


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door page on the host's phone: scan, type a code, tick a name, count walk-ins."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    event = queries.access_managed_event(request.user, pk)
    scanned = request.GET.get("token", "")[:500] if request.method == "GET" else ""
    form = CheckInForm(request.POST or None, initial={"token": scanned})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ticked = None
            if data.get("rsvp"):
                ticked = Rsvp.objects.filter(event=event, pk=data["rsvp"]).first()
            try:
                found, fresh = actions.do_check_in(
                    event, code=data.get("code") or "", token=data.get("token") or "",
                    rsvp=ticked, actor=request.user,
                )
            except ValidationError as error:
                _apply_errors(form, error)
                status = 400
            else:
                text = (_("%(name)s is checked in.") if fresh
                        else _("%(name)s was already checked in."))
                messages.success(request, text % {"name": found.person_name})
                return redirect("events:check_in", event.pk)
        else:
            status = 400
    attendees = list(Rsvp.objects.for_check_in(event).order_by("name", "user__display_name"))
    record_access(request.user, event, "event-attendees", count=len(attendees))
    return render(request, "events/check_in.html", {
        "event": event, "form": form, "walk_in_form": WalkInForm(),
        "attendees": attendees, "attendance": queries.attendance(event),
    }, status=status)


@require_POST
def walk_ins(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    event = queries.access_managed_event(request.user, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            actions.do_count_walk_ins(event, form.cleaned_data["count"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Count between -100 and 1000 walk-ins at a time."))
    return redirect("events:check_in", event.pk)


@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's agenda and minutes; any item may become an action item."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    event = queries.access_managed_event(request.user, pk)
    if not event.event_type.is_meeting:
        raise Http404
    item_form = AgendaItemForm(prefix="item")
    minutes_form = MinutesForm(initial={"minutes": event.minutes}, prefix="minutes")
    status = 200
    if request.method == "POST":
        what = request.POST.get("what", "")
        try:
            if what == "minutes":
                minutes_form = MinutesForm(request.POST, prefix="minutes")
                if minutes_form.is_valid():
                    actions.do_save_minutes(event, minutes_form.cleaned_data["minutes"],
                                            actor=request.user)
                    messages.success(request, _("The minutes are saved."))
                    return redirect("events:meeting", event.pk)
            else:
                item = None
                if what.startswith("item-") and what[5:].isdigit() and len(what) < 25:
                    item = AgendaItem.objects.filter(event=event, pk=int(what[5:])).first()
                    if item is None:
                        raise Http404
                item_form = AgendaItemForm(request.POST, prefix="item")
                if item_form.is_valid():
                    actions.do_save_agenda_item(event, item=item, actor=request.user,
                                                **item_form.cleaned_data)
                    messages.success(request, _("The agenda is saved."))
                    return redirect("events:meeting", event.pk)
        except ValidationError as error:
            _apply_errors(minutes_form if what == "minutes" else item_form, error)
        status = 400
    return render(request, "events/meeting.html", {
        "event": event, "items": list(event.agenda_items.select_related("owner_organization")),
        "item_form": item_form, "minutes_form": minutes_form,
    }, status=status)
