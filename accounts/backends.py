"""The admin role holds every model permission in the Django admin.

Admins are created with the role (accounts.actions.do_create_user), not as Django
superusers, so without this backend they reached the admin site with no permission to do
anything there (issue 7: they could not issue Open311 API keys, though the docs say they
do). Permissions follow the role, so demoting an admin removes them at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from accounts.permissions import role_reaches_admin_site


class AdminRoleBackend(BaseBackend):
    """Grants permissions only; authentication stays with ModelBackend."""

    def _is_admin(self, user: Any) -> bool:
        return bool(
            getattr(user, "is_active", False) and role_reaches_admin_site(getattr(user, "role", ""))
        )

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return self._is_admin(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self._is_admin(user_obj)
