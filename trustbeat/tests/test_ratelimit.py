"""The shared rate limiter: counting, windows, configuration and cache outages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from trustbeat.lib import ratelimit
from trustbeat.lib.env import env_rate
from trustbeat.settings import RATE_LIMIT_DEFAULTS

RATES = {**RATE_LIMIT_DEFAULTS, "test": "2/60"}
START = dt.datetime(2026, 3, 1, 12, 0, 5, tzinfo=dt.UTC)


class BrokenCache:
    def __getattr__(self, name: str) -> object:
        raise ConnectionError("redis is down")


@override_settings(RATE_LIMITS=RATES)
def test_it_refuses_the_event_over_the_limit_until_the_window_ends() -> None:
    with time_machine.travel(START, tick=False) as clock:
        assert ratelimit.hit("test", "k") == 1
        assert ratelimit.hit("test", "k") == 2
        with pytest.raises(ratelimit.RateLimited) as refused:
            ratelimit.hit("test", "k")
        assert refused.value.status == 429
        assert refused.value.retry_after == 56
        ratelimit.hit("test", "other key")  # keys are counted apart
        clock.shift(60)
        assert ratelimit.hit("test", "k") == 1


@override_settings(RATE_LIMITS=RATES)
def test_check_counts_nothing_and_reset_forgets() -> None:
    ratelimit.hit("test", "k")
    ratelimit.hit("test", "k")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check("test", "k")
    ratelimit.reset("test", "k")
    ratelimit.check("test", "k")


@override_settings(RATE_LIMITS=RATES)
def test_the_decorator_answers_429_with_retry_after_and_skips_the_view() -> None:
    calls: list[int] = []

    @ratelimit.limit("test")
    def view(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/")).status_code == 200  # GETs are not counted
    statuses = [view(factory.post("/")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert len(calls) == 3


@override_settings(RATE_LIMITS=RATES)
def test_public_scopes_fail_open_and_login_scopes_fail_closed(monkeypatch) -> None:
    monkeypatch.setattr(ratelimit, "_cache", lambda: BrokenCache())
    assert ratelimit.hit("test", "k") == 0
    assert ratelimit.once("test", "k") is True
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit("login-address", "10.0.0.1")
    assert refused.value.status == 503 and refused.value.unavailable


def test_a_malformed_rate_stops_start_up(monkeypatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_LOGIN_PAIR", "five per minute")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_LOGIN_PAIR"):
        env_rate("RATE_LIMIT_LOGIN_PAIR", "5/900")
    monkeypatch.setenv("RATE_LIMIT_LOGIN_PAIR", "50/900")
    assert env_rate("RATE_LIMIT_LOGIN_PAIR", "5/900") == "50/900"


def test_an_unknown_scope_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        ratelimit.hit("no-such-scope", "k")
