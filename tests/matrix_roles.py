"""Roles and the expected-status presets that permission-matrix fragments share."""

from __future__ import annotations

from accounts.models import Role

ROLES = ["anonymous", Role.RESIDENT, Role.OFFICER, Role.COORDINATOR, Role.PARTNER, Role.ADMIN]
LOGIN = 302  # anonymous visitors are sent to the login page

EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
STAFF = {"anonymous": LOGIN, Role.RESIDENT: 403, Role.OFFICER: 200, Role.COORDINATOR: 200,
         Role.PARTNER: 200, Role.ADMIN: 200}
OFFICERS_ONLY = {"anonymous": LOGIN, Role.RESIDENT: 403, Role.OFFICER: 200,
                 Role.COORDINATOR: 403, Role.PARTNER: 403, Role.ADMIN: 403}
ADMINS_ONLY = {"anonymous": LOGIN, Role.RESIDENT: 403, Role.OFFICER: 403,
               Role.COORDINATOR: 403, Role.PARTNER: 403, Role.ADMIN: 200}
# Pages for signed-out visitors (log in, sign up) send signed-in users onwards.
SIGNED_OUT_ONLY = {**dict.fromkeys(ROLES, 302), "anonymous": 200}
POST_ONLY = dict.fromkeys(ROLES, 405)
NOT_FOUND = dict.fromkeys(ROLES, 404)
REDIRECT = dict.fromkeys(ROLES, 302)
# Partner staff only see reports routed to their organizations; others are 404 to them.
REPORT_STAFF = {**STAFF, Role.PARTNER: 404}
COORDINATORS = {"anonymous": LOGIN, Role.RESIDENT: 403, Role.OFFICER: 403,
                Role.COORDINATOR: 200, Role.PARTNER: 403, Role.ADMIN: 200}
# Officers, coordinators and admins (the department), not partner staff or residents.
DEPARTMENT = {**STAFF, Role.PARTNER: 403}
WALKERS = DEPARTMENT
