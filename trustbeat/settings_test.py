"""Settings for the test suite: the production module with test-friendly environment.

Only environment defaults change here, so tests exercise the same settings code that
production runs. Values already in the environment (CI's DATABASE_URL) win.
"""

import os

TEST_ENV_DEFAULTS = {
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "LANGUAGE_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    # Tests never reach the internet; maps must work without tiles anyway.
    "MAP_TILES_URL": "",
}
for _name, _value in TEST_ENV_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from trustbeat.settings import *  # noqa: E402,F403

# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
