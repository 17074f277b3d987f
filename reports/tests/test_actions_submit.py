# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audit.models import AuditEntry
from places.models import Area
from reports.actions import do_add_attribute, do_add_route, do_submit_report
from reports.models import Attribute, Report, ReportUpdate
from reports.routing import route_for
from reports.tests.core import (  # noqa: F401 (fixtures)
    EAST,
    INSIDE,
    OUTSIDE,
    _fresh_lookup,
    business,
    city,
    make_org,
    make_report,
    north,
    park,
    parks,
    streetlight,
    streets,
)


def assert_nothing_saved() -> None:
    assert Report.objects.count() == 0
    assert ReportUpdate.objects.count() == 0
    assert not AuditEntry.objects.filter(action="report.submit").exists()


def submit(category, **fields):
    fields.setdefault("lat", INSIDE[0])
    fields.setdefault("lon", INSIDE[1])
    fields.setdefault("answers", {"kind": "out"})
    return do_submit_report(category=category, actor=None, **fields)


def test_it_saves_a_routed_report_with_its_timeline(
    city, streetlight, streets, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = submit(
            streetlight, description="Dark corner", answers={"kind": "out", "pole": "7"}
        )
    assert report.area == north(city)
    assert report.h3_cell and report.location_flag == Report.LocationFlag.OK
    assert report.organization == streets
    assert report.is_open and report.status == "open"
    assert report.answers == {"kind": "out", "pole": "7"}
    assert (report.expected_at - report.requested_at).days == 7
    assert len(report.reporter_token) >= 40
    assert list(report.updates.values_list("kind", flat=True)) == ["created"]
    assert AuditEntry.objects.filter(action="report.submit", target_id=str(report.pk)).exists()
    assert len(callbacks) == 1


def test_it_rejects_a_report_outside_the_city(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, lat=OUTSIDE[0], lon=OUTSIDE[1])
    assert "outside the city" in str(error.value.message_dict["location"])
    assert_nothing_saved()


def test_it_rejects_nonsense_coordinates(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, lat="north", lon=999)
    assert "location" in error.value.message_dict
    assert_nothing_saved()


def test_it_accepts_any_point_when_no_boundaries_are_loaded(db, streetlight):
    report = submit(streetlight, lat=OUTSIDE[0], lon=OUTSIDE[1])
    assert report.area is None and report.location_flag == Report.LocationFlag.OUTSIDE


def test_it_keeps_an_address_only_report_flagged_missing(city, streetlight):
    report = submit(streetlight, lat=None, lon=None, address="100 Main St")
    assert report.location_flag == Report.LocationFlag.MISSING and report.h3_cell == ""


def test_it_rejects_an_unknown_or_inactive_category(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(None)
    assert "category" in error.value.message_dict
    streetlight.is_active = False
    streetlight.save()
    with pytest.raises(ValidationError):
        submit(streetlight)
    assert_nothing_saved()


def test_it_rejects_a_missing_required_answer(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, answers={"pole": "7"})
    messages = error.value.message_dict["answers"]
    assert "required" in str(messages)
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("datatype", "values", "answer", "stored"),
    [
        ("number", [], "12.5", 12.5),
        ("number", [], "3", 3),
        ("datetime", [], "2024-05-01", "2024-05-01"),
        ("text", [], "long words", "long words"),
        ("multivaluelist", [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}], ["a", "b"],
         ["a", "b"]),
    ],
)
def test_it_cleans_each_datatype(city, streetlight, datatype, values, answer, stored):
    do_add_attribute(
        streetlight, code="extra", description="Extra", datatype=datatype, values=values,
        required=True, actor=None,
    )
    report = submit(streetlight, answers={"kind": "out", "extra": answer})
    assert report.answers["extra"] == stored


