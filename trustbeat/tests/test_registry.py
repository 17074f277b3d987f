"""The module registry: a new module plugs in from its AppConfig.ready() alone."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import override_settings
from django.urls import clear_url_caches

from trustbeat import registry

THROWAWAY = "trustbeat.tests.throwaway_module"


@pytest.fixture
def throwaway_module():
    """Install a throwaway app (its folder, one INSTALLED_APPS line, one URL line)."""
    from django.conf import settings

    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, THROWAWAY],
        ROOT_URLCONF="trustbeat.tests.throwaway_module.root_urls",
    ):
        clear_url_caches()
        try:
            yield apps.get_app_config("throwaway_module")
        finally:
            registry.unregister("throwaway")
    clear_url_caches()


@pytest.mark.django_db
def test_a_new_module_appears_in_the_menu_the_home_page_and_the_demo(client, throwaway_module):
    home = client.get("/").content.decode()
    assert 'href="/throwaway/">Throwaway things</a>' in home  # menu entry and home card
    assert "Things nobody needs, listed." in home
    assert [step.key for step in registry.demo_steps()][-1] == "throwaway"
    assert [rule.key for rule in registry.retention_rules()].count("throwaway.notes") == 1
    assert client.get("/throwaway/").content == b"throwaway index"


@pytest.mark.django_db
def test_a_module_brings_its_own_rate_limit_scope(throwaway_module, monkeypatch):
    from trustbeat.lib import ratelimit

    assert ratelimit.rate_for("throwaway-post") == ratelimit.Rate(2, 60)
    monkeypatch.setenv("RATE_LIMIT_THROWAWAY_POST", "5/10")
    assert ratelimit.rate_for("throwaway-post") == ratelimit.Rate(5, 10)


@pytest.mark.django_db
def test_a_registered_module_replaces_its_placeholder(client, throwaway_module):
    registry.register_nav("news", "News for real", "throwaway:index")
    try:
        body = client.get("/").content.decode()
        assert "/about/news/" not in body
        assert client.get("/about/news/").status_code == 404
    finally:
        registry.unregister("news")
    assert client.get("/about/news/").status_code == 200


@pytest.mark.django_db
def test_menu_entries_are_shown_only_to_whom_the_predicate_allows(client, client_for,
                                                                  officer, resident):
    queue = 'href="/reports/queue/"'
    assert queue not in client.get("/").content.decode()
    assert queue not in client_for(resident).get("/").content.decode()
    assert queue in client_for(officer).get("/").content.decode()
