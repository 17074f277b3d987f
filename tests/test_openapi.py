"""docs/api/openapi.json describes every JSON endpoint of ours, and the answers match it.

Open311 is described by its own standard (reports/tests check the official schemas).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from places.testing import make_area

SPEC = json.loads((Path(__file__).resolve().parents[1] / "docs/api/openapi.json").read_text())


def json_routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "open311":
                continue
            routes += json_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".json"):
            routes.append("/" + prefix + str(pattern.pattern))
    return routes


def test_every_json_endpoint_is_described():
    routes = set(json_routes(get_resolver().url_patterns))
    assert routes, "no JSON endpoints found: the route walk is broken"
    assert routes - set(SPEC["paths"]) == set()


def response_schema(path: str, status: int) -> dict[str, Any]:
    content = SPEC["paths"][path]["get"]["responses"][str(status)]["content"]
    return {**content["application/json"]["schema"], "components": SPEC["components"]}


def check(client: Any, path: str, query: str, status: int) -> Any:
    response = client.get(f"{path}?{query}")
    assert response.status_code == status, response.content
    body = response.json()
    schema = response_schema(path, status)
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)
    return body


@pytest.mark.django_db
def test_the_answers_match_the_description(client):
    area = make_area("Spec Park", box=(-118.30, 34.00, -118.20, 34.10))
    body = check(client, "/places/lookup.json", "lat=34.05&lon=-118.25", 200)
    assert body["area"]["slug"] == area.slug
    check(client, "/places/lookup.json", "lat=40.7&lon=-74.0", 404)
    check(client, "/places/lookup.json", "lat=abc", 400)
    check(client, "/reports/map.json", "bbox=-118.3,34.0,-118.2,34.1", 200)
    check(client, "/reports/map.json", "bbox=nonsense", 400)
    check(client, "/reports/hotspots.json", "", 200)
    check(client, "/reports/hotspots.json", "category=no-such-category", 400)
