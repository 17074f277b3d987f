"""Derived columns, computed when records are written (never when they are read).

`refresh_services(ids)` recomputes, for each service: its search text (name, description,
eligibility and the names of its taxonomy terms, folded to lower case without accents),
its language codes, whether it is free or low cost, and its opening periods (from its own
schedules and those of its locations). Actions and the importer call it in bulk.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from directory import hours
from directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    OpeningPeriod,
    Schedule,
    Service,
    ServiceAtLocation,
)
from places.lookup import find_area_id

FREE_WORDS = ("free", "no cost", "no charge", "gratis", "sliding scale", "low cost", "low-cost")
# Common language names → ISO 639-1 codes, for imports that only give names.
LANGUAGE_CODES = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
    "korean": "ko",
    "vietnamese": "vi",
    "tagalog": "tl",
    "filipino": "tl",
    "armenian": "hy",
    "russian": "ru",
    "arabic": "ar",
    "french": "fr",
    "japanese": "ja",
    "farsi": "fa",
    "persian": "fa",
    "amharic": "am",
    "portuguese": "pt",
    "hindi": "hi",
    "khmer": "km",
    "thai": "th",
    "polish": "pl",
    "haitian creole": "ht",
    "somali": "so",
    "asl": "ase",
    "american sign language": "ase",
}


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed (for the SQLite fallback and
    typo-tolerant matching on every database)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def language_code(name: str, code: str = "") -> str:
    if code.strip():
        return code.strip().lower()[:10]
    return LANGUAGE_CODES.get(name.strip().lower(), name.strip().lower()[:10])


def is_free_text(*texts: str) -> bool:
    joined = " ".join(t.lower() for t in texts if t)
    return any(word in joined for word in FREE_WORDS)


def refresh_services(ids: Iterable[uuid.UUID]) -> None:
    id_list = list(ids)
    for start in range(0, len(id_list), 2000):
        _refresh_chunk(id_list[start : start + 2000])


def _refresh_chunk(ids: list[uuid.UUID]) -> None:
    services = {s.id: s for s in Service.objects.filter(id__in=ids)}
    if not services:
        return
    terms: dict[uuid.UUID, list[str]] = defaultdict(list)
    for link_id, name in Attribute.objects.filter(
        link_entity="service", link_id__in=services
    ).values_list("link_id", "taxonomy_term__name"):
        terms[link_id].append(name)
    location_ids: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for service_id, location_id in ServiceAtLocation.objects.filter(
        service_id__in=services
    ).values_list("service_id", "location_id"):
        location_ids[service_id].append(location_id)
    all_locations = {loc for locs in location_ids.values() for loc in locs}
    languages: dict[uuid.UUID, set[str]] = defaultdict(set)
    by_location: dict[uuid.UUID, set[str]] = defaultdict(set)
    for service_id, name, code in Language.objects.filter(
        service_id__in=services
    ).values_list("service_id", "name", "code"):
        languages[service_id].add(language_code(name, code))
    for location_id, name, code in Language.objects.filter(
        location_id__in=all_locations
    ).values_list("location_id", "name", "code"):
        by_location[location_id].add(language_code(name, code))
    costs: dict[uuid.UUID, list[str]] = defaultdict(list)
    for service_id, option, amount in CostOption.objects.filter(
        service_id__in=services
    ).values_list("service_id", "option", "amount"):
        costs[service_id].append("free" if amount is not None and amount == 0 else option)
    schedules: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    for schedule in Schedule.objects.filter(service_id__in=services):
        schedules[schedule.service_id].append(schedule)  # type: ignore[index]
    location_schedules: dict[uuid.UUID, list[Schedule]] = defaultdict(list)
    for schedule in Schedule.objects.filter(location_id__in=all_locations, service__isnull=True):
        location_schedules[schedule.location_id].append(schedule)  # type: ignore[index]

    periods: list[OpeningPeriod] = []
    for service in services.values():
        service.search_text = fold(
            " ".join(
                [
                    service.name,
                    service.alternate_name,
                    service.description,
                    service.eligibility_description,
                    *terms[service.id],
                ]
            )
        )[:20000]
        service.search_title = fold(
            " ".join([service.name, service.alternate_name, *terms[service.id]])
        )[:1000]
        codes = set(languages[service.id])
        for location_id in location_ids[service.id]:
            codes |= by_location[location_id]
        joined = " ".join(sorted(c for c in codes if c))[:190]
        service.language_codes = f" {joined} " if joined else ""
        service.is_free = is_free_text(service.fees_description, service.fees, *costs[service.id])
        own = schedules[service.id]
        # A service without its own hours keeps the hours of the places it is offered at.
        source = own or [s for loc in location_ids[service.id] for s in location_schedules[loc]]
        for schedule in source:
            periods.extend(periods_of(schedule, service))
    Service.objects.bulk_update(
        list(services.values()),
        ["search_text", "search_title", "language_codes", "is_free"],
        batch_size=500,
    )
    OpeningPeriod.objects.filter(service_id__in=services).delete()
    OpeningPeriod.objects.bulk_create(periods, batch_size=2000)


def periods_of(schedule: Schedule, service: Service) -> list[OpeningPeriod]:
    """Weekly periods of a schedule (monthly or day-less schedules have none)."""
    if schedule.opens_at is None or schedule.closes_at is None or not schedule.byday:
        return []
    if schedule.freq and schedule.freq.upper() != "WEEKLY":
        return []
    try:
        days = hours.parse_byday(schedule.byday)
        spans = hours.periods_for(days, schedule.opens_at, schedule.closes_at)
    except ValidationError:
        return []
    return [
        OpeningPeriod(
            schedule=schedule,
            service=service,
            weekday=p.weekday,
            opens=p.opens,
            closes=p.closes,
            overnight=p.overnight,
            timezone=service.timezone,
            valid_from=schedule.valid_from,
            valid_to=schedule.valid_to,
        )
        for p in spans
    ]


def locate(location: Location) -> None:
    """Set the neighborhood a location lies in (written with the coordinates)."""
    if location.latitude is not None and location.longitude is not None:
        location.area_id = find_area_id(location.latitude, location.longitude)
    else:
        location.area_id = None
