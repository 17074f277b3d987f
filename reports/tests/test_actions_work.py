# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEntry
from conftest import create_user
from reports.actions import (
    do_add_attribute,
    do_add_note,
    do_add_route,
    do_assign_report,
    do_change_status,
    do_confirm_fixed,
    do_create_category,
    do_delete_attribute,
    do_issue_api_key,
    do_merge_reports,
    do_recategorise_report,
    do_remove_route,
    do_reopen_report,
    do_reroute_report,
    do_revoke_api_key,
    do_set_due_date,
    do_set_priority,
    do_support_report,
    do_update_attribute,
    do_update_category,
    find_api_key,
    hash_api_key,
)
from reports.models import ApiKey, Category, Report, ReportUpdate, Status
from reports.permissions import can_issue_api_keys, can_manage_categories, can_manage_report
from reports.tests.core import (  # noqa: F401 (fixtures)
    _fresh_lookup,
    city,
    make_org,
    make_report,
    member_of,
    north,
    park,
    parks,
    streetlight,
    streets,
)


@pytest.fixture
def report(city, streetlight):
    return make_report(streetlight)


def kinds(report: Report) -> list[str]:
    return list(report.updates.values_list("kind", flat=True))


# -- permissions


def test_permission_helpers_follow_the_role_table(report, streets, parks):
    admin, coordinator, officer = (create_user(r) for r in (Role.ADMIN, Role.COORDINATOR,
                                                            Role.OFFICER))
    resident, partner = create_user(Role.RESIDENT), create_user(Role.PARTNER)
    outsider = create_user(Role.PARTNER, email="other.partner@example.org")
    member_of(partner, streets)
    member_of(outsider, parks)
    assert all(can_manage_report(u, report) for u in (admin, coordinator, officer, partner))
    assert not can_manage_report(resident, report)
    assert not can_manage_report(outsider, report)
    assert not can_manage_report(None, report)
    assert [can_manage_categories(u) for u in (admin, coordinator, officer, partner, resident)] == [
        True, True, False, False, False]
    assert [can_issue_api_keys(u) for u in (admin, coordinator, officer)] == [True, False, False]
    admin.is_active = False
    assert not can_manage_report(admin, report)


def test_a_partner_outside_the_organization_cannot_change_the_report(report, parks):
    outsider = member_of(create_user(Role.PARTNER), parks)
    with pytest.raises(PermissionDenied):
        do_change_status(report, Status.FIXED, actor=outsider)
    report.refresh_from_db()
    assert report.status == Status.OPEN and kinds(report) == ["created"]


def test_a_resident_cannot_add_a_note(report, resident):
    with pytest.raises(PermissionDenied):
        do_add_note(report, public_note="hi", actor=resident)
    assert kinds(report) == ["created"]


# -- status


def test_closing_and_reopening_maintains_is_open_and_closed_at(report, officer):
    do_change_status(report, Status.IN_PROGRESS, public_note="Crew booked", actor=officer)
    assert report.is_open and report.closed_at is None and report.status_note == "Crew booked"
    update = do_change_status(
        report, Status.FIXED, public_note="Done", private_note="Bulb 40W", actor=officer
    )
    report.refresh_from_db()
    assert not report.is_open and report.closed_at is not None
    assert update.private_note == "Bulb 40W" and update.is_public
    do_change_status(report, Status.REOPENED, actor=officer)
    report.refresh_from_db()
    assert report.is_open and report.closed_at is None
    assert AuditEntry.objects.filter(action="report.status").count() == 3


@pytest.mark.parametrize("status", ["nonsense", Status.DUPLICATE])
def test_it_rejects_an_unknown_status_or_duplicate_without_a_merge(report, officer, status):
    with pytest.raises(ValidationError):
        do_change_status(report, status, actor=officer)
    assert kinds(report) == ["created"]


def test_it_rejects_an_overlong_note(report, officer):
    with pytest.raises(ValidationError):
        do_change_status(report, Status.FIXED, public_note="x" * 4001, actor=officer)
    report.refresh_from_db()
    assert report.status == Status.OPEN


def test_a_status_change_tells_the_alerts_module(
    report, officer, django_capture_on_commit_callbacks, monkeypatch
):
    seen: list[ReportUpdate] = []
    monkeypatch.setattr("reports.notifications.report_changed", seen.append)
    with django_capture_on_commit_callbacks(execute=True):
        update = do_change_status(report, Status.FIXED, actor=officer)
    assert seen == [update]


# -- notes, assignment, priority, due date


def test_a_private_only_note_stays_off_the_public_timeline(report, officer):
    update = do_add_note(report, private_note="Called the owner", actor=officer)
    assert not update.is_public
    assert do_add_note(report, public_note="Visited", actor=officer).is_public
    with pytest.raises(ValidationError):
        do_add_note(report, actor=officer)


