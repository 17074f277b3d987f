"""Forms of the commitments pages. They parse input; the rules live in
commitments.actions, whose ValidationErrors views put back on these forms
(`apply_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Role, User
from accounts.permissions import organization_ids
from commitments.models import Commitment, Origin, Side, Status, Theme
from commitments.permissions import can_configure_commitments
from places.models import Area
from trustbeat.forms import SafeForm

PROGRESS_HELP = _("A percentage from 0 to 100.")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's ValidationError on the form; keys without a field (or a flat
    error) become non-field errors, so no message is lost."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(key if key in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def neighborhoods() -> Any:
    return Area.objects.filter(level=Area.Level.NEIGHBORHOOD).order_by("name")


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class BoardFilterForm(SafeForm):
    """The board's filters (GET). Every value is checked; a bad one is a 400 with its
    message, never a silently wider list."""

    side = forms.ChoiceField(label=_("Side"), required=False,
                             choices=_blank(Side.choices, _("Both sides")))
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, to_field_name="slug", empty_label=_("Anyone"),
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
    )
    status = forms.ModelChoiceField(
        label=_("Status"), required=False, to_field_name="code", empty_label=_("Any status"),
        queryset=Status.objects.all(),
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False,
                              choices=_blank(Theme.choices, _("Any theme")))
    area = forms.ModelChoiceField(
        label=_("Neighborhood"), required=False, to_field_name="slug",
        empty_label=_("Anywhere"), queryset=neighborhoods(),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=2000,
                              widget=forms.HiddenInput)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        filters = {k: data.get(k) for k in ("side", "owner", "status", "theme", "area")}
        # A neighborhood's board includes what is promised citywide: those promises are
        # made to that neighborhood too.
        filters["include_citywide"] = True
        return filters

    def page_number(self) -> int:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return int(data.get("page") or 1)


class CommitmentForm(SafeForm):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200, required=False)
    description_en = forms.CharField(label=_("Description (English)"), max_length=5000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 4}))
    description_es = forms.CharField(label=_("Description (Spanish)"), max_length=5000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 4}))
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organization.objects.none())
    responsible = forms.ModelMultipleChoiceField(
        label=_("People responsible"), required=False, queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_citywide = forms.BooleanField(label=_("Citywide"), required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Neighborhoods"), required=False, queryset=neighborhoods(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    start_date = forms.DateField(label=_("Start date"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=_("Due date"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.PLAIN)
    source_label = forms.CharField(label=_("Source"), max_length=200, required=False,
                                   help_text=_("The meeting, survey or proposal it answers."))
    source_url = forms.CharField(label=_("Source link"), max_length=500, required=False)
    parent = forms.ModelChoiceField(label=_("Part of"), required=False,
                                    queryset=Commitment.objects.none())
    weight = forms.IntegerField(label=_("Weight in the parent's progress"), min_value=0,
                                max_value=100, initial=1)
    external_id = forms.CharField(label=_("External id"), max_length=64, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(is_active=True).order_by("name")
        commitments = Commitment.objects.order_by("title_en")
        if not can_configure_commitments(user):
            organizations = organizations.filter(pk__in=organization_ids(user))
            commitments = commitments.filter(owner_id__in=organization_ids(user))
        self.fields["owner"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["parent"].queryset = commitments  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True).exclude(role=Role.RESIDENT).order_by("display_name", "email")


class StatusChangeForm(SafeForm):
    status = forms.ModelChoiceField(label=_("Status"), queryset=Status.objects.filter(
        is_active=True), to_field_name="code")
    # A text field, so an out-of-range value reaches the action and gets its message.
    progress = forms.CharField(label=_("Progress (%)"), required=False, max_length=12,
                               help_text=_("Leave empty to use the status's usual progress."))


class ProgressForm(SafeForm):
    progress = forms.CharField(label=_("Progress (%)"), max_length=12, help_text=PROGRESS_HELP)


class MilestoneForm(SafeForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text_en = forms.CharField(label=_("What happened (English)"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    text_es = forms.CharField(label=_("What happened (Spanish)"), max_length=4000,
                              required=False, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    photo_alt = forms.CharField(label=_("Photo description"), max_length=200, required=False)
    document = forms.FileField(label=_("Document (PDF)"), required=False,
                               widget=forms.ClearableFileInput(
                                   attrs={"accept": "application/pdf"}))
    link = forms.CharField(label=_("Link"), max_length=500, required=False)
    progress = forms.CharField(label=_("Progress after this update (%)"), max_length=12,
                               required=False, help_text=PROGRESS_HELP)


class StatusConfigForm(SafeForm):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=80, required=False)
    default_progress = forms.CharField(label=_("Default progress (%)"), max_length=12)
    is_closed = forms.BooleanField(label=_("Closes the commitment"), required=False)
    is_done = forms.BooleanField(label=_("Counts as done"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)


class FollowForm(SafeForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    commitment = forms.IntegerField(required=False, min_value=1, max_value=2**62,
                                    widget=forms.HiddenInput)


class CommentForm(SafeForm):
    text = forms.CharField(label=_("Your comment"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class AbuseReportForm(SafeForm):
    reason = forms.CharField(label=_("What is wrong with this comment?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ModerationForm(SafeForm):
    decision = forms.ChoiceField(choices=[("publish", _("Publish")), ("reject", _("Reject")),
                                          ("hide", _("Hide"))])


class ImportForm(SafeForm):
    file = forms.FileField(label=_("CSV file"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    dry_run = forms.BooleanField(label=_("Only check the file; save nothing"), required=False)
