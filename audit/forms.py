from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry, AuditEntryQuerySet


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Who (email contains)"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    action = forms.CharField(
        label=_("Action (contains)"),
        required=False,
        max_length=80,
        help_text=_("For example: account.deleted, report, view:"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Changes and accesses")), *AuditEntry.Kind.choices],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Includes the whole day."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filter(self, entries: AuditEntryQuerySet) -> AuditEntryQuerySet:
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor__email__icontains=data["actor"].strip())
        if data.get("action"):
            entries = entries.filter(action__icontains=data["action"].strip())
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            entries = entries.filter(at__gte=dt.datetime.combine(data["since"], dt.time.min, zone))
        if data.get("until"):
            end = dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, zone)
            entries = entries.filter(at__lt=end)
        return entries
