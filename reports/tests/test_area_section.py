"""The neighborhood page shows its problem reports, without personal data."""

from __future__ import annotations

from django.urls import reverse

from reports.tests.core import (  # noqa: F401
    INSIDE,
    _fresh_lookup,
    city,
    make_report,
    north,
    streetlight,
    streets,
)


def test_the_neighborhood_page_lists_its_reports_without_the_reporter(
    client, city, streetlight  # noqa: F811 (fixtures imported above)
):
    area = north(city)
    report = make_report(
        streetlight, INSIDE, reporter_name="Rosa Secret", reporter_email="rosa@example.org",
        description="Dark corner by the school",
    )
    response = client.get(reverse("places:area", args=[area.level, area.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"#{report.pk} Street light out" in body
    assert "1 open report." in body
    assert "Rosa Secret" not in body and "rosa@example.org" not in body
    assert f"?kind=area&amp;area={area.pk}" in body
