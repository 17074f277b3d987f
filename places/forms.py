from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

LAT_ERRORS = {
    "invalid": _("Latitude must be a number, like 34.05."),
    "min_value": _("Latitude must be between -90 and 90."),
    "max_value": _("Latitude must be between -90 and 90."),
}
LON_ERRORS = {
    "invalid": _("Longitude must be a number, like -118.25."),
    "min_value": _("Longitude must be between -180 and 180."),
    "max_value": _("Longitude must be between -180 and 180."),
}


class PointForm(forms.Form):
    lat = forms.FloatField(
        label=_("Latitude"), min_value=-90, max_value=90, error_messages=LAT_ERRORS
    )
    lon = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, error_messages=LON_ERRORS
    )


class FindForm(forms.Form):
    """Either typed text (q) or a point (lat and lon); the page works with text alone."""

    q = forms.CharField(
        label=_("Address, neighborhood or coordinates"),
        required=False,
        max_length=200,
        help_text=_('For example "Lincoln Heights", "132 S Westmoreland Ave" or "34.07, -118.21".'),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "street-address"}),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, error_messages=LAT_ERRORS,
                           widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180,
                           error_messages=LON_ERRORS, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        if self.errors:
            return data
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("A point needs both a latitude and a longitude."))
        return data

    @property
    def point(self) -> tuple[float, float] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("lat") is not None and data.get("lon") is not None:
            return data["lat"], data["lon"]
        return None


class AreaSearchForm(forms.Form):
    q = forms.CharField(label=_("Area name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
