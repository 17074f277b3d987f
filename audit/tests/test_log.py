from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from audit.lib import record_access, record_change
from audit.models import AuditEntry
from audit.views import PAGE_SIZE

URL = "/audit/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["resident", "officer", "coordinator", "partner"])
def test_only_admins_see_the_log(client_for, make_user, role):
    assert client_for(make_user(role)).get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.fixture
def entries(admin_user, officer, resident):
    with time_machine.travel(dt.datetime(2026, 2, 1, 18, tzinfo=dt.UTC), tick=False):
        record_change(officer, "report.status_changed", resident, status="closed")
    with time_machine.travel(dt.datetime(2026, 3, 10, 18, tzinfo=dt.UTC), tick=False):
        record_access(admin_user, resident, "admin_user_detail")
    with time_machine.travel(dt.datetime(2026, 3, 20, 18, tzinfo=dt.UTC), tick=False):
        record_change(None, "places.import", None)


def actions_shown(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [entry.action for entry in response.context["entries"]]


@pytest.mark.django_db
def test_the_log_filters_by_actor_action_kind_and_dates(client_for, admin_user, entries):
    client = client_for(admin_user)
    assert actions_shown(client) == ["places.import", "view:admin_user_detail",
                                     "report.status_changed"]  # fmt: skip
    assert actions_shown(client, actor="OMAR") == ["report.status_changed"]
    assert actions_shown(client, action="status") == ["report.status_changed"]
    assert actions_shown(client, kind="access") == ["view:admin_user_detail"]
    assert actions_shown(client, since="2026-03-01", until="2026-03-10") == [
        "view:admin_user_detail"
    ]
    assert actions_shown(client, since="2026-03-11") == ["places.import"]


@pytest.mark.django_db
def test_a_bad_filter_shows_an_error_and_no_rows(client_for, admin_user, entries):
    client = client_for(admin_user)
    response = client.get(URL, {"since": "2026-03-11", "until": "2026-03-01"})
    assert "The end date is before the start date" in response.content.decode()
    assert list(response.context["entries"]) == []


@pytest.mark.django_db
def test_the_log_is_paginated_and_pages_keep_the_filter(client_for, admin_user):
    AuditEntry.objects.bulk_create(
        AuditEntry(action="bulk.thing", actor_kind="system", actor_ref="bulk")
        for _ in range(PAGE_SIZE + 5)
    )
    client = client_for(admin_user)
    response = client.get(URL, {"action": "bulk"})
    assert len(response.context["entries"]) == PAGE_SIZE
    assert "?action=bulk&amp;page=2" in response.content.decode()
    assert len(client.get(URL, {"action": "bulk", "page": 2}).context["entries"]) == 5
