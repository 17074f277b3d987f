"""Permission-matrix fragment for the commitments app (collected by
tests/test_permission_matrix.py). Officers and partner staff of the matrix belong to no
organization, so the staff pages refuse them; members are tested in test_permissions.py."""

from __future__ import annotations

from typing import Any

from commitments.tests.core import make_commitment, make_org
from tests.matrix_roles import COORDINATORS, EVERYONE, POST_ONLY

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
}


def url_kwargs() -> dict[str, dict[str, Any]]:
    owner = make_org("Matrix Police Unit")
    commitment = make_commitment(owner, title_en="Matrix commitment")
    return {"commitment": {"pk": commitment.pk}}
