"""The events app's permission-matrix fragment (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from accounts.actions import do_update_officer_profile
from accounts.models import Role
from conftest import create_user
from events.actions import do_rsvp
from events.tests.core import area, make_event
from events.tokens import rsvp_token
from tests.matrix_roles import COORDINATORS, DEPARTMENT, EVERYONE, OFFICERS_ONLY, POST_ONLY

# Events the builder makes have no creator and no officer, so only coordinators and
# admins manage them; officers and partner staff get 403 on their host pages.
MATRIX: dict[str, tuple[str | None, dict[str, int]]] = {
    "events:index": (None, EVERYONE),
    "events:week": (None, EVERYONE),
    "events:month": (None, EVERYONE),
    "events:mine": (None, DEPARTMENT),
    "events:new": (None, DEPARTMENT),
    "events:detail": ("events_event", EVERYONE),
    "events:rsvp_create": ("events_event", POST_ONLY),
    "events:edit": ("events_event", COORDINATORS),
    "events:cancel": ("events_event", POST_ONLY),
    "events:check_in": ("events_event", COORDINATORS),
    "events:walk_ins": ("events_event", POST_ONLY),
    "events:meeting": ("events_meeting", COORDINATORS),
    "events:event_ics": ("events_event", EVERYONE),
    "events:rsvp": ("events_rsvp", EVERYONE),
    "events:rsvp_confirm": ("events_rsvp", POST_ONLY),
    "events:rsvp_cancel": ("events_rsvp", POST_ONLY),
    "events:rsvp_qr": ("events_rsvp", EVERYONE),
    "events:feedback": ("events_rsvp", EVERYONE),
    "events:officer": ("events_officer", EVERYONE),
    "events:calendar": (None, EVERYONE),
    "events:calendar_area": ("events_area", EVERYONE),
    "events:calendar_type": ("events_type", EVERYONE),
    "events:feed_rss": (None, EVERYONE),
    "events:feed_atom": (None, EVERYONE),
    "events:interaction_new": (None, OFFICERS_ONLY),
    "events:interaction_totals": (None, COORDINATORS),
    "events:interactions_public": (None, EVERYONE),
}


def url_kwargs() -> dict[str, dict[str, Any]]:
    officer = create_user(Role.OFFICER, email="events.matrix.officer@example.org")
    profile = do_update_officer_profile(officer, rank="Sergeant", assignment="", languages="",
                                        bio="", is_public=True, actor=None)
    event = make_event(officers=[profile])
    meeting = make_event(type="community-meeting", title="Beat meeting")
    attendee = create_user(Role.RESIDENT, email="events.matrix.resident@example.org")
    rsvp = do_rsvp(event, user=attendee, actor=attendee)
    return {
        "events_event": {"pk": event.pk},
        "events_meeting": {"pk": meeting.pk},
        "events_rsvp": {"token": rsvp_token(rsvp)},
        "events_officer": {"pk": profile.pk},
        "events_area": {"pk": area().pk},
        "events_type": {"code": "cookout"},
    }
