"""Permission-matrix fragment of the trust module (collected by tests/test_permission_matrix)."""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from conftest import create_user
from places.testing import make_area
from tests.matrix_roles import (
    COORDINATORS,
    EVERYONE,
    LOGIN,
    NOT_FOUND,
    OFFICERS_ONLY,
    POST_ONLY,
    ROLES,
)
from trust.actions import do_issue_card, do_submit_filing, ensure_standard_survey
from trust.models import Filing

# Only members of the complaints body see complaints; none of the named users is one.
COMPLAINTS_BODY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN}

MATRIX: dict[str, tuple[str | None, dict[str, int]]] = {
    "trust:index": (None, EVERYONE),
    "trust:area": ("trust_area", EVERYONE),
    "trust:method": (None, EVERYONE),
    "trust:scores_csv": (None, EVERYONE),
    "trust:scores_json": (None, EVERYONE),
    "trust:take": (None, EVERYONE),
    "trust:answer": ("trust_answer", EVERYONE),
    "trust:answer_qr": ("trust_answer", EVERYONE),
    # A made-up invitation token is refused for everyone.
    "trust:invited": ("token", NOT_FOUND),
    "trust:thanks": (None, EVERYONE),
    "trust:card_find": (None, EVERYONE),
    "trust:card": ("trust_card", EVERYONE),
    "trust:card_qr": ("trust_card", EVERYONE),
    "trust:my_card": (None, OFFICERS_ONLY),
    # Unit supervisors (managers of a police unit), coordinators and admins.
    "trust:units": (None, COORDINATORS),
    "trust:commend": (None, EVERYONE),
    "trust:complain": (None, EVERYONE),
    "trust:follow": ("trust_follow_bad", NOT_FOUND),
    "trust:accountability": (None, EVERYONE),
    "trust:complaints": (None, COMPLAINTS_BODY),
    "trust:complaint": ("trust_complaint", COMPLAINTS_BODY),
    "trust:commendations": (None, COORDINATORS),
    "trust:surveys": (None, COORDINATORS),
    "trust:survey": ("trust_survey", COORDINATORS),
    "trust:survey_question_add": ("trust_survey", POST_ONLY),
    "trust:survey_question_remove": ("trust_survey_question", POST_ONLY),
    "trust:survey_status": ("trust_survey", POST_ONLY),
    "trust:survey_invitations": ("trust_survey", POST_ONLY),
}


def url_kwargs() -> dict[str, dict[str, Any]]:
    area = make_area("Matrix Trust Park", box=(-118.40, 34.10, -118.35, 34.15))
    survey = ensure_standard_survey()
    officer = create_user(Role.OFFICER, email="card.officer@example.org")
    card = do_issue_card(officer, actor=None)
    complaint, _token = do_submit_filing(kind=Filing.Kind.COMPLAINT, description="Rude.",
                                         card_code=card.code, actor=None)
    return {
        "trust_area": {"slug": area.slug},
        "trust_answer": {"survey": survey.slug, "area": area.slug},
        "trust_card": {"code": card.code},
        "trust_follow_bad": {"reference": complaint.reference, "token": "not-the-token"},
        "trust_complaint": {"pk": complaint.pk},
        "trust_survey": {"pk": survey.pk},
        "trust_survey_question": {"pk": survey.pk, "code": "top_issue"},
    }
