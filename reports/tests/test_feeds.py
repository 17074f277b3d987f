# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""RSS and Atom feeds: valid XML, public notes only, nothing personal."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from reports.actions import do_add_note, do_change_status
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    _fresh_lookup,
    business,
    city,
    make_report,
    north,
    streetlight,
    streets,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def report(city, streetlight, officer):  # type: ignore[no-untyped-def]
    report = make_report(streetlight, reporter_name="Rosa Secret",
                         reporter_email="rosa@example.org", description="<b>x</b>")
    do_change_status(report, "in_progress", public_note="Crew <booked>",
                     private_note="PRIVATE-NOTE", actor=officer)
    do_add_note(report, private_note="PRIVATE-TWO", actor=officer)
    return report


def feed_urls(report, city, streetlight):  # type: ignore[no-untyped-def]
    area = north(city)
    return [
        (reverse("reports:feed_report_rss", args=[report.pk]), "rss"),
        (reverse("reports:feed_report_atom", args=[report.pk]), "atom"),
        (reverse("reports:feed_area_rss", args=[area.pk]), "rss"),
        (reverse("reports:feed_area_atom", args=[area.pk]), "atom"),
        (reverse("reports:feed_category_rss", args=[streetlight.code]), "rss"),
        (reverse("reports:feed_category_atom", args=[streetlight.code]), "atom"),
        (reverse("reports:feed_near_rss") + f"?lat={INSIDE[0]}&lon={INSIDE[1]}&radius=300",
         "rss"),
        (reverse("reports:feed_near_atom") + f"?lat={INSIDE[0]}&lon={INSIDE[1]}", "atom"),
    ]


def test_every_feed_is_valid_xml_with_public_updates_only(client, report, city, streetlight):
    for url, kind in feed_urls(report, city, streetlight):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        root = ET.fromstring(response.content)  # noqa: S314 (our own output)
        if kind == "rss":
            assert root.tag == "rss"
            items = root.findall("./channel/item")
            texts = [i.findtext("description") or "" for i in items]
        else:
            assert root.tag == f"{ATOM}feed"
            items = root.findall(f"{ATOM}entry")
            texts = [i.findtext(f"{ATOM}summary") or "" for i in items]
        assert len(items) == 2, url  # "reported" and the status change
        # Descriptions are HTML: the note arrives escaped, never as markup.
        assert any("Crew &lt;booked&gt;" in t for t in texts), url
        for secret in ("PRIVATE-NOTE", "PRIVATE-TWO", "Rosa Secret", "rosa@example.org",
                       report.reporter_token):
            assert secret not in body, (url, secret)


def test_a_blurred_report_feed_has_no_street_address(client, city, business, officer):
    report = make_report(business, address="12 Exact Street", reporter_name="A",
                         reporter_email="a@example.org")
    do_change_status(report, "investigating", public_note="Looking", actor=officer)
    body = client.get(reverse("reports:feed_category_rss", args=[business.code])).content
    assert b"12 Exact Street" not in body


def test_bad_feed_parameters_are_not_found(client, db):
    assert client.get(reverse("reports:feed_report_rss", args=[999])).status_code == 404
    assert client.get(reverse("reports:feed_near_rss") + "?lat=x").status_code == 404
    assert client.get(
        reverse("reports:feed_near_rss") + "?lat=34&lon=-118&radius=99999"
    ).status_code == 404
