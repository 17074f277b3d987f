"""Checks shared by every way a report comes in: the HTML form, Open311 POST and walks.

Each function raises `django.core.exceptions.ValidationError` with a message a resident
can act on; `do_submit_report` collects them per field so a form can show all at once
and an API can turn them into its error list. None of these write to the database.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from places.models import Area
from reports.models import Attribute, Category

MAX_DESCRIPTION = 4000
MAX_SHORT_ANSWER = 250
MAX_PHOTO_BYTES = 10 * 1024 * 1024 - 1  # "a 10 MB upload" is refused
PHOTO_MAX_SIDE = 1600
ALLOWED_PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def parse_coordinate(value: Any, *, low: float, high: float) -> float | None:
    """A float within [low, high], or None for a missing or unusable value."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return number


def validate_location(lat: Any, lon: Any) -> Area | None:
    """The area holding the point, or ValidationError when it lies outside the city.

    A site with no boundaries loaded yet cannot tell inside from outside; it accepts any
    valid point and returns None (the report is then flagged "outside the loaded areas").
    """
    from places.lookup import find_first_area

    lat_f = parse_coordinate(lat, low=-90, high=90)
    lon_f = parse_coordinate(lon, low=-180, high=180)
    if lat_f is None or lon_f is None:
        raise ValidationError(_("Give a valid latitude and longitude."), code="invalid_location")
    area = find_first_area(lat_f, lon_f)
    if area is None and Area.objects.exists():
        raise ValidationError(
            _("That location is outside the city. Move the pin inside the city limits."),
            code="outside_city",
        )
    return area


def validate_description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(
            _("Keep the description under %(limit)d characters (it has %(count)d).")
            % {"limit": MAX_DESCRIPTION, "count": len(text)},
            code="too_long",
        )
    return text


def validate_category(category: Category | None) -> Category:
    if category is None or not category.is_active:
        raise ValidationError(_("Choose one of the listed categories."), code="unknown_category")
    return category


def validate_reporter(
    category: Category, *, reporter: Any, name: str, email: str
) -> None:
    if email:
        EmailValidator(message=_("Enter a valid email address."))(email)
    signed_in = reporter is not None and getattr(reporter, "is_authenticated", False)
    if not category.allows_anonymous and not signed_in and not (name.strip() and email):
        raise ValidationError(
            _("This category needs your name and email address; they are never shown publicly."),
            code="anonymous_not_allowed",
        )


def _as_values(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [str(v).strip() for v in raw if str(v).strip()]
    text = str(raw).strip()
    return [text] if text else []


def clean_answer(attribute: Attribute, raw: Any) -> Any:
    """One attribute's answer in its stored form; raises ValidationError when unusable."""
    values = _as_values(raw)
    if not values:
        if attribute.required:
            raise ValidationError(_("This answer is required."), code="required")
        return None
    kind = attribute.datatype
    keys = {str(v.get("key")) for v in attribute.values or []}
    if kind == Attribute.Datatype.MULTI:
        unknown = [v for v in values if v not in keys]
        if unknown:
            raise ValidationError(
                _("Choose from the listed answers (not %(value)s).") % {"value": unknown[0]},
                code="invalid_choice",
            )
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise ValidationError(_("Give one answer only."), code="multiple")
    value = values[0]
    if kind == Attribute.Datatype.SINGLE:
        if value not in keys:
            raise ValidationError(
                _("Choose from the listed answers (not %(value)s).") % {"value": value},
                code="invalid_choice",
            )
        return value
    if kind == Attribute.Datatype.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError(_("Enter a number."), code="invalid_number") from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."), code="invalid_number")
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == Attribute.Datatype.DATETIME:
        parsed = _parse_when(value)
        if parsed is None:
            raise ValidationError(
                _("Enter a date as YYYY-MM-DD (a time may follow)."), code="invalid_date"
            )
        return parsed
    limit = MAX_SHORT_ANSWER if kind == Attribute.Datatype.STRING else MAX_DESCRIPTION
    if len(value) > limit:
        raise ValidationError(
            _("Keep this answer under %(limit)d characters.") % {"limit": limit}, code="too_long"
        )
    return value


def _parse_when(value: str) -> str | None:
    try:
        day = parse_date(value) if len(value) <= 10 else None
        if day is not None:
            return day.isoformat()
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment.isoformat()
    except ValueError:
        return None
    return None


def validate_answers(category: Category, raw: dict[str, Any] | None) -> dict[str, Any]:
    """Answers to the category's questions, keyed by attribute code, in stored form.

    Unknown codes are ignored (Open311 clients send what other cities ask). Every failing
    answer is reported at once, keyed by its code.
    """
    raw = raw or {}
    answers: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for attribute in category.attributes.all():
        try:
            value = clean_answer(attribute, raw.get(attribute.code))
        except ValidationError as error:
            errors[attribute.code] = [
                ValidationError(f"{attribute.description}: {message}", code=error.code)
                for message in error.messages
            ]
            continue
        if value is not None:
            answers[attribute.code] = value
    if errors:
        raise ValidationError(errors)
    return answers


def clean_photo(upload: Any) -> ContentFile[bytes]:
    """A re-encoded copy of an uploaded photo: at most PHOTO_MAX_SIDE px, no EXIF or GPS.

    Re-encoding (rather than stripping tags) drops every metadata block Pillow does not
    copy explicitly, and proves the file really is an image.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is too large; the limit is 10 MB."), code="too_large")
    try:
        upload.seek(0)
        data = upload.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError(
                _("The photo is too large; the limit is 10 MB."), code="too_large"
            )
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ALLOWED_PHOTO_FORMATS:
                raise ValidationError(
                    _("Upload a photo (JPEG, PNG, WebP or GIF)."), code="not_an_image"
                )
            image.load()
            rotated = ImageOps.exif_transpose(image) or image
            rotated = rotated.convert("RGB")
            rotated.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            rotated.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Upload a photo (JPEG, PNG, WebP or GIF)."), code="not_an_image"
        ) from None
    return ContentFile(out.getvalue(), name="photo.jpg")
