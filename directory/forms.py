"""Forms: the resident search, the editors' pages and the referral steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.hours import DAY_CODES
from directory.models import PERSON_STATUSES, ContactPreference, ReferralStatus, ServiceStatus
from directory.needs import NEED_CHOICES
from directory.queries import LANGUAGE_NAMES, SearchParams
from trustbeat.forms import SafeForm
from trustbeat.lib.geo import is_valid_lat_lon

RADIUS_CHOICES = [
    ("1", _("1 km")),
    ("3", _("3 km")),
    ("5", _("5 km")),
    ("10", _("10 km")),
    ("25", _("25 km")),
]
LANGUAGE_CHOICES: list[tuple[str, Any]] = [("", _("Any language"))] + [
    (code, name) for code, name in LANGUAGE_NAMES.items()
]
DAY_LABELS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


class SearchForm(SafeForm):
    need = forms.ChoiceField(
        label=_("Need"), choices=[("", _("Any need")), *NEED_CHOICES], required=False
    )
    q = forms.CharField(label=_("Keywords"), max_length=200, required=False)
    near = forms.CharField(label=_("Near (address or place)"), max_length=200, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, coerce=int, required=False, empty_value=None
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    language = forms.ChoiceField(
        label=_("Language spoken"), choices=LANGUAGE_CHOICES, required=False
    )
    age = forms.IntegerField(
        label=_("Age of the person"), min_value=0, max_value=120, required=False
    )
    free = forms.BooleanField(label=_("Free or low cost"), required=False)
    accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    page = forms.IntegerField(min_value=1, max_value=500, required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) or (
            lat is not None and lon is not None and not is_valid_lat_lon(lat, lon)
        ):
            raise forms.ValidationError(_("That location is not valid."))
        return data

    def params(self, near: tuple[float, float] | None, near_label: str) -> SearchParams:
        data = self.cleaned_data
        return SearchParams(
            need=data.get("need") or "",
            q=data.get("q") or "",
            near=near,
            near_label=near_label,
            radius_m=float((data.get("radius") or 10) * 1000),
            open_now=bool(data.get("open_now")),
            language=data.get("language") or "",
            age=data.get("age"),
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
            page=data.get("page") or 1,
        )


class ServiceEditForm(SafeForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(
        label=_("What it offers"), widget=forms.Textarea, max_length=4000, required=False
    )
    eligibility_description = forms.CharField(
        label=_("Who is eligible"), widget=forms.Textarea, max_length=4000, required=False
    )
    application_process = forms.CharField(
        label=_("How to apply"), widget=forms.Textarea, max_length=4000, required=False
    )
    fees_description = forms.CharField(label=_("Fees"), max_length=4000, required=False)
    url = forms.URLField(
        label=_("Website"), max_length=500, required=False, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Email"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    minimum_age = forms.IntegerField(
        label=_("Minimum age"), min_value=0, max_value=120, required=False
    )
    maximum_age = forms.IntegerField(
        label=_("Maximum age"), min_value=0, max_value=120, required=False
    )
    alert = forms.CharField(label=_("Alert shown on the page"), max_length=500, required=False)


class ScheduleForm(SafeForm):
    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=list(zip(DAY_CODES, DAY_LABELS, strict=True)),
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(
        label=_("Closes at"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class ReferralForm(SafeForm):
    """The last step of a referral: consent, contact preference, the person's details."""

    service = forms.MultipleChoiceField(
        label=_("Services"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    need = forms.ChoiceField(
        choices=[("", ""), *NEED_CHOICES], required=False, widget=forms.HiddenInput
    )
    consent = forms.ChoiceField(
        label=_("The person's answer"),
        choices=[("yes", _("Yes, they agree")), ("no", _("No, they do not agree"))],
        widget=forms.RadioSelect,
        required=False,
    )
    contact_preference = forms.ChoiceField(
        label=_("How they want to be contacted"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
    )
    person_name = forms.CharField(label=_("First name (optional)"), max_length=120, required=False)
    person_phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    person_email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    notes = forms.CharField(
        label=_("Note for the provider (optional)"),
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, service_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = service_choices  # type: ignore[attr-defined]


class ReferralStatusForm(SafeForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in ReferralStatus.choices if c[0] != ReferralStatus.SENT],
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea)


class PersonStatusForm(SafeForm):
    status = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in PERSON_STATUSES],
    )
    note = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
