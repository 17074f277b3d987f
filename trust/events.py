"""The names of the trust app's audit events, as in
`audit.lib.record_change(actor, TrustEvent.X, …)` (one enum per app; values are stored
as they are, so renaming one is a data migration)."""

from __future__ import annotations

from enum import StrEnum


class TrustEvent(StrEnum):
    CARD_ANSWERED = "trust.card.answered"
    CARD_ISSUED = "trust.card.issued"
    COMMENDATION_FILED = "trust.commendation.filed"
    COMPLAINT_FILED = "trust.complaint.filed"
    COMPLAINT_UPDATED = "trust.complaint.updated"
    EXTERNAL_SCORES_IMPORTED = "trust.external_scores.imported"
    INVITATIONS_CREATED = "trust.invitations.created"
    MARGINS_IMPORTED = "trust.margins.imported"
    QUESTION_ADDED = "trust.question.added"
    QUESTION_REMOVED = "trust.question.removed"
    RESPONSE_SUBMITTED = "trust.response.submitted"
    RESPONSES_IMPORTED = "trust.responses.imported"
    SURVEY_CLOSED = "trust.survey.closed"
    SURVEY_CREATED = "trust.survey.created"
    SURVEY_OPENED = "trust.survey.opened"
    VERSION_EDITED = "trust.version.edited"
