from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def secret_key_is_default() -> bool:
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


@register()
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Refuse to run a non-debug site with the key that is published in the repository."""
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
