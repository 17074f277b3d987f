"""The public list as JSON, checked against docs/api/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.urls import reverse

from commitments.tests.core import make_commitment, make_org

pytestmark = pytest.mark.django_db
SPEC = json.loads((Path(__file__).resolve().parents[2] / "docs/api/openapi.json").read_text())


def schema(status: int) -> dict[str, Any]:
    content = SPEC["paths"]["/commitments/board.json"]["get"]["responses"][str(status)]
    return {**content["content"]["application/json"]["schema"],
            "components": SPEC["components"]}


def test_the_json_list_matches_its_description_and_pages(client):
    owner = make_org("Central Area")
    for index in range(52):
        make_commitment(owner, title_en=f"Promise {index}", is_citywide=True, areas=[])
    response = client.get(reverse("commitments:board_json"), {"side": "police"})
    body = response.json()
    jsonschema.validate(body, schema(200), cls=jsonschema.Draft202012Validator)
    assert len(body["commitments"]) == 50 and body["totals"]["total"] == 52
    assert body["next"] and "page=2" in body["next"]
    second = client.get(body["next"]).json()
    assert len(second["commitments"]) == 2 and second["next"] is None


@pytest.mark.parametrize("query", [{"status": "nope"}, {"page": "0"}, {"theme": "x\x00"},
                                   {"page": "1" * 30}])
def test_a_bad_filter_is_a_400_in_the_described_shape(client, query):
    response = client.get(reverse("commitments:board_json"), query)
    assert response.status_code == 400
    jsonschema.validate(response.json(), schema(400), cls=jsonschema.Draft202012Validator)
