"""The names of the events app's audit events, as in
`audit.lib.record_change(actor, EventsEvent.X, …)` (one enum per app; see reports/events.py).
Values are stored as they are: renaming one is a data migration."""

from __future__ import annotations

from enum import StrEnum


class EventsEvent(StrEnum):
    AGENDA_ITEM_SAVE = "agenda_item.save"
    EVENT_CANCEL = "event.cancel"
    EVENT_CREATE = "event.create"
    EVENT_FEEDBACK = "event.feedback"
    EVENT_MINUTES = "event.minutes"
    EVENT_UPDATE = "event.update"
    EVENT_WALK_INS = "event.walk_ins"
    INTERACTION_LOG = "interaction.log"
    RSVP_CANCEL = "rsvp.cancel"
    RSVP_CHECK_IN = "rsvp.check_in"
    RSVP_CONFIRM = "rsvp.confirm"
    RSVP_CREATE = "rsvp.create"
    RSVP_PROMOTE = "rsvp.promote"
    RSVP_PURGE_CONTACTS = "rsvp.purge_contacts"
