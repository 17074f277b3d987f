from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from accounts.permissions import passed_two_factor


class TrustBeatAdminSite(OTPAdminSite):
    """Only active admins (is_staff) who proved a TOTP code in this session get in.

    Logging in happens on the site's own pages, which apply the login throttle and the
    two-factor steps, rather than on a second login form.
    """

    def __init__(self, name: str = "admin") -> None:
        # OTPAdminSite calls itself "otpadmin"; keep Django's name so "admin:…" URLs work.
        super().__init__(name)

    site_header = _("TrustBeat administration")
    site_title = _("TrustBeat admin")

    def login(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        target = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated:
            if not passed_two_factor(request.user):
                return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': target})}")
            # Signed in and verified but not an admin: nothing to log in to here.
            return redirect("pages:home")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
