"""Forms of the events app. All inherit SafeForm (control characters refused first)."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OfficerProfile, Organization
from events.actions import MAX_CAPACITY, MAX_INTERACTION_MINUTES, EventData
from events.models import MAX_WEEKLY_OCCURRENCES, Event, EventType, Feedback, Interaction
from places.models import Area
from trustbeat.forms import SafeForm


def neighborhoods() -> Any:
    return Area.objects.filter(level=Area.Level.NEIGHBORHOOD).only("id", "name", "level")


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are read in the site's time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _coordinate(low: float, high: float) -> forms.FloatField:
    return forms.FloatField(required=False, min_value=low, max_value=high,
                            widget=forms.HiddenInput)


class EventForm(SafeForm):
    event_type = forms.ModelChoiceField(label=_("Type"), queryset=EventType.objects.all(),
                                        to_field_name="code")
    title = forms.CharField(label=_("Title"), max_length=160)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=160, required=False)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    description_es = forms.CharField(label=_("Description in Spanish"), max_length=5000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 5}))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Event.Recurrence.choices,
                                   required=False)
    recurrence_count = forms.IntegerField(
        label=_("Number of times (weekly events)"), min_value=1,
        max_value=MAX_WEEKLY_OCCURRENCES, required=False,
    )
    area = forms.ModelChoiceField(label=_("Neighborhood"), queryset=Area.objects.none(),
                                  required=False, empty_label=_("Found from the map point"))
    location_name = forms.CharField(label=_("Place"), max_length=200, required=False,
                                    help_text=_("For example: Hollenbeck Community Police "
                                                "Station, community room."))
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    lat = _coordinate(-90, 90)
    lon = _coordinate(-180, 180)
    accessibility_notes = forms.CharField(
        label=_("Accessibility"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Step-free entrance, seating, interpreters, parking."),
    )
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False,
                                help_text=_("Separate with commas."))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=MAX_CAPACITY,
                                  required=False, help_text=_("Leave empty for no limit."))
    host_organization = forms.ModelChoiceField(
        label=_("Host"), queryset=Organization.objects.none(), required=False
    )
    cohosts = forms.ModelMultipleChoiceField(
        label=_("Co-hosts"), queryset=Organization.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers attending (who you'll meet)"), queryset=OfficerProfile.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, host_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = neighborhoods()  # type: ignore[attr-defined]
        organizations = Organization.objects.filter(is_active=True)
        self.fields["host_organization"].queryset = (  # type: ignore[attr-defined]
            host_choices if host_choices is not None else organizations
        )
        self.fields["cohosts"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["officers"].queryset = (  # type: ignore[attr-defined]
            OfficerProfile.objects.public().select_related("user")
        )

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        zone = timezone.get_current_timezone()
        return {
            "event_type": event.event_type.code,
            **{name: getattr(event, name) for name in (
                "title", "title_es", "description", "description_es", "location_name",
                "address", "lat", "lon", "accessibility_notes", "languages", "capacity",
                "recurrence", "recurrence_count",
            )},
            "starts_at": timezone.localtime(event.starts_at, zone),
            "ends_at": timezone.localtime(event.ends_at, zone),
            "area": event.area_id,
            "host_organization": event.host_organization_id,
            "cohosts": list(event.cohosts.values_list("pk", flat=True)),
            "officers": list(event.officers.values_list("pk", flat=True)),
        }

    def event_data(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            event_type=data["event_type"], title=data["title"], title_es=data["title_es"],
            description=data["description"], description_es=data["description_es"],
            starts_at=data["starts_at"], ends_at=data["ends_at"], area=data["area"],
            location_name=data["location_name"], address=data["address"],
            lat=data["lat"], lon=data["lon"], recurrence=data["recurrence"] or "",
            recurrence_count=data["recurrence_count"] or 1,
            accessibility_notes=data["accessibility_notes"], languages=data["languages"],
            capacity=data["capacity"], host_organization=data["host_organization"],
            cohosts=list(data["cohosts"]), officers=list(data["officers"]),
        )


class CancelEventForm(SafeForm):
    reason = forms.CharField(label=_("Reason (sent to everyone who RSVPed)"), max_length=300,
                             required=False)


class RsvpForm(SafeForm):
    """Without an account: a name and an email address (confirmed by a link)."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your email address"), max_length=254)


