# ruff: noqa: F811  (fixtures imported by name)
"""The home page's reports card: live figures, the latest reports and fixes, public only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from reports.actions import do_change_status
from reports.home import home_card_context
from reports.models import Status
from reports.tests.core import (  # noqa: F401
    _fresh_lookup,
    business,
    city,
    make_report,
    streetlight,
    streets,
)

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def history(city, streetlight, business, officer):
    """Two old reports, three this month; two fixed after 2 and 6 days, one blurred."""
    with time_machine.travel(START - dt.timedelta(days=60), tick=False):
        old = make_report(streetlight, address="1 OLD ST")
        do_change_status(old, Status.FIXED, actor=officer)  # fixed long ago: not counted
        make_report(streetlight, address="2 OLD ST")
    with time_machine.travel(START, tick=False) as clock:
        first = make_report(streetlight, address="10 FIRST ST")
        second = make_report(streetlight, address="20 SECOND ST")
        hidden = make_report(business, address="30 SECRET ST", reporter_name="Rita Resident",
                             reporter_email="rita@example.org")
        clock.shift(dt.timedelta(days=2))
        do_change_status(first, Status.FIXED, actor=officer)
        clock.shift(dt.timedelta(days=4))
        do_change_status(second, Status.FIXED, actor=officer)
        do_change_status(hidden, Status.CLOSED_NOT_FIXED, actor=officer)
    return {"first": first, "second": second, "hidden": hidden}


def card_at(moment: dt.datetime) -> dict:
    cache.clear()
    with time_machine.travel(moment, tick=False):
        return home_card_context(None)  # type: ignore[arg-type]


def test_it_counts_this_months_reports_and_fixes_with_the_median_days_to_fix(history):
    figures = card_at(START + dt.timedelta(days=7))["figures"]
    assert figures == {"days": 30, "reported": 3, "fixed": 2, "median_days": 4.0}


def test_it_lists_the_latest_reports_and_fixes_newest_first(history):
    card = card_at(START + dt.timedelta(days=7))
    assert [row["pk"] for row in card["fixed"]] == [history["second"].pk, history["first"].pk]
    assert card["latest"][0]["pk"] == history["hidden"].pk
    assert card["latest"][0]["status_label"] == "Closed, not fixed"
    assert {row["area"] for row in card["latest"][:3]} == {"North Park"}


def test_a_blurred_report_shows_its_neighborhood_and_never_its_address(history, client):
    cache.clear()
    with time_machine.travel(START + dt.timedelta(days=7), tick=False):
        page = client.get("/").content.decode()
    assert f"#{history['hidden'].pk} Problem business" in page
    assert "30 SECRET ST" not in page
    assert "approximate location" in page
    assert "10 FIRST ST" in page


def test_the_card_is_cached_so_the_home_page_does_not_recount(history, django_assert_num_queries):
    cache.clear()
    with time_machine.travel(START + dt.timedelta(days=7), tick=False):
        first = home_card_context(None)  # type: ignore[arg-type]
        with django_assert_num_queries(0):
            assert home_card_context(None) == first  # type: ignore[arg-type]


def test_an_empty_city_shows_zero_and_no_median(city, streetlight, client):
    card = card_at(START)
    assert card["figures"] == {"days": 30, "reported": 0, "fixed": 0, "median_days": None}
    cache.clear()
    page = client.get("/").content.decode()
    assert "No reports yet" in page and "median" not in page
