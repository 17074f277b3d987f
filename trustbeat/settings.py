"""TrustBeat settings: one module, every knob from the environment (see docs/deploy.md).

Development and production differ only in environment variables, never in code paths.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from trustbeat.lib.env import env_bool, env_int, env_list, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# A key that is public in the repository; a system check (trustbeat/checks.py) and the
# WSGI entry point refuse to run with it when DEBUG is off.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SITE_NAME", "TrustBeat")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Django admin behind two-factor login (accounts/admin_site.py).
    "accounts.admin_config.OTPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "trustbeat",
    "audit",
    "accounts",
    "places",
    "pages",
    "reports",
    "commitments",
    "events",
    "trust",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CSP, Permissions-Policy, no caching of personal data (trustbeat/middleware.py).
    "trustbeat.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "trustbeat.urls"
WSGI_APPLICATION = "trustbeat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trustbeat.context_processors.site",
                "trustbeat.context_processors.modules",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a management command (an import) writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "trustbeat",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits (trustbeat/lib/ratelimit.py): COUNT/SECONDS per scope, each overridable by
# RATE_LIMIT_<SCOPE> (dashes become underscores), e.g. RATE_LIMIT_LOGIN_ADDRESS=50/900.
RATE_LIMIT_DEFAULTS = {
    # Failed logins: one account from one address, one account from anywhere (slow
    # distributed guessing), and one address across accounts (password spraying).
    "login-pair": "5/900",
    "login-account": "20/900",
    "login-address": "20/900",
    # Password reset mails: per address asked for, and per client address.
    "password-reset-email": "3/3600",
    "password-reset-ip": "10/3600",
    "signup": "10/3600",
    "resend-verification": "1/60",
    # "Me too": once per person per report (the window is the memory), and a cap per
    # client address so clearing cookies does not multiply a voice.
    "support-once": "1/2592000",
    "support-ip": "30/3600",
    # Every other public POST (reports, alerts, coming RSVPs and survey answers) per address.
    "public-post": "30/3600",
    # Open311 POST per API key (or per address without one): client apps relay many people.
    "open311-post": "300/3600",
}
RATE_LIMITS = {
    scope: env_rate("RATE_LIMIT_" + scope.upper().replace("-", "_"), default)
    for scope, default in RATE_LIMIT_DEFAULTS.items()
}
# Scopes that refuse (503) when the cache is down; the rest let requests through
# (docs/decisions/0007-rate-limits.md).
RATE_LIMITS_FAIL_CLOSED = frozenset(
    {"login-pair", "login-account", "login-address", "password-reset-email", "password-reset-ip"}
)
RATE_LIMIT_CACHE = "default"

# Background work: run inline in development and tests; a database queue with
# `manage.py db_worker` processes in production (TASKS_BACKEND=database).
if env_str("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A task RUNNING longer than this was left by a dead worker and is queued again
# (run_worker checks every minute; tasks are idempotent, see trustbeat/lib/tasks.py).
TASKS_STALE_AFTER = env_int("TASKS_STALE_AFTER", 15 * 60)

# Retention periods (days) applied by `manage.py purge_personal_data`.
REPORTS_CONTACT_RETENTION_DAYS = env_int("REPORTS_CONTACT_RETENTION_DAYS", 365)
REPORTS_ALERT_RETENTION_DAYS = env_int("REPORTS_ALERT_RETENTION_DAYS", 90)
UNCONFIRMED_ALERT_RETENTION_DAYS = env_int("UNCONFIRMED_ALERT_RETENTION_DAYS", 30)
SENT_EMAIL_RETENTION_DAYS = env_int("SENT_EMAIL_RETENTION_DAYS", 30)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # The admin role has every model permission in the Django admin (accounts/backends.py).
    "accounts.backends.AdminRoleBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
OTP_TOTP_ISSUER = SITE_NAME
# django-otp doubles the wait after each wrong code; these bound it.
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The same storage whatever DEBUG says, so `collectstatic` always writes the
        # manifest production needs (issue 7: with DEBUG=1 it wrote none, and a later
        # production start served 500 on every page). With DEBUG on, Django's manifest
        # storage hands out plain names, so runserver needs no collectstatic.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (tests, load runs).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TrustBeat <noreply@trustbeat.invalid>")

# Map tiles are a setting so a city can point at its own tile server; pages still work
# (outlines, markers) when no tile can be loaded.
MAP_TILES_URL = env_str("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str(
    "MAP_TILES_ATTRIBUTION", "&copy; OpenStreetMap contributors"
)
MAP_CENTER = (
    float(env_str("MAP_CENTER_LAT", "34.05")),
    float(env_str("MAP_CENTER_LON", "-118.35")),
)
MAP_ZOOM = env_int("MAP_ZOOM", 10)
H3_RESOLUTION = env_int("H3_RESOLUTION", 8)
# Public data the demo loads (boundaries, 311 sample), kept in the repository's data/ with
# their origins and licences; point DEMO_DATA_DIR at another folder of the same layout
# (places/, 311/; plain or .gz files) to load other files.
DEMO_DATA_DIR = Path(env_str("DEMO_DATA_DIR", str(BASE_DIR / "data")))
# Trust module: the organization (by slug) that handles complaints about officers, such as
# internal affairs or a civilian oversight board; and the effective sample size below
# which a score is suppressed.
TRUST_COMPLAINT_BODY = env_str("TRUST_COMPLAINT_BODY", "civilian-oversight-board")
TRUST_MIN_EFFECTIVE_N = env_int("TRUST_MIN_EFFECTIVE_N", 30)

# Production hardening: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Every cookie is Secure (off DEBUG) and SameSite, the language cookie from
# /i18n/setlang/ included; no script reads it, so it is HttpOnly too.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Image origins besides this site and the tile server, for the Content-Security-Policy.
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC")
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own default gives the "django" logger a console handler (in DEBUG) and
        # lets it propagate to the root, so every "Not Found: /x" printed twice under
        # runserver. One handler, no propagation: each line once, in DEBUG and in
        # production alike.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Configuring "django" resets its children, so runserver's request lines get
        # Django's own handler and timestamped format back here.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
