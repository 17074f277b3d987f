# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Neighborhood walk audits: start, record problems quickly, finish."""

from __future__ import annotations

from django.urls import reverse

from reports.models import Report, Walk
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    OUTSIDE,
    _fresh_lookup,
    city,
    north,
    park,
    parks,
    streetlight,
    streets,
)


def start(client, city):  # type: ignore[no-untyped-def]
    response = client.post(reverse("reports:walk_new"), {
        "title": "Evening CPTED walk", "area": north(city).pk, "participants": "Block club",
    })
    assert response.status_code == 302
    return Walk.objects.get()


def test_an_officer_walks_and_records_many_problems(client_for, officer, city, park,
                                                    streetlight):
    client = client_for(officer)
    walk = start(client, city)
    url = reverse("reports:walk", args=[walk.pk])
    for i in range(3):
        response = client.post(url, {"category": park.pk, "lat": INSIDE[0] + i * 0.0005,
                                     "lon": INSIDE[1], "note": f"Broken bench {i}"})
        assert response.status_code == 302
    response = client.post(url, {"category": park.pk, "place": "34.051, -118.27",
                                 "note": "Typed"})
    assert response.status_code == 302
    reports = Report.objects.filter(walk=walk)
    assert reports.count() == 4
    assert set(reports.values_list("source", flat=True)) == {Report.Source.WALK}
    body = client.get(url).content.decode()
    assert "Broken bench 2" in body and "4 problems recorded" in body
    assert client.post(reverse("reports:walk_finish", args=[walk.pk])).status_code == 302
    walk.refresh_from_db()
    assert walk.finished_at is not None
    response = client.post(url, {"category": park.pk, "lat": INSIDE[0], "lon": INSIDE[1]})
    assert response.status_code == 400 and Report.objects.filter(walk=walk).count() == 4


def test_walk_problems_get_clear_messages(client_for, officer, city, park, streetlight):
    client = client_for(officer)
    walk = start(client, city)
    url = reverse("reports:walk", args=[walk.pk])
    response = client.post(url, {"category": park.pk})
    assert response.status_code == 400 and "Use your location" in response.content.decode()
    response = client.post(url, {"category": park.pk, "lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert "outside the city" in response.content.decode()
    # A category with a required question says which answer is missing.
    response = client.post(url, {"category": streetlight.pk, "lat": INSIDE[0],
                                 "lon": INSIDE[1]})
    assert "What is wrong?" in response.content.decode()
    assert Report.objects.count() == 0


def test_residents_and_partners_cannot_lead_walks(client_for, resident, partner, city):
    for user in (resident, partner):
        assert client_for(user).get(reverse("reports:walk_new")).status_code == 403
