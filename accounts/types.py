"""Request types for views.

`AuthenticatedHttpRequest` is for views behind `login_required` or `permission_required`:
the decorator has already sent anonymous visitors away, so `request.user` is a `User`.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
