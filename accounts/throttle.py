"""Login throttling in the Django cache (Redis in production, so it holds across workers).

After `MAX_FAILURES` wrong passwords for one email from one IP address within
`WINDOW_SECONDS`, that pair is locked for `LOCK_SECONDS`. Keying on the pair means an
attacker cannot lock a real user out from elsewhere, while guessing from one place is slow.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy, gunicorn is told the real address (--forwarded-allow-ips); we never
    # trust X-Forwarded-For ourselves, as any client can send it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(email: str, ip: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-failures:{digest}", f"login-locked:{digest}"


def seconds_locked(email: str, ip: str) -> int:
    """Seconds until this email+IP may try again; 0 when it may try now."""
    _, lock_key = _keys(email, ip)
    until = cache.get(lock_key)
    if until is None:
        return 0
    return max(0, int(until - time.time()) + 1)


def record_failure(email: str, ip: str) -> None:
    count_key, lock_key = _keys(email, ip)
    cache.add(count_key, 0, timeout=WINDOW_SECONDS)
    try:
        failures = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(lock_key, time.time() + LOCK_SECONDS, timeout=LOCK_SECONDS)
        cache.delete(count_key)


def clear_failures(email: str, ip: str) -> None:
    cache.delete_many(list(_keys(email, ip)))


def allow_once_per(key: str, seconds: int) -> bool:
    """True the first time within `seconds` (used to stop resend-email floods)."""
    return bool(cache.add(f"once:{hashlib.sha256(key.encode()).hexdigest()}", 1, timeout=seconds))
