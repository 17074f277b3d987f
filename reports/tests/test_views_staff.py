# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""The work queue and a report's staff page, for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from reports.models import Report, ReportUpdate
from reports.tests.core import (  # noqa: F401 (fixtures)
    INSIDE,
    _fresh_lookup,
    city,
    make_org,
    make_report,
    member_of,
    park,
    parks,
    streetlight,
    streets,
)

ROLES = ["resident", "officer", "coordinator", "partner", "admin"]


@pytest.fixture
def users(resident, officer, coordinator, partner, admin_user):  # type: ignore[no-untyped-def]
    return {"resident": resident, "officer": officer, "coordinator": coordinator,
            "partner": partner, "admin": admin_user}


@pytest.mark.parametrize(
    ("role", "queue", "categories", "walks"),
    [
        ("resident", 403, 403, 403),
        ("officer", 200, 403, 200),
        ("coordinator", 200, 200, 200),
        ("partner", 200, 403, 403),
        ("admin", 200, 200, 200),
    ],
)
def test_staff_pages_by_role(client_for, users, role, queue, categories, walks):
    client = client_for(users[role])
    assert client.get(reverse("reports:queue")).status_code == queue
    assert client.get(reverse("reports:categories")).status_code == categories
    assert client.get(reverse("reports:walks")).status_code == walks


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_answer_every_role(client_for, users, city, streetlight, role):
    report = make_report(streetlight)
    client = client_for(users[role])
    for url in (reverse("reports:index"), reverse("reports:new"), reverse("reports:map"),
                reverse("reports:list"), reverse("reports:hotspots"),
                reverse("reports:detail", args=[report.pk]), reverse("reports:alerts")):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "expected"), [
    ("resident", 403), ("officer", 200), ("coordinator", 200), ("admin", 200),
])
def test_the_staff_report_page_by_role(client_for, users, city, streetlight, role, expected):
    report = make_report(streetlight)
    response = client_for(users[role]).get(reverse("reports:manage", args=[report.pk]))
    assert response.status_code == expected


def test_partners_see_only_reports_routed_to_their_organizations(
    client_for, partner, city, streetlight, park, streets, parks
):
    member_of(partner, parks)
    light = make_report(streetlight)  # → streets
    green = make_report(park)  # → parks
    client = client_for(partner)
    body = client.get(reverse("reports:queue")).content.decode()
    assert reverse("reports:manage", args=[green.pk]) in body
    assert reverse("reports:manage", args=[light.pk]) not in body
    assert client.get(reverse("reports:manage", args=[green.pk])).status_code == 200
    assert client.get(reverse("reports:manage", args=[light.pk])).status_code == 404
    response = client.post(reverse("reports:manage_action", args=[light.pk, "status"]),
                           {"status": "fixed"})
    assert response.status_code == 404
    assert Report.objects.get(pk=light.pk).status == "open"


def test_the_staff_page_shows_the_reporter_and_logs_the_access(
    client_for, officer, city, streetlight
):
    report = make_report(streetlight, reporter_name="Rosa R", reporter_email="rosa@example.org")
    body = client_for(officer).get(reverse("reports:manage", args=[report.pk])).content.decode()
    assert "Rosa R" in body and "rosa@example.org" in body
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.ACCESS, target_id=str(report.pk))
    assert entry.actor == officer and entry.action == "view:report.manage"


def test_the_queue_filters_and_sorts(client_for, officer, city, streetlight, park):
    light = make_report(streetlight)
    green = make_report(park)
    client = client_for(officer)
    url = reverse("reports:queue")
    body = client.get(url, {"category": streetlight.pk}).content.decode()
    assert reverse("reports:manage", args=[light.pk]) in body
    assert reverse("reports:manage", args=[green.pk]) not in body
    body = client.get(url, {"q": str(green.pk), "sort": "priority"}).content.decode()
    assert reverse("reports:manage", args=[green.pk]) in body
    body = client.get(url, {"overdue": "on"}).content.decode()
    assert reverse("reports:manage", args=[light.pk]) not in body
    body = client.get(url, {"assignee": "none", "area": light.area_id, "status": "all",
                            "sort": "expected_at"}).content.decode()
    assert reverse("reports:manage", args=[light.pk]) in body


def act(client, report, action, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("reports:manage_action", args=[report.pk, action]), data)


def test_staff_change_status_with_public_and_private_notes(client_for, officer, city,
                                                           streetlight):
    report = make_report(streetlight)
    client = client_for(officer)
    response = act(client, report, "status", status="in_progress", public_note="On it",
                   private_note="Crew 7 secret")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "in_progress"
    staff_body = client.get(reverse("reports:manage", args=[report.pk])).content.decode()
    assert "Crew 7 secret" in staff_body
    public_body = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "On it" in public_body and "Crew 7 secret" not in public_body


def test_staff_assign_prioritise_date_reroute_and_recategorise(
    client_for, officer, city, streetlight, park, parks
):
    report = make_report(streetlight)
    client = client_for(officer)
    assert act(client, report, "assign", assignee=officer.pk).status_code == 302
    assert act(client, report, "priority", priority="1").status_code == 302
    assert act(client, report, "due", due="2030-05-01").status_code == 302
    assert act(client, report, "note", private_note="Only us").status_code == 302
    assert act(client, report, "reroute", organization=parks.pk,
               reason="Their lamp").status_code == 302
    assert act(client, report, "recategorise", category=park.pk,
               reason="It is a park").status_code == 302
    report.refresh_from_db()
    assert report.priority == 1
    assert report.expected_at is not None and report.expected_at.year == 2030
    assert report.category == park and report.organization == parks
    kinds = set(ReportUpdate.objects.filter(report=report).values_list("kind", flat=True))
    assert {"assigned", "priority", "due_date", "note", "rerouted", "recategorised"} <= kinds


def test_a_reroute_needs_a_reason(client_for, officer, city, streetlight, parks):
    report = make_report(streetlight)
    response = act(client_for(officer), report, "reroute", organization=parks.pk, reason="")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_staff_merge_duplicates(client_for, officer, city, streetlight):
    keep = make_report(streetlight)
    dupe = make_report(streetlight)
    client = client_for(officer)
    response = act(client, keep, "merge", duplicates=f"#{dupe.pk}")
    assert response.status_code == 302
    dupe.refresh_from_db()
    assert dupe.duplicate_of == keep and dupe.status == "duplicate"
    response = act(client, keep, "merge", duplicates="99999")
    assert response.status_code == 400 and "No report #99999." in response.content.decode()
    response = act(client, keep, "merge", duplicates="abc")
    assert response.status_code == 400


def test_an_unknown_action_is_not_found(client_for, officer, city, streetlight):
    report = make_report(streetlight)
    assert act(client_for(officer), report, "explode").status_code == 404


def test_residents_cannot_act_on_reports(client_for, resident, city, streetlight):
    report = make_report(streetlight)
    assert act(client_for(resident), report, "status", status="fixed").status_code == 403


def test_the_categories_page_lists_settings(client_for, coordinator, city, streetlight):
    body = client_for(coordinator).get(reverse("reports:categories")).content.decode()
    assert "Street light out" in body and "What is wrong?" in body


def test_staff_without_two_factor_are_refused(client, officer, city, streetlight):
    client.force_login(officer)
    assert client.get(reverse("reports:queue")).status_code in (302, 403)
    assert Role.OFFICER == officer.role
