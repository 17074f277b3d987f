"""Each log line is printed once, in development (DEBUG) and in production settings."""

from __future__ import annotations

import pytest

from trustbeat.tests.test_settings import PRODUCTION_ENV, run_manage

EMIT = (
    "import logging; "
    "logging.getLogger('django.request').warning('Not Found: /a-missing-page'); "
    "logging.getLogger('reports.importers').warning('an app line'); "
    "logging.getLogger('django.server').info('\"GET /x HTTP/1.1\" 200 5')"
)


@pytest.mark.parametrize(
    "env",
    [{"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "trustbeat.settings"}, PRODUCTION_ENV],
    ids=["debug", "production"],
)
def test_each_log_line_is_printed_once(env):
    result = run_manage("shell", "-c", EMIT, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Not Found: /a-missing-page") == 1, result.stderr
    assert result.stderr.count("an app line") == 1, result.stderr
    # runserver's request lines keep their timestamp: "[02/Dec/2026 13:00:00] "GET …".
    [request_line] = [line for line in result.stderr.splitlines() if "GET /x" in line]
    assert request_line.startswith("[") and '] "GET /x HTTP/1.1" 200 5' in request_line
