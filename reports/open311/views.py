"""Open311 GeoReport v2 methods. See docs/api/open311.md.

Reads go straight from `.values()` rows to the renderer (no model instances on the hot
list path); the only write, POST /requests, goes through `do_submit_report`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.actors import ApiClient
from accounts.models import Organization
from places.models import Area
from reports.actions import do_submit_report, find_api_key
from reports.models import ApiKey, Attribute, Category, Report, ReportUpdate
from reports.open311 import render
from reports.open311.forms import (
    RequestsQuery,
    RequestsQueryForm,
    ServiceRequestForm,
    UpdatesQueryForm,
    parse_attributes,
)
from trustbeat.lib import ratelimit

CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
CHANGESET = "2025-01-01T00:00:00+00:00"
CACHE_SECONDS = 60

# The columns the request list reads; nothing about the reporter is among them.
REQUEST_FIELDS = (
    "id", "status", "status_note", "description", "category_id", "organization_id",
    "requested_at", "updated_at", "expected_at", "address", "zipcode", "public_lat",
    "public_lon", "media_url", "photo",
)  # fmt: skip
EXTENSION_FIELDS = (
    "answers", "supporters", "area_id", "duplicate_of_id", "external_id", "external_source",
    "closed_at",
)  # fmt: skip


# ---------------------------------------------------------------------------- responses


def respond(
    request: HttpRequest,
    fmt: str,
    root: str,
    payload: Any,
    *,
    status: int = 200,
    last_modified: Any = None,
    headers: Mapping[str, str] | None = None,
    cacheable: bool = True,
) -> HttpResponse:
    body = render.to_xml(root, payload) if fmt == "xml" else render.to_json(payload)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    for name, value in (headers or {}).items():
        response[name] = value
    if request.method == "GET" and status == 200 and cacheable:
        etag = quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        if _not_modified(request, etag, last_modified):
            not_modified = HttpResponse(status=304)
            for name in ("ETag", "Cache-Control", "Last-Modified"):
                if name in response:
                    not_modified[name] = response[name]
            return not_modified
    return response


def _not_modified(request: HttpRequest, etag: str, last_modified: Any) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since and last_modified is not None:
        from django.utils.http import parse_http_date_safe

        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def errors(
    request: HttpRequest, fmt: str, status: int, messages: Iterable[str]
) -> HttpResponse:
    payload = [render.error(status, message) for message in messages]
    return respond(request, fmt, "errors", payload, status=status, cacheable=False)


def _form_errors(form: Any) -> list[str]:
    messages = []
    for name, field_errors in form.errors.items():
        for message in field_errors:
            messages.append(message if name == "__all__" else f"{name}: {message}")
    return messages


def _media_base(request: HttpRequest) -> str:
    return request.build_absolute_uri(settings.MEDIA_URL)


# ---------------------------------------------------------------------------- lookups


def _categories() -> dict[int, dict[str, Any]]:
    """Every category by id (a few dozen rows), with whether it asks questions."""
    has_attributes = Attribute.objects.filter(category=OuterRef("pk"))
    rows = Category.objects.annotate(has_attributes=Exists(has_attributes)).values(
        "id", "code", "name", "description", "keywords", "group", "location_privacy",
        "is_active", "has_attributes", "order",
    )
    return {row["id"]: dict(row) for row in rows}


def _names(model: Any, ids: set[int]) -> dict[int, str]:
    ids.discard(None)
    if not ids:
        return {}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


# ---------------------------------------------------------------------------- methods


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    payload = {
        "changeset": CHANGESET,
        "contact": getattr(settings, "DEFAULT_FROM_EMAIL", ""),
        "key_service": _("API keys for posting requests are issued by the site's administrators."),
        "endpoints": [
            {
                "specification": render.SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(request, fmt, "discovery", payload)


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    categories = sorted(
        (c for c in _categories().values() if c["is_active"]),
        key=lambda c: (c["order"], c["name"]),
    )
    return respond(request, fmt, "services", [render.service(c) for c in categories])


@require_GET
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return errors(request, fmt, 404, [_("No service has the code %(code)s.") % {"code": code}])
    attributes = category.attributes.values(
        "code", "description", "datatype", "datatype_description", "required", "values"
    )
    payload = render.service_definition(category.code, attributes)
    return respond(request, fmt, "service_definition", payload)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    form = RequestsQueryForm(request.GET)
    if not form.is_valid():
        return errors(request, fmt, 400, _form_errors(form))
    return _list_requests(request, fmt, form.query())


@require_GET
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    if not request_id.isdigit() or not Report.objects.filter(pk=int(request_id)).exists():
        return errors(
            request, fmt, 404, [_("No service request has the id %(id)s.") % {"id": request_id}]
        )
    extensions = request.GET.get("extensions", "").lower() in {"true", "1", "yes"}
    return _list_requests(
        request, fmt, RequestsQuery(ids=[int(request_id)], extensions=extensions)
    )


@require_GET
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    # POST returns the id at once, so a token is simply the request's id.
    if not token.isdigit() or not Report.objects.filter(pk=int(token)).exists():
        return errors(request, fmt, 404, [_("No request has the token %(t)s.") % {"t": token}])
    return respond(
        request, fmt, "service_requests", [{"service_request_id": token, "token": token}]
    )


@require_GET
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    form = UpdatesQueryForm(request.GET)
    if not form.is_valid():
        return errors(request, fmt, 400, _form_errors(form))
    data = form.cleaned_data
    updates = ReportUpdate.objects.filter(is_public=True, at__gte=data["start_date"])
    if data["end_date"] is not None:
        updates = updates.filter(at__lte=data["end_date"])
    if data["service_request_id"]:
        updates = updates.filter(report_id__in=data["service_request_id"])
    offset = (data["page"] - 1) * data["page_size"]
    rows = list(
        updates.order_by("at", "id").values("id", "report_id", "status", "at", "public_note")[
            offset : offset + data["page_size"]
        ]
    )
    media_base = _media_base(request)
    payload = [render.request_update(row, media_base=media_base) for row in rows]
    last = max((row["at"] for row in rows), default=None)
    return respond(request, fmt, "service_request_updates", payload, last_modified=last)


# ---------------------------------------------------------------------------- the list


def filtered_requests(
    query: RequestsQuery, categories: Mapping[int, Mapping[str, Any]]
) -> Any:
    """The reports a query selects, newest first. Raises ValueError on an unknown code."""
    reports = Report.objects.all()
    if query.ids:
        return reports.filter(pk__in=query.ids).order_by("-requested_at", "-id")
    if query.service_codes:
        by_code = {c["code"]: pk for pk, c in categories.items()}
        unknown = [code for code in query.service_codes if code not in by_code]
        if unknown:
            raise ValueError(unknown[0])
        reports = reports.filter(category_id__in=[by_code[c] for c in query.service_codes])
    if query.is_open is not None:
        reports = reports.filter(is_open=query.is_open)
    if query.start is not None:
        reports = reports.filter(requested_at__gte=query.start)
    if query.end is not None:
        reports = reports.filter(requested_at__lte=query.end)
    if query.updated_after is not None:
        reports = reports.filter(updated_at__gte=query.updated_after)
    if query.updated_before is not None:
        reports = reports.filter(updated_at__lte=query.updated_before)
    if query.bbox is not None:
        min_lat, min_lon, max_lat, max_lon = query.bbox
        # The public point, so a narrow box cannot find a blurred report's exact spot.
        reports = reports.filter(
            public_lat__gte=min_lat, public_lat__lte=max_lat,
            public_lon__gte=min_lon, public_lon__lte=max_lon,
        )
    return reports.order_by("-requested_at", "-id")


def request_rows(
    query: RequestsQuery, categories: Mapping[int, Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], bool]:
    """One page of `.values()` rows, and whether more follow (read one extra row)."""
    fields = REQUEST_FIELDS + (EXTENSION_FIELDS if query.extensions else ())
    offset = (query.page - 1) * query.page_size
    rows = list(
        filtered_requests(query, categories).values(*fields)[
            offset : offset + query.page_size + 1
        ]
    )
    more = len(rows) > query.page_size
    return rows[: query.page_size], more


def render_requests(
    rows: list[dict[str, Any]],
    categories: Mapping[int, Mapping[str, Any]],
    *,
    extensions: bool,
    media_base: str,
) -> list[dict[str, Any]]:
    agencies = _names(Organization, {row["organization_id"] for row in rows})
    notes: dict[int, list[dict[str, Any]]] = {}
    areas: dict[int, str] = {}
    if extensions and rows:
        areas = _names(Area, {row["area_id"] for row in rows})
        labels = dict(ReportUpdate.Kind.choices)
        updates = ReportUpdate.objects.filter(
            report_id__in=[row["id"] for row in rows], is_public=True
        ).order_by("at", "id").values("report_id", "at", "kind", "public_note")
        for update in updates:
            entry: dict[str, Any] = dict(update)
            entry["kind_label"] = labels.get(entry["kind"], entry["kind"])
            notes.setdefault(entry["report_id"], []).append(render.note(entry))
    payload = []
    zone = timezone.get_current_timezone()
    for row in rows:
        extra = None
        if extensions:
            extra = render.request_extensions(
                row, areas.get(row["area_id"]), notes.get(row["id"], [])
            )
        payload.append(
            render.request(
                row,
                categories[row["category_id"]],
                agencies.get(row["organization_id"]),
                media_base=media_base,
                extensions=extra,
                zone=zone,
            )
        )
    return payload


def _list_requests(request: HttpRequest, fmt: str, query: RequestsQuery) -> HttpResponse:
    categories = _categories()
    try:
        rows, more = request_rows(query, categories)
    except ValueError as unknown:
        return errors(
            request, fmt, 400, [_("No service has the code %(code)s.") % {"code": unknown}]
        )
    payload = render_requests(
        rows, categories, extensions=query.extensions, media_base=_media_base(request)
    )
    headers: dict[str, str] = {}
    if not more:
        # Counting is free on the last page; elsewhere we skip COUNT(*) (see docs/api).
        headers["X-Result-Count"] = str((query.page - 1) * query.page_size + len(rows))
    else:
        params = request.GET.copy()
        params["page"] = str(query.page + 1)
        headers["Link"] = f'<{request.path}?{params.urlencode()}>; rel="next"'
    last = max((row["updated_at"] for row in rows), default=None)
    return respond(
        request, fmt, "service_requests", payload, last_modified=last, headers=headers
    )


# ---------------------------------------------------------------------------- POST


FIELD_NAMES = {"location": "lat/long", "category": "service_code", "reporter": "email"}


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = find_api_key(request.POST.get("api_key", ""))
    try:
        # Per key: one client app relays many residents; without a key, per address.
        ratelimit.hit(
            "open311-post",
            f"key:{api_key.pk}" if api_key else f"ip:{ratelimit.client_ip(request)}",
        )
    except ratelimit.RateLimited as limited:
        message = _("Too many requests. Retry after %(seconds)d seconds.") % {
            "seconds": limited.retry_after
        }
        response = errors(request, fmt, limited.status, [message])
        return ratelimit.with_retry_after(response, limited)
    if api_key is None:
        return errors(request, fmt, 403, [_("api_key is missing, unknown or revoked.")])
    form = ServiceRequestForm(request.POST)
    if not form.is_valid():
        return errors(request, fmt, 400, _form_errors(form))
    data = form.cleaned_data
    category = Category.objects.filter(code=data["service_code"], is_active=True).first()
    if category is None:
        return errors(
            request, fmt, 400,
            [_("service_code: no service has the code %(code)s.") % {"code": data["service_code"]}],
        )
    lat: Any = data["lat"]
    lon: Any = data["long"]
    address = data["address_string"]
    if not (lat or lon):
        found = _locate(data["address_id"], address)
        if found is None and data["address_id"] and not address:
            return errors(request, fmt, 400, [_("address_id: no such address.")])
        if found is not None:
            lat, lon, address = found[0], found[1], address or found[2]
        else:
            lat = lon = None
    try:
        report = do_submit_report(
            category=category,
            lat=lat,
            lon=lon,
            address=address,
            description=data["description"],
            answers=parse_attributes(request.POST),
            reporter_name=f"{data['first_name']} {data['last_name']}".strip(),
            reporter_email=data["email"],
            reporter_phone=data["phone"],
            media_url=data["media_url"],
            source=Report.Source.OPEN311,
            api_key=api_key,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            actor=ApiClient(key_id=api_key.pk),
        )
    except ValidationError as error:
        messages = [
            f"{FIELD_NAMES.get(name, name)}: {message}"
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        return errors(request, fmt, 400, messages)
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
    payload = [
        {
            "service_request_id": str(report.pk),
            "service_notice": None,
            "account_id": data["account_id"] or None,
        }
    ]
    return respond(request, fmt, "service_requests", payload)


def _locate(address_id: str, address: str) -> tuple[float, float, str] | None:
    """Coordinates for a gazetteer id (address_id) or typed address (address_string)."""
    from places.models import Place

    if address_id:
        place = Place.objects.filter(pk=int(address_id)).first() if address_id.isdigit() else None
        return (place.lat, place.lon, place.label) if place else None
    geocode: Callable[..., Any] | None
    try:
        from places.geocode import geocode
    except ImportError:  # pragma: no cover - places ships it
        geocode = None
    if geocode is None or not address:
        return None
    matches = geocode(address, limit=1)
    return (matches[0].lat, matches[0].lon, matches[0].label) if matches else None