def test_assigning_needs_someone_who_may_work_on_it(report, officer, resident, streets):
    partner = member_of(create_user(Role.PARTNER), streets)
    do_assign_report(report, partner, actor=officer)
    report.refresh_from_db()
    assert report.assignee == partner
    with pytest.raises(ValidationError):
        do_assign_report(report, resident, actor=officer)
    do_assign_report(report, None, actor=officer)
    report.refresh_from_db()
    assert report.assignee is None
    assert not report.updates.filter(kind="assigned", is_public=True).exists()


@pytest.mark.parametrize("priority", [0, 6, "high"])
def test_it_rejects_a_priority_outside_1_to_5(report, officer, priority):
    with pytest.raises(ValidationError):
        do_set_priority(report, priority, actor=officer)
    report.refresh_from_db()
    assert report.priority == 3 and kinds(report) == ["created"]


def test_it_sets_priority_and_due_date(report, officer):
    do_set_priority(report, 1, actor=officer)
    do_set_due_date(report, dt.date(2030, 1, 2), actor=officer)
    report.refresh_from_db()
    assert report.priority == 1
    assert timezone.localtime(report.expected_at).date() == dt.date(2030, 1, 2)
    do_set_due_date(report, None, actor=officer)
    report.refresh_from_db()
    assert report.expected_at is None
    assert kinds(report) == ["created", "priority", "due_date", "due_date"]


# -- support and merge


def test_me_too_counts_a_supporter_and_goes_to_the_kept_report(report, streetlight, officer):
    do_support_report(report, actor=None)
    report.refresh_from_db()
    assert report.supporters == 1 and kinds(report) == ["created", "supported"]
    dupe = make_report(streetlight)
    do_merge_reports(report, [dupe], actor=officer)
    target = do_support_report(dupe, actor=None)
    assert target.pk == report.pk and target.supporters == 3


def test_me_too_on_a_closed_report_is_refused(report, officer):
    do_change_status(report, Status.FIXED, actor=officer)
    with pytest.raises(ValidationError):
        do_support_report(report, actor=None)
    report.refresh_from_db()
    assert report.supporters == 0


def test_merging_closes_duplicates_and_adds_their_supporters(report, streetlight, officer):
    a, b = make_report(streetlight), make_report(streetlight)
    do_support_report(a, actor=None)
    do_merge_reports(report, [a, b], actor=officer)
    a.refresh_from_db()
    report.refresh_from_db()
    assert a.status == Status.DUPLICATE and a.duplicate_of == report and not a.is_open
    assert report.supporters == 3
    assert set(Report.objects.public().values_list("pk", flat=True)) == {report.pk}
    assert AuditEntry.objects.filter(action="report.merge").count() == 1


def test_merge_rejections_save_nothing(report, streetlight, officer):
    other = make_report(streetlight)
    with pytest.raises(ValidationError):
        do_merge_reports(report, [other, report], actor=officer)
    other.refresh_from_db()
    assert other.duplicate_of is None and other.is_open
    with pytest.raises(ValidationError):
        do_merge_reports(report, [], actor=officer)
    do_merge_reports(report, [other], actor=officer)
    with pytest.raises(ValidationError):
        do_merge_reports(other, [make_report(streetlight)], actor=officer)


# -- re-route and re-categorise


def test_rerouting_needs_a_reason_and_shows_it(report, officer, parks):
    with pytest.raises(ValidationError):
        do_reroute_report(report, parks, "  ", actor=officer)
    update = do_reroute_report(report, parks, "It is in the park", actor=officer)
    report.refresh_from_db()
    assert report.organization == parks and "It is in the park" in update.public_note


def test_recategorising_routes_again(report, officer, park, parks):
    with pytest.raises(ValidationError):
        do_recategorise_report(report, park, "", actor=officer)
    do_recategorise_report(report, park, "Lamp is in the park", actor=officer)
    report.refresh_from_db()
    assert report.category == park and report.organization == parks
    park.is_active = False
    park.save()
    with pytest.raises(ValidationError):
        do_recategorise_report(report, park, "again", actor=officer)


# -- reporter's confirm / reopen


def test_the_reporter_confirms_a_fix_with_their_token(report):
    with pytest.raises(PermissionDenied):
        do_confirm_fixed(report, token="wrong")
    do_confirm_fixed(report, token=report.reporter_token)
    report.refresh_from_db()
    assert report.status == Status.FIXED and not report.is_open
    assert kinds(report)[-1] == "confirmed"


def test_the_reporter_or_staff_reopen_a_closed_report(report, officer, resident):
    with pytest.raises(ValidationError):
        do_reopen_report(report, token=report.reporter_token, note="still dark")  # still open
    do_change_status(report, Status.FIXED, actor=officer)
    with pytest.raises(PermissionDenied):
        do_reopen_report(report, token="bad", note="still dark", actor=resident)
    with pytest.raises(ValidationError):
        do_reopen_report(report, token=report.reporter_token, note="")
    do_reopen_report(report, token=report.reporter_token, note="Still dark")
    report.refresh_from_db()
    assert report.status == Status.REOPENED and report.is_open
    do_change_status(report, Status.CLOSED_NOT_FIXED, actor=officer)
    do_reopen_report(report, note="Looking again", actor=officer)
    report.refresh_from_db()
    assert report.is_open


