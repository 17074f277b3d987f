"""A weight budget for every public page, on the demo city.

A first visitor on a phone pays for every kilobyte of HTML before anything shows. The
test loads the demo the way `make run` does (the registered demo loaders: 99
neighborhoods, the officers, the 10,000 real Los Angeles 311 requests), walks every page
an anonymous visitor can reach by links from the home page, and fails on any HTML
response over the budget (and on any server error met on the way).
"""

from __future__ import annotations

import re
from collections import Counter, deque

import pytest
from django.urls import Resolver404, resolve

from trustbeat import registry

BUDGET_BYTES = 150 * 1024
# Enough pages of each kind (a report, a neighborhood…) to see what they weigh; the
# walk does not need all 10,000 reports.
PER_KIND = 3
MAX_PAGES = 200
SKIPPED_PREFIXES = ("/static/", "/admin/", "/accounts/logout/", "/i18n/", "/media/")
HREF = re.compile(r'href="(/[^"#]*)"')


def load_demo() -> None:
    context = registry.DemoContext(write=lambda line: None)
    for step in registry.demo_steps():
        step.loader(context)


def walk(client, start: list[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    kinds: Counter[str] = Counter()
    queue = deque(start)
    while queue and len(weights) < MAX_PAGES:
        path = queue.popleft().replace("&amp;", "&")
        if path in weights or path.startswith(SKIPPED_PREFIXES):
            continue
        try:
            kind = resolve(path.split("?")[0]).view_name + ("?" if "?" in path else "")
        except Resolver404:
            kind = path
        if kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content
        weights[path] = len(body)
        queue.extend(HREF.findall(body.decode("utf-8", "replace")))
    return weights


@pytest.mark.django_db
def test_every_public_page_stays_under_the_html_budget_on_the_demo_city(client):
    from reports.models import Category

    load_demo()
    category = Category.objects.order_by("order").values_list("code", flat=True)[0]
    weights = walk(
        client,
        ["/", f"/reports/hotspots/?category={category}", "/reports/list/?page=2",
         "/places/officers/"],
    )
    assert len(weights) > 30, sorted(weights)
    for must in ("/", "/reports/map/", "/reports/hotspots/", "/places/officers/"):
        assert must in weights, sorted(weights)
    over = {path: size // 1024 for path, size in weights.items() if size > BUDGET_BYTES}
    assert over == {}, f"pages over {BUDGET_BYTES // 1024} KB (size in KB): {over}"
