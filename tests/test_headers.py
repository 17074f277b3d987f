# ruff: noqa: F811  (the matrix fixture is imported by name)
"""Security headers: CSP without unsafe-inline and a Permissions-Policy on every page,
`Cache-Control: private, no-store` on every page a signed-in person sees, Secure and
SameSite on every cookie, and no inline script or style left in any template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from reports.models import Report
from tests.matrix_roles import ROLES
from tests.test_permission_matrix import MATRIX, client_as, url_kwargs  # noqa: F401 (fixture)
from trustbeat.middleware import tile_origin

ROOT = Path(__file__).resolve().parents[1]
SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]


def assert_security_headers(response, url: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, url
    assert "camera=()" in response.get("Permissions-Policy", ""), url


def assert_not_cached(response, url: str) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control and "no-store" in cache_control, (url, cache_control)


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_page_a_signed_in_person_sees_is_private_and_not_stored(role, url_kwargs):
    client = client_as(role)
    for name, (kwargs_key, _expected) in sorted(MATRIX.items()):
        url = reverse(name, kwargs=url_kwargs[kwargs_key] if kwargs_key else None)
        response = client.get(url)
        assert_security_headers(response, url)
        if "public" in response.get("Cache-Control", ""):
            # APIs and feeds: the same public data for everyone, cacheable by design; a
            # page (with the person's name in its navigation) never is.
            assert not response["Content-Type"].startswith("text/html"), url
            continue
        assert_not_cached(response, url)


def test_every_public_page_has_the_security_headers(url_kwargs):
    client = Client()
    for name, (kwargs_key, _expected) in sorted(MATRIX.items()):
        url = reverse(name, kwargs=url_kwargs[kwargs_key] if kwargs_key else None)
        assert_security_headers(client.get(url), url)


@pytest.mark.django_db
def test_a_reporters_private_page_is_not_stored_even_for_anonymous_visitors(url_kwargs):
    report = Report.objects.get(pk=url_kwargs["report"]["pk"])
    response = Client().get(reverse("reports:reporter", args=[report.pk, report.reporter_token]))
    assert response.status_code == 200
    assert_not_cached(response, "reporter page")


@pytest.mark.django_db
@override_settings(LANGUAGE_COOKIE_SECURE=True, SESSION_COOKIE_SECURE=True,
                   CSRF_COOKIE_SECURE=True)
def test_every_cookie_is_secure_and_same_site(client, resident):
    from conftest import PASSWORD

    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"email": resident.email, "password": PASSWORD})
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    names = {"sessionid", "csrftoken", "django_language"}
    assert names <= set(client.cookies), set(client.cookies)
    for name in names:
        morsel = client.cookies[name]
        assert morsel["secure"] is True, name
        assert morsel["samesite"] in ("Lax", "Strict"), name


def test_the_tile_server_is_allowed_for_images_only():
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("https://tiles.city.gov/{z}/{x}/{y}.png") == "https://tiles.city.gov"
    assert tile_origin("") == ""


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I),
     "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_holds_inline_script_or_style():
    found = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert not found, "move these into static files:\n" + "\n".join(found)
