"""Who performs an action: `Actor = User | Anonymous | ApiClient | System`.

Every `do_*` action takes `actor=`; the audit log records the actor's kind, id and role
(never a name or an email, so deleting an account leaves no personal data in the log).

- `User`: a signed-in person (their role decides what they may do);
- `Anonymous`: a visitor without an account (public forms: a new report, "me too");
- `ApiClient`: a holder of an API key (the Open311 POST), identified by the key's id;
- `System`: the platform itself (imports, the demo, scheduled commands); it is trusted.

For compatibility with code written before this type, actions also accept `None` (the
system) and Django's `AnonymousUser` (an anonymous visitor); `as_actor` normalises both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

ActorKind = Literal["user", "anonymous", "api_client", "system"]


@dataclass(frozen=True)
class Anonymous:
    """A visitor without an account."""

    kind: ActorKind = "anonymous"


@dataclass(frozen=True)
class ApiClient:
    """The holder of an API key, acting through a public API."""

    key_id: int
    kind: ActorKind = "api_client"


@dataclass(frozen=True)
class System:
    """The platform itself; `job` names the command or import, for the log."""

    job: str = ""
    kind: ActorKind = "system"


Actor: TypeAlias = "User | Anonymous | ApiClient | System"
# What actions accept: an Actor, or the older spellings None (system) and AnonymousUser.
ActorLike: TypeAlias = "User | Anonymous | ApiClient | System | AnonymousUser | None"

ANONYMOUS = Anonymous()
SYSTEM = System()


def as_actor(value: ActorLike) -> Actor:
    if value is None:
        return SYSTEM
    if isinstance(value, Anonymous | ApiClient | System):
        return value
    if isinstance(value, AnonymousUser) or not value.is_authenticated:
        return ANONYMOUS
    return value


def actor_of(request: HttpRequest) -> Actor:
    """The actor behind a request: the signed-in user, or an anonymous visitor."""
    return as_actor(request.user)


def is_system(value: ActorLike) -> bool:
    """The system is trusted: permission checks in actions let it through."""
    return isinstance(as_actor(value), System)


def user_of(value: ActorLike) -> User | None:
    """The account behind the actor, for rows that point at a user (timelines, owners)."""
    actor = as_actor(value)
    return None if isinstance(actor, Anonymous | ApiClient | System) else actor


def is_same_user(value: ActorLike, user_id: int | None) -> bool:
    """The actor is this account (people may change their own things)."""
    user = user_of(value)
    return user is not None and user_id is not None and user.pk == user_id


def actor_kind(value: ActorLike) -> ActorKind:
    actor = as_actor(value)
    if isinstance(actor, Anonymous | ApiClient | System):
        return actor.kind
    return "user"
