# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in tests
from pathlib import Path
from typing import Any

import h3
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from audit.models import AuditEntry
from places.models import Place
from reports.actions import (
    do_add_note,
    do_change_status,
    do_issue_api_key,
    do_revoke_api_key,
)
from reports.models import Report, Status
from reports.tests.core import (  # noqa: F401 (fixtures)
    EAST,
    INSIDE,
    OUTSIDE,
    _fresh_lookup,
    business,
    city,
    make_report,
    park,
    parks,
    streetlight,
    streets,
)

# The official GeoReport v2 schemas, kept in the repository (data/standards/open311/README.md).
SCHEMAS = Path(settings.BASE_DIR) / "data" / "standards" / "open311"
BASE = "/open311/v2"


def _registry() -> Registry:
    resources = []
    for name in ("request", "requests", "service", "services", "service-definition"):
        contents = json.loads((SCHEMAS / f"{name}.json").read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((f"{name}.json", resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(body: Any, schema: str) -> None:
    contents = json.loads((SCHEMAS / f"{schema}.json").read_text())
    validator = Draft7Validator(
        contents, registry=REGISTRY, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not problems, problems


def get_json(client: Client, path: str, expect: int = 200, **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}.json", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def get_xml(client: Client, path: str, expect: int = 200, **params: Any) -> ET.Element:
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314


def ids(body: list[dict[str, Any]]) -> list[str]:
    return [item["service_request_id"] for item in body]


@pytest.fixture
def api(streets):
    api_key, raw = do_issue_api_key("Test app", streets, actor=None)
    return raw


def post(client: Client, fmt: Any = "json", headers: Any = None, **data: Any) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", data, headers=headers or {})


def assert_error(response, status: int, text: str = "") -> None:
    assert response.status_code == status, response.content
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        assert isinstance(body, list) and body and {"code", "description"} <= set(body[0])
        assert body[0]["code"] == status
        assert text.lower() in " ".join(e["description"] for e in body).lower()
    else:
        root = ET.fromstring(response.content)  # noqa: S314
        assert root.tag == "errors" and root.findtext("error/code") == str(status)
        assert text.lower() in " ".join(e.text or "" for e in root.iter("description")).lower()


# ---------------------------------------------------------------- discovery and services


def test_discovery_lists_the_endpoint_in_both_formats(client, db):
    body = get_json(client, "discovery")
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = get_xml(client, "discovery")
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


def test_services_validate_against_the_schema(client, streetlight, park, business):
    body = get_json(client, "services")
    validate(body, "services")
    by_code = {s["service_code"]: s for s in body}
    assert by_code["streetlight"]["metadata"] is True and by_code["park"]["metadata"] is False
    root = get_xml(client, "services")
    assert root.tag == "services" and len(root.findall("service")) == 3


def test_inactive_services_are_not_listed(client, streetlight, park):
    park.is_active = False
    park.save()
    assert [s["service_code"] for s in get_json(client, "services")] == ["streetlight"]


def test_a_service_definition_validates_and_lists_choices(client, streetlight):
    body = get_json(client, "services/streetlight")
    validate(body, "service-definition")
    kind = next(a for a in body["attributes"] if a["code"] == "kind")
    assert kind["required"] and kind["values"][0] == {"key": "out", "name": "Light out"}
    root = get_xml(client, "services/streetlight")
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None


def test_an_unknown_service_is_404(client, db):
    assert_error(client.get(f"{BASE}/services/nope.json"), 404, "nope")
    assert_error(client.get(f"{BASE}/services/nope.xml"), 404, "nope")


# ---------------------------------------------------------------- POST requests


def test_posting_creates_a_report_and_returns_its_id(client, city, streetlight, api):
    response = post(
        client, api_key=api, service_code="streetlight", lat=INSIDE[0], long=INSIDE[1],
        description="Dark", email="rosa@example.org", first_name="Rosa", **{
            "attribute[kind]": "out", "attribute[pole]": "P-9"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    report = Report.objects.get()
    assert body == [{"service_request_id": str(report.pk), "service_notice": None,
                     "account_id": None}]
    assert report.source == "open311" and report.answers == {"kind": "out", "pole": "P-9"}
    assert report.reporter_name == "Rosa" and report.api_key is not None
    # The client acts as itself, identified by its key, not as "system".
    entry = AuditEntry.objects.get(action="report.submit")
    assert (entry.actor_kind, entry.actor_ref) == ("api_client", str(report.api_key_id))
    assert entry.actor is None and entry.actor_role == ""


def test_posting_answers_a_multi_choice_question_with_brackets(client, city, streetlight, api):
    from reports.actions import do_add_attribute

    do_add_attribute(streetlight, code="when", description="When?", datatype="multivaluelist",
                     values=["Night", "Day"], actor=None)
    response = client.post(f"{BASE}/requests.xml", {
        "api_key": api, "service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1],
        "attribute[kind]": "flicker", "attribute[when][]": ["night", "day"]})
    assert response.status_code == 200, response.content
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "service_requests" and root.find("request/service_request_id") is not None
    assert Report.objects.get().answers == {"kind": "flicker", "when": ["night", "day"]}


def test_posting_without_a_valid_api_key_is_403(client, city, streetlight, api, streets):
    data = {"service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1],
            "attribute[kind]": "out"}
    assert_error(post(client, **data), 403, "api_key")
    assert_error(post(client, "xml", api_key="wrong", **data), 403, "api_key")
    key, raw = do_issue_api_key("Old app", streets, actor=None)
    assert post(client, api_key=raw, **data).status_code == 200
    do_revoke_api_key(key, actor=None)
    assert_error(post(client, api_key=raw, **data), 403, "revoked")
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lat": INSIDE[0], "long": INSIDE[1]}, "service_code"),
        ({"service_code": "nope", "lat": INSIDE[0], "long": INSIDE[1]}, "nope"),
        ({"service_code": "streetlight"}, "location"),
        ({"service_code": "streetlight", "lat": OUTSIDE[0], "long": OUTSIDE[1],
          "attribute[kind]": "out"}, "outside the city"),
        ({"service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1]}, "required"),
        ({"service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1],
          "attribute[kind]": "purple"}, "choose from"),
        ({"service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1],
          "attribute[kind]": "out", "description": "x" * 5000}, "4000"),
        ({"service_code": "streetlight", "lat": INSIDE[0], "long": INSIDE[1],
          "attribute[kind]": "out", "email": "nope"}, "email"),
        ({"service_code": "streetlight", "address_id": "999999"}, "address_id"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_posts_get_400_and_save_nothing(client, city, streetlight, api, data, message, fmt):
    assert_error(post(client, fmt, api_key=api, **data), 400, message)
    assert Report.objects.count() == 0


def test_an_address_string_is_geocoded_through_the_gazetteer(client, city, streetlight, api):
    Place.objects.create(label="100 N MAIN ST", normalized="100 N MAIN ST", lat=INSIDE[0],
                         lon=INSIDE[1])
    response = post(client, api_key=api, service_code="streetlight",
                    address_string="100 North Main Street", **{"attribute[kind]": "out"})
    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert (report.lat, report.lon) == INSIDE and report.location_flag == "ok"


def test_an_unknown_address_is_kept_and_flagged(client, city, streetlight, api):
    response = post(client, api_key=api, service_code="streetlight",
                    address_string="Nowhere Lane", **{"attribute[kind]": "out"})
    assert response.status_code == 200
    assert Report.objects.get().location_flag == Report.LocationFlag.MISSING


def test_a_retried_post_with_the_same_idempotency_key_creates_one_report(
    client, city, streetlight, api
):
    data = {"api_key": api, "service_code": "streetlight", "lat": INSIDE[0],
            "long": INSIDE[1], "attribute[kind]": "out"}
    first = post(client, headers={"Idempotency-Key": "k-1"}, **data).json()
    second = post(client, headers={"Idempotency-Key": "k-1"}, **data).json()
    assert first == second and Report.objects.count() == 1
    post(client, headers={"Idempotency-Key": "k-2"}, **data)
    assert Report.objects.count() == 2


def test_post_needs_no_csrf_token(city, streetlight, api):
    client = Client(enforce_csrf_checks=True)
    response = post(client, api_key=api, service_code="streetlight", lat=INSIDE[0],
                    long=INSIDE[1], **{"attribute[kind]": "out"})
    assert response.status_code == 200


# ---------------------------------------------------------------- GET requests


def age(report: Report, days: float) -> Report:
    moment = timezone.now() - dt.timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(requested_at=moment, updated_at=moment)
    report.refresh_from_db()
    return report


@pytest.fixture
def reports(city, streetlight, park):
    old = age(make_report(streetlight, description="old"), 100)
    light = age(make_report(streetlight, description="light"), 3)
    fixed = age(make_report(streetlight, point=EAST, description="fixed"), 2)
    do_change_status(fixed, Status.FIXED, public_note="Replaced", actor=None)
    green = age(make_report(park, point=EAST, description="park"), 1)
    return {"old": old, "light": light, "fixed": fixed, "park": green}


def test_the_default_list_is_the_last_90_days_newest_first(client, reports):
    body = get_json(client, "requests")
    validate(body, "requests")
    assert ids(body) == [str(reports[k].pk) for k in ("park", "fixed", "light")]
    item = body[0]
    assert item["service_code"] == "park" and item["status"] == "open"
    assert item["agency_responsible"] == "Recreation and Parks"
    assert item["requested_datetime"].endswith(("-08:00", "-07:00"))
    root = get_xml(client, "requests")
    assert root.tag == "service_requests" and len(root.findall("request")) == 3


def test_service_request_id_overrides_every_other_filter(client, reports):
    wanted = f"{reports['old'].pk},{reports['park'].pk}"
    body = get_json(client, "requests", service_request_id=wanted, status="closed",
                    service_code="streetlight")
    assert sorted(ids(body)) == sorted(wanted.split(","))
    assert_error(client.get(f"{BASE}/requests.json", {"service_request_id": "1,x"}), 400,
                 "service_request_id")


def test_it_filters_by_service_codes(client, reports):
    assert len(get_json(client, "requests", service_code="streetlight")) == 2
    assert len(get_json(client, "requests", service_code="streetlight,park")) == 3
    assert_error(client.get(f"{BASE}/requests.json", {"service_code": "nope"}), 400, "nope")


def test_it_filters_by_status(client, reports):
    closed = get_json(client, "requests", status="closed")
    assert ids(closed) == [str(reports["fixed"].pk)]
    assert closed[0]["status_notes"] == "Replaced"
    assert len(get_json(client, "requests", status="open")) == 2
    assert len(get_json(client, "requests", status="open,closed")) == 3
    assert_error(client.get(f"{BASE}/requests.xml", {"status": "done"}), 400, "status")


def test_it_filters_by_date_window(client, reports):
    start = (timezone.now() - dt.timedelta(days=120)).isoformat()
    end = (timezone.now() - dt.timedelta(days=50)).isoformat()
    assert ids(get_json(client, "requests", start_date=start, end_date=end)) == [
        str(reports["old"].pk)]
    start_only = (timezone.now() - dt.timedelta(days=2, hours=12)).isoformat()
    assert len(get_json(client, "requests", start_date=start_only)) == 2
    end_only = (timezone.now() - dt.timedelta(days=2, hours=12)).isoformat()
    assert ids(get_json(client, "requests", end_date=end_only)) == [str(reports["light"].pk)]


def test_a_plus_sign_lost_in_the_query_string_still_parses(client, reports):
    start = (timezone.now() - dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%S")
    response = client.get(f"{BASE}/requests.json?start_date={start}+00:00")
    assert response.status_code == 200 and len(response.json()) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "2020-01-01", "end_date": "2020-06-01"}, "90 days"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"start_date": "2020-02-01", "end_date": "2020-01-01"}, "after"),
        ({"page": "0"}, "page"),
        ({"page_size": "5000"}, "page_size"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"updated_after": "soon"}, "updated_after"),
    ],
)
def test_bad_filters_get_400(client, db, params, message):
    assert_error(client.get(f"{BASE}/requests.json", params), 400, message)
    assert_error(client.get(f"{BASE}/requests.xml", params), 400, message)


def test_paging_returns_pages_and_counts_on_the_last_one(client, reports):
    first = client.get(f"{BASE}/requests.json", {"page_size": 2})
    assert len(first.json()) == 2 and "X-Result-Count" not in first
    assert 'rel="next"' in first["Link"] and "page=2" in first["Link"]
    second = client.get(f"{BASE}/requests.json", {"page_size": 2, "page": 2})
    assert ids(second.json()) == [str(reports["light"].pk)]
    assert second["X-Result-Count"] == "3"
    assert get_json(client, "requests", page_size=2, page=3) == []


def test_extensions_add_answers_and_public_notes_only(client, reports):
    do_add_note(reports["light"], public_note="Crew booked", private_note="Owner: Bob",
                actor=None)
    do_add_note(reports["light"], private_note="Secret", actor=None)
    body = get_json(client, "requests", extensions="true",
                    service_request_id=str(reports["light"].pk))
    validate(body, "requests")
    item = body[0]
    assert item["attributes"] == [{"code": "kind", "value": "out"}]
    assert item["extended_attributes"]["neighborhood"] == "North Park"
    assert item["extended_attributes"]["detailed_status"] == "OPEN"
    notes = [n["description"] for n in item["notes"]]
    assert "Crew booked" in notes
    text = json.dumps(body)
    assert "Bob" not in text and "Secret" not in text
    root = get_xml(client, "requests", extensions="true",
                   service_request_id=str(reports["light"].pk))
    assert root.find("request/notes/note/description") is not None
    assert root.findtext("request/extended_attributes/supporters") == "0"
    assert "attributes" not in get_json(client, "requests")[0]


def test_bbox_and_updated_filters(client, reports):
    west_box = "-118.30,34.00,-118.25,34.10"  # North Park only
    assert ids(get_json(client, "requests", bbox=west_box)) == [str(reports["light"].pk)]
    after = (timezone.now() - dt.timedelta(hours=36)).isoformat()
    assert len(get_json(client, "requests", updated_after=after)) == 2  # park, fixed (now)
    before = (timezone.now() - dt.timedelta(hours=36)).isoformat()
    assert ids(get_json(client, "requests", updated_before=before)) == [
        str(reports["light"].pk)]


def test_get_one_request_and_its_404(client, reports):
    body = get_json(client, f"requests/{reports['park'].pk}")
    validate(body, "requests")
    assert ids(body) == [str(reports["park"].pk)]
    assert_error(client.get(f"{BASE}/requests/999999.json"), 404, "999999")
    assert_error(client.get(f"{BASE}/requests/abc.xml"), 404, "abc")


def test_a_token_resolves_to_the_request_id(client, reports):
    pk = str(reports["park"].pk)
    assert get_json(client, f"tokens/{pk}") == [{"service_request_id": pk, "token": pk}]
    assert_error(client.get(f"{BASE}/tokens/zzz.json"), 404, "zzz")


def test_gets_carry_etag_and_last_modified_and_answer_304(client, reports):
    response = client.get(f"{BASE}/requests.json")
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(f"{BASE}/requests.json", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(f"{BASE}/requests.json",
                       headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304


# ---------------------------------------------------------------- privacy and escaping


def test_blurred_categories_show_the_cell_centre_and_no_address(client, city, business):
    report = make_report(business, reporter_name="Secret Sam", reporter_email="sam@example.org",
                         reporter_phone="555-0100", address="12 Exact St")
    body = get_json(client, f"requests/{report.pk}", extensions="true")
    validate(body, "requests")
    item = body[0]
    centre = h3.cell_to_latlng(h3.latlng_to_cell(INSIDE[0], INSIDE[1], 8))
    assert (item["lat"], item["long"]) == pytest.approx(centre)
    assert (item["lat"], item["long"]) != INSIDE
    assert item["address"] is None
    text = json.dumps(body) + get_xml(client, f"requests/{report.pk}").__repr__()
    raw_xml = client.get(f"{BASE}/requests/{report.pk}.xml").content.decode()
    for secret in ("Secret Sam", "sam@example.org", "555-0100", "12 Exact St",
                   report.reporter_token):
        assert secret not in text and secret not in raw_xml


def test_a_narrow_bbox_cannot_find_a_blurred_report_by_its_exact_point(client, city, business):
    report = make_report(business, reporter_name="S", reporter_email="s@example.org")
    lat, lon = INSIDE
    tiny = f"{lon - 0.0001},{lat - 0.0001},{lon + 0.0001},{lat + 0.0001}"
    centre_lat, centre_lon = report.public_lat, report.public_lon
    assert centre_lat is not None and centre_lon is not None
    assert (centre_lat, centre_lon) != INSIDE
    assert get_json(client, "requests", bbox=tiny) == []
    d = 0.0001
    around = f"{centre_lon - d},{centre_lat - d},{centre_lon + d},{centre_lat + d}"
    assert ids(get_json(client, "requests", bbox=around)) == [str(report.pk)]


def test_script_tags_stay_text_in_both_formats(client, city, streetlight, api):
    evil = "<script>alert('x')</script> & more"
    post(client, api_key=api, service_code="streetlight", lat=INSIDE[0], long=INSIDE[1],
         description=evil, **{"attribute[kind]": "out"})
    assert get_json(client, "requests")[0]["description"] == evil
    raw = client.get(f"{BASE}/requests.xml").content.decode()
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    assert ET.fromstring(raw).findtext("request/description") == evil  # noqa: S314


# ---------------------------------------------------------------- servicerequestupdates


def test_service_request_updates_use_extended_statuses(client, reports):
    do_add_note(reports["light"], private_note="hidden", actor=None)
    body = get_json(client, "servicerequestupdates")
    statuses = {(u["service_request_id"], u["status"]) for u in body}
    assert (str(reports["fixed"].pk), "FIXED") in statuses
    assert (str(reports["park"].pk), "OPEN") in statuses
    assert all(set(u) == {"update_id", "service_request_id", "status", "updated_datetime",
                          "description", "media_url"} for u in body)
    assert "hidden" not in json.dumps(body)
    root = get_xml(client, "servicerequestupdates")
    assert root.tag == "service_request_updates" and root.find("request_update/status") is not None


def test_service_request_updates_filter_by_window(client, reports):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert get_json(client, "servicerequestupdates", start_date=future) == []
    assert_error(client.get(f"{BASE}/servicerequestupdates.json",
                            {"start_date": "2020-01-01", "end_date": "2021-01-01"}), 400, "90")
    body = get_json(client, "servicerequestupdates",
                    service_request_id=str(reports["fixed"].pk))
    assert [u["status"] for u in body] == ["OPEN", "FIXED"]


def test_every_json_response_parses_as_xml_too(client, reports, streetlight):
    for path in ("discovery", "services", "services/streetlight", "requests",
                 f"requests/{reports['park'].pk}", "servicerequestupdates"):
        get_xml(client, path)
