"""Capacity under concurrency, on PostgreSQL (where select_for_update really locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from accounts.models import Role
from conftest import create_user
from events import actions
from events.models import Event, Rsvp
from events.tests.core import make_event

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are a PostgreSQL test"
)


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_waitlist_place():
    event = make_event(capacity=2)
    early = create_user(Role.RESIDENT, email="early@example.org")
    actions.do_rsvp(event, user=early, actor=early)
    racers = [create_user(Role.RESIDENT, email=f"racer{n}@example.org") for n in range(2)]
    barrier = threading.Barrier(len(racers))
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def take_seat(user: object) -> None:
        try:
            barrier.wait(timeout=10)
            rsvp = actions.do_rsvp(Event.objects.get(pk=event.pk), user=user,  # type: ignore[arg-type]
                                   notify=False, actor=user)
            results[user.email] = rsvp.status  # type: ignore[attr-defined]
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_seat, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(results.values()) == [Rsvp.Status.GOING, Rsvp.Status.WAITLISTED]
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (2, 1)
    assert Rsvp.objects.filter(event=event, status=Rsvp.Status.GOING).count() == 2
