"""The public pages: the board and its filters, overdue highlighted, the commitment page,
"you said, we did", the neighborhood section; the demo loader."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from accounts.models import Organization
from commitments.actions import do_add_milestone, do_set_status
from commitments.models import Commitment, Milestone, Status
from commitments.tests.core import area, make_commitment, make_org
from places.testing import make_area
from trustbeat.registry import DemoContext

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def board() -> dict[str, Commitment]:
    police = make_org("Hollenbeck Area")
    neighbors = make_org("Boyle Heights Neighbors", Organization.Kind.COMMUNITY_GROUP)
    other = make_area("Lincoln Heights", box=(-118.22, 34.06, -118.19, 34.09))
    return {
        "late": make_commitment(police, title_en="Late walks", due_date=dt.date(2026, 6, 1)),
        "alley": make_commitment(neighbors, title_en="Adopt an alley", theme="parks",
                                 areas=[other]),
        "citywide": make_commitment(police, title_en="Interpreters everywhere",
                                    theme="trust", is_citywide=True, areas=[]),
    }


@time_machine.travel(TODAY, tick=False)
def test_the_board_highlights_overdue_first_and_never_hides_it(client, board):
    page = client.get(reverse("commitments:board")).content.decode()
    assert page.index("Late walks") < page.index("Adopt an alley")
    assert 'class="commitment overdue"' in page and "Overdue" in page
    assert '<progress max="100" value="0" aria-label="Progress: 0%">' in page
    # The filters narrow the list; an overdue row is still shown under its filter.
    page = client.get(reverse("commitments:board"), {"side": "police"}).content.decode()
    assert "Late walks" in page and "Adopt an alley" not in page


def test_the_board_filters_by_owner_status_theme_and_neighborhood(client, board):
    def titles(**query: str) -> set[str]:
        page = client.get(reverse("commitments:board"), query).content.decode()
        return {t for t in ("Late walks", "Adopt an alley", "Interpreters everywhere")
                if t in page}

    assert titles(owner="boyle-heights-neighbors") == {"Adopt an alley"}
    assert titles(theme="trust") == {"Interpreters everywhere"}
    # A neighborhood's board includes what is promised citywide.
    assert titles(area="lincoln-heights") == {"Adopt an alley", "Interpreters everywhere"}
    do_set_status(board["alley"], Status.objects.get(code="completed"), actor=None)
    assert titles(status="completed") == {"Adopt an alley"}


def test_the_board_runs_a_fixed_number_of_queries_whatever_its_size(client, board):
    police = board["late"].owner
    for index in range(30):
        make_commitment(police, title_en=f"Extra {index}", is_citywide=True)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("commitments:board"))
    for index in range(30, 60):
        make_commitment(police, title_en=f"Extra {index}", is_citywide=True)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("commitments:board"))
    assert len(large) == len(small) <= 12


def test_the_commitment_page_shows_milestones_evidence_parts_and_history(client, board):
    commitment = board["late"]
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")
    pdf = SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    do_add_milestone(commitment, date=dt.date(2026, 1, 20), text_en="First walk held.",
                     text_es="Primera caminata.", photo=photo, photo_alt="Residents walking",
                     document=pdf, link="https://example.org/minutes", progress=30,
                     actor=None)
    make_commitment(commitment.owner, title_en="Book the hall", parent=commitment)
    page = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    for text in ("First walk held.", 'alt="Residents walking"', "Document (PDF)",
                 "https://example.org/minutes", "Book the hall", "History of changes",
                 "Milestone added"):
        assert text in page, text
    milestone = Milestone.objects.get()
    assert str(milestone.photo.name).endswith(".jpg")  # re-encoded, metadata dropped
    spanish = client.get(reverse("commitments:detail", args=[commitment.pk]),
                         HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Primera caminata." in spanish and "Hitos" in spanish


def test_a_milestone_refuses_a_fake_pdf_and_a_fake_photo(client_for, coordinator, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(coordinator)
    url = reverse("commitments:milestone_new", args=[board["late"].pk])
    data = {"date": "2026-01-10", "text_en": "Evidence", "photo_alt": "x"}
    response = client.post(url, {**data, "document": SimpleUploadedFile(
        "d.pdf", b"<html>not a pdf</html>", content_type="application/pdf")})
    assert response.status_code == 400 and "Upload the document as a PDF file." in \
        response.content.decode()
    response = client.post(url, {**data, "photo": SimpleUploadedFile(
        "p.jpg", b"not an image", content_type="image/jpeg")})
    assert response.status_code == 400
    assert Milestone.objects.count() == 0


def test_you_said_we_did_lists_kept_promises_with_what_was_done(client, board):
    alley = board["alley"]
    alley.origin = "proposal"
    alley.source_label = "Resident proposal: clean the alleys"
    alley.save(update_fields=["origin", "source_label"])
    do_add_milestone(alley, date=dt.date(2026, 3, 1), text_en="Six alleys adopted.",
                     actor=None)
    do_set_status(alley, Status.objects.get(code="completed"), actor=None)
    page = client.get(reverse("commitments:you_said")).content.decode()
    assert "Resident proposal: clean the alleys" in page and "Six alleys adopted." in page
    assert "Late walks" not in page


@time_machine.travel(TODAY, tick=False)
def test_the_neighborhood_page_has_a_commitments_section(client, board):
    where = area()
    page = client.get(reverse("places:area", args=[where.level, where.slug])).content.decode()
    assert "Commitments here" in page and "Late walks" in page and "1 overdue" in page


def test_the_demo_loader_is_idempotent_and_links_hotspots(db):
    from accounts.demo import load_demo_people
    from commitments.demo import load_demo_commitments

    areas = {a.slug: a for a in [
        make_area("Boyle Heights", box=(-118.23, 34.02, -118.19, 34.06)),
        make_area("Lincoln Heights", box=(-118.23, 34.06, -118.19, 34.09)),
        make_area("Westlake North", box=(-118.29, 34.05, -118.26, 34.07)),
        make_area("Downtown Los Angeles", box=(-118.27, 34.03, -118.23, 34.05)),
        make_area("Historic Cultural", box=(-118.25, 34.05, -118.22, 34.07)),
    ]}
    load_demo_people(areas)
    context = DemoContext(areas=areas)
    first = load_demo_commitments(context)
    assert first >= 10
    assert load_demo_commitments(context) == 0
    plan = Commitment.objects.get(external_id="demo-central-trust-plan")
    assert plan.children.count() == 3 and plan.progress > 0
    assert Commitment.objects.filter(side="police").exists()
    assert Commitment.objects.filter(side="community").exists()
    assert Commitment.objects.filter(origin="hotspot",
                                     source_url__contains="category=streetlight").exists()
    assert Commitment.objects.overdue().exists()
    assert Commitment.objects.filter(status__is_done=True).exists()
