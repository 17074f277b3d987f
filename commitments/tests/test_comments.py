"""Comments: moderated before they show, rate limited, with a report-abuse path."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from commitments.comments import REPORTS_TO_HIDE, do_moderate_comment, do_post_comment
from commitments.models import AbuseReport, Comment
from commitments.tests.core import make_commitment, make_org

pytestmark = pytest.mark.django_db


def test_a_comment_waits_for_a_coordinator_before_it_shows(client, client_for, resident,
                                                          coordinator):
    commitment = make_commitment(make_org("Central Area"))
    url = reverse("commitments:detail", args=[commitment.pk])
    response = client_for(resident).post(reverse("commitments:comment", args=[commitment.pk]),
                                         {"text": "Please <b>include</b> Alpine Street"})
    assert response.status_code == 302
    assert "Alpine Street" not in client.get(url).content.decode()
    queue = client_for(coordinator).get(reverse("commitments:moderation")).content.decode()
    assert "Alpine Street" in queue and "&lt;b&gt;include" in queue
    comment = Comment.objects.get()
    client_for(coordinator).post(reverse("commitments:moderate", args=[comment.pk]),
                                 {"decision": "publish"})
    page = client.get(url).content.decode()
    assert "Alpine Street" in page and "<b>include</b>" not in page
    assert comment.author_name not in ("", resident.email)


def test_only_coordinators_moderate(client_for, resident, officer):
    comment = do_post_comment(make_commitment(make_org("Central Area")), "Hi", actor=resident)
    for user in (resident, officer):
        response = client_for(user).post(reverse("commitments:moderate", args=[comment.pk]),
                                         {"decision": "publish"})
        assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_anonymous_visitors_cannot_comment(client):
    commitment = make_commitment(make_org("Central Area"))
    response = client.post(reverse("commitments:comment", args=[commitment.pk]),
                           {"text": "hello"})
    assert response.status_code == 302 and Comment.objects.count() == 0


def test_empty_and_hostile_comments_are_refused_with_a_message(client_for, resident):
    commitment = make_commitment(make_org("Central Area"))
    client = client_for(resident)
    for text in ("", "   ", "bad\x00text", "x" * 2001):
        response = client.post(reverse("commitments:comment", args=[commitment.pk]),
                               {"text": text})
        assert response.status_code == 400, repr(text[:10])
        assert "nothing was saved" in response.content.decode()
    assert Comment.objects.count() == 0


@override_settings(RATE_LIMITS={"commitments-comment": "2/3600"})
def test_comments_are_rate_limited(client_for, resident):
    commitment = make_commitment(make_org("Central Area"))
    client = client_for(resident)
    statuses = [client.post(reverse("commitments:comment", args=[commitment.pk]),
                            {"text": f"comment {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_reported_comments_come_back_to_the_queue_and_hide_after_enough_reports(
        client, client_for, resident, coordinator):
    commitment = make_commitment(make_org("Central Area"))
    comment = do_moderate_comment(do_post_comment(commitment, "Rude words", actor=resident),
                                  "publish", actor=None)
    url = reverse("commitments:comment_report", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and AbuseReport.objects.count() == 0
    client.post(url, {"reason": "Insults a neighbor"})
    queue = client_for(coordinator).get(reverse("commitments:moderation")).content.decode()
    assert "Insults a neighbor" in queue
    for n in range(REPORTS_TO_HIDE - 1):
        client.post(url, {"reason": f"report {n}"})
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN and comment.abuse_reports == REPORTS_TO_HIDE
    page = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert "Rude words" not in page
    # A hidden comment cannot be reported again.
    assert client.get(url).status_code == 404
