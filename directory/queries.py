"""Reads: the resident search, service pages and referral access checks.

Search ranks services by relevance to the keywords, then by the distance of their nearest
public location. Confidential locations take no part in distance (a distance would give
a shelter away); a service offered only at confidential places is found by need and
keyword but not "near" an address.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.lib import record_access
from directory import hours
from directory.derive import fold
from directory.models import (
    Accessibility,
    Attribute,
    Location,
    OpeningPeriod,
    Referral,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.needs import NEEDS_BY_SLUG
from directory.permissions import can_edit_service, can_view_referral
from trustbeat.lib.geo import haversine_m

M_PER_DEG_LAT = 111_320.0
PAGE_SIZE = 20
LANGUAGE_NAMES = {
    "en": _lazy("English"), "es": _lazy("Spanish"), "zh": _lazy("Chinese"),
    "ko": _lazy("Korean"), "vi": _lazy("Vietnamese"), "tl": _lazy("Tagalog"),
    "hy": _lazy("Armenian"), "ru": _lazy("Russian"), "ar": _lazy("Arabic"),
    "fa": _lazy("Farsi"), "ja": _lazy("Japanese"), "km": _lazy("Khmer"),
    "ase": _lazy("American Sign Language"),
}


@dataclass
class SearchParams:
    need: str = ""
    q: str = ""
    near: tuple[float, float] | None = None
    near_label: str = ""
    radius_m: float = 10_000.0
    open_now: bool = False
    language: str = ""
    age: int | None = None
    free: bool = False
    accessible: bool = False
    page: int = 1


@dataclass
class Result:
    service: Service
    distance_m: float | None = None
    location: Location | None = None
    is_open: bool = False
    confidential_only: bool = False
    periods: list[hours.Period] = field(default_factory=list)

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000


# ---------------------------------------------------------------------- taxonomy


def term_ids_below(codes: tuple[str, ...]) -> set[uuid.UUID]:
    """Ids of the terms with these codes and every term below them (the taxonomy is a
    few hundred rows: one query, walked in memory)."""
    rows = list(TaxonomyTerm.objects.values_list("id", "parent_id", "code"))
    children: dict[Any, list[uuid.UUID]] = defaultdict(list)
    for term_id, parent_id, _code in rows:
        children[parent_id].append(term_id)
    found = {term_id for term_id, _p, code in rows if code in codes}
    stack = list(found)
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def with_terms(queryset: QuerySet[Service], term_ids: set[uuid.UUID]) -> QuerySet[Service]:
    return queryset.filter(
        Exists(
            Attribute.objects.filter(
                link_entity="service", link_id=OuterRef("pk"), taxonomy_term_id__in=term_ids
            )
        )
    )


# ---------------------------------------------------------------------- open now


def known_time_zones() -> list[str]:
    """The zones services keep hours in (a handful); cached in the shared cache."""
    zones: list[str] | None = cache.get("directory:zones")
    if zones is None:
        zones = sorted(set(Service.objects.values_list("timezone", flat=True).distinct()))
        cache.set("directory:zones", zones, 300)
    return zones


def open_now_q(now: dt.datetime, prefix: str = "") -> Q:
    """Periods open at `now`, each in its own zone; overnight periods from yesterday count."""
    combined = Q(pk__in=[])
    for name in known_time_zones():
        local = now.astimezone(hours.zone(name))
        day, time, date = local.weekday(), local.time().replace(microsecond=0), local.date()
        yesterday = (day - 1) % 7
        running = (
            Q(weekday=day, overnight=False, opens__lte=time, closes__gt=time)
            | Q(weekday=day, overnight=True, opens__lte=time)
            | Q(weekday=yesterday, overnight=True, closes__gt=time)
        )
        valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=date)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=date)
        )
        combined |= Q(timezone=name) & running & valid
    return combined


# ------------------------------------------------------------------------ search


def _keyword_filter(queryset: QuerySet[Service], q: str) -> QuerySet[Service]:
    folded = fold(q)[:200]
    if not folded:
        return queryset
    if connection.vendor == "postgresql":
        # Stemmed English and Spanish full-text search, plus trigram word similarity on
        # the short title for typos ("sheltr"). The expressions match the GIN indexes
        # made in migration 0002.
        match = (
            "(to_tsvector('english', directory_service.search_text) @@ "
            "websearch_to_tsquery('english', %s) OR "
            "to_tsvector('spanish', directory_service.search_text) @@ "
            "websearch_to_tsquery('spanish', %s) OR %s <%% directory_service.search_title)"
        )
        rank = (
            "ts_rank(to_tsvector('english', directory_service.search_text), "
            "websearch_to_tsquery('english', %s)) + "
            "ts_rank(to_tsvector('spanish', directory_service.search_text), "
            "websearch_to_tsquery('spanish', %s)) + "
            "word_similarity(%s, directory_service.search_title)"
        )
        params = (folded, folded, folded)
        # The SQL is constant; the user's words travel only as parameters.
        matches = RawSQL(match, params, output_field=BooleanField())  # noqa: S611
        relevance = RawSQL(rank, params, output_field=FloatField())  # noqa: S611
        return queryset.filter(matches).annotate(relevance=relevance)
    # SQLite fallback: every word must appear; a word in the title weighs more.
    words = folded.split()[:8]
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    from django.db.models import Case, IntegerField, Value, When

    title_weight = sum(
        (
            Case(
                When(search_title__contains=w, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for w in words
        ),
        Value(0),
    )
    return queryset.annotate(relevance=title_weight)


def _bbox(near: tuple[float, float], radius_m: float) -> tuple[float, float, float, float]:
    lat, lon = near
    dlat = radius_m / M_PER_DEG_LAT
    dlon = radius_m / (M_PER_DEG_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def search_queryset(params: SearchParams, now: dt.datetime | None = None) -> QuerySet[Service]:
    """The filtered, ordered services (no locations fetched yet)."""
    queryset: QuerySet[Service] = Service.objects.filter(status=ServiceStatus.ACTIVE)
    if params.need in NEEDS_BY_SLUG:
        queryset = with_terms(queryset, term_ids_below(NEEDS_BY_SLUG[params.need].codes))
    if params.language:
        queryset = queryset.filter(language_codes__contains=f" {params.language} ")
    if params.age is not None:
        queryset = queryset.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=params.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=params.age),
        )
    if params.free:
        queryset = queryset.filter(is_free=True)
    if params.accessible:
        queryset = queryset.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"),
                    location__in=Accessibility.objects.values("location_id"),
                )
            )
        )
    if params.open_now:
        queryset = queryset.filter(
            Exists(
                OpeningPeriod.objects.filter(
                    open_now_q(now or timezone.now()), service=OuterRef("pk")
                )
            )
        )
    keyword = bool(fold(params.q))
    if keyword:
        queryset = _keyword_filter(queryset, params.q)
    order: list[Any] = ["-relevance"] if keyword else []
    if params.near is not None:
        lat0, lon0 = params.near
        south, north, west, east = _bbox(params.near, params.radius_m)
        kx = M_PER_DEG_LAT * math.cos(math.radians(lat0))
        nearby = (
            ServiceAtLocation.objects.filter(
                service=OuterRef("pk"),
                location__is_confidential=False,
                location__latitude__range=(south, north),
                location__longitude__range=(west, east),
            )
            .annotate(
                d2=(F("location__latitude") - lat0)
                * (F("location__latitude") - lat0)
                * (M_PER_DEG_LAT * M_PER_DEG_LAT)
                + (F("location__longitude") - lon0) * (F("location__longitude") - lon0) * (kx * kx)
            )
            .order_by("d2")
            .values("d2")[:1]
        )
        queryset = queryset.annotate(d2=Subquery(nearby, output_field=FloatField())).filter(
            d2__lte=params.radius_m * params.radius_m
        )
        order.append("d2")
    order += ["name", "id"]
    return queryset.order_by(*order)


def search(params: SearchParams, now: dt.datetime | None = None) -> tuple[list[Result], bool]:
    """One page of results and whether there are more."""
    now = now or timezone.now()
    start = (params.page - 1) * PAGE_SIZE
    services = list(
        search_queryset(params, now).select_related("organization")[start : start + PAGE_SIZE + 1]
    )
    more = len(services) > PAGE_SIZE
    services = services[:PAGE_SIZE]
    return attach_locations(services, params.near, now), more


def attach_locations(
    services: list[Service], near: tuple[float, float] | None, now: dt.datetime
) -> list[Result]:
    """Nearest public location and open status of each service (two queries)."""
    ids = [s.id for s in services]
    links = (
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .select_related("location")
        .prefetch_related("location__addresses")
    )
    by_service: dict[uuid.UUID, list[Location]] = defaultdict(list)
    for link in links:
        by_service[link.service_id].append(link.location)
    periods: dict[uuid.UUID, list[hours.Period]] = defaultdict(list)
    for service_id, weekday, opens, closes in OpeningPeriod.objects.filter(
        service_id__in=ids
    ).values_list("service_id", "weekday", "opens", "closes"):
        periods[service_id].append(hours.Period(weekday, opens, closes))
    results = []
    for service in services:
        locations = by_service[service.id]
        public = [loc for loc in locations if not loc.is_confidential]
        result = Result(
            service, confidential_only=bool(locations) and not public, periods=periods[service.id]
        )
        located = [loc for loc in public if loc.latitude is not None and loc.longitude is not None]
        if near is not None and located:
            best = min(located, key=lambda loc: haversine_m(near, (loc.latitude, loc.longitude)))  # type: ignore[arg-type]
            result.location = best
            result.distance_m = haversine_m(near, (best.latitude, best.longitude))  # type: ignore[arg-type]
        elif public:
            result.location = public[0]
        local = now.astimezone(hours.zone(service.timezone))
        result.is_open = hours.is_open(result.periods, local)
        results.append(result)
    return results


def explain(params: SearchParams) -> list[str]:
    """The active filters in words: "open now", "within 3 km", "speaks Spanish"."""
    words: list[str] = []
    if params.need in NEEDS_BY_SLUG:
        words.append(str(NEEDS_BY_SLUG[params.need].label))
    if fold(params.q):
        words.append(_('matching "%(q)s"') % {"q": params.q[:60]})
    if params.open_now:
        words.append(_("open now"))
    if params.near is not None:
        km = params.radius_m / 1000
        within = _("within %(km)s km") % {"km": f"{km:g}"}
        if params.near_label:
            within += " " + _("of %(place)s") % {"place": params.near_label[:60]}
        words.append(within)
    if params.language:
        name = LANGUAGE_NAMES.get(params.language, params.language)
        words.append(_("speaks %(language)s") % {"language": str(name)})
    if params.age is not None:
        words.append(_("for age %(age)d") % {"age": params.age})
    if params.free:
        words.append(_("free or low cost"))
    if params.accessible:
        words.append(_("wheelchair accessible"))
    return words


# ---------------------------------------------------------------------- service page


def access_service(user: Any, service_id: uuid.UUID) -> Service:
    """A service page: active services for everyone; others only for their editors."""
    service = (
        Service.objects.select_related("organization", "program")
        .prefetch_related("phones", "languages", "cost_options", "required_documents")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404(_("No such service."))
    if service.status != ServiceStatus.ACTIVE and not can_edit_service(user, service):
        raise Http404(_("No such service."))
    return service


def service_terms(service: Service) -> list[TaxonomyTerm]:
    return list(
        TaxonomyTerm.objects.filter(
            attributes__link_entity="service", attributes__link_id=service.id
        ).distinct()
    )


def service_locations(service: Service) -> tuple[list[Location], bool]:
    """Public locations (with addresses) and whether it also has confidential ones."""
    locations = list(
        Location.objects.filter(service_at_locations__service=service)
        .prefetch_related("addresses", "accessibility", "languages")
        .order_by("name")
    )
    public = [loc for loc in locations if not loc.is_confidential]
    return public, len(public) < len(locations)


def service_periods(service: Service) -> list[hours.Period]:
    return [
        hours.Period(p.weekday, p.opens, p.closes)
        for p in OpeningPeriod.objects.filter(service=service)
    ]


def access_editable_service(user: Any, service_id: uuid.UUID) -> Service:
    service = Service.objects.select_related("organization").filter(pk=service_id).first()
    if service is None or not can_edit_service(user, service):
        raise Http404(_("No such service."))
    return service


# ------------------------------------------------------------------------ referrals


def access_referral(user: Any, referral_id: uuid.UUID, purpose: str) -> Referral:
    """A referral with personal details: 404 for anyone who may not see it (so ids cannot
    be probed); every view is logged."""
    referral = (
        Referral.objects.select_related("service", "service__organization", "officer")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or not can_view_referral(user, referral):
        raise Http404(_("No such referral."))
    record_access(user, referral, purpose)
    return referral


def referrals_for(user: Any) -> QuerySet[Referral]:
    """The referrals a user's list shows: their own (officers), sent to their
    organizations (providers), all (admins)."""
    from accounts.permissions import organization_ids
    from directory.permissions import referral_scope

    base = Referral.objects.select_related("service", "service__organization")
    scope = referral_scope(user)
    if scope == "all":
        return base
    if scope == "provider":
        return base.for_providers(organization_ids(user))
    if scope == "officer":
        return base.by_officer(user)
    raise PermissionDenied
