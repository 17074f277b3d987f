"""Permission-matrix fragment of the directory (collected by tests/test_permission_matrix)."""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from tests.matrix_roles import EVERYONE, POST_ONLY, ROLES

# Coordinators and admins edit every record; partner staff only their organization's
# (the matrix partner belongs to none, so the list is forbidden and records are 404).
EDITORS = {"anonymous": 302, Role.RESIDENT: 403, Role.OFFICER: 403, Role.COORDINATOR: 200,
           Role.PARTNER: 403, Role.ADMIN: 200}

MATRIX: dict[str, tuple[str | None, dict[str, int]]] = {
    "directory:index": (None, EVERYONE),
    "directory:service": ("directory_service", EVERYONE),
    "directory:service_print": ("directory_service", EVERYONE),
    "directory:manage": (None, EDITORS),
    "directory:service_edit": ("directory_service", EDITORS),
    "directory:service_verify": ("directory_service", POST_ONLY),
    "directory:schedule_add": ("directory_service", POST_ONLY),
    "directory:schedule_remove": ("directory_schedule", POST_ONLY),
    # The HSDS API: public reads.
    "hsds:root": (None, EVERYONE),
    "hsds:services": (None, EVERYONE),
    "hsds:service": ("directory_service", EVERYONE),
    "hsds:organizations": (None, EVERYONE),
    "hsds:organization": ("directory_organization", EVERYONE),
    "hsds:taxonomies": (None, EVERYONE),
    "hsds:taxonomy": ("directory_taxonomy", EVERYONE),
    "hsds:taxonomy_terms": (None, EVERYONE),
    "hsds:taxonomy_term": ("directory_term", EVERYONE),
    "hsds:service_at_locations": (None, EVERYONE),
    "hsds:service_at_location": ("directory_link", EVERYONE),
}
assert set(ROLES) == set(EVERYONE)


def url_kwargs() -> dict[str, dict[str, Any]]:
    from directory.tests.core import make_service

    service = make_service(name="Matrix Food Pantry")
    schedule = service.schedules.first()
    assert schedule is not None
    from directory.models import TaxonomyTerm

    term = TaxonomyTerm.objects.select_related("taxonomy").filter(taxonomy__isnull=False).first()
    assert term is not None and term.taxonomy is not None
    link = service.service_at_locations.first()
    assert link is not None
    return {
        "directory_organization": {"pk": str(service.organization_id)},
        "directory_taxonomy": {"pk": str(term.taxonomy.pk)},
        "directory_term": {"pk": str(term.pk)},
        "directory_link": {"pk": str(link.pk)},
        "directory_service": {"pk": str(service.pk)},
        "directory_schedule": {"pk": str(service.pk), "schedule": str(schedule.pk)},
    }