@pytest.mark.parametrize(
    ("datatype", "values", "answer"),
    [
        ("number", [], "twelve"),
        ("datetime", [], "next tuesday"),
        ("string", [], "x" * 251),
        ("singlevaluelist", [{"key": "a", "name": "A"}], "z"),
        ("multivaluelist", [{"key": "a", "name": "A"}], ["a", "z"]),
        ("number", [], ""),
        ("multivaluelist", [{"key": "a", "name": "A"}], []),
    ],
)
def test_it_rejects_bad_answers_of_each_datatype(city, streetlight, datatype, values, answer):
    do_add_attribute(
        streetlight, code="extra", description="Extra question", datatype=datatype,
        values=values, required=True, actor=None,
    )
    with pytest.raises(ValidationError) as error:
        submit(streetlight, answers={"kind": "out", "extra": answer})
    assert "Extra question" in str(error.value.message_dict["answers"])
    assert_nothing_saved()


def test_it_rejects_a_5000_character_description(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, description="x" * 5000)
    assert "4000" in str(error.value.message_dict["description"])
    assert_nothing_saved()


def test_it_keeps_script_tags_as_plain_text(city, streetlight):
    report = submit(streetlight, description="<script>alert(1)</script>")
    assert report.description == "<script>alert(1)</script>"


def test_it_needs_name_and_email_where_anonymous_reports_are_off(city, business):
    with pytest.raises(ValidationError) as error:
        submit(business, answers={})
    assert "reporter" in error.value.message_dict
    assert_nothing_saved()
    report = submit(business, answers={}, reporter_name="Rosa", reporter_email="ROSA@example.org")
    assert report.reporter_email == "rosa@example.org"


def test_it_accepts_a_signed_in_reporter_without_name_where_anonymity_is_off(
    city, business, resident
):
    report = submit(business, answers={}, reporter=resident)
    assert report.reporter == resident


def test_it_rejects_an_invalid_email(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, reporter_email="not-an-email")
    assert "reporter" in error.value.message_dict
    assert_nothing_saved()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (34.0, 3.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_it_resizes_a_photo_and_strips_its_metadata(city, streetlight, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    report = submit(streetlight, photo=upload)
    with Image.open(report.photo.path) as saved:
        assert max(saved.size) == 1600
        assert not saved.getexif()


def test_it_rejects_a_non_image_upload(city, streetlight):
    upload = SimpleUploadedFile("p.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        submit(streetlight, photo=upload)
    assert "photo" in error.value.message_dict
    assert_nothing_saved()


def test_it_rejects_a_10_mb_upload(city, streetlight):
    upload = SimpleUploadedFile("p.jpg", b"\xff" * (10 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        submit(streetlight, photo=upload)
    assert "10 MB" in str(error.value.message_dict["photo"])
    assert_nothing_saved()


def test_it_reports_every_problem_at_once(city, streetlight):
    with pytest.raises(ValidationError) as error:
        submit(streetlight, lat=OUTSIDE[0], lon=OUTSIDE[1], description="x" * 4001, answers={})
    assert {"location", "description", "answers"} <= set(error.value.message_dict)


def test_it_returns_the_same_report_for_a_repeated_idempotency_key(city, streetlight):
    first = submit(streetlight, idempotency_key="abc")
    again = submit(streetlight, idempotency_key="abc", description="changed")
    assert again.pk == first.pk and Report.objects.count() == 1
    other = submit(streetlight, idempotency_key="other")
    assert other.pk != first.pk


def test_routing_prefers_the_area_route_then_the_catch_all_then_the_default(
    city, streetlight, streets, parks
):
    area = north(city)
    assert route_for(streetlight, area) == streets
    everywhere = make_org("Contractor")
    do_add_route(streetlight, None, everywhere, actor=None)
    assert route_for(streetlight, area) == everywhere
    do_add_route(streetlight, area, parks, actor=None)
    assert route_for(streetlight, area) == parks
    assert submit(streetlight).organization == parks
    assert submit(streetlight, lat=EAST[0], lon=EAST[1]).organization == everywhere


def test_a_district_route_covers_its_neighborhoods(city, streetlight, parks):
    district = Area.objects.get(level=Area.Level.DISTRICT)
    do_add_route(streetlight, district, parks, actor=None)
    assert make_report(streetlight).organization == parks


def test_attribute_datatypes_are_all_known(db):
    assert set(Attribute.Datatype.values) == {
        "string", "text", "number", "datetime", "singlevaluelist", "multivaluelist"
    }
