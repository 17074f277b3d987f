"""The actions: creating and changing commitments, status defaults, milestones, the
weighted roll-up of parts, the public history and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import Organization
from audit.models import AuditEntry
from commitments.actions import (
    commitments_from_source,
    do_add_milestone,
    do_create_commitment_from_source,
    do_save_status,
    do_set_progress,
    do_set_status,
    do_update_commitment,
    rollup_progress,
)
from commitments.models import Change, Commitment, Milestone, Origin, Status
from commitments.tests.core import make_commitment, make_org

pytestmark = pytest.mark.django_db


def status(code: str) -> Status:
    return Status.objects.get(code=code)


def test_the_first_statuses_come_from_a_data_migration_with_their_default_progress():
    assert {s.code: s.default_progress for s in Status.objects.all()} == {
        "planned": 0, "started": 10, "in_progress": 50, "completed": 100, "withdrawn": 0}
    assert status("completed").is_closed and status("completed").is_done
    assert status("withdrawn").is_closed and not status("withdrawn").is_done


def test_a_new_commitment_starts_planned_with_history_and_audit():
    owner = make_org("Central Area")
    commitment = make_commitment(owner)
    assert commitment.status.code == "planned"
    assert commitment.progress == 0
    assert list(commitment.changes.values_list("kind", flat=True)) == [Change.Kind.CREATED]
    assert AuditEntry.objects.filter(action="commitments.created",
                                     target_id=str(commitment.pk)).exists()


def test_a_status_brings_its_default_progress_unless_one_is_given():
    commitment = make_commitment(make_org("Central Area"))
    do_set_status(commitment, status("in_progress"), actor=None)
    assert commitment.progress == 50
    do_set_status(commitment, status("started"), progress="35", actor=None)
    assert commitment.progress == 35
    do_set_status(commitment, status("completed"), actor=None)
    commitment.refresh_from_db()
    assert commitment.progress == 100 and commitment.is_closed
    kinds = list(commitment.changes.values_list("kind", flat=True))
    assert kinds.count(Change.Kind.STATUS) == 3


def test_a_milestone_with_progress_moves_the_commitment_and_its_last_update():
    commitment = make_commitment(make_org("Central Area"))
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        milestone = do_add_milestone(commitment, date=dt.date(2026, 2, 27),
                                     text_en="First 18 poles repaired.", progress=45,
                                     link="https://example.org/photos", actor=None)
    commitment.refresh_from_db()
    assert milestone.progress == 45 and commitment.progress == 45
    assert commitment.last_update_at == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    assert commitment.changes.filter(kind=Change.Kind.MILESTONE).exists()


def test_the_weighted_rollup_rounds_half_up_and_ignores_weightless_parts():
    assert rollup_progress([(100, 2), (40, 1)]) == 80
    assert rollup_progress([(50, 1), (51, 1)]) == 51
    assert rollup_progress([(10, 0)]) is None
    assert rollup_progress([]) is None


def test_a_parent_progress_is_the_weighted_rollup_of_its_children_up_the_chain():
    owner = make_org("Central Area")
    plan = make_commitment(owner, title_en="Trust plan")
    part = make_commitment(owner, title_en="Office hours", parent=plan, weight=2)
    other = make_commitment(owner, title_en="Stop data", parent=plan, weight=1)
    step = make_commitment(owner, title_en="Book the library room", parent=part)
    do_set_progress(step, 90, actor=None)
    part.refresh_from_db()
    plan.refresh_from_db()
    assert part.progress == 90
    assert plan.progress == 60  # (90*2 + 0*1) / 3
    do_set_status(other, status("completed"), actor=None)
    plan.refresh_from_db()
    assert plan.progress == 93  # (90*2 + 100) / 3 = 93.3
    assert plan.changes.filter(kind=Change.Kind.ROLLUP).count() == 2


def test_moving_a_part_to_another_parent_recomputes_both():
    owner = make_org("Central Area")
    first, second = make_commitment(owner, title_en="A"), make_commitment(owner, title_en="B")
    part = make_commitment(owner, title_en="Part", parent=first)
    do_set_progress(part, 80, actor=None)
    do_update_commitment(part, parent=second, actor=None)
    second.refresh_from_db()
    assert second.progress == 80


def test_a_hook_turns_a_source_into_a_commitment_linked_both_ways_once():
    owner = make_org("Central Area")
    source = make_org("Town hall of March", Organization.Kind.COMMUNITY_GROUP)
    commitment = do_create_commitment_from_source(
        source, origin=Origin.MEETING, title_en="Hold office hours", owner=owner,
        is_citywide=True, actor=None)
    assert commitment.source == source and commitment.side == "police"
    assert list(commitments_from_source(source)) == [commitment]
    with pytest.raises(ValidationError, match="already been made"):
        do_create_commitment_from_source(source, origin=Origin.MEETING, title_en="Again",
                                         owner=owner, is_citywide=True, actor=None)
    assert Commitment.objects.count() == 1


def test_coordinators_configure_statuses_and_their_default_progress():
    do_save_status(code="delayed", name_en="Delayed", name_es="Retrasado",
                   default_progress="25", actor=None)
    assert status("delayed").default_progress == 25
    do_save_status(code="delayed", name_en="Late", default_progress=30, actor=None)
    assert status("delayed").name_en == "Late"
    assert Milestone.objects.count() == 0
