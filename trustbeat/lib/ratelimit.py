"""One rate limiter for every module: counters in the Django cache (Redis in production).

Use it in one of two ways.

As a decorator on a view, for "at most N requests per period from this client"::

    from trustbeat.lib import ratelimit

    @ratelimit.limit("rsvp", key=ratelimit.by_ip)
    def rsvp(request, pk): ...

By default only POST requests count; a request over the limit gets a 429 page with a
`Retry-After` header and the view is not called. Pass `respond=` to answer in an API's own
error format.

As functions, when the view decides what counts (a *failed* login, one "me too" per
person)::

    ratelimit.check("login-address", ip)   # raises RateLimited when exhausted; no count
    ratelimit.hit("login-address", ip)     # counts one event; raises RateLimited if over
    ratelimit.reset("login-address", ip)   # forget the count (after a good login)
    ratelimit.once("support", f"{person}:{report.pk}")  # True the first time per period

A *scope* names a limit ("login-account", "public-post"...). Each scope's rate comes from
`settings.RATE_LIMITS` (`"count/seconds"`), which settings.py reads from
`RATE_LIMIT_<SCOPE>` environment variables, so an operator can loosen or tighten one
limit without a release. Tests use `override_settings(RATE_LIMITS=...)`.

Counting is a fixed window: the key includes the window number, so every counter expires
by itself and there is nothing to clean up. A client may get up to twice the rate across a
window boundary, which is fine for abuse control and costs one atomic `INCR` per event.

When the cache cannot be reached (Redis down), scopes listed in
`settings.RATE_LIMITS_FAIL_CLOSED` (logins, password resets) refuse with 503 and
`Retry-After`, because unthrottled password guessing is worse than a short outage of
logging in; every other scope lets the request through and logs it, because a public
report must not be lost to a cache outage (docs/decisions/0007-rate-limits.md).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trustbeat import registry
from trustbeat.lib.env import env_rate

logger = logging.getLogger(__name__)


# How long a fail-closed scope asks clients to wait while the cache is unreachable.
UNAVAILABLE_RETRY_SECONDS = 30


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


class RateLimited(Exception):  # noqa: N818 - reads as "raise RateLimited"
    """The scope's limit is reached (or, for a fail-closed scope, cannot be checked)."""

    def __init__(self, scope: str, retry_after: int, *, unavailable: bool = False) -> None:
        super().__init__(f"rate limit {scope!r}: retry after {retry_after}s")
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        self.unavailable = unavailable

    @property
    def status(self) -> int:
        return 503 if self.unavailable else 429


def parse_rate(text: str) -> Rate:
    """'5/900' -> Rate(5, 900). Raises ImproperlyConfigured on anything else."""
    try:
        count_text, seconds_text = text.split("/")
        rate = Rate(int(count_text), int(seconds_text))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Rate {text!r} is not COUNT/SECONDS, for example 5/900."
        ) from exc
    if rate.count < 1 or rate.seconds < 1:
        raise ImproperlyConfigured(f"Rate {text!r} needs a count and seconds of at least 1.")
    return rate


def rate_for(scope: str) -> Rate:
    """The scope's rate: settings.RATE_LIMITS, else the default a module registered
    (`registry.register_rate_limit`), which RATE_LIMIT_<SCOPE> in the environment
    overrides just as it does for the foundation's scopes."""
    rates: dict[str, str] = settings.RATE_LIMITS
    if scope in rates:
        return parse_rate(rates[scope])
    default = registry.rate_limit_defaults().get(scope)
    if default is None:
        raise ImproperlyConfigured(f"No rate configured for scope {scope!r} (RATE_LIMITS).")
    return parse_rate(env_rate("RATE_LIMIT_" + scope.upper().replace("-", "_"), default))


def _fails_closed(scope: str) -> bool:
    return scope in settings.RATE_LIMITS_FAIL_CLOSED


def _cache() -> Any:
    return caches[settings.RATE_LIMIT_CACHE]


