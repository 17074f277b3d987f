"""Other modules' hooks into the board.

Events: when a meeting's agenda item becomes an action item owned by an organization
(`events.actions.action_item_marked`, sent after commit), it becomes a commitment of that
organization, linked both ways (the commitment's source is the agenda item; the item's
commitments are `commitments_from_source(item)`). A later change of the item's due date
moves the commitment's. An action item owned only by a person's name has no
organization to answer for it and stays on the meeting's minutes.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commitments.actions import (
    commitments_from_source,
    do_create_commitment_from_source,
    do_update_commitment,
)
from commitments.models import Origin

log = logging.getLogger(__name__)


def commitment_from_action_item(item: Any) -> Any:
    """Create or update the commitment for an action item; None when it has no
    organization. Runs as the system: the meeting, not one person, made the promise."""
    owner = getattr(item, "owner_organization", None)
    if owner is None or item.due_date is None:
        return None
    existing = commitments_from_source(item).filter(owner=owner).first()
    if existing is not None:
        if existing.due_date != item.due_date and item.due_date >= existing.start_date:
            return do_update_commitment(existing, due_date=item.due_date, actor=None)
        return existing
    event = item.event
    try:
        url = reverse("events:detail", args=[event.pk])
    except NoReverseMatch:
        url = ""
    area = getattr(event, "area", None)
    today = timezone.localdate()
    return do_create_commitment_from_source(
        item, origin=Origin.MEETING, title_en=item.title[:200], owner=owner,
        start_date=min(today, item.due_date), due_date=item.due_date,
        source_label=f"{event.title}: {item.title}"[:200], source_url=url,
        description_en=item.notes[:5000], areas=[area] if area else [],
        is_citywide=area is None, actor=None,
    )


def on_action_item_marked(sender: Any, item: Any, actor: Any = None, **kwargs: Any) -> None:
    """The signal receiver. The meeting's own save has committed already, so a refusal
    here is logged for the operators, never turned into an error for the person who
    edited the minutes."""
    try:
        commitment_from_action_item(item)
    except (ValidationError, PermissionDenied):
        log.warning("action item %s could not become a commitment", item.pk, exc_info=True)


def connect() -> None:
    from django.apps import apps

    if not apps.is_installed("events"):
        return
    from events.actions import action_item_marked

    action_item_marked.connect(on_action_item_marked,
                               dispatch_uid="commitments.action_item_marked")
