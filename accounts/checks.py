"""Deployment check: a production database holds no demo accounts.

Demo staff accounts share a password that is published in the README and TOTP seeds that
anyone can recompute from their addresses, so a site that serves them is open to anyone.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def check_no_demo_accounts(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from accounts.demo import DEMO_DOMAIN
    from accounts.models import User

    try:
        count = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").count()
    except DatabaseError:
        # No database yet (or not migrated): nothing to serve, nothing to warn about.
        return []
    if count:
        return [
            Error(
                f"The database holds {count} demo account(s) (@{DEMO_DOMAIN}) whose "
                "password and two-factor seeds are public.",
                hint="Deploy on a fresh database; `load_demo` is for development only.",
                id="accounts.E001",
            )
        ]
    return []
