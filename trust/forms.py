"""Forms of the trust module. Public forms carry a honeypot field and a signed start time:
bots fill every field and post at once; people leave the hidden field empty and take a few
seconds to read the questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from places.models import Area
from trust.instrument import SCALE_MAX, SCALE_MIN, choice_label, question_text
from trust.models import Filing, SurveyVersion
from trustbeat.forms import SafeForm

# Faster than this from showing the form to sending it, nobody has read the questions.
MIN_SECONDS = 3
# A form older than this has to be loaded again (the signed time would otherwise be
# replayable forever).
MAX_AGE_SECONDS = 24 * 3600
TIMING_SALT = "trust.form-started"


def started_token() -> str:
    return signing.dumps(timezone.now().timestamp(), salt=TIMING_SALT)


class HumanCheckMixin:
    """Honeypot (`website`, hidden from people by CSS and aria-hidden) and timing check."""

    cleaned_data: dict[str, Any]
    data: Any

    def add_human_fields(self) -> None:
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        fields["website"] = forms.CharField(
            required=False, label=_("Leave this field empty"), max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        fields["started"] = forms.CharField(widget=forms.HiddenInput, max_length=200,
                                            required=False)
        initial: dict[str, Any] = self.initial  # type: ignore[attr-defined]
        initial.setdefault("started", started_token())

    def clean(self) -> dict[str, Any]:
        # Both checks report as errors of the whole form: the fields are invisible.
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if self.data.get(self.add_prefix("website")):  # type: ignore[attr-defined]
            raise forms.ValidationError(
                _("Your answer could not be accepted. Leave the last field empty."),
                code="honeypot",
            )
        value = str(self.data.get(self.add_prefix("started"), ""))  # type: ignore[attr-defined]
        try:
            started = float(signing.loads(value, salt=TIMING_SALT, max_age=MAX_AGE_SECONDS))
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was opened too long ago. Please answer again."), code="expired"
            ) from None
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("This form could not be checked. Please answer again."), code="bad_start"
            ) from None
        if timezone.now().timestamp() - started < MIN_SECONDS:
            raise forms.ValidationError(
                _("That was faster than anyone can read the questions. Please check your "
                  "answers and send them again."),
                code="too_fast",
            )
        return cleaned


class AnswerForm(HumanCheckMixin, SafeForm):
    """The questions of one survey version, in the visitor's language."""

    def __init__(self, *args: Any, version: SurveyVersion, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.version = version
        scale = [(str(i), str(i)) for i in range(SCALE_MIN, SCALE_MAX + 1)]
        for question in version.questions:
            code, label = question["code"], question_text(question, language)
            required = bool(question.get("required"))
            field: forms.Field
            if question["kind"] == "scale":
                field = forms.ChoiceField(
                    label=label, choices=scale, required=required,
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    help_text=_("0 = not at all, 10 = completely"),
                )
            elif question["kind"] == "choice":
                choices = [("", _("Prefer not to say"))] + [
                    (str(c["value"]), choice_label(c, language))
                    for c in question.get("choices", [])
                ]
                field = forms.ChoiceField(label=label, choices=choices, required=required)
            else:
                field = forms.CharField(
                    label=label, required=required, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            self.fields[code] = field
        self.add_human_fields()

    def answers(self) -> dict[str, Any]:
        return {q["code"]: self.cleaned_data.get(q["code"]) for q in self.version.questions}


class NeighborhoodChoiceForm(SafeForm):
    area = forms.ModelChoiceField(
        label=_("Your neighborhood"),
        queryset=Area.objects.at_level(Area.Level.NEIGHBORHOOD).order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose…"),
    )


class SurveyForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=200, required=False)


class QuestionForm(SafeForm):
    KINDS = [("scale", _("Scale from 0 to 10")), ("choice", _("One choice")),
             ("text", _("Free text"))]
    code = forms.SlugField(label=_("Short code"), max_length=40,
                           help_text=_("Letters, digits and underscores, e.g. lighting"))
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    text_en = forms.CharField(label=_("Question in English"), max_length=500)
    text_es = forms.CharField(label=_("Question in Spanish"), max_length=500)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices, one a line (English | Spanish)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InvitationForm(SafeForm):
    area = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Area.objects.at_level(Area.Level.NEIGHBORHOOD).order_by("name"),
        empty_label=_("Choose…"),
    )
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=5000, initial=100)
    label = forms.CharField(label=_("Label (for your records)"), max_length=100,
                            required=False)


class CardForm(HumanCheckMixin, SafeForm):
    SCALE = [("1", _("Strongly disagree")), ("2", _("Disagree")), ("3", _("Neutral")),
             ("4", _("Agree")), ("5", _("Strongly agree"))]
    respectful = forms.ChoiceField(label=_("The officer treated me with respect."),
                                   choices=SCALE, widget=forms.RadioSelect)
    listened = forms.ChoiceField(label=_("The officer listened to me."), choices=SCALE,
                                 widget=forms.RadioSelect)
    explained = forms.ChoiceField(label=_("The officer explained what they were doing and "
                                          "why."), choices=SCALE, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_human_fields()


class CardLookupForm(SafeForm):
    code = forms.CharField(label=_("Card code"), max_length=12)


class FilingForm(HumanCheckMixin, SafeForm):
    officer_description = forms.CharField(
        label=_("The officer's name or badge number, if you know it"), max_length=200,
        required=False,
    )
    card_code = forms.CharField(label=_("Card code, if you have the officer's card"),
                                max_length=12, required=False)
    area = forms.ModelChoiceField(
        label=_("Where it happened"), required=False,
        queryset=Area.objects.at_level(Area.Level.NEIGHBORHOOD).order_by("name"),
        empty_label=_("Choose…"),
    )
    occurred_on = forms.DateField(label=_("When it happened"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("What happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("Stay anonymous (we will not be able to contact "
                                           "you)"), required=False, initial=True)
    filer_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    filer_email = forms.EmailField(label=_("Your email"), required=False)
    filer_phone = forms.CharField(label=_("Your phone"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_human_fields()


class ComplaintUpdateForm(SafeForm):
    status = forms.ChoiceField(label=_("Status"), choices=Filing.Status.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Filing.Outcome.choices,
                                required=False)
    note_to_filer = forms.CharField(
        label=_("Note the filer sees"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PeriodForm(SafeForm):
    period = forms.CharField(required=False, max_length=10)
