"""Scores from stored answers: suppression, weighting by imported margins, the open data
export and the pages that show them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from trust import scores
from trust.importers import ImportRefused, import_margins
from trust.models import Margin
from trust.testing import make_answers, make_survey

pytestmark = pytest.mark.django_db


def rows(client, **params):
    body = client.get(reverse("trust:scores_csv"), params).content.decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_a_score_below_the_effective_n_threshold_is_suppressed_but_keeps_n(client, area):
    survey = make_survey()
    make_answers(survey, area, 12)
    table = scores.score_table(survey)
    [row] = [r for r in table.for_area(area.pk, "quarter") if r.measure == "trust"]
    assert row.n == 12 and row.suppressed and row.score is None
    [csv_row] = [r for r in rows(client) if r["area"] == area.slug and r["measure"] == "trust"
                 and "Q" in r["period"]]
    assert csv_row["n"] == "12" and csv_row["suppressed"] == "true"
    assert csv_row["score"] == csv_row["ci_low"] == csv_row["ci_high"] == ""


def test_new_answers_show_in_the_scores_without_a_further_step(client, area):
    survey = make_survey()
    make_answers(survey, area, 30, safety=8, respect=6, listening=4)
    first = [r for r in rows(client) if r["area"] == area.slug and r["measure"] == "safety"]
    assert first[0]["n"] == "30" and first[0]["score"] == "80.0"
    make_answers(survey, area, 10, safety=3, respect=6, listening=4)
    second = [r for r in rows(client) if r["area"] == area.slug and r["measure"] == "safety"]
    assert second[0]["n"] == "40"
    assert float(second[0]["score"]) == pytest.approx(67.5)
    trust = [r for r in rows(client) if r["area"] == area.slug and r["measure"] == "trust"]
    # trust = mean of respect and listening = 5.0, every answer the same: no spread
    assert trust[0]["score"] == "50.0"


def test_the_json_export_has_one_row_per_area_period_and_measure(client, area):
    survey = make_survey()
    make_answers(survey, area, 35)
    body = json.loads(client.get(reverse("trust:scores_json")).content)
    assert body["min_effective_n"] == 30
    keys = {(r["area"], r["period"], r["measure"]) for r in body["scores"]}
    assert len(keys) == len(body["scores"])
    assert {r["measure"] for r in body["scores"]} == set(scores.MEASURES)
    assert {r["area"] for r in body["scores"]} == {"citywide", area.slug}


@override_settings(TRUST_MIN_EFFECTIVE_N=5)
def test_margins_weight_the_answers_and_the_effective_n_drops(area):
    survey = make_survey()
    make_answers(survey, area, 20, safety=9, tenure="owner")
    make_answers(survey, area, 10, safety=3, tenure="renter")
    first = survey.responses.first()
    assert first is not None
    plain = scores.score_table(survey).get(area.pk, scores.quarter_key(first.month), "safety")
    assert plain is not None
    assert plain.score == pytest.approx(70.0)
    import_margins(io.StringIO(
        "area,variable,category,population\n"
        "Lincoln Heights,tenure,owner,3000\nNC-42,tenure,renter,7000\n"))
    weighted = scores.score_table(survey).get(area.pk, plain.period, "safety")
    assert weighted is not None
    # 30% owners at 9, 70% renters at 3
    assert weighted.score == pytest.approx(48.0)
    assert weighted.weighted and weighted.n == 30
    assert weighted.n_eff < 30 and weighted.design_effect > 1


def test_margins_missing_a_category_in_the_answers_are_refused_naming_it(area):
    survey = make_survey()
    make_answers(survey, area, 3, tenure="other")
    with pytest.raises(ImportRefused, match="tenure has no category 'other'"):
        import_margins(io.StringIO(
            "area,variable,category,population\n"
            "Lincoln Heights,tenure,owner,3000\nLincoln Heights,tenure,renter,7000\n"))
    assert Margin.objects.count() == 0


def test_a_margin_file_whose_shares_are_empty_is_refused(area):
    with pytest.raises(ImportRefused, match="no population at all"):
        import_margins(io.StringIO(
            "area,variable,category,population\n"
            "Lincoln Heights,tenure,owner,0\nLincoln Heights,tenure,renter,0\n"))
    assert Margin.objects.count() == 0


@pytest.mark.parametrize("line, reason", [
    ("Nowhere,tenure,owner,10", "unknown area"),
    ("Lincoln Heights,shoe_size,42,10", "unknown variable"),
    ("Lincoln Heights,tenure,owner,-5", "whole number"),
    ("Lincoln Heights,tenure,owner,1e9", "whole number"),
    ("Lincoln Heights,tenure,,10", "category is empty"),
    ("Lincoln Heights,tenure,own\x00er,10", "not allowed"),
])
def test_bad_margin_rows_refuse_the_whole_file(area, line, reason):
    text = "area,variable,category,population\nLincoln Heights,gender,female,10\n" + line + "\n"
    with pytest.raises(ImportRefused, match=reason):
        import_margins(io.StringIO(text))
    assert Margin.objects.count() == 0


def test_pages_show_the_scores_with_n_and_interval(client, area):
    survey = make_survey()
    make_answers(survey, area, 40)
    index = client.get(reverse("trust:index")).content.decode()
    assert "effective n" in index and "95% interval" in index and "Lincoln Heights" in index
    page = client.get(reverse("trust:area", args=[area.slug])).content.decode()
    assert "<svg" in page and "Scores by quarter" in page
    section = client.get(reverse("places:area", args=[area.level, area.slug])).content.decode()
    assert "Trust and safety here" in section
    assert client.get(reverse("trust:method")).status_code == 200


def test_unknown_neighborhoods_and_surveys_are_404(client, area):
    assert client.get(reverse("trust:area", args=["nowhere"])).status_code == 404
    assert client.get(reverse("trust:answer", args=["nope", area.slug])).status_code == 404


def test_the_json_export_matches_its_openapi_description(client, area):
    from tests.test_openapi import check

    survey = make_survey()
    make_answers(survey, area, 35)
    make_answers(survey, area, 3, seed=2)
    body = check(client, "/trust/scores.json", "", 200)
    assert any(r["suppressed"] is False for r in body["scores"])
