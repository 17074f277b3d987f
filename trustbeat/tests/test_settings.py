"""Production configuration: the deploy checklist is clean and unsafe setups refuse to run."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from trustbeat.settings_test import TEST_ENV_DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x9!kq2-" + "a7Lm" * 14,
    "ALLOWED_HOSTS": "trustbeat.example.gov",
    "DJANGO_SETTINGS_MODULE": "trustbeat.settings",
}


def production_like_environ() -> dict[str, str]:
    """This process's environment without the variables the test settings added."""
    dropped = {
        "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE",
        *TEST_ENV_DEFAULTS,
    }
    return {k: v for k, v in os.environ.items() if k not in dropped}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = production_like_environ()
    # A database of its own: the developer's db.sqlite3 may hold the demo, whose accounts
    # the deploy check rightly refuses (accounts/checks.py), and that is not what these
    # tests are about.
    with tempfile.TemporaryDirectory() as folder:
        database = {"DATABASE_URL": f"sqlite:///{Path(folder) / 'deploy-check.sqlite3'}"}
        return _run(args, {**clean, **database, **env})


def _run(args: tuple[str, ...], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warnings_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_refuses_the_development_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "trustbeat.E001" in result.stdout + result.stderr


def test_tools_still_run_without_debug_so_developers_are_not_locked_out():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("entry_point", ["trustbeat.wsgi", "trustbeat.asgi"])
def test_the_served_entry_points_refuse_the_development_secret_key(entry_point):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import {entry_point}"],
        cwd=ROOT,
        env={**production_like_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr


def test_the_served_entry_points_start_with_a_real_key():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import trustbeat.wsgi, trustbeat.asgi"],
        cwd=ROOT,
        env={**production_like_environ(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_setting_stops_start_up():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "ture"})
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_a_redis_url_selects_the_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


@pytest.mark.skipif(
    not os.environ.get("TRUSTBEAT_TEST_REDIS_URL"), reason="TRUSTBEAT_TEST_REDIS_URL not set"
)
def test_the_redis_cache_stores_and_expires_values():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(os.environ["TRUSTBEAT_TEST_REDIS_URL"], {"KEY_PREFIX": "trustbeat-test"})
    cache.set("answer", 42, 5)
    assert cache.get("answer") == 42
    assert cache.incr("answer") == 43
    cache.delete("answer")
    assert cache.get("answer") is None
