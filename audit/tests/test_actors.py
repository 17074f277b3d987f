"""The log records who acted as kind, id and role: never a name or an email."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.actors import ANONYMOUS, SYSTEM, ApiClient, System, as_actor, is_system
from accounts.models import Role
from audit.lib import record_change
from audit.models import AuditEntry
from conftest import create_user
from reports.events import ReportsEvent

ROOT = Path(__file__).resolve().parents[2]


def test_older_spellings_map_to_the_typed_actors():
    assert as_actor(None) is SYSTEM and is_system(None)
    assert as_actor(AnonymousUser()) is ANONYMOUS and not is_system(AnonymousUser())
    assert is_system(System(job="import_311"))


@pytest.mark.django_db
def test_each_kind_of_actor_is_logged_by_kind_id_and_role():
    officer = create_user(Role.OFFICER)
    record_change(officer, ReportsEvent.REPORT_NOTE)
    record_change(AnonymousUser(), ReportsEvent.REPORT_SUPPORT)
    record_change(ApiClient(key_id=7), ReportsEvent.REPORT_SUBMIT)
    record_change(System(job="import_311"), ReportsEvent.REPORT_IMPORT)
    record_change(None, ReportsEvent.ALERT_CONFIRM)
    rows = list(
        AuditEntry.objects.order_by("id").values_list(
            "action", "actor_kind", "actor_ref", "actor_role"
        )
    )
    assert rows == [
        ("report.note", "user", str(officer.pk), "officer"),
        ("report.support", "anonymous", "", ""),
        ("report.submit", "api_client", "7", ""),
        ("report.import", "system", "import_311", ""),
        ("alert.confirm", "system", "", ""),
    ]


@pytest.mark.django_db
def test_a_person_named_as_the_target_is_logged_by_id_only():
    officer = create_user(Role.OFFICER, email="omar.target@example.org")
    entry = record_change(None, "account.updated", officer)
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "accounts.user", str(officer.pk), ""
    )


def test_app_code_names_audit_events_from_its_enum():
    """`record_change(actor, "literal", …)` spells an event outside `<app>/events.py`.

    Checked for every app that has an `events.py` (the foundation apps have one; a module
    that adds its own is held to it from then on)."""
    literal = re.compile(r'record_change\(\s*[^,()]+(?:\([^()]*\))?,\s*["\']')
    checked = {path.parent.name for path in ROOT.glob("*/events.py")}
    assert {"accounts", "places", "reports"} <= checked
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in checked or {"tests", "migrations"} & set(parts):
            continue
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not found, "use the app's event enum:\n" + "\n".join(found)