# -- categories, questions, routes


def test_coordinators_manage_categories_and_others_cannot(coordinator, officer, streets):
    with pytest.raises(PermissionDenied):
        do_create_category(code="x", name="X", actor=officer)
    category = do_create_category(code="Pot Hole", name="Pothole", actor=coordinator,
                                  target_days=3)
    assert category.code == "pot-hole"
    with pytest.raises(ValidationError):
        do_create_category(code="pot-hole", name="Again", actor=coordinator)
    with pytest.raises(ValidationError):
        do_create_category(code="y", name="Y", location_privacy="fuzzy", actor=coordinator)
    do_update_category(category, name="Pothole!", location_privacy="blurred", actor=coordinator)
    category.refresh_from_db()
    assert category.name == "Pothole!"
    with pytest.raises(TypeError):
        do_update_category(category, colour="red", actor=coordinator)
    assert Category.objects.count() == 1


def test_questions_are_added_updated_and_removed(coordinator, streetlight):
    with pytest.raises(ValidationError):
        do_add_attribute(streetlight, code="c", description="Colour?", datatype="singlevaluelist",
                         values=[], actor=coordinator)
    with pytest.raises(ValidationError):
        do_add_attribute(streetlight, code="kind", description="Dup", datatype="string",
                         actor=coordinator)
    attribute = do_add_attribute(streetlight, code="c", description="Colour?",
                                 datatype="singlevaluelist", values=["Red", "Green"],
                                 actor=coordinator)
    assert attribute.values == [{"key": "red", "name": "Red"}, {"key": "green", "name": "Green"}]
    do_update_attribute(attribute, required=True, actor=coordinator)
    do_delete_attribute(attribute, actor=coordinator)
    assert not streetlight.attributes.filter(code="c").exists()


def test_routes_are_replaced_not_duplicated(coordinator, streetlight, city, streets, parks):
    area = north(city)
    do_add_route(streetlight, area, streets, actor=coordinator)
    route = do_add_route(streetlight, area, parks, actor=coordinator)
    assert streetlight.routes.count() == 1 and route.organization == parks
    do_remove_route(route, actor=coordinator)
    assert streetlight.routes.count() == 0


# -- API keys


def test_admins_issue_and_revoke_api_keys_stored_as_hashes(admin_user, coordinator, streets):
    with pytest.raises(PermissionDenied):
        do_issue_api_key("App", streets, actor=coordinator)
    api_key, raw = do_issue_api_key("City app", streets, actor=admin_user)
    stored = ApiKey.objects.get()
    assert raw not in (stored.key_hash, stored.prefix) and stored.key_hash == hash_api_key(raw)
    assert find_api_key(raw) == api_key
    do_revoke_api_key(api_key, actor=admin_user)
    assert find_api_key(raw) is None
    with pytest.raises(ValidationError):
        do_issue_api_key(" ", streets, actor=admin_user)


def test_each_write_leaves_one_audit_entry(report, officer):
    before = AuditEntry.objects.count()
    do_add_note(report, public_note="x", actor=officer)
    assert AuditEntry.objects.count() == before + 1
    assert ReportUpdate.objects.filter(report=report).count() == 2


def test_blurred_categories_publish_the_cell_centre_even_after_a_change(
    report, coordinator, streetlight, officer
):
    assert (report.public_lat, report.public_lon) == (report.lat, report.lon)
    do_update_category(streetlight, location_privacy="blurred", actor=coordinator)
    report.refresh_from_db()
    assert (report.public_lat, report.public_lon) != (report.lat, report.lon)
    assert abs(report.public_lat - report.lat) < 0.01
    do_update_category(streetlight, location_privacy="exact", actor=coordinator)
    report.refresh_from_db()
    assert (report.public_lat, report.public_lon) == (report.lat, report.lon)


def test_blurring_a_category_also_blurs_a_located_report_that_had_no_cell(
    report, coordinator, streetlight
):
    Report.objects.filter(pk=report.pk).update(h3_cell="")
    do_update_category(streetlight, location_privacy="blurred", actor=coordinator)
    report.refresh_from_db()
    assert report.h3_cell
    assert (report.public_lat, report.public_lon) != (report.lat, report.lon)


def test_every_timeline_entry_records_the_status_after_it(report, officer):
    do_change_status(report, Status.IN_PROGRESS, actor=officer)
    do_add_note(report, public_note="Crew on site", actor=officer)
    assert list(report.updates.values_list("status", flat=True)) == [
        "open", "in_progress", "in_progress"]
