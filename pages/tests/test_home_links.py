"""Every link a first visitor meets on the home page (its cards, calls to action and the
menus) leads to a working page, and never to a placeholder for a module that exists."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import resolve

from pages.views import MODULES
from trustbeat import registry


class Links(HTMLParser):
    """The internal hrefs of <a> elements (GET links; forms are not followed)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.hrefs.append(href.split("#")[0])


def home_links(client) -> list[str]:
    parser = Links()
    parser.feed(client.get("/").content.decode())
    return sorted(set(parser.hrefs))


def registered_titles() -> set[str]:
    entries = [e.label for e in registry._nav.values()]  # noqa: SLF001 - every menu entry
    entries += [c.title for c in registry.home_cards()]
    return {str(label).casefold() for label in entries}


def placeholder_problems(client, links: list[str]) -> list[str]:
    problems = []
    keys, titles = registry.registered_keys(), registered_titles()
    for href in links:
        response = client.get(href)
        if response.status_code >= 400:
            problems.append(f"{href}: {response.status_code}")
            continue
        if "pages/module.html" not in {t.name for t in response.templates}:
            continue
        slug = resolve(href).kwargs["slug"]
        title = str(MODULES[slug][1]).casefold()
        if slug in keys or title in titles:
            problems.append(f"{href}: a placeholder for the registered module {slug!r}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "resident", "officer", "coordinator"])
def test_no_home_card_or_menu_link_leads_to_a_placeholder_of_a_registered_module(
    role, client, client_for, request
):
    visitor = client if role == "anonymous" else client_for(request.getfixturevalue(role))
    links = home_links(visitor)
    assert "/reports/map/" in links and "/reports/new/" in links
    assert placeholder_problems(visitor, [h for h in links if "logout" not in h]) == []


@pytest.mark.django_db
def test_the_walk_catches_a_placeholder_left_in_front_of_a_module_under_another_key(client):
    """The bug this guards against: "Problem areas" on the home page led to the
    placeholder while the menu item of the same name opened the working map. Re-create
    it: the reports module registered under another key, so the "problems" placeholder
    comes back on the home page."""
    nav, card = registry._nav.pop("problems"), registry._home_cards.pop("problems")  # noqa: SLF001
    registry.register_nav("reports-elsewhere", nav.label, nav.url_name, order=nav.order)
    try:
        links = home_links(client)
        assert "/about/problems/" in links
        problems = placeholder_problems(client, links)
    finally:
        registry.unregister("reports-elsewhere")
        registry._nav["problems"], registry._home_cards["problems"] = nav, card  # noqa: SLF001
    assert problems == ["/about/problems/: a placeholder for the registered module 'problems'"]


@pytest.mark.django_db
def test_report_a_problem_stands_before_the_neighborhood_search(client):
    page = client.get("/").content.decode()
    report = page.index('href="/reports/new/"')
    assert report < page.index('id="find-heading"') < page.index("What you can do here")
    assert 'class="button big"' in page[report - 40 : report + 40]
