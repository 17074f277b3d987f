"""Referral actions: the bad inputs the issue names, each leaving nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from directory.actions import (
    can_receive_texts,
    do_send_referral,
    do_update_referral_by_person,
    do_update_referral_status,
    purge_referrals,
)
from directory.models import Referral, ReferralEvent
from directory.tests.core import make_platform_org, make_provider, make_service


def counts() -> tuple[int, int]:
    return Referral.objects.count(), ReferralEvent.objects.count()


@pytest.fixture
def pantry(db):
    return make_service(name="Eastside Food Pantry")


def send(service, officer, **fields):
    fields.setdefault("consent_given", True)
    fields.setdefault("contact_preference", "phone")
    fields.setdefault("person_phone", "(323) 555-0188")
    return do_send_referral([service], need="food", actor=officer, **fields)


def test_a_referral_without_recorded_consent_is_refused(pantry, officer):
    for answer in (None, False):
        with pytest.raises(ValidationError, match="without their consent no referral is sent"):
            send(pantry, officer, consent_given=answer)
    assert counts() == (0, 0)


@pytest.mark.parametrize("number", ["(800) 555-0100", "911", "(213) 011-0000", "12345"])
def test_a_number_that_cannot_receive_texts_is_refused_for_texting(pantry, officer, number):
    assert not can_receive_texts(number)
    with pytest.raises(ValidationError, match="cannot receive text messages"):
        send(pantry, officer, contact_preference="text", person_phone=number)
    assert counts() == (0, 0)


def test_residents_cannot_refer(pantry, resident):
    with pytest.raises(PermissionDenied):
        send(pantry, resident)
    assert counts() == (0, 0)


def test_only_the_receiving_provider_updates_the_status(db, officer, partner, make_user):
    other_partner = make_user(Role.PARTNER, email="other.partner@example.org")
    own = make_platform_org("Angel City Family Services", partner)
    make_platform_org("Someone Else Services", other_partner)
    service = make_service(make_provider("Angel City", owner=own))
    (referral,), _token = send(service, officer)
    before = counts()
    with pytest.raises(PermissionDenied, match="Only the provider"):
        do_update_referral_status(referral, "got_help", actor=other_partner)
    assert counts() == before
    assert Referral.objects.get().status == "sent"
    do_update_referral_status(referral, "contacted", actor=partner)
    assert Referral.objects.get().status == "contacted"
    assert [e.by for e in ReferralEvent.objects.order_by("at", "id")] == ["officer", "provider"]


def test_the_person_updates_through_their_private_link_only(pantry, officer):
    (referral,), token = send(pantry, officer)
    with pytest.raises(PermissionDenied):
        do_update_referral_by_person(referral, "guess", "got_help")
    do_update_referral_by_person(referral, token, "got_help")
    assert Referral.objects.get().status == "got_help"


def test_personal_details_are_purged_after_the_retention_period(pantry, officer):
    send(pantry, officer, person_name="Maria")
    assert purge_referrals(timezone.now()) == 0
    assert purge_referrals(timezone.now() + dt.timedelta(days=400)) == 1
    referral = Referral.objects.get()
    assert referral.person_name == "" and referral.person_phone == "" and referral.purged_at