class CheckInForm(SafeForm):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    token = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    rsvp = forms.IntegerField(required=False, min_value=1, max_value=2**62,
                              widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("code") or data.get("token") or data.get("rsvp")):
            raise ValidationError(_("Type the attendee's code, scan their QR code or tick "
                                    "their name."))
        return data


class WalkInForm(SafeForm):
    count = forms.IntegerField(label=_("Walk-ins"), min_value=-100, max_value=1000, initial=1)


class FeedbackForm(SafeForm):
    worth_time = forms.ChoiceField(label=_("Was it worth your time?"),
                                   choices=Feedback.Worth.choices, widget=forms.RadioSelect)
    know_officer_better = forms.ChoiceField(
        label=_("Do you feel you know an officer better?"),
        choices=Feedback.KnowOfficer.choices, widget=forms.RadioSelect,
    )


class AgendaItemForm(SafeForm):
    title = forms.CharField(label=_("Item"), max_length=200)
    notes = forms.CharField(label=_("Minutes for this item"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    is_action_item = forms.BooleanField(label=_("Action item"), required=False)
    owner_name = forms.CharField(label=_("Owner"), max_length=120, required=False)
    owner_organization = forms.ModelChoiceField(
        label=_("Owner organization"), queryset=Organization.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.filter(is_active=True)
        )

    def clean_due_date(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_date")
        if due is not None and not date(2000, 1, 1) <= due <= date(2100, 1, 1):
            raise ValidationError(_("Enter a due date between 2000 and 2100."))
        return due


class MinutesForm(SafeForm):
    minutes = forms.CharField(label=_("Minutes"), max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))


VIEW_CHOICES = [("list", _("List")), ("week", _("Week")), ("month", _("Month"))]


class EventFilterForm(SafeForm):
    area = forms.ModelChoiceField(label=_("Neighborhood"), queryset=Area.objects.none(),
                                  required=False, empty_label=_("All neighborhoods"))
    type = forms.ModelChoiceField(label=_("Type"), queryset=EventType.objects.all(),
                                  required=False, to_field_name="code",
                                  empty_label=_("All types"))
    date = forms.DateField(label=_("From"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}))
    lat = _coordinate(-90, 90)
    lon = _coordinate(-180, 180)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = neighborhoods()  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("date")
        if day is not None and not date(2000, 1, 1) <= day <= date(2100, 1, 1):
            raise ValidationError(_("Choose a date between 2000 and 2100."))
        return day


def day_start(day: dt.date) -> datetime:
    zone = timezone.get_current_timezone()
    return timezone.make_aware(datetime.combine(day, datetime.min.time()), zone)


class InteractionForm(SafeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices,
                             widget=forms.RadioSelect)
    area = forms.ModelChoiceField(label=_("Neighborhood"), queryset=Area.objects.none(),
                                  required=False, empty_label=_("From my location"))
    lat = _coordinate(-90, 90)
    lon = _coordinate(-180, 180)
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1,
                                 max_value=MAX_INTERACTION_MINUTES, initial=10)
    note = forms.CharField(
        label=_("Short note (optional)"), max_length=280, required=False,
        help_text=_("No names, phone numbers, emails or other personal details."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = neighborhoods()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("area") is None and not self.errors:
            lat, lon = data.get("lat"), data.get("lon")
            area = None
            if lat is not None and lon is not None:
                from places.lookup import find_area

                area = find_area(lat, lon)
            if area is None:
                raise ValidationError(_("Pick the neighborhood: your location is not in one "
                                        "we know."))
            data["area"] = area
        return data


WEEK = timedelta(days=7)
