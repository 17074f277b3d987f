"""CSV export and import keyed on external_id: formulas neutralised, re-import updates,
all rows or none with a line-by-line report; the management command and the upload page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Organization
from commitments.csvio import COLUMNS, export_queryset, export_rows, import_csv, neutralise
from commitments.models import Change, Commitment
from commitments.tests.core import area, make_commitment, make_org

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in COLUMNS})
    return out.getvalue().encode()


def row(**values: str) -> dict[str, str]:
    base = {"external_id": "hb-1", "title_en": "Monthly safety walks", "side": "police",
            "owner": "hollenbeck-area", "theme": "safety", "areas": "boyle-heights",
            "start_date": "2026-01-05", "due_date": "2026-06-30", "status": "planned"}
    return {**base, **values}


@pytest.fixture
def places() -> None:
    make_org("Hollenbeck Area")
    make_org("Boyle Heights Neighbors", Organization.Kind.COMMUNITY_GROUP)
    area("Boyle Heights")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tx", "\rx"])
def test_the_export_neutralises_formula_starts(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Plain text = fine") == "Plain text = fine"


def test_the_export_writes_every_commitment_with_neutralised_text(places):
    owner = Organization.objects.get(slug="hollenbeck-area")
    make_commitment(owner, title_en="=cmd|' /C calc'!A0", external_id="x-1",
                    description_en="@risk")
    rows = list(export_rows(export_queryset()))
    assert rows[0] == COLUMNS
    assert rows[1][1] == "'=cmd|' /C calc'!A0" and rows[1][3] == "'@risk"


def test_an_import_creates_then_a_reimport_updates_by_external_id(places):
    report = import_csv(csv_bytes([row(), row(external_id="hb-2", title_en="Bike patrol",
                                           parent_external_id="hb-1", status="in_progress",
                                           progress="40")]), actor=None)
    assert report.ok and (report.created, report.updated) == (2, 0)
    parent = Commitment.objects.get(external_id="hb-1")
    assert parent.children.get().title_en == "Bike patrol" and parent.progress == 40
    report = import_csv(csv_bytes([row(title_en="Monthly evening safety walks"),
                                   row(external_id="hb-2", title_en="Bike patrol",
                                       parent_external_id="hb-1", status="in_progress",
                                       progress="60")]), actor=None)
    assert report.ok and report.created == 0 and report.updated == 2
    assert Commitment.objects.count() == 2
    parent.refresh_from_db()
    assert parent.title_en == "Monthly evening safety walks" and parent.progress == 60


def test_an_exported_file_reimports_unchanged(places):
    owner = Organization.objects.get(slug="hollenbeck-area")
    make_commitment(owner, title_en="-minus first", external_id="x-1")
    out = io.StringIO()
    csv.writer(out).writerows(export_rows(export_queryset()))
    changes = Change.objects.count()
    report = import_csv(out.getvalue().encode(), actor=None)
    assert report.ok and report.unchanged == 1 and report.updated == 0
    assert Commitment.objects.get().title_en == "-minus first"
    assert Change.objects.count() == changes


def test_one_bad_row_saves_nothing_and_the_report_names_each_line(places):
    before = (Commitment.objects.count(), Change.objects.count())
    report = import_csv(csv_bytes([
        row(),
        row(external_id="hb-2", due_date="2025-01-01"),
        row(external_id="hb-3", progress="150", status="in_progress"),
        row(external_id="hb-4", owner="nobody"),
        row(external_id="hb-5", start_date="31/12/2026"),
        row(external_id="hb-1"),
    ]), actor=None)
    assert not report.ok and (Commitment.objects.count(), Change.objects.count()) == before
    lines = dict(report.errors)
    assert set(lines) == {5, 6, 7}  # the parse pass; the actions run only on clean files
    assert "no organization" in lines[5] and "2026-03-31" in lines[6]
    assert "also on line 2" in lines[7]
    # Rows that parse but fail the actions are reported too, still saving nothing.
    report = import_csv(csv_bytes([row(), row(external_id="hb-2", due_date="2025-01-01"),
                                   row(external_id="hb-3", progress="150",
                                       status="in_progress")]), actor=None)
    lines = dict(report.errors)
    assert "cannot be before the start date" in lines[3]
    assert "0 to 100" in lines[4]
    assert (Commitment.objects.count(), Change.objects.count()) == before


def test_an_import_refuses_a_cycle_between_rows(places):
    import_csv(csv_bytes([row(), row(external_id="hb-2", parent_external_id="hb-1")]),
               actor=None)
    report = import_csv(csv_bytes([row(parent_external_id="hb-2"),
                                   row(external_id="hb-2", parent_external_id="hb-1")]),
                        actor=None)
    assert not report.ok and "part of itself" in report.errors[0][1]
    assert Commitment.objects.get(external_id="hb-1").parent_id is None


@pytest.mark.parametrize("data,message", [
    (b"\xff\xfe bad", "UTF-8"), (b"a,b\x00", "not allowed"),
    (b"title_en,owner\nx,y\n", "missing columns"), (b"", "missing columns"),
])
def test_an_unreadable_file_is_refused_with_a_message(data, message):
    report = import_csv(data, actor=None)
    assert not report.ok and message in report.errors[0][1]


def test_the_command_imports_and_fails_loudly(places, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes([row()]))
    bad.write_bytes(csv_bytes([row(progress="101", status="in_progress")]))
    call_command("import_commitments", str(good))
    assert "1 created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_commitments", str(bad))
    assert Commitment.objects.count() == 1


def test_the_upload_page_checks_then_imports(places, client_for, coordinator, partner):
    client = client_for(coordinator)
    upload = SimpleUploadedFile("c.csv", csv_bytes([row()]), content_type="text/csv")
    response = client.post(reverse("commitments:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and "nothing was saved" in response.content.decode()
    assert Commitment.objects.count() == 0
    upload = SimpleUploadedFile("c.csv", csv_bytes([row()]), content_type="text/csv")
    response = client.post(reverse("commitments:import"), {"file": upload})
    assert response.status_code == 200 and "1 created" in response.content.decode()
    upload = SimpleUploadedFile("c.csv", csv_bytes([row(owner="nobody")]))
    response = client.post(reverse("commitments:import"), {"file": upload})
    assert response.status_code == 400 and "Line 2" in response.content.decode()
    assert client_for(partner).post(reverse("commitments:import"),
                                    {"file": upload}).status_code == 403
    export = client.get(reverse("commitments:export_csv"))
    assert export["Content-Type"].startswith("text/csv")
    assert b"hb-1" in export.content
