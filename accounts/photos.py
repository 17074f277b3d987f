"""Officer photos: accept only real images, then re-encode them small and without metadata.

Re-encoding (rather than copying the upload) is what strips EXIF, including GPS positions
a phone may have written, and it defeats files that are images on the outside only.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 600
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def check_photo(upload: UploadedFile[bytes]) -> None:
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is too large: the limit is 5 MB."), code="too_big")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_big")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file is not an image we can read. Upload a JPEG, PNG, WebP or GIF photo."),
            code="invalid",
        ) from error
    finally:
        upload.seek(0)


def prepare_photo(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """A JPEG at most MAX_PHOTO_SIDE pixels on its longer side, turned upright, no metadata."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGB")
        image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
        out = io.BytesIO()
        # No exif= argument: Pillow writes no EXIF block at all.
        image.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
