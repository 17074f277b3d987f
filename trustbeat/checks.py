from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def secret_key_is_default() -> bool:
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


def refuse_development_key() -> None:
    """Called by the WSGI and ASGI entry points: a served site never runs on the public key.

    Management commands (migrations, imports) may still run with it, so a developer
    without DEBUG set is not locked out of the tools; `check --deploy` reports it."""
    if not settings.DEBUG and secret_key_is_default():
        raise ImproperlyConfigured(
            "Refusing to start: SECRET_KEY is the public development key and DEBUG is off."
        )


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Refuse a non-debug deployment with the key that is published in the repository."""
    if not settings.DEBUG and secret_key_is_default():
        return [
            Error(
                "SECRET_KEY is the public development key while DEBUG is off.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value; "
                "see docs/deploy.md.",
                id="trustbeat.E001",
            )
        ]
    return []
