"""The HSDS 3.0 API: every endpoint's response validates against the compiled schemas
kept in directory/standards/hsds-3.0 (with additionalProperties false everywhere, as
upstream validates its examples); parameters combine; bad ones get a 400."""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from directory.models import TaxonomyTerm
from directory.tests.core import make_provider, make_service, make_shelter, secret_strings

SCHEMAS = Path(__file__).resolve().parent.parent / "standards" / "hsds-3.0" / "schema"


def _strict(schema: Any) -> Any:
    if isinstance(schema, dict):
        out = {k: _strict(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(x) for x in schema]
    return schema


@cache
def schema(name: str) -> dict[str, Any]:
    path = SCHEMAS / name
    if name.startswith("compiled/") and not path.exists():
        path = SCHEMAS / (name + ".gz")
        return _strict(json.loads(gzip.decompress(path.read_bytes())))
    return _strict(json.loads(path.read_text()))


def validate(data: Any, name: str) -> None:
    errors = sorted(Draft202012Validator(schema(name), format_checker=FormatChecker())
                    .iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"}


def validate_page(data: dict[str, Any], item_schema: str) -> None:
    assert set(data) == PAGE_KEYS
    assert isinstance(data["total_items"], int) and isinstance(data["first_page"], bool)
    for item in data["contents"]:
        validate(item, item_schema)


@pytest.fixture
def directory(db):
    provider = make_provider()
    make_service(provider, name="Eastside Food Pantry", languages=["Spanish"], free=True,
                 phones=["(323) 555-0101"], required_documents=["Photo ID"])
    make_service(provider, name="Legal Aid Clinic", codes=("1375",), url="https://example.org",
                 email="help@example.org", minimum_age=18)
    make_shelter()
    return provider


def get(url: str, **params: Any) -> Any:
    response = Client().get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_root_says_version_and_where_the_openapi_file_is(directory):
    data = get("/hsds/")
    assert data["version"] == "3.0" and data["openapi_url"].startswith("http")


def test_service_lists_validate_in_every_shape(directory):
    validate_page(get("/hsds/services"), "compiled/service_list.json")
    validate_page(get("/hsds/services", full="true"), "compiled/service.json")
    validate_page(get("/hsds/services", minimal="true"), "compiled/service_list.json")


def test_a_service_validates_fully_nested(directory):
    pk = get("/hsds/services", search="legal")["contents"][0]["id"]
    data = get(f"/hsds/services/{pk}")
    validate(data, "compiled/service.json")
    assert data["name"] == "Legal Aid Clinic"
    assert data["service_at_locations"][0]["location"]["addresses"][0]["address_1"]


def test_organizations_taxonomies_and_locations_validate(directory):
    validate_page(get("/hsds/organizations"), "compiled/organization_list.json")
    validate_page(get("/hsds/organizations", full="true"), "compiled/organization.json")
    validate(get(f"/hsds/organizations/{directory.pk}", full_service="true"),
             "compiled/organization.json")
    taxonomies = get("/hsds/taxonomies")
    validate_page(taxonomies, "taxonomy.json")
    validate(get(f"/hsds/taxonomies/{taxonomies['contents'][0]['id']}"), "taxonomy.json")
    terms = get("/hsds/taxonomy_terms", top_only="true", per_page="100")
    validate_page(terms, "taxonomy_term.json")
    assert terms["total_items"] == TaxonomyTerm.objects.filter(parent=None).count()
    validate(get(f"/hsds/taxonomy_terms/{terms['contents'][0]['id']}"), "taxonomy_term.json")
    links = get("/hsds/service_at_locations")
    validate_page(links, "compiled/service_at_location_list.json")
    validate_page(get("/hsds/service_at_locations", full="true"),
                  "compiled/service_at_location.json")
    validate(get(f"/hsds/service_at_locations/{links['contents'][0]['id']}"),
             "compiled/service_at_location.json")


def test_parameters_combine(directory):
    food = TaxonomyTerm.objects.get(code="1130")
    data = get("/hsds/services", taxonomy_term_id=str(food.pk), organization_id=str(directory.pk),
               search="pantry", per_page="1", page="1")
    assert [s["name"] for s in data["contents"]] == ["Eastside Food Pantry"]
    assert data["total_items"] == 1 and data["last_page"] is True
    assert get("/hsds/services", modified_after="2999-01-01")["empty"] is True
    terms = get("/hsds/taxonomy_terms", parent_id=str(food.parent_id))
    assert "Food Pantry" in [t["name"] for t in terms["contents"]]
    assert get("/hsds/service_at_locations", postcode="90012")["total_items"] == 2
    assert get("/hsds/service_at_locations", postcode="90012", proximity="5000")[
        "total_items"] == 2


def test_ndjson_streams_every_service(directory):
    response = Client().get("/hsds/services", {"format": "ndjson"})
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    lines = body.decode().splitlines()
    assert len(lines) == 3
    for line in lines:
        validate(json.loads(line), "compiled/service_list.json")


@pytest.mark.parametrize(("query", "message"), [
    ({"page": "0"}, "page: must be between"),
    ({"per_page": "100000"}, "per_page: must be between"),
    ({"page": "x"}, "page: must be a whole number"),
    ({"taxonomy_term_id": "nope"}, "taxonomy_term_id: must be a UUID"),
    ({"organization_id": "1; drop"}, "organization_id: must be a UUID"),
    ({"modified_after": "yesterday"}, "modified_after: must be an ISO 8601"),
    ({"full": "maybe"}, "full: must be true or false"),
    ({"format": "xml"}, "format: must be json or ndjson"),
    ({"search": "a\x00b"}, "search: contains characters"),
    ({"full": "true", "minimal": "true"}, "choose one"),
])
def test_bad_parameters_get_a_400_with_a_message(directory, query, message):
    response = Client().get("/hsds/services", query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_unknown_ids_are_404(directory):
    for url in ["/hsds/services/nope", "/hsds/services/00000000-0000-0000-0000-000000000000",
                "/hsds/organizations/x", "/hsds/taxonomies/x", "/hsds/taxonomy_terms/x",
                "/hsds/service_at_locations/x"]:
        assert Client().get(url).status_code == 404, url


def test_confidential_locations_are_absent_from_every_response(directory):
    client = Client()
    shelter_id = get("/hsds/services", search="harbor")["contents"][0]["id"]
    full = get(f"/hsds/services/{shelter_id}")
    assert full["service_at_locations"] == []
    texts = [client.get(url, params).content.decode() for url, params in [
        ("/hsds/services", {"full": "true"}), (f"/hsds/services/{shelter_id}", {}),
        ("/hsds/organizations", {"full": "true"}), ("/hsds/service_at_locations", {"full": "true"}),
        (f"/hsds/organizations/{directory.pk}", {"full_service": "true"}),
    ]]
    stream = client.get("/hsds/services", {"format": "ndjson", "full": "true"})
    ndjson = b"".join(stream.streaming_content).decode()  # type: ignore[attr-defined]
    for text in [*texts, ndjson]:
        for secret in secret_strings():
            assert secret not in text


def test_a_page_of_full_services_runs_a_fixed_number_of_queries(directory,
                                                                django_assert_max_num_queries):
    for n in range(6):
        make_service(directory, name=f"Extra Pantry {n}", phones=["(323) 555-0102"])
    with django_assert_max_num_queries(30):
        data = get("/hsds/services", full="true", per_page="50")
    assert data["size"] == 9
