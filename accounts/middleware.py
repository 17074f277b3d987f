from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.permissions import passed_two_factor

# Paths a staff member may reach before proving the second factor.
_OPEN_PREFIXES = ("/static/", "/media/", "/i18n/")


class StaffTwoFactorMiddleware:
    """Keep a staff account that has a password but no verified second factor on the
    two-factor pages: it may not use any other page until it proves a code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "requires_two_factor", False)
            and not passed_two_factor(user)
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            allowed = {
                reverse("accounts:two_factor"),
                reverse("accounts:two_factor_setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)
