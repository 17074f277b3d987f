"""The names of the accounts app's audit events, as in
`audit.lib.record_change(actor, AccountsEvent.X, …)`.

One enum per app, so the audit log's action names are spelled once and can be listed
(the audit page's filter, retention rules, tests). Values are stored as they are: renaming
one is a data migration.
"""

from __future__ import annotations

from enum import StrEnum


class AccountsEvent(StrEnum):
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_DELETED = "account.deleted"
    ACCOUNT_EMAIL_CHANGED = "account.email_changed"
    ACCOUNT_EMAIL_VERIFIED = "account.email_verified"
    ACCOUNT_PASSWORD_CHANGED = "account.password_changed"  # noqa: S105 (an event name)
    ACCOUNT_ROLE_SET = "account.role_set"
    ACCOUNT_SIGNED_UP = "account.signed_up"
    ACCOUNT_UPDATED = "account.updated"
    MEMBERSHIP_ADDED = "membership.added"
    MEMBERSHIP_REMOVED = "membership.removed"
    MEMBERSHIP_UPDATED = "membership.updated"
    OFFICER_PROFILE_CREATED = "officer_profile.created"
    OFFICER_PROFILE_UPDATED = "officer_profile.updated"
    ORGANIZATION_CREATED = "organization.created"
    ORGANIZATION_UPDATED = "organization.updated"
    TWO_FACTOR_DEVICE_ADDED = "two_factor.device_added"
    TWO_FACTOR_ENROLLED = "two_factor.enrolled"
    TWO_FACTOR_ENROLMENT_STARTED = "two_factor.enrolment_started"
    TWO_FACTOR_RESET = "two_factor.reset"
