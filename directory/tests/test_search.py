import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection  # noqa: F401 — read by the skipif conditions

from directory.actions import do_update_service
from directory.queries import SearchParams, explain, search
from directory.tests.core import BOYLE_HEIGHTS, DOWNTOWN, SANTA_MONICA, make_provider, make_service

LA = ZoneInfo("America/Los_Angeles")
# A Wednesday at 10:00 and 23:30 in Los Angeles.
WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=LA)
WEDNESDAY_2330 = dt.datetime(2026, 12, 2, 23, 30, tzinfo=LA)


def names(params: SearchParams, now: dt.datetime = WEDNESDAY_10) -> list[str]:
    return [r.service.name for r in search(params, now)[0]]


@pytest.fixture
def directory(db):
    provider = make_provider()
    make_service(provider, name="Eastside Food Pantry", point=BOYLE_HEIGHTS, free=True,
                 languages=["English", "Spanish"])
    make_service(provider, name="Downtown Food Bank", point=DOWNTOWN, languages=["English"])
    make_service(provider, name="Westside Food Pantry", point=SANTA_MONICA, free=True)
    make_service(provider, name="Night Shelter", codes=("1135",), point=DOWNTOWN,
                 hours=(("MO,TU,WE,TH,FR,SA,SU", "19:00", "07:00"),))
    make_service(provider, name="Legal Aid Clinic", codes=("1375",), point=DOWNTOWN,
                 minimum_age=18, description="Free advice about evictions and tenants' rights.")


def test_a_need_finds_services_with_terms_below_it(directory):
    assert set(names(SearchParams(need="food"))) == {
        "Eastside Food Pantry", "Downtown Food Bank", "Westside Food Pantry"}
    assert names(SearchParams(need="legal")) == ["Legal Aid Clinic"]


def test_near_ranks_by_distance_and_drops_what_is_too_far(directory):
    results, _ = search(SearchParams(need="food", near=BOYLE_HEIGHTS, radius_m=10_000),
                        WEDNESDAY_10)
    assert [r.service.name for r in results] == ["Eastside Food Pantry", "Downtown Food Bank"]
    assert results[0].distance_m is not None and results[0].distance_m < 50
    assert 3500 < (results[1].distance_m or 0) < 4500


def test_open_now_follows_the_schedules_including_overnight(directory):
    assert "Night Shelter" not in names(SearchParams(open_now=True), WEDNESDAY_10)
    assert names(SearchParams(open_now=True), WEDNESDAY_2330) == ["Night Shelter"]
    thursday_5am = WEDNESDAY_2330 + dt.timedelta(hours=5, minutes=30)
    assert names(SearchParams(open_now=True), thursday_5am) == ["Night Shelter"]


def test_language_free_and_age_filters_combine(directory):
    assert names(SearchParams(language="es")) == ["Eastside Food Pantry"]
    assert names(SearchParams(need="food", free=True)) == [
        "Eastside Food Pantry", "Westside Food Pantry"]
    assert "Legal Aid Clinic" not in names(SearchParams(age=16))
    assert "Legal Aid Clinic" in names(SearchParams(age=30))


def test_keywords_match_descriptions_and_stems(directory):
    assert names(SearchParams(q="eviction")) == ["Legal Aid Clinic"]
    assert names(SearchParams(q="food bank")) == ["Downtown Food Bank"]


def test_inactive_services_are_not_found(directory):
    from directory.models import Service

    do_update_service(Service.objects.get(name="Downtown Food Bank"), status="inactive",
                      actor=None)
    assert "Downtown Food Bank" not in names(SearchParams(need="food"))


def test_the_filters_are_explained_in_words(directory):
    params = SearchParams(need="food", open_now=True, near=DOWNTOWN, radius_m=3000,
                          language="es", free=True)
    assert explain(params) == ["Food", "open now", "within 3 km", "speaks Spanish",
                               "free or low cost"]


def test_search_runs_a_fixed_number_of_queries(directory, django_assert_max_num_queries):
    with time_machine.travel(WEDNESDAY_10):
        with django_assert_max_num_queries(6):
            search(SearchParams(need="food", near=DOWNTOWN, open_now=True))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram needs PostgreSQL")
def test_a_typo_still_finds_the_service_on_postgresql(directory):
    assert "Night Shelter" in names(SearchParams(q="sheltr"))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="stemming needs PostgreSQL")
def test_spanish_words_are_stemmed_on_postgresql(db):
    make_service(name="Despensa de alimentos", description="Comida gratuita para familias.")
    assert names(SearchParams(q="familia")) == ["Despensa de alimentos"]
