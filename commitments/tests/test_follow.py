"""Following: email with double opt-in and one-click unsubscribe; RSS and Atom feeds per
commitment and for the board."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from commitments.actions import do_add_milestone, do_set_progress
from commitments.models import Follower
from commitments.notify import do_confirm_follower, do_follow
from commitments.tests.core import make_commitment, make_org

pytestmark = pytest.mark.django_db


def path_in(body: str, name: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S*" + re.escape(name) + r"\S*)", body)
    assert match, body
    return match.group(1)


def test_a_resident_follows_and_confirms_by_email(client, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    commitment = make_commitment(make_org("Central Area"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("commitments:follow"),
                               {"email": "Nia@Example.org", "commitment": commitment.pk})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    follower = Follower.objects.get()
    assert follower.email == "nia@example.org" and follower.confirmed_at is None
    assert len(mailoutbox) == 1
    confirm = path_in(mailoutbox[0].body, "/follow/confirm/")
    # Opening the link only asks (mail scanners open links); the button confirms.
    assert client.get(confirm).status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    client.post(confirm)
    follower.refresh_from_db()
    assert follower.confirmed_at is not None


def test_only_confirmed_followers_get_change_emails_with_one_click_unsubscribe(
        client, mailoutbox, django_capture_on_commit_callbacks):
    commitment = make_commitment(make_org("Central Area"), title_en="Relight Chinatown")
    confirmed = do_confirm_follower(do_follow(email="yes@example.org", commitment=commitment))
    do_follow(email="maybe@example.org", commitment=commitment)
    board = do_confirm_follower(do_follow(email="board@example.org", commitment=None))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_set_progress(commitment, 40, actor=None)
    assert [m.to for m in mailoutbox] == [["yes@example.org"]]
    message = mailoutbox[0]
    assert "Relight Chinatown" in message.subject and "40%" in message.body
    unsubscribe = path_in(message.body, "/follow/stop/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # RFC 8058: the mail client POSTs without a CSRF token.
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(unsubscribe).status_code == 200
    assert not Follower.objects.filter(pk=confirmed.pk).exists()
    assert Follower.objects.filter(pk=board.pk).exists()


def test_board_followers_hear_of_new_commitments_but_not_every_milestone(
        mailoutbox, django_capture_on_commit_callbacks):
    do_confirm_follower(do_follow(email="board@example.org", commitment=None))
    owner = make_org("Central Area")
    with django_capture_on_commit_callbacks(execute=True):
        commitment = make_commitment(owner, title_en="Office hours")
    assert len(mailoutbox) == 1 and "Office hours" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        do_add_milestone(commitment, date=dt.date(2026, 1, 10), text_en="Held", actor=None)
    assert len(mailoutbox) == 1


def test_following_refuses_a_bad_address_and_an_unknown_commitment(client):
    for data in ({"email": "not-an-address"}, {"email": "a@example.org", "commitment": "99999"},
                 {"email": "a@example.org", "commitment": "99999999999999999999999"},
                 {"email": "a\x00@example.org"}):
        response = client.post(reverse("commitments:follow"), data)
        assert response.status_code == 400, data
    assert Follower.objects.count() == 0


def test_the_feeds_are_well_formed_even_with_characters_xml_forbids(client):
    commitment = make_commitment(make_org("Central Area"), title_en="Lights on First")
    # A character XML cannot carry, slipped in below the form checks.
    commitment.title_en = "Lights \ufffe on First"
    commitment.save(update_fields=["title_en"])
    do_set_progress(commitment, 20, actor=None)
    for url in (reverse("commitments:feed_commitment_rss", args=[commitment.pk]),
                reverse("commitments:feed_commitment_atom", args=[commitment.pk]),
                reverse("commitments:feed_board_rss"), reverse("commitments:feed_board_atom")):
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)  # noqa: S314 (our own output)
        text = ET.tostring(root, encoding="unicode")
        assert "Lights  on First" in text and "20" in text, url
