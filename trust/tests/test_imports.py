"""manage.py import_survey_responses, import_external_scores and export_survey_weights."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trust import scores
from trust.importers import import_external_scores, import_margins, import_survey_responses
from trust.models import ExternalScore, Response, Survey

pytestmark = pytest.mark.django_db

HEADER = "response_id,submitted_at,area,safety,respect,listening,age_band,tenure,language,note\n"
EXCERPT = Path(__file__).resolve().parents[1] / "data" / "chicago_sentiment_excerpt.csv"


def write(tmp_path: Path, text: str, name: str = "answers.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_imports_answers_by_area_name_or_external_id_and_lists_rejected_rows(
        area, tmp_path, capsys):
    text = HEADER + (
        "p-1,2026-03-02,Lincoln Heights,7,8,6,35-49,owner,en,ignored\n"
        "p-2,2026-03-02T10:15:00,NC-42,3,4,5,,renter,es,\n"
        "p-3,2026-03-03,Atlantis,5,5,5,,,,\n"
        "p-4,2026-03-03,NC-42,11,5,5,,,,\n"
        "p-5,not a date,NC-42,5,5,5,,,,\n"
        "p-6,2026-03-03,NC-42,5,5,5,101,,,\n"
        ",2026-03-03,NC-42,5,5,5,,,,\n"
        "p-7,2026-03-03,NC-42,,,,,,,\n"
    )
    call_command("import_survey_responses", write(tmp_path, text))
    out = capsys.readouterr().out
    assert "2 created, 0 updated, 0 unchanged, 6 rejected." in out
    assert "line 4: unknown area 'Atlantis'" in out
    assert "line 5: safety must be a whole number from 0 to 10, not '11'" in out
    assert "line 6: submitted_at 'not a date' is not a date" in out
    assert "line 7: age_band '101' is not one of" in out
    assert "line 8: response_id is empty" in out
    assert "line 9: the row answers none of" in out
    saved = Response.objects.get(external_id="p-2")
    assert (saved.area_id, saved.safety, saved.tenure, saved.language) == (area.pk, 3,
                                                                            "renter", "es")
    assert saved.source == Response.Source.IMPORT
    assert Survey.objects.standard() == saved.survey


def test_a_reimport_updates_by_response_id_and_the_scores_follow(area):
    survey = import_and_get_survey(HEADER + "".join(
        f"r-{i},2026-03-02,NC-42,8,8,8,,,,\n" for i in range(30)))
    period = "2026-Q1"
    assert score(survey, area.pk, period) == 80.0
    summary = import_survey_responses(io.StringIO(HEADER + "".join(
        f"r-{i},2026-03-02,NC-42,{2 if i < 15 else 8},8,8,,,,\n" for i in range(30))))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 15, 15)
    assert Response.objects.count() == 30
    assert score(survey, area.pk, period) == 50.0


def score(survey: Survey, area_id: int, period: str) -> float | None:
    row = scores.score_table(survey).get(area_id, period, "safety")
    assert row is not None
    return row.score


def import_and_get_survey(text: str) -> Survey:
    import_survey_responses(io.StringIO(text))
    survey = Survey.objects.standard()
    assert survey is not None
    return survey


def test_a_file_without_the_required_columns_is_refused(area, tmp_path):
    with pytest.raises(CommandError, match="lacks the column"):
        call_command("import_survey_responses", write(tmp_path, "response_id,area\nx,NC-42\n"))
    assert Response.objects.count() == 0


def test_an_unknown_survey_id_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No survey with id 999"):
        call_command("import_survey_responses", write(tmp_path, HEADER), "--survey", "999")


def test_the_chicago_scores_load_as_a_labelled_comparison_series():
    with EXCERPT.open(newline="") as stream:
        summary = import_external_scores(stream)
    assert summary.created > 200
    city = ExternalScore.objects.filter(level="city", measure="trust")
    assert city.exists() and all(0 <= s.score <= 100 for s in city)
    assert set(ExternalScore.objects.values_list("level", flat=True)) == {"city", "district"}
    with EXCERPT.open(newline="") as stream:
        again = import_external_scores(stream)
    assert again.created == 0 and again.updated == 0


def test_duplicate_and_bad_external_rows_are_handled():
    text = ("CITY,AREA,DISTRICT,SECTOR,SAFETY,TRUST,T_LISTEN,T_RESPECT,START_DATE,END_DATE\n"
            "chicago,,,,51.2,59.5,56.9,62.1,04/01/2021,04/30/2021\n"
            "chicago,,,,51.2,59.5,56.9,62.1,04/01/2021,04/30/2021\n"
            "chicago,,,,151.2,59.5,56.9,62.1,05/01/2021,05/31/2021\n")
    summary = import_external_scores(io.StringIO(text))
    assert summary.created == 4
    assert summary.rejected and "outside 0-100" in summary.rejected[0][1]


def test_staff_export_the_weights(area, tmp_path):
    import_survey_responses(io.StringIO(HEADER + "".join(
        f"w-{i},2026-03-02,NC-42,5,5,5,,{'owner' if i < 24 else 'renter'},,\n"
        for i in range(36))))
    import_margins(io.StringIO("area,variable,category,population\n"
                               "NC-42,tenure,owner,500\nNC-42,tenure,renter,500\n"))
    out = tmp_path / "weights.csv"
    call_command("export_survey_weights", str(out), "--no-trim", "--period", "2026-Q1")
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 36 and set(rows[0]) == {"response_id", "area", "weight"}
    weights = {r["response_id"]: float(r["weight"]) for r in rows}
    assert weights["w-0"] == pytest.approx(0.75) and weights["w-30"] == pytest.approx(1.5)
    assert sum(weights.values()) == pytest.approx(36)
    with pytest.raises(CommandError, match="--period"):
        call_command("export_survey_weights", str(out), "--period", "March")
