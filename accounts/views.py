"""Account pages. Thin: parse with a form, call an action, render or redirect."""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.decorators import permission_required
from accounts.forms import (
    AccountForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    OfficerProfileForm,
    SignUpForm,
    TokenForm,
)
from accounts.models import OfficerProfile
from accounts.permissions import can_edit_officer_profile, passed_two_factor
from accounts.photos import prepare_photo
from accounts.types import AuthenticatedHttpRequest
from trustbeat.lib import ratelimit


def _next_url(request: HttpRequest) -> str:
    """Where to go after logging in: a safe `next`, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, request: HttpRequest) -> str:
    target = _next_url(request)
    default = resolve_url(settings.LOGIN_REDIRECT_URL)
    if target == default:
        return url
    return f"{url}?{urlencode({'next': target})}"


def _confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Too many attempts. Wait %(seconds)d second and try again.",
        "Too many attempts. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


# --- sign up and email verification -------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@ratelimit.limit("signup")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_sign_up(
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
                preferred_language=request.LANGUAGE_CODE or settings.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        actions.do_verify_email(token)
    except ValidationError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {"errors": error.messages, "form": EmailOnlyForm()},
            status=400,
        )
    messages.success(request, _("Thank you: your email address is confirmed."))
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    return redirect("accounts:login")


@ratelimit.limit("signup")
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = EmailOnlyForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if ratelimit.once("resend-verification", email):
            actions.resend_verification(email)
        # The same answer whether or not the address has an account.
        messages.success(
            request,
            _(
                "If an unconfirmed account uses that address, we have sent it a new link. "
                "Check your inbox and spam folder."
            ),
        )
        return redirect("accounts:login")
    return render(request, "accounts/resend_verification.html", {"form": form})


# --- log in and out -----------------------------------------------------------------------


def _login_limits(email: str, ip: str) -> list[tuple[str, str]]:
    """The failed-login counters one attempt touches (settings.RATE_LIMITS)."""
    return [("login-pair", f"{email}|{ip}"), ("login-account", email), ("login-address", ip)]


def _locked_message(limited: ratelimit.RateLimited) -> str:
    if limited.unavailable:
        return _("Logging in is paused for a moment. Please try again in a minute.")
    minutes = math.ceil(limited.retry_after / 60)
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute, or reset your password.",
        "Too many failed attempts. Try again in %(minutes)d minutes, or reset your password.",
        minutes,
    ) % {"minutes": minutes}


@sensitive_post_parameters("password")
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    unverified_email = ""
    limited: ratelimit.RateLimited | None = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        limits = _login_limits(email, ratelimit.client_ip(request))
        try:
            for scope, key in limits:
                ratelimit.check(scope, key)
        except ratelimit.RateLimited as error:
            limited = error
            form.add_error(None, _locked_message(error))
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                try:
                    ratelimit.hit_all(*limits)
                except ratelimit.RateLimited:
                    pass  # This failure is counted; the next attempt is refused.
                form.add_error(
                    None, _("The email address or password is not right. Please try again.")
                )
            elif not user.is_email_verified:
                # Only someone who knows the password learns the account exists.
                unverified_email = email
                form.add_error(
                    None,
                    _("Please confirm your email address first: open the link we sent you."),
                )
            else:
                # Only this account from this address starts afresh: resetting the
                # per-address count would let a sprayer interleave one good login.
                ratelimit.reset(*limits[0])
                auth_login(request, user)
                if user.requires_two_factor:
                    step = (
                        "accounts:two_factor"
                        if _confirmed_totp_device(user)
                        else "accounts:two_factor_setup"
                    )
                    return redirect(_with_next(reverse(step), request))
                return redirect(_next_url(request))
    response = render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", ""), "unverified_email": unverified_email},
    )
    if limited is not None:
        ratelimit.with_retry_after(response, limited)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with mails limited per address asked for and per client."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = str(request.POST.get("email", "")).strip().lower()[:254]
        try:
            ratelimit.hit_all(
                ("password-reset-email", email),
                ("password-reset-ip", ratelimit.client_ip(request)),
            )
        except ratelimit.RateLimited as limited:
            return ratelimit.too_many_requests(request, limited)
        return super().post(request, *args, **kwargs)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- two-factor ---------------------------------------------------------------------------


def _two_factor_done(request: HttpRequest) -> bool:
    user = request.user
    return not getattr(user, "requires_two_factor", False) or passed_two_factor(user)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    if _two_factor_done(request):
        return redirect(_next_url(request))
    device = _confirmed_totp_device(request.user)
    if device is None:
        return redirect(_with_next(reverse("accounts:two_factor_setup"), request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _wait_message(_seconds_until(info)))
        else:
            verified = verify_token(request.user, device.persistent_id, form.cleaned_data["code"])
            if verified is not None:
                otp_login(request, verified)
                return redirect(_next_url(request))
            form.add_error(
                "code",
                _("That code is not right. Check the time on your phone and try the newest code."),
            )
    return render(
        request, "accounts/two_factor.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _seconds_until(info: dict[str, Any] | None) -> int:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    seconds: float = (locked_until - timezone.now()).total_seconds()
    return max(1, math.ceil(seconds))


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if _two_factor_done(request):
        return redirect(_next_url(request))
    if _confirmed_totp_device(request.user):
        return redirect(_with_next(reverse("accounts:two_factor"), request))
    device = actions.do_start_totp_enrolment(request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, info = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _wait_message(_seconds_until(info)))
        elif actions.do_enrol_totp_device(device, form.cleaned_data["code"], actor=request.user):
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor login is set up. Keep your phone safe."))
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("That code is not right. Try the newest code in the app."))
    secret = b32encode(device.bin_key).decode()
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app"), dark="#000", light="#fff"
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": qr_svg,
            "next": request.GET.get("next", ""),
        },
    )


# --- the account page ---------------------------------------------------------------------


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = AccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            email_pending = actions.do_update_account(user, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if email_pending:
                messages.success(
                    request,
                    _("Saved. We sent a link to %(email)s: your email changes when you open it.")
                    % {"email": user.pending_email},
                )
            else:
                messages.success(request, _("Your account is saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
            return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    for name, autocomplete in [
        ("old_password", "current-password"),
        ("new_password1", "new-password"),
        ("new_password2", "new-password"),
    ]:
        form.fields[name].widget.attrs["autocomplete"] = autocomplete
    form.fields["old_password"].widget.attrs.pop("autofocus", None)
    if request.method == "POST" and form.is_valid():
        actions.do_change_password(user, form.cleaned_data["new_password1"], actor=user)
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@sensitive_post_parameters("password")
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.do_delete_account(user, actor=user)
        auth_logout(request)
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/delete.html", {"form": form})


# --- officer profile ----------------------------------------------------------------------


@permission_required(can_edit_officer_profile)
def officer_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    profile = OfficerProfile.objects.filter(user=user).first() or OfficerProfile(user=user)
    form = OfficerProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = request.FILES.get("photo")
        actions.do_update_officer_profile(
            user,
            rank=data["rank"],
            assignment=data["assignment"],
            languages=data["languages"],
            bio=data["bio"],
            is_public=data["is_public"],
            photo=prepare_photo(upload) if upload else None,
            remove_photo=data.get("photo") is False,
            actor=user,
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:officer_profile")
    return render(request, "accounts/officer_profile.html", {"form": form, "profile": profile})
