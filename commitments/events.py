"""The names of the commitments app's audit events, as in
`audit.lib.record_change(actor, CommitmentsEvent.X, ...)` (one enum per app; see
reports/events.py). Values are stored as they are: renaming one is a data migration."""

from __future__ import annotations

from enum import StrEnum


class CommitmentsEvent(StrEnum):
    COMMENT = "commitments.comment"
    COMMENT_MODERATED = "commitments.comment_moderated"
    COMMENT_REPORTED = "commitments.comment_reported"
    CREATED = "commitments.created"
    EDITED = "commitments.edited"
    FOLLOW = "commitments.follow"
    FOLLOW_CONFIRM = "commitments.follow_confirm"
    MILESTONE = "commitments.milestone"
    PROGRESS = "commitments.progress"
    STATUS = "commitments.status"
    STATUS_SAVED = "commitments.status_saved"
    UNFOLLOW = "commitments.unfollow"
