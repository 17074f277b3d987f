"""Who may do what with events and the interaction log. Views, templates and the
navigation ask these predicates; nothing else decides.

- anyone (even signed out) browses events, RSVPs, subscribes to calendars;
- coordinators and admins create and manage every event;
- officers create events and manage the ones they created or attend;
- partner staff create events hosted by an organization they belong to, and manage the
  events their organizations host or co-host;
- whoever manages an event sees its attendees, checks them in and keeps its minutes;
- officers log positive interactions; coordinators, admins and officers who manage a
  police unit (supervisors) see the totals by officer unit, kind and week.
"""

from __future__ import annotations

from typing import Any

from accounts.models import Membership, Organization, Role
from accounts.permissions import (
    COORDINATION_ROLES,
    has_role,
    is_active_user,
    organization_ids,
    predicate,
)


@predicate
def can_create_event(user: Any, obj: Any = None) -> bool:
    if has_role(user, Role.ADMIN, Role.COORDINATOR, Role.OFFICER):
        return True
    return has_role(user, Role.PARTNER) and bool(organization_ids(user))


@predicate
def can_manage_every_event(user: Any, obj: Any = None) -> bool:
    """Coordinators and admins manage every event (the "my events" list shows them all)."""
    return has_role(user, *COORDINATION_ROLES)


@predicate
def can_host_for_any_organization(user: Any, obj: Any = None) -> bool:
    """The department may name any organization as host; partner staff only their own."""
    return has_role(user, *COORDINATION_ROLES, Role.OFFICER)


@predicate
def can_manage_event(user: Any, event: Any = None) -> bool:
    """Edit, cancel, see attendees, check in, keep minutes. Without an event: manages
    some events at all (the "my events" page)."""
    if not is_active_user(user):
        return False
    if has_role(user, *COORDINATION_ROLES):
        return True
    if event is None:
        return can_create_event(user)
    if event.created_by_id == user.pk:
        return True
    if has_role(user, Role.OFFICER):
        return bool(event.officers.filter(user_id=user.pk).exists())
    if has_role(user, Role.PARTNER):
        mine = organization_ids(user)
        if event.host_organization_id in mine:
            return True
        return bool(event.cohosts.filter(pk__in=mine).exists())
    return False


@predicate
def can_log_interaction(user: Any, obj: Any = None) -> bool:
    return has_role(user, Role.OFFICER)


def is_supervisor(user: Any) -> bool:
    """An officer who manages a police unit."""
    return has_role(user, Role.OFFICER) and Membership.objects.filter(
        user=user, is_manager=True, organization__kind=Organization.Kind.POLICE_UNIT
    ).exists()


@predicate
def can_view_interaction_totals(user: Any, obj: Any = None) -> bool:
    return has_role(user, *COORDINATION_ROLES) or is_supervisor(user)
