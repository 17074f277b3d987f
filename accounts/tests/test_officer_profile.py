from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import OfficerProfile
from audit.models import AuditEntry

URL = "/accounts/officer-profile/"
FIELDS = {
    "rank": "Senior Lead Officer",
    "assignment": "Senior Lead Officer, Lincoln Heights",
    "languages": "English,  Spanish ,",
    "bio": "I run the Saturday basketball league.",
    "is_public": "on",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_gps(size=(1800, 1200)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.django_db
def test_only_officers_edit_an_officer_profile(client, client_for, resident, coordinator):
    assert client.get(URL).status_code == 302
    assert client_for(resident).get(URL).status_code == 403
    assert client_for(coordinator).get(URL).status_code == 403


@pytest.mark.django_db
def test_an_officer_publishes_a_profile_with_a_small_clean_photo(client_for, officer):
    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif()  # the upload really carries EXIF
    photo = SimpleUploadedFile("me.jpg", raw, content_type="image/jpeg")
    response = client_for(officer).post(URL, {**FIELDS, "photo": photo})
    assert response.status_code == 302
    profile = OfficerProfile.objects.get(user=officer)
    assert profile.is_public and profile.language_list == ["English", "Spanish"]
    assert profile in OfficerProfile.objects.public()
    with profile.photo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == 600 and image.size == (600, 400)
        assert not image.getexif() and "exif" not in image.info
    assert AuditEntry.objects.filter(action="officer_profile.created", actor=officer).exists()


@pytest.mark.django_db
def test_a_profile_stays_private_until_the_officer_opts_in(client_for, officer):
    client_for(officer).post(URL, {**FIELDS, "is_public": ""})
    assert not OfficerProfile.objects.public().exists()
    assert OfficerProfile.objects.get(user=officer).is_public is False


@pytest.mark.django_db
def test_it_rejects_a_file_that_is_not_an_image(client_for, officer):
    fake = SimpleUploadedFile("me.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client_for(officer).post(URL, {**FIELDS, "photo": fake})
    assert response.status_code == 200
    assert 'id="id_photo_error"' in response.content.decode()
    assert not OfficerProfile.objects.exists()


@pytest.mark.django_db
def test_it_rejects_a_photo_over_5_mb(client_for, officer):
    # Random pixels compress badly, so a PNG this size is well over 5 MB.
    image = Image.frombytes("RGB", (1500, 1300), os.urandom(1500 * 1300 * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    assert out.tell() > 5 * 1024 * 1024
    big = SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")
    response = client_for(officer).post(URL, {**FIELDS, "photo": big})
    assert "The photo is too large" in response.content.decode()
    assert not OfficerProfile.objects.exists()


@pytest.mark.django_db
def test_an_officer_replaces_and_removes_a_photo(client_for, officer, tmp_path):
    client = client_for(officer)
    for name in ["a.jpg", "b.jpg"]:
        upload = SimpleUploadedFile(name, jpeg_with_gps((100, 100)), content_type="image/jpeg")
        client.post(URL, {**FIELDS, "photo": upload})
    profile = OfficerProfile.objects.get(user=officer)
    assert profile.photo and profile.photo.size > 0
    client.post(URL, {**FIELDS, "photo-clear": "on"})
    profile.refresh_from_db()
    assert not profile.photo