def _window(rate: Rate, now: float) -> tuple[int, int]:
    """The current window's number and the seconds left in it."""
    number = int(now // rate.seconds)
    left = int((number + 1) * rate.seconds - now) + 1
    return number, left


def _key(scope: str, key: str, number: int) -> str:
    # Hash the key: it may hold an email address, which has no business in Redis in clear.
    digest = hashlib.sha256(f"{scope}|{key}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}:{number}"


def _unavailable(scope: str, error: Exception) -> None:
    logger.warning("Rate limit cache unavailable for %s: %s", scope, error)
    if _fails_closed(scope):
        raise RateLimited(scope, UNAVAILABLE_RETRY_SECONDS, unavailable=True) from error


def check(scope: str, key: str) -> None:
    """Raise RateLimited if `key` has used up `scope` in this window; count nothing."""
    rate = rate_for(scope)
    number, left = _window(rate, time.time())
    try:
        used = _cache().get(_key(scope, key, number), 0)
    except Exception as error:  # noqa: BLE001 - any cache failure means "cannot tell"
        _unavailable(scope, error)
        return
    if used >= rate.count:
        raise RateLimited(scope, left)


def hit(scope: str, key: str) -> int:
    """Count one event for `key`; raise RateLimited when this one is over the limit.

    Returns how many events the window now holds.
    """
    rate = rate_for(scope)
    number, left = _window(rate, time.time())
    cache_key = _key(scope, key, number)
    cache = _cache()
    try:
        # add() then incr() is atomic on Redis and on the local-memory cache.
        cache.add(cache_key, 0, timeout=rate.seconds + 1)
        try:
            used = int(cache.incr(cache_key))
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=rate.seconds + 1)
            used = 1
    except Exception as error:  # noqa: BLE001
        _unavailable(scope, error)
        return 0
    if used > rate.count:
        raise RateLimited(scope, left)
    return used


def hit_all(*pairs: tuple[str, str]) -> None:
    """Count one event in each (scope, key); raise the first RateLimited after counting all."""
    first: RateLimited | None = None
    for scope, key in pairs:
        try:
            hit(scope, key)
        except RateLimited as limited:
            first = first or limited
    if first is not None:
        raise first


def reset(scope: str, key: str) -> None:
    rate = rate_for(scope)
    number, _ = _window(rate, time.time())
    try:
        _cache().delete(_key(scope, key, number))
    except Exception as error:  # noqa: BLE001 - forgetting a count may fail harmlessly
        logger.warning("Rate limit cache unavailable for %s reset: %s", scope, error)


def once(scope: str, key: str) -> bool:
    """True the first time `key` is seen in `scope`'s period (its count is ignored)."""
    rate = rate_for(scope)
    try:
        return bool(_cache().add(_key(scope, key, 0), 1, timeout=rate.seconds))
    except Exception as error:  # noqa: BLE001
        _unavailable(scope, error)
        return True


# ---------------------------------------------------------------------------- keys


def client_ip(request: HttpRequest) -> str:
    """The client's address as the WSGI server saw it.

    Behind a proxy, gunicorn is told the real address (--forwarded-allow-ips); we never
    read X-Forwarded-For ourselves, as any client can send it.
    """
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def by_ip(request: HttpRequest) -> str:
    return client_ip(request)


def by_person(request: HttpRequest) -> str:
    """The signed-in user, else the browser session (created here if it has none)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is None:
        return f"ip:{client_ip(request)}"
    if session.session_key is None:
        session.save()
    return f"session:{session.session_key}"


# ---------------------------------------------------------------------------- responses


def too_many_requests(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    """The HTML answer: a short page saying how long to wait, with Retry-After."""
    response = render(
        request,
        "ratelimited.html",
        {"retry_after": limited.retry_after, "unavailable": limited.unavailable},
        status=limited.status,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def limit(
    scope: str,
    *,
    key: Callable[[HttpRequest], str] = by_ip,
    methods: tuple[str, ...] = ("POST",),
    respond: Callable[[HttpRequest, RateLimited], HttpResponse] = too_many_requests,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view: each request with one of `methods` counts one event in `scope`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                try:
                    hit(scope, key(request))
                except RateLimited as limited:
                    return respond(request, limited)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def with_retry_after(response: HttpResponse, limited: RateLimited) -> HttpResponse:
    """Set the status and Retry-After of a response a view built itself."""
    response.status_code = limited.status
    response["Retry-After"] = str(limited.retry_after)
    return response
