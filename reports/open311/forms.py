"""Parsing Open311 input: the GET /requests filters and the form-encoded POST.

Forms only read and check the parameters; the views turn them into a query or an
action call. Error messages become the spec's `{code, description}` list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_SPAN = dt.timedelta(days=90)
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
# "+08:00" arrives as " 08:00" when a client forgets to encode the plus sign.
_LOST_PLUS = re.compile(r" (\d\d:?\d\d)$")
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def parse_moment(text: str, *, end_of_day: bool = False) -> dt.datetime | None:
    """An aware datetime from ISO 8601 text (date only, naive = site time), or None."""
    text = _LOST_PLUS.sub(r"+\1", (text or "").strip())
    if not text:
        return None
    try:
        day = parse_date(text) if len(text) <= 10 else None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
        else:
            parsed = parse_datetime(text)
            if parsed is None:
                return None
            moment = parsed
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class MomentField(forms.CharField):
    def __init__(self, *, end_of_day: bool = False, **kwargs: Any) -> None:
        self.end_of_day = end_of_day
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> dt.datetime | None:
        text = super().clean(value)
        if not text:
            return None
        moment = parse_moment(text, end_of_day=self.end_of_day)
        if moment is None:
            raise forms.ValidationError(
                _("%(name)s must be an ISO 8601 date and time, e.g. 2024-05-01T09:00:00-07:00.")
                % {"name": self.label}
            )
        return moment


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


@dataclass
class RequestsQuery:
    ids: list[int] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    is_open: bool | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    updated_after: dt.datetime | None = None
    updated_before: dt.datetime | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lat, min_lon, max_lat, max_lon
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    extensions: bool = False


class RequestsQueryForm(forms.Form):
    """GET /requests: the spec's filters plus the common extensions."""

    jurisdiction_id = forms.CharField(required=False)
    service_request_id = forms.CharField(required=False)
    service_code = forms.CharField(required=False)
    status = forms.CharField(required=False)
    start_date = MomentField(label="start_date")
    end_date = MomentField(label="end_date", end_of_day=True)
    updated_after = MomentField(label="updated_after")
    updated_before = MomentField(label="updated_before", end_of_day=True)
    bbox = forms.CharField(required=False)
    page = forms.CharField(required=False)
    page_size = forms.CharField(required=False)
    extensions = forms.CharField(required=False)

    def clean_service_request_id(self) -> list[int]:
        ids = []
        for part in _comma_list(self.cleaned_data["service_request_id"]):
            if not part.isdigit() or len(part) > 18:
                raise forms.ValidationError(
                    _("service_request_id must be a comma-separated list of request ids.")
                )
            ids.append(int(part))
        if len(ids) > MAX_PAGE_SIZE:
            raise forms.ValidationError(_("Ask for at most 1000 service_request_id values."))
        return ids

    def clean_status(self) -> bool | None:
        values = {v.lower() for v in _comma_list(self.cleaned_data["status"])}
        if not values <= {"open", "closed"}:
            raise forms.ValidationError(_("status must be open or closed."))
        return None if len(values) != 1 else values == {"open"}

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        parts = _comma_list(self.cleaned_data["bbox"])
        if not parts:
            return None
        message = _("bbox must be min_long,min_lat,max_long,max_lat in degrees.")
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise forms.ValidationError(message) from None
        if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= max_lon <= 180):
            raise forms.ValidationError(message)
        return min_lat, min_lon, max_lat, max_lon

    def _positive(self, name: str, default: int, maximum: int | None = None) -> int:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return default
        if not text.isdigit() or int(text) < 1 or (maximum and int(text) > maximum):
            limit = f" (at most {maximum})" if maximum else ""
            raise forms.ValidationError(
                _("%(name)s must be a positive whole number%(limit)s.")
                % {"name": name, "limit": limit}
            )
        return int(text)

    def clean_page(self) -> int:
        return self._positive("page", 1, 100_000)

    def clean_page_size(self) -> int:
        return self._positive("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise forms.ValidationError(_("end_date must be after start_date."))
        if start and end and end - start > MAX_SPAN + dt.timedelta(days=1):
            raise forms.ValidationError(
                _("start_date and end_date may be at most 90 days apart.")
            )
        return data

    def query(self) -> RequestsQuery:
        data = self.cleaned_data
        ids = data["service_request_id"]
        if ids:
            # The spec: a list of ids overrides every other filter.
            return RequestsQuery(
                ids=ids, page_size=MAX_PAGE_SIZE, extensions=_truthy(data["extensions"])
            )
        start, end = data["start_date"], data["end_date"]
        if start is None and end is None:
            end = None
            start = timezone.now() - MAX_SPAN
        elif start is None and end is not None:
            start = end - MAX_SPAN
        elif end is None and start is not None:
            end = start + MAX_SPAN
        return RequestsQuery(
            service_codes=_comma_list(data["service_code"]),
            is_open=data["status"],
            start=start,
            end=end,
            updated_after=data["updated_after"],
            updated_before=data["updated_before"],
            bbox=data["bbox"],
            page=data["page"],
            page_size=data["page_size"],
            extensions=_truthy(data["extensions"]),
        )


class UpdatesQueryForm(forms.Form):
    """GET /servicerequestupdates (FixMyStreet): a time window and paging."""

    jurisdiction_id = forms.CharField(required=False)
    start_date = MomentField(label="start_date")
    end_date = MomentField(label="end_date", end_of_day=True)
    service_request_id = forms.CharField(required=False)
    page = forms.CharField(required=False)
    page_size = forms.CharField(required=False)

    clean_page = RequestsQueryForm.clean_page
    clean_page_size = RequestsQueryForm.clean_page_size
    _positive = RequestsQueryForm._positive
    clean_service_request_id = RequestsQueryForm.clean_service_request_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise forms.ValidationError(_("end_date must be after start_date."))
        if start and end and end - start > MAX_SPAN + dt.timedelta(days=1):
            raise forms.ValidationError(
                _("start_date and end_date may be at most 90 days apart.")
            )
        if start is None and end is None:
            data["start_date"] = timezone.now() - MAX_SPAN
        elif start is None and end is not None:
            data["start_date"] = end - MAX_SPAN
        elif end is None and start is not None:
            data["end_date"] = start + MAX_SPAN
        return data


def _truthy(text: str) -> bool:
    return (text or "").strip().lower() in {"true", "1", "yes"}


class ServiceRequestForm(forms.Form):
    """POST /requests (form-encoded). The api_key is checked by the view first."""

    service_code = forms.CharField(
        max_length=64, error_messages={"required": gettext_lazy("service_code is required.")}
    )
    lat = forms.CharField(required=False)
    long = forms.CharField(required=False)
    address_string = forms.CharField(required=False, max_length=250)
    address_id = forms.CharField(required=False, max_length=64)
    email = forms.CharField(required=False, max_length=254)
    device_id = forms.CharField(required=False, max_length=100)
    account_id = forms.CharField(required=False, max_length=100)
    first_name = forms.CharField(required=False, max_length=60)
    last_name = forms.CharField(required=False, max_length=60)
    phone = forms.CharField(required=False, max_length=40)
    description = forms.CharField(required=False, strip=False)
    media_url = forms.URLField(required=False, max_length=200, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = bool(data.get("lat")) or bool(data.get("long"))
        if not has_point and not data.get("address_string") and not data.get("address_id"):
            raise forms.ValidationError(
                _("Give a location: lat and long, address_string or address_id.")
            )
        return data


def parse_attributes(post: QueryDict) -> dict[str, Any]:
    """`attribute[CODE]=v` → {CODE: v}; `attribute[CODE][]=a&attribute[CODE][]=b` → a list."""
    answers: dict[str, Any] = {}
    for name in post:
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        code, is_list = match.group(1), bool(match.group(2))
        values = post.getlist(name)
        if is_list or len(values) > 1:
            answers.setdefault(code, [])
            existing = answers[code] if isinstance(answers[code], list) else [answers[code]]
            answers[code] = existing + values
        else:
            answers[code] = values[0]
    return answers
