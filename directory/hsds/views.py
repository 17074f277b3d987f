"""The HSDS 3.0 API under /hsds/: plain JSON views, Page objects, 400 on bad parameters.

Parameters are parsed strictly (`ApiParams`); a bad value answers 400 with
{"detail": message} naming the parameter. `format=ndjson` streams every match, one JSON
object per line, without paging. Confidential locations never appear.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import (
    HttpRequest,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.views.decorators.http import require_GET

from directory.derive import fold
from directory.hsds import render
from directory.models import (
    Address,
    Attribute,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from directory.queries import _keyword_filter
from trustbeat.lib.text import has_forbidden_characters

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
MAX_PAGE = 100_000
HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/latest/hsds/schema_reference.html"
# The standard's own OpenAPI file: this API implements it without a profile of its own.
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


class BadParameter(Exception):
    pass


class ApiParams:
    """Strict parsing of query parameters; every failure names the parameter."""

    def __init__(self, request: HttpRequest) -> None:
        self.query = request.GET
        for key in self.query:
            for value in self.query.getlist(key):
                if has_forbidden_characters(value, multiline=False) or len(value) > 500:
                    raise BadParameter(f"{key}: contains characters that are not allowed "
                                       "or is too long")

    def text(self, name: str, limit: int = 200) -> str:
        value = self.query.get(name, "").strip()
        if len(value) > limit:
            raise BadParameter(f"{name}: at most {limit} characters")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise BadParameter(f"{name}: must be a whole number") from None
        if not low <= value <= high:
            raise BadParameter(f"{name}: must be between {low} and {high}")
        return value

    def boolean(self, name: str) -> bool:
        raw = self.query.get(name, "").lower()
        if raw in ("", "false", "0", "no"):
            return False
        if raw in ("true", "1", "yes"):
            return True
        raise BadParameter(f"{name}: must be true or false")

    def uuid(self, name: str) -> uuid.UUID | None:
        raw = self.query.get(name, "").strip()
        if not raw:
            return None
        try:
            return uuid.UUID(raw)
        except ValueError:
            raise BadParameter(f"{name}: must be a UUID") from None

    def when(self, name: str) -> dt.datetime | None:
        raw = self.query.get(name, "").strip()
        if not raw:
            return None
        try:
            moment = parse_datetime(raw.replace(" ", "+"))
            if moment is None:
                day = parse_date(raw)
                moment = dt.datetime.combine(day, dt.time()) if day else None
        except ValueError:
            moment = None
        if moment is None:
            raise BadParameter(f"{name}: must be an ISO 8601 date or date-time")
        return make_aware(moment) if is_naive(moment) else moment

    def format(self) -> str:
        value = self.query.get("format", "json").lower() or "json"
        if value not in ("json", "ndjson"):
            raise BadParameter("format: must be json or ndjson")
        return value

    def paging(self) -> tuple[int, int]:
        return (self.integer("page", 1, 1, MAX_PAGE),
                self.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


def api(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET only; BadParameter → 400 JSON; CORS open (public data)."""

    @require_GET
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = JsonResponse({"detail": str(error)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def not_found(what: str) -> JsonResponse:
    return JsonResponse({"detail": f"No {what} with this id."}, status=404)


def _id(value: str, what: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def paged(request: HttpRequest, params: ApiParams, queryset: QuerySet[Any],
          shape: Callable[[list[Any]], list[dict[str, Any]]]) -> HttpResponseBase:
    if params.format() == "ndjson":
        def lines() -> Iterator[str]:
            batch: list[Any] = []
            for item in queryset.iterator(chunk_size=500):
                batch.append(item)
                if len(batch) == 500:
                    yield from (json.dumps(x) + "\n" for x in shape(batch))
                    batch = []
            yield from (json.dumps(x) + "\n" for x in shape(batch))

        return StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    page_number, per_page = params.paging()
    total = queryset.count()
    start = (page_number - 1) * per_page
    items = shape(list(queryset[start:start + per_page]))
    return JsonResponse(render.page(items, total=total, page_number=page_number,
                                    per_page=per_page))


@api
def root(request: HttpRequest) -> HttpResponseBase:
    return JsonResponse({"version": HSDS_VERSION, "profile": PROFILE, "openapi_url": OPENAPI})


def _service_filters(params: ApiParams, queryset: QuerySet[Service]) -> QuerySet[Service]:
    term_id = params.uuid("taxonomy_term_id")
    taxonomy_id = params.uuid("taxonomy_id")
    organization_id = params.uuid("organization_id")
    modified_after = params.when("modified_after")
    search = params.text("search")
    if term_id is not None:
        queryset = queryset.filter(Exists(Attribute.objects.filter(
            link_entity="service", link_id=OuterRef("pk"), taxonomy_term_id=term_id)))
    if taxonomy_id is not None:
        queryset = queryset.filter(Exists(Attribute.objects.filter(
            link_entity="service", link_id=OuterRef("pk"),
            taxonomy_term__taxonomy_id=taxonomy_id)))
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    if modified_after is not None:
        queryset = queryset.filter(last_modified__gte=modified_after)
    if fold(search):
        queryset = _keyword_filter(queryset, search).order_by(  # type: ignore[misc]
            "-relevance", "name", "id")
    return queryset


@api
def services(request: HttpRequest) -> HttpResponseBase:
    params = ApiParams(request)
    full, minimal = params.boolean("full"), params.boolean("minimal")
    if full and minimal:
        raise BadParameter("full and minimal: choose one")
    queryset = _service_filters(
        params, Service.objects.filter(status__in=[ServiceStatus.ACTIVE,
                                                   ServiceStatus.TEMPORARILY_CLOSED]))
    if not queryset.query.order_by:
        queryset = queryset.order_by("name", "id")
    if full:
        return paged(request, params, render.full_services(queryset), render.full_service_items)
    if minimal:
        return paged(request, params, queryset.only("id", "name", "status", "last_modified"),
                     lambda items: [render.service_minimal(s) for s in items])
    return paged(request, params, queryset.select_related("organization", "program"),
                 lambda items: [render.service_list_item(s) for s in items])


@api
def service(request: HttpRequest, pk: str) -> HttpResponseBase:
    ApiParams(request)
    service_id = _id(pk, "service")
    found = (
        render.full_services(Service.objects.filter(pk=service_id)).first() if service_id else None
    )
    if found is None or found.status == ServiceStatus.DEFUNCT:
        return not_found("service")
    return JsonResponse(render.full_service_items([found])[0])


@api
def organizations(request: HttpRequest) -> HttpResponseBase:
    params = ApiParams(request)
    full = params.boolean("full")
    params.boolean("full_service")
    search = params.text("search")
    queryset = Organization.objects.order_by("name", "id")
    for word in fold(search).split()[:8]:
        queryset = queryset.filter(name__icontains=word)
    if full:
        return paged(request, params, queryset,
                     lambda items: [render.organization_full(o) for o in items])
    return paged(request, params, queryset,
                 lambda items: [render.organization_brief(o) for o in items])


@api
def organization(request: HttpRequest, pk: str) -> HttpResponseBase:
    params = ApiParams(request)
    full_service = params.boolean("full_service")
    org_id = _id(pk, "organization")
    found = Organization.objects.filter(pk=org_id).first() if org_id else None
    if found is None:
        return not_found("organization")
    services = Service.objects.filter(organization=found).exclude(
        status=ServiceStatus.DEFUNCT).select_related("organization", "program").order_by("name")
    data = render.organization_full(found, list(services))
    if full_service:
        data["services"] = render.full_service_items(list(render.full_services(services)))
        for item in data["services"]:
            item.pop("organization", None)
    return JsonResponse(data)


@api
def taxonomies(request: HttpRequest) -> HttpResponseBase:
    params = ApiParams(request)
    queryset = Taxonomy.objects.order_by("name", "id")
    for word in fold(params.text("search")).split()[:8]:
        queryset = queryset.filter(name__icontains=word)
    return paged(request, params, queryset, lambda items: [render.taxonomy(t) for t in items])


@api
def taxonomy(request: HttpRequest, pk: str) -> HttpResponseBase:
    ApiParams(request)
    taxonomy_id = _id(pk, "taxonomy")
    found = Taxonomy.objects.filter(pk=taxonomy_id).first() if taxonomy_id else None
    return JsonResponse(render.taxonomy(found)) if found else not_found("taxonomy")


@api
def taxonomy_terms(request: HttpRequest) -> HttpResponseBase:
    params = ApiParams(request)
    queryset = TaxonomyTerm.objects.order_by("name", "id")
    taxonomy_id, parent_id = params.uuid("taxonomy_id"), params.uuid("parent_id")
    if params.boolean("top_only"):
        queryset = queryset.filter(parent__isnull=True)
    if taxonomy_id is not None:
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id is not None:
        queryset = queryset.filter(parent_id=parent_id)
    for word in fold(params.text("search")).split()[:8]:
        queryset = queryset.filter(name__icontains=word)
    return paged(request, params, queryset,
                 lambda items: [render.taxonomy_term(t) for t in items])


@api
def taxonomy_term(request: HttpRequest, pk: str) -> HttpResponseBase:
    ApiParams(request)
    term_id = _id(pk, "taxonomy term")
    found = TaxonomyTerm.objects.filter(pk=term_id).first() if term_id else None
    return JsonResponse(render.taxonomy_term(found)) if found else not_found("taxonomy term")


@api
def service_at_locations(request: HttpRequest) -> HttpResponseBase:
    params = ApiParams(request)
    full = params.boolean("full")
    postcode = params.text("postcode", 20)
    proximity = params.integer("proximity", 0, 0, 100_000)
    if proximity and not postcode:
        raise BadParameter("proximity: needs a postcode")
    services_qs = _service_filters(params, Service.objects.filter(status=ServiceStatus.ACTIVE))
    queryset = ServiceAtLocation.objects.filter(
        location__is_confidential=False, service__in=services_qs.values("pk"),
    ).order_by("service__name", "id")
    if postcode:
        queryset = _near_postcode(queryset, postcode, proximity)
    shaped = (
        (lambda items: [render.service_at_location_full(x) for x in items]) if full
        else (lambda items: [render.service_at_location_list_item(x) for x in items])
    )
    return paged(request, params, queryset, shaped)


def _near_postcode(queryset: QuerySet[ServiceAtLocation], postcode: str,
                   proximity: int) -> QuerySet[ServiceAtLocation]:
    """Locations in the postcode or, with `proximity`, within that many metres of the
    postcode's centroid (the mean of the public locations that carry it)."""
    in_code = Address.objects.filter(postal_code__iexact=postcode,
                                     location__is_confidential=False)
    if not proximity:
        return queryset.filter(location__addresses__postal_code__iexact=postcode).distinct()
    points = [(lat, lon) for lat, lon in in_code.values_list("location__latitude",
                                                              "location__longitude")
              if lat is not None and lon is not None]
    if not points:
        return queryset.none()
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    from directory.queries import _bbox
    from trustbeat.lib.geo import haversine_m

    south, north, west, east = _bbox((lat, lon), proximity)
    boxed = queryset.filter(location__latitude__range=(south, north),
                            location__longitude__range=(west, east))
    keep = [pk for pk, la, lo in boxed.values_list("pk", "location__latitude",
                                                    "location__longitude")
            if la is not None and lo is not None and haversine_m((lat, lon), (la, lo)) <= proximity]
    return queryset.filter(pk__in=keep)


@api
def service_at_location(request: HttpRequest, pk: str) -> HttpResponseBase:
    ApiParams(request)
    link_id = _id(pk, "service_at_location")
    found = (
        render.public_links().filter(pk=link_id, service__status=ServiceStatus.ACTIVE).first()
        if link_id else None
    )
    return JsonResponse(render.service_at_location_full(found)) if found else not_found(
        "service_at_location")
