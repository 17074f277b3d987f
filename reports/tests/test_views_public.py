# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Public pages: reporting a problem in three steps, the tracking page, the reporter's
link, the map, its JSON and the list."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from reports.actions import do_add_attribute, do_add_note, do_change_status
from reports.models import Attribute, Report, ReportUpdate
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    OUTSIDE,
    _fresh_lookup,
    business,
    city,
    make_report,
    north,
    park,
    parks,
    streetlight,
    streets,
)

LAT, LON = f"{INSIDE[0]:.6f}", f"{INSIDE[1]:.6f}"


def details_url(**params: str) -> str:
    from urllib.parse import urlencode

    return reverse("reports:new_details") + "?" + urlencode({"lat": LAT, "lon": LON, **params})


def post_report(client: Client, category, **fields):  # type: ignore[no-untyped-def]
    data = {"lat": LAT, "lon": LON, "address": "", "category": category.pk,
            "description": "Dark corner", "answer_kind": "out"}
    data.update(fields)
    return client.post(reverse("reports:new_details"), data)


def jpeg_with_gps(size: tuple[int, int] = (3000, 2000)) -> bytes:
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 3.0, 0.0), 3: "W", 4: (118.0, 15.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


# ---------------------------------------------------------------------------- step 1


def test_the_place_step_shows_a_form_that_works_without_javascript(client, city):
    response = client.get(reverse("reports:new"))
    assert response.status_code == 200
    assert b'name="q"' in response.content and b'name="lat"' in response.content


def test_a_pin_inside_the_city_goes_to_the_nearby_step(client, city):
    response = client.get(reverse("reports:new"), {"lat": LAT, "lon": LON})
    assert response.status_code == 302
    assert response.url.startswith(reverse("reports:new_nearby"))


def test_typed_coordinates_are_geocoded(client, city):
    response = client.get(reverse("reports:new"), {"q": f"{LAT}, {LON}"})
    assert response.status_code == 302
    assert "lat=34.05" in response.url


def test_it_rejects_a_location_outside_the_city(client, city):
    response = client.get(reverse("reports:new"), {"lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert response.status_code == 200
    assert "outside the city" in response.content.decode()


def test_an_empty_place_gets_a_clear_message(client, city):
    response = client.get(reverse("reports:new"), {"q": ""})
    assert "Type an address" in response.content.decode()


# ---------------------------------------------------------------------------- step 2


def test_nearby_open_reports_are_offered_with_a_me_too_button(client, city, streetlight, park):
    near = make_report(streetlight, (INSIDE[0] + 0.0005, INSIDE[1]))  # ~55 m
    far = make_report(park, (INSIDE[0] + 0.01, INSIDE[1]))  # ~1.1 km
    response = client.get(reverse("reports:new_nearby"), {"lat": LAT, "lon": LON})
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("reports:support", args=[near.pk]) in body
    assert reverse("reports:support", args=[far.pk]) not in body
    # Filtering by another category hides it.
    response = client.get(
        reverse("reports:new_nearby"), {"lat": LAT, "lon": LON, "category": "park"}
    )
    assert reverse("reports:support", args=[near.pk]) not in response.content.decode()


def test_me_too_counts_a_supporter_instead_of_a_duplicate(client, city, streetlight):
    report = make_report(streetlight)
    response = client.post(reverse("reports:support", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.supporters == 1
    assert Report.objects.count() == 1


def test_the_nearby_step_sends_a_point_outside_the_city_back(client, city):
    response = client.get(reverse("reports:new_nearby"), {"lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert response.status_code == 302 and response.url == reverse("reports:new")


def test_blurred_nearby_reports_show_no_distance(client, city, business):
    make_report(business, INSIDE, reporter_name="A", reporter_email="a@example.org")
    body = client.get(reverse("reports:new_nearby"), {"lat": LAT, "lon": LON}).content.decode()
    assert "m away" not in body


# ---------------------------------------------------------------------------- step 3


def test_the_category_picker_lists_categories_and_keeps_the_place(client, city, streetlight):
    response = client.get(details_url(address="1 Main St"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Street light out" in body and 'value="1 Main St"' in body


def test_the_details_form_asks_the_category_questions(client, city, streetlight):
    do_add_attribute(streetlight, code="since", description="Since when?",
                     datatype=Attribute.Datatype.DATETIME, actor=None)
    do_add_attribute(streetlight, code="poles", description="How many poles?",
                     datatype=Attribute.Datatype.NUMBER, actor=None)
    do_add_attribute(streetlight, code="extras", description="Also", actor=None,
                     datatype=Attribute.Datatype.MULTI,
                     values=[{"key": "glass", "name": "Broken glass"},
                             {"key": "wire", "name": "Wires"}])
    body = client.get(details_url(category="streetlight")).content.decode()
    assert "What is wrong?" in body and 'name="answer_kind"' in body
    assert 'type="date"' in body and 'name="answer_since"' in body
    assert 'type="number"' in body and 'type="checkbox"' in body


def test_a_resident_reports_a_problem_and_lands_on_their_private_page(
    client, city, streetlight, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(client, streetlight, reporter_email="rosa@example.org",
                               answer_pole="17")
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:reporter", args=[report.pk, report.reporter_token])
    assert report.answers == {"kind": "out", "pole": "17"}
    assert report.source == Report.Source.WEB
    # The reporter gets their private link by email.
    assert len(mailoutbox) == 1 and report.reporter_token in mailoutbox[0].body
    page = client.get(response.url)
    assert page.status_code == 200 and "It is fixed" in page.content.decode()


def test_a_signed_in_resident_is_recorded_as_the_reporter(client_for, resident, city, streetlight):
    post_report(client_for(resident), streetlight)
    assert Report.objects.get().reporter == resident


def assert_nothing_saved() -> None:
    assert Report.objects.count() == 0
    assert ReportUpdate.objects.count() == 0


def test_it_rejects_an_unknown_category(client, city, streetlight):
    response = client.post(reverse("reports:new_details"),
                           {"lat": LAT, "lon": LON, "category": "99999", "description": "x"})
    assert response.status_code == 400
    assert "Choose one of the listed categories." in response.content.decode()
    assert_nothing_saved()


def test_it_rejects_a_missing_required_answer_and_keeps_what_was_typed(client, city, streetlight):
    response = post_report(client, streetlight, answer_kind="", description="Keep me please")
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in body or "required" in body
    assert "Keep me please" in body
    assert_nothing_saved()


def test_it_rejects_a_5000_character_description(client, city, streetlight):
    response = post_report(client, streetlight, description="x" * 5000)
    assert response.status_code == 400
    assert "Keep the description under 4000 characters (it has 5000)." in (
        response.content.decode()
    )
    assert_nothing_saved()


def test_it_rejects_a_location_outside_the_city_on_the_last_step(client, city, streetlight):
    response = post_report(client, streetlight, lat=str(OUTSIDE[0]), lon=str(OUTSIDE[1]))
    assert response.status_code == 400
    assert "outside the city" in response.content.decode()
    assert_nothing_saved()


def test_it_rejects_a_non_image_upload(client, city, streetlight):
    upload = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho hi\n", content_type="image/jpeg")
    response = post_report(client, streetlight, photo=upload)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Upload a photo" in body and "choose it again" in body
    assert_nothing_saved()


def test_it_rejects_a_10_mb_upload(client, city, streetlight):
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024),
                                content_type="image/jpeg")
    response = post_report(client, streetlight, photo=upload)
    assert response.status_code == 400
    assert "too large; the limit is 10 MB" in response.content.decode()
    assert_nothing_saved()


def test_a_photo_is_resized_and_its_exif_and_gps_removed(client, city, streetlight, tmp_path,
                                                        settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert post_report(client, streetlight, photo=upload).status_code == 302
    report = Report.objects.get()
    with Image.open(report.photo.path) as saved:
        assert max(saved.size) <= 1600
        exif = saved.getexif()
        assert not exif or (0x8825 not in exif and 0x010F not in exif)
        assert "exif" not in saved.info


def test_a_category_without_anonymous_reports_needs_name_and_email(client, city, business):
    response = post_report(client, business, answer_kind="")
    assert response.status_code == 400
    assert "needs your name and email" in response.content.decode()
    assert_nothing_saved()
    response = post_report(client, business, reporter_name="Ana", reporter_email="ana@example.org")
    assert response.status_code == 302


def test_script_tags_are_saved_as_text_and_shown_escaped(client, city, streetlight):
    post_report(client, streetlight, description="<script>alert(1)</script>")
    report = Report.objects.get()
    body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# ---------------------------------------------------------------------------- tracking page


def test_the_tracking_page_shows_public_notes_never_private_ones_or_the_reporter(
    client, city, streetlight, officer
):
    report = make_report(streetlight, reporter_name="Rosa Secret",
                         reporter_email="rosa.secret@example.org", reporter_phone="555-0199")
    do_change_status(report, "in_progress", public_note="Crew booked",
                     private_note="PRIVATE-ABC", actor=officer)
    do_add_note(report, private_note="PRIVATE-XYZ", actor=officer)
    body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Crew booked" in body and "In progress" in body
    for secret in ("PRIVATE-ABC", "PRIVATE-XYZ", "Rosa Secret", "rosa.secret", "555-0199",
                   report.reporter_token):
        assert secret not in body


def test_a_blurred_report_shows_only_its_cell_centre_and_no_address(client, city, business):
    report = make_report(business, INSIDE, address="12 Exact Street",
                         reporter_name="A", reporter_email="a@example.org")
    body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "12 Exact Street" not in body
    assert f"{report.lat:f}" not in body
    assert f'data-lat="{report.public_lat:f}"' in body


def test_an_overdue_report_is_flagged(client, city, streetlight, officer):
    import datetime as dt

    from reports.actions import do_set_due_date

    report = make_report(streetlight)
    do_set_due_date(report, dt.date(2020, 1, 1), actor=officer)
    assert "Overdue" in client.get(reverse("reports:detail", args=[report.pk])).content.decode()


def test_the_reporter_link_confirms_the_fix_and_reopens(client, city, streetlight):
    report = make_report(streetlight)
    url = reverse("reports:reporter", args=[report.pk, report.reporter_token])
    assert client.post(url, {"action": "confirm", "note": "Thanks!"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "fixed"
    response = client.post(url, {"action": "reopen", "note": ""})
    assert response.status_code == 400 and "Say what is still wrong." in response.content.decode()
    assert client.post(url, {"action": "reopen", "note": "Dark again"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "reopened"


def test_a_wrong_reporter_token_is_not_found(client, city, streetlight):
    report = make_report(streetlight)
    assert client.get(reverse("reports:reporter", args=[report.pk, "nope"])).status_code == 404


def test_unknown_reports_are_not_found(client, db):
    assert client.get(reverse("reports:detail", args=[999])).status_code == 404


# ---------------------------------------------------------------------------- map and list


def test_the_map_and_list_pages_render_for_everyone(client, city, streetlight):
    make_report(streetlight)
    for name in ("index", "map", "list", "hotspots", "alerts"):
        assert client.get(reverse(f"reports:{name}")).status_code == 200, name


def test_the_map_json_returns_public_points_in_the_box_and_nothing_personal(
    client, city, streetlight, business
):
    exact = make_report(streetlight, reporter_email="x@example.org")
    blurred = make_report(business, INSIDE, reporter_name="Bo", reporter_email="b@example.org")
    response = client.get(reverse("reports:map_json"),
                          {"bbox": "-118.31,33.99,-118.19,34.11"})
    data = response.json()
    assert response.status_code == 200
    points = {p[0]: p for p in data["points"]}
    assert points[exact.pk][1:3] == [round(exact.lat or 0, 5), round(exact.lon or 0, 5)]
    public = [round(blurred.public_lat or 0, 5), round(blurred.public_lon or 0, 5)]
    assert points[blurred.pk][1:3] == public
    assert points[blurred.pk][1:3] != [round(blurred.lat or 0, 5), round(blurred.lon or 0, 5)]
    assert "example.org" not in response.content.decode()
    # Outside the box: nothing.
    far = client.get(reverse("reports:map_json"), {"bbox": "-74.1,40.6,-73.9,40.8"}).json()
    assert far["points"] == []


def test_the_map_json_filters_by_category_status_age_and_area(client, city, streetlight, park,
                                                              officer):
    light = make_report(streetlight)
    green = make_report(park)
    do_change_status(green, "fixed", actor=officer)
    url = reverse("reports:map_json")
    ids = lambda params: {p[0] for p in client.get(url, params).json()["points"]}  # noqa: E731
    assert ids({"category": "streetlight"}) == {light.pk}
    assert ids({"status": "open"}) == {light.pk}
    assert ids({"status": "closed"}) == {green.pk}
    assert ids({"age": "7"}) == {light.pk, green.pk}
    assert ids({"area": north(city).pk}) == {light.pk, green.pk}


def test_the_map_json_rejects_a_bad_box(client, db):
    response = client.get(reverse("reports:map_json"), {"bbox": "a,b,c"})
    assert response.status_code == 400 and "error" in response.json()


def test_the_map_json_caps_the_number_of_points(client, city, streetlight, monkeypatch):
    from reports.views import maps

    monkeypatch.setattr(maps, "MAP_LIMIT", 2)
    for _ in range(3):
        make_report(streetlight)
    data = client.get(reverse("reports:map_json")).json()
    assert len(data["points"]) == 2 and data["truncated"] is True


def test_the_list_is_the_map_without_javascript(client, city, streetlight):
    report = make_report(streetlight, description="<b>bold</b>")
    body = client.get(reverse("reports:list"), {"category": "streetlight"}).content.decode()
    assert reverse("reports:detail", args=[report.pk]) in body


@pytest.mark.parametrize("name", ["queue", "categories", "walks", "walk_new"])
def test_staff_pages_send_anonymous_visitors_to_log_in(client, db, name):
    response = client.get(reverse(f"reports:{name}"))
    assert response.status_code == 302 and "login" in response.url


def test_the_hotspot_page_ranks_the_cells_of_a_category_over_the_window_it_shows(
    client, city, streetlight
):
    for _ in range(3):
        make_report(streetlight, INSIDE)
    response = client.get(reverse("reports:hotspots"), {"category": "streetlight"})
    body = response.content.decode()
    assert response.status_code == 200
    # The select shows the 90-day window the figures are computed over.
    assert '<option value="90" selected>' in body
    assert "Street light out" in body
    geojson = client.get(reverse("reports:hotspots_json"), {"category": "streetlight"}).json()
    assert sum(f["properties"]["count"] for f in geojson["features"]) == 3


def test_city_maps_embed_the_neighborhood_outlines_so_they_read_without_tiles(
    client, city, streetlight
):
    import json
    import re

    def settings_of(url: str) -> dict:
        body = client.get(url).content.decode()
        match = re.search(r'<script id="map-settings" type="application/json">(.*?)</script>', body)
        assert match is not None, url
        return json.loads(match.group(1))

    for url in (reverse("reports:new"), reverse("reports:map")):
        names = {item["name"] for item in settings_of(url)["outlines"]}
        assert names == {"North Park", "East Side"}
    report = make_report(streetlight, INSIDE)
    assert "outlines" not in settings_of(reverse("reports:detail", args=[report.pk]))


def test_anyone_finds_a_report_by_its_number_or_original_311_id(client, city, streetlight):
    report = make_report(streetlight, INSIDE)
    Report.objects.filter(pk=report.pk).update(external_source="la311", external_id="1-1525")
    index = reverse("reports:index")
    for number in (str(report.pk), f"#{report.pk}", "1-1525"):
        response = client.get(index, {"number": number})
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:detail", args=[report.pk])
    missing = client.get(index, {"number": "<b>nope</b>"}).content.decode()
    assert "No report has the number or id “&lt;b&gt;nope&lt;/b&gt;”." in missing
