"""Permission-matrix fragment for the commitments app (collected by
tests/test_permission_matrix.py). Officers and partner staff of the matrix belong to no
organization, so the staff pages refuse them; members are tested in test_permissions.py."""

from __future__ import annotations

from typing import Any

from commitments.comments import do_post_comment
from commitments.tests.core import make_commitment, make_org
from conftest import create_user
from tests.matrix_roles import COORDINATORS, EVERYONE, NOT_FOUND, POST_ONLY

MATRIX: dict[str, tuple[str | None, dict[str, int]]] = {
    "commitments:board": (None, EVERYONE),
    "commitments:you_said": (None, EVERYONE),
    "commitments:detail": ("commitment", EVERYONE),
    "commitments:manage": (None, COORDINATORS),
    "commitments:new": (None, COORDINATORS),
    "commitments:edit": ("commitment", COORDINATORS),
    "commitments:change_status": ("commitment", POST_ONLY),
    "commitments:change_progress": ("commitment", POST_ONLY),
    "commitments:milestone_new": ("commitment", COORDINATORS),
    "commitments:statuses": (None, COORDINATORS),
    "commitments:board_json": (None, EVERYONE),
    "commitments:follow": (None, EVERYONE),
    "commitments:follow_confirm": ("token", NOT_FOUND),
    # Unfollowing answers the same page for any token, so addresses cannot be probed.
    "commitments:unfollow": ("token", EVERYONE),
    "commitments:feed_board_rss": (None, EVERYONE),
    "commitments:feed_board_atom": (None, EVERYONE),
    "commitments:feed_commitment_rss": ("commitment", EVERYONE),
    "commitments:feed_commitment_atom": ("commitment", EVERYONE),
    "commitments:comment": ("commitment", POST_ONLY),
    # Only published comments can be reported; a pending one is not there to report.
    "commitments:comment_report": ("pending_comment", NOT_FOUND),
    "commitments:moderation": (None, COORDINATORS),
    "commitments:moderate": ("pending_comment", POST_ONLY),
    "commitments:export_csv": (None, COORDINATORS),
    "commitments:import": (None, COORDINATORS),
    "commitments:review": (None, COORDINATORS),
    "commitments:review_csv": (None, COORDINATORS),
    "commitments:review_pdf": (None, COORDINATORS),
}


def url_kwargs() -> dict[str, dict[str, Any]]:
    owner = make_org("Matrix Police Unit")
    commitment = make_commitment(owner, title_en="Matrix commitment")
    author = create_user("resident", email="matrix.commenter@example.org")
    comment = do_post_comment(commitment, "Thank you", actor=author)
    return {"commitment": {"pk": commitment.pk}, "pending_comment": {"pk": comment.pk}}
