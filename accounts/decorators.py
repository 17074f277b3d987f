from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.permissions import passed_two_factor

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Deprecated: name the decision as a predicate and use `permission_required`. Kept as a
    thin wrapper while branches that predate the predicates still import it; the test
    tests/test_permission_home.py keeps new code from calling it."""
    from accounts.permissions import has_role

    return permission_required(lambda user: has_role(user, *roles))


def permission_required(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """Let in only signed-in users for whom the predicate `allowed(user)` holds (staff
    must also have passed two-factor login). Anonymous visitors are sent to log in;
    others get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(user):
                raise PermissionDenied
            if user.requires_two_factor and not passed_two_factor(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
