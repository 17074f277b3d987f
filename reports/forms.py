"""HTML forms for the reports pages. They parse input; the rules live in
reports.validation and reports.actions, whose ValidationErrors the views put back on
these forms (`apply_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from places.models import Area
from reports.models import Alert, Attribute, Category, Status
from reports.validation import MAX_DESCRIPTION

ANSWER_PREFIX = "answer_"
AGE_CHOICES = [
    ("", _("Any time")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last year")),
]
OPEN_CLOSED_CHOICES = [("", _("Any status")), ("open", _("Open")), ("closed", _("Closed"))]


def apply_errors(form: forms.Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put an action's ValidationError on the form, mapping its keys to field names.

    Keys with no field (or a flat error) become non-field errors, so nothing is lost.
    """
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = fields.get(key, key)
            for message in ValidationError(errors).messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("order", "name")


# ---------------------------------------------------------------------------- reporting


class PlaceForm(forms.Form):
    """Step 1: where is the problem? A pin (lat/lon) or typed text."""

    q = forms.CharField(
        label=_("Address or place"),
        required=False,
        max_length=250,
        help_text=_("A street address, a place name, or coordinates such as 34.05, -118.25."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not has_point and not (data.get("q") or "").strip():
            raise ValidationError(
                _("Type an address, use your location, or put a pin on the map.")
            )
        return data


class ReportForm(forms.Form):
    """Step 3: the category's questions, the description, a photo, contact details."""

    lat = forms.FloatField(widget=forms.HiddenInput)
    lon = forms.FloatField(widget=forms.HiddenInput)
    address = forms.CharField(required=False, max_length=250, widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label=_("What is the problem?"),
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose one of the listed categories.")},
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to %(limit)d characters. Do not include anyone's personal details.")
        % {"limit": MAX_DESCRIPTION},
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB. We remove location data from photos."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    reporter_name = forms.CharField(
        label=_("Your name"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_email = forms.CharField(
        label=_("Your email"), required=False, max_length=254,
        help_text=_("We send you a link to follow the report and its status updates."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    reporter_phone = forms.CharField(
        label=_("Your phone"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]
        self.chosen_category = category
        self.attribute_fields: list[str] = []
        if category is not None:
            for attribute in category.attributes.all():
                name = ANSWER_PREFIX + attribute.code
                self.fields[name] = answer_field(attribute)
                self.attribute_fields.append(name)
            if not category.allows_anonymous:
                self.fields["reporter_name"].help_text = _(
                    "This category needs your name and email; they are never shown publicly."
                )

    def answer_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.attribute_fields]

    def answers(self) -> dict[str, Any]:
        """Raw answers keyed by attribute code, for validate_answers / do_submit_report."""
        result: dict[str, Any] = {}
        for name in self.attribute_fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            result[name[len(ANSWER_PREFIX):]] = value
        return result


def answer_field(attribute: Attribute) -> forms.Field:
    """A form field for one Open311 attribute, by its datatype."""
    label = attribute.description
    help_text = attribute.datatype_description
    required = attribute.required
    kind = attribute.datatype
    choices = [(str(v.get("key")), str(v.get("name"))) for v in attribute.values or []]
    common: dict[str, Any] = {"label": label, "required": required, "help_text": help_text}
    if kind == Attribute.Datatype.SINGLE:
        return forms.ChoiceField(
            choices=[("", _("Choose one") if not required else "—"), *choices],
            **common,
        )
    if kind == Attribute.Datatype.MULTI:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Attribute.Datatype.NUMBER:
        return forms.DecimalField(**common)
    if kind == Attribute.Datatype.DATETIME:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Attribute.Datatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=250, **common)


class ReporterNoteForm(forms.Form):
    """The reporter confirms a fix or reopens, with an optional (reopen: required) note."""

    note = forms.CharField(
        label=_("Note (optional when confirming the fix)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# ---------------------------------------------------------------------------- staff


class QueueFilterForm(forms.Form):
    SORTS = [
        ("-requested_at", _("Newest first")),
        ("requested_at", _("Oldest first")),
        ("priority", _("Most urgent first")),
        ("expected_at", _("Due soonest")),
        ("-supporters", _("Most supported")),
        ("-updated_at", _("Recently changed")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Report number, original request id, or words."))
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Open (any)")), ("all", _("Any status"))] + list(Status.choices),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.all(),
        empty_label=_("Any category"),
    )
    area = forms.ModelChoiceField(
        label=_("Neighborhood"), required=False,
        queryset=Area.objects.filter(level=Area.Level.NEIGHBORHOOD).only("id", "name"),
        empty_label=_("Any neighborhood"),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.all(),
        empty_label=_("Any organization"),
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False, choices=[])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS)

    def __init__(self, *args: Any, organizations: Any = None, staff: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        assignees: list[tuple[str, Any]] = [
            ("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody"))
        ]
        for user in staff or []:
            assignees.append((str(user.pk), str(user)))
        self.fields["assignee"].choices = assignees  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in Status.choices if c[0] != Status.DUPLICATE],
    )
    public_note = forms.CharField(
        label=_("Public note"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public timeline and emailed to followers."),
    )
    private_note = forms.CharField(
        label=_("Private note"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Staff only; never shown publicly."),
    )


class NoteForm(forms.Form):
    public_note = forms.CharField(
        label=_("Public note"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    private_note = forms.CharField(
        label=_("Private note"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), required=False, queryset=User.objects.none(),
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int,
        choices=[(1, _("1 — urgent")), (2, "2"), (3, _("3 — normal")), (4, "4"), (5, _("5 — low"))],
    )


class DueDateForm(forms.Form):
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to clear."),
    )


class MergeForm(forms.Form):
    duplicates = forms.CharField(
        label=_("Report numbers to merge into this one"), max_length=200,
        help_text=_("Separate numbers with commas, e.g. 12, 15."),
    )

    def clean_duplicates(self) -> list[int]:
        raw = self.cleaned_data["duplicates"].replace("#", " ").replace(",", " ").split()
        try:
            ids = sorted({int(x) for x in raw})
        except ValueError:
            raise ValidationError(_("Enter report numbers only.")) from None
        if not ids:
            raise ValidationError(_("Enter at least one report number."))
        return ids


class RerouteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Send to"), queryset=Organization.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason (public)"), max_length=4000)
    private_note = forms.CharField(
        label=_("Private note"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecategoriseForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("New category"), queryset=Category.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason (public)"), max_length=4000)


# ---------------------------------------------------------------------------- categories

MAX_TARGET_DAYS = 365
LIST_DATATYPES = (Attribute.Datatype.SINGLE, Attribute.Datatype.MULTI)


def organizations_for(current: Organization | None = None) -> Any:
    """Active organizations, plus `current` even if it was since deactivated, so editing a
    category never fails on a choice the user did not touch."""
    query = Q(is_active=True)
    if current is not None:
        query |= Q(pk=current.pk)
    return Organization.objects.filter(query).order_by("name")


class CategoryForm(forms.Form):
    """A category's settings. `code` is asked only when creating: it is the Open311
    service_code and part of feed URLs, so clients would break if it changed."""

    code = forms.SlugField(
        label=_("Code"), max_length=64,
        help_text=_("Letters, digits and dashes, e.g. streetlight. It cannot be changed later."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to residents when they choose a category."),
    )
    group = forms.CharField(
        label=_("Group"), required=False, max_length=80,
        help_text=_("Categories with the same group are listed together."),
    )
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=250,
        help_text=_("Words residents might search for, separated by commas."),
    )
    default_organization = forms.ModelChoiceField(
        label=_("Responsible organization"), required=False,
        queryset=Organization.objects.none(), empty_label=_("None"),
        help_text=_("Used where no route below names an organization."),
    )
    allows_anonymous = forms.BooleanField(label=_("Anonymous reports allowed"), required=False)
    location_privacy = forms.ChoiceField(
        label=_("Location shown"), choices=Category.LocationPrivacy.choices,
        widget=forms.RadioSelect,
        help_text=_("Blurred categories show only the surrounding area on public pages."),
    )
    target_days = forms.IntegerField(
        label=_("Target days to fix"), required=False, min_value=1, max_value=MAX_TARGET_DAYS,
        help_text=_("Leave empty for no target."),
        error_messages={"invalid": _("Enter a whole number of days.")},
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False,
        help_text=_("Inactive categories cannot be chosen for new reports."),
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0,
        help_text=_("Lower numbers are listed first."),
        error_messages={"invalid": _("Enter a whole number.")},
    )

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        if category is not None:
            kwargs.setdefault("initial", {name: getattr(category, name)
                                          for name in self.base_fields if name != "code"})
        else:
            kwargs.setdefault("initial", {"allows_anonymous": True, "is_active": True,
                                          "location_privacy": Category.LocationPrivacy.EXACT})
        super().__init__(*args, **kwargs)
        self.category = category
        if category is not None:
            del self.fields["code"]
        self.fields["default_organization"].queryset = organizations_for(  # type: ignore[attr-defined]
            category.default_organization if category is not None else None
        )

    def changes(self) -> dict[str, Any]:
        """The cleaned fields whose value differs from the category's (all when creating)."""
        if self.category is None:
            return dict(self.cleaned_data)
        return {
            name: value for name, value in self.cleaned_data.items()
            if getattr(self.category, name) != value
        }


def parse_choices(text: str) -> list[dict[str, str]]:
    """One choice a line: "key|Name", or just "Name" (its key is made from the name)."""
    choices = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        key, bar, name = line.partition("|")
        if not bar:
            key, name = slugify(line), line
        key, name = key.strip(), name.strip()
        if not key or not name:
            raise ValidationError(
                _("Each line needs a name, or a key and a name: %(line)s"), params={"line": line}
            )
        choices.append({"key": key[:100], "name": name[:250]})
    return choices


class AttributeForm(forms.Form):
    """A new question on a category. The action checks duplicate codes and choice keys."""

    code = forms.SlugField(
        label=_("Code"), max_length=64,
        help_text=_("Letters, digits and dashes; the key of the answer in the API."),
    )
    description = forms.CharField(label=_("Question"), max_length=250)
    datatype = forms.ChoiceField(label=_("Kind of answer"), choices=Attribute.Datatype.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0,
        error_messages={"invalid": _("Enter a whole number.")},
    )
    values = forms.CharField(
        label=_("Choices"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('For "Choose one" and "Choose any" only: one choice a line, '
                    'as "key|Name" or just "Name".'),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shares a page with CategoryForm, whose fields have the same names: distinct ids
        # keep every label pointing at its own field.
        kwargs.setdefault("auto_id", "question_%s")
        super().__init__(*args, **kwargs)

    def clean_values(self) -> list[dict[str, str]]:
        return parse_choices(self.cleaned_data.get("values") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        datatype, values = data.get("datatype"), data.get("values")
        if datatype in LIST_DATATYPES and values == []:
            self.add_error("values", _("List the choices, one a line."))
        elif datatype and datatype not in LIST_DATATYPES and values:
            self.add_error(
                "values", _('Only "Choose one" and "Choose any" questions have choices.')
            )
        return data


class RouteForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), required=False,
        queryset=Area.objects.order_by("level", "name").only("id", "name", "level"),
        empty_label=_("Everywhere else (no area)"),
        help_text=_("A district's route also covers its neighborhoods."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(),
        empty_label=_("Choose an organization"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "route_%s")
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for()  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = (  # type: ignore[attr-defined]
            lambda area: f"{area.name} ({area.get_level_display()})"
        )


# ---------------------------------------------------------------------------- map


class MapFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(),
        empty_label=_("All categories"), to_field_name="code",
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=OPEN_CLOSED_CHOICES)
    age = forms.ChoiceField(label=_("Reported"), required=False, choices=AGE_CHOICES)
    area = forms.ModelChoiceField(
        label=_("Neighborhood"), required=False,
        queryset=Area.objects.filter(level=Area.Level.NEIGHBORHOOD).only("id", "name"),
        empty_label=_("All neighborhoods"),
    )
    bbox = forms.CharField(required=False, widget=forms.HiddenInput, max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        """`west,south,east,north` (Leaflet's toBBoxString order), or None."""
        raw = (self.cleaned_data.get("bbox") or "").strip()
        if not raw:
            return None
        try:
            west, south, east, north = (float(x) for x in raw.split(","))
        except ValueError:
            raise ValidationError(_("The map area is not valid.")) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError(_("The map area is not valid."))
        return west, south, east, north


class HotspotForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(),
        empty_label=_("Choose a category"), to_field_name="code",
    )
    days = forms.TypedChoiceField(
        label=_("Window"), coerce=int, required=False, empty_value=90,  # type: ignore[arg-type]
        choices=[(30, _("Last 30 days")), (90, _("Last 90 days")), (180, _("Last 180 days")),
                 (365, _("Last year"))],
        initial=90,
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # A link that names only a category must show the window it is computed over.
        if data is not None and not data.get("days"):
            data = data.copy()
            data["days"] = "90"
        super().__init__(data, *args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- alerts


class AlertForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to follow"), choices=Alert.Kind.choices, widget=forms.RadioSelect
    )
    email = forms.EmailField(label=_("Your email"), widget=forms.EmailInput(
        attrs={"autocomplete": "email"}))
    report = forms.IntegerField(label=_("Report number"), required=False, min_value=1)
    area = forms.ModelChoiceField(
        label=_("Neighborhood"), required=False,
        queryset=Area.objects.filter(level=Area.Level.NEIGHBORHOOD).only("id", "name"),
        empty_label=_("Choose a neighborhood"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
    )
    place = forms.CharField(
        label=_("Address or coordinates"), required=False, max_length=250,
        help_text=_("For “near a place”: an address or coordinates such as 34.05, -118.25."),
    )
    radius_m = forms.TypedChoiceField(
        label=_("Distance"), required=False, coerce=int, empty_value=500,  # type: ignore[arg-type]
        choices=[(200, _("200 m")), (500, _("500 m")), (1000, _("1 km")), (2000, _("2 km"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- walks


class WalkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ModelChoiceField(
        label=_("Neighborhood"), required=False,
        queryset=Area.objects.filter(level=Area.Level.NEIGHBORHOOD).only("id", "name"),
        empty_label=_("Choose a neighborhood"),
    )
    participants = forms.CharField(
        label=_("Participants"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names or groups, as the participants agree to be listed."),
    )


class WalkProblemForm(forms.Form):
    """One problem found on a walk: category, place and a short note."""

    category = forms.ModelChoiceField(
        label=_("Problem"), queryset=Category.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose one of the listed categories.")},
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    place = forms.CharField(
        label=_("Where"), required=False, max_length=250,
        help_text=_("Tap “use my location”, put a pin on the map, or type an address."),
    )
    note = forms.CharField(label=_("Short note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]
