"""Response headers every page gets: CSP, Permissions-Policy, and no caching of personal data.

- **Content-Security-Policy** without `unsafe-inline`: scripts, styles, fonts and fetches
  come from this site only; images also from the map tile server (`MAP_TILES_URL`) and
  `data:` URIs (Leaflet's blank tile). Templates therefore hold no inline `<script>`,
  `<style>` or `style=""`; page data travels in `data-*` attributes or `json_script`
  blocks, which are not executed. `CSP_EXTRA_IMG_SRC` adds image origins.
- **Permissions-Policy**: only geolocation (the report form's "use my location"), and only
  for this site; camera, microphone, payment and the rest are off.
- **Cache-Control: private, no-store** on every response to a signed-in person (their name
  is in the navigation; staff pages show reporters' details), unless the view marked the
  response `public` (Open311 and feeds serve the same public data to everyone), and on
  views decorated with `personal_data` for anonymous visitors (a reporter's private page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PERSONAL_DATA_ATTRIBUTE = "_shows_personal_data"


def tile_origin(template: str) -> str:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org'."""
    if not template:
        return ""
    parts = urlsplit(template)
    host = parts.netloc.replace("{s}", "*")
    if not parts.scheme or not host or "{" in host:
        return ""
    return f"{parts.scheme}://{host}"


def content_security_policy() -> str:
    images = ["'self'", "data:", tile_origin(settings.MAP_TILES_URL), *settings.CSP_EXTRA_IMG_SRC]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(source for source in images if source),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "bluetooth=()",
        "magnetometer=()",
        "gyroscope=()",
        "accelerometer=()",
        "display-capture=()",
        "browsing-topics=()",
    ]
)


def personal_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose answer holds personal data even for anonymous visitors."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, PERSONAL_DATA_ATTRIBUTE, True)
        return response

    return wrapped


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Settings do not change while the process runs; build the header once.
        self.csp = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._shows_personal_data(request, response):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _shows_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
        if getattr(response, PERSONAL_DATA_ATTRIBUTE, False):
            return True
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        # Public API answers are the same for everyone and say so.
        return "public" not in response.get("Cache-Control", "")
