"""HSDS 3.0 JSON shapes: one function per shape, building plain dicts.

Empty optional values are left out (HSDS types them as strings or numbers, never null);
required fields are always present. Confidential locations never appear: every location
path goes through `public_links`, and addresses, coordinates and location phones of a
confidential place are never read here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from directory.models import (
    Attribute,
    Location,
    Organization,
    Program,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def clean(data: Json, *required: str) -> Json:
    """Drop None and empty strings except for required fields (kept as "")."""
    out: Json = {}
    for key, value in data.items():
        if value is None or value == "":
            if key in required:
                out[key] = ""
            continue
        out[key] = _value(value)
    return out


# ----------------------------------------------------------------------- taxonomy


def taxonomy(item: Taxonomy) -> Json:
    return clean({"id": item.id, "name": item.name, "description": item.description or item.name,
                  "uri": item.uri, "version": item.version}, "description")


def taxonomy_term(term: TaxonomyTerm) -> Json:
    return clean({
        "id": term.id, "code": term.code, "name": term.name,
        "description": term.description or term.name, "parent_id": term.parent_id,
        "taxonomy": term.taxonomy_name, "language": term.language,
        "taxonomy_id": term.taxonomy_id, "term_uri": term.term_uri,
    }, "description")


def attribute(item: Attribute) -> Json:
    data = clean({"id": item.id, "link_id": item.link_id, "taxonomy_term_id": item.taxonomy_term_id,
                  "link_type": item.link_type, "link_entity": item.link_entity,
                  "value": item.value})
    data["taxonomy_term"] = taxonomy_term(item.taxonomy_term)
    return data


def attributes_by_link(link_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Json]]:
    found: dict[uuid.UUID, list[Json]] = defaultdict(list)
    ids = list(link_ids)
    if not ids:
        return found
    for item in Attribute.objects.filter(link_id__in=ids).select_related("taxonomy_term"):
        found[item.link_id].append(attribute(item))
    return found


# ------------------------------------------------------------------- organization


def organization_brief(org: Organization) -> Json:
    return clean({
        "id": org.id, "name": org.name, "alternate_name": org.alternate_name,
        "description": org.description, "email": org.email, "website": org.website,
        "tax_status": org.tax_status, "tax_id": org.tax_id,
        "year_incorporated": org.year_incorporated, "legal_status": org.legal_status,
        "logo": org.logo, "uri": org.uri, "parent_organization_id": org.parent_organization_id,
    }, "description")


def program(item: Program) -> Json:
    return clean({"id": item.id, "organization_id": item.organization_id, "name": item.name,
                  "alternate_name": item.alternate_name, "description": item.description},
                 "description")


def phone(item: Any) -> Json:
    data = clean({
        "id": item.id, "location_id": item.location_id, "service_id": item.service_id,
        "organization_id": item.organization_id, "contact_id": item.contact_id,
        "number": item.number, "extension": item.extension, "type": item.type,
        "description": item.description,
    }, "number")
    data["languages"] = []
    return data


def contact(item: Any) -> Json:
    data = clean({"id": item.id, "organization_id": item.organization_id,
                  "service_id": item.service_id, "location_id": item.location_id,
                  "name": item.name, "title": item.title, "department": item.department,
                  "email": item.email})
    data["phones"] = [phone(p) for p in item.phones.all()]
    return data


def schedule(item: Any) -> Json:
    return clean({
        "id": item.id, "service_id": item.service_id, "location_id": item.location_id,
        "valid_from": item.valid_from, "valid_to": item.valid_to, "dtstart": item.dtstart,
        "until": item.until, "wkst": item.wkst, "freq": item.freq, "interval": item.interval,
        "byday": item.byday, "bymonthday": item.bymonthday, "description": item.description,
        "opens_at": item.opens_at, "closes_at": item.closes_at,
        "attending_type": item.attending_type, "notes": item.notes,
    })


def language(item: Any) -> Json:
    return clean({"id": item.id, "service_id": item.service_id, "location_id": item.location_id,
                  "phone_id": item.phone_id, "name": item.name, "code": item.code,
                  "note": item.note})


def address(item: Any) -> Json:
    return clean({
        "id": item.id, "location_id": item.location_id, "attention": item.attention,
        "address_1": item.address_1, "address_2": item.address_2, "city": item.city,
        "region": item.region, "state_province": item.state_province,
        "postal_code": item.postal_code, "country": item.country,
        "address_type": item.address_type,
    }, "address_1", "city", "state_province", "postal_code", "country", "address_type")


def location(item: Location) -> Json:
    """A public location. Callers never pass a confidential one (asserted)."""
    if item.is_confidential:
        raise ValueError("a confidential location must never be rendered")
    data = clean({
        "id": item.id, "location_type": item.location_type, "url": item.url,
        "organization_id": item.organization_id, "name": item.name,
        "alternate_name": item.alternate_name, "description": item.description,
        "transportation": item.transportation, "latitude": item.latitude,
        "longitude": item.longitude, "external_identifier": item.external_identifier,
        "external_identifier_type": item.external_identifier_type,
    }, "location_type")
    data["languages"] = [language(x) for x in item.languages.all()]
    data["addresses"] = [address(x) for x in item.addresses.all()]
    data["contacts"] = [contact(x) for x in item.contacts.all()]
    data["accessibility"] = [
        clean({"id": x.id, "location_id": x.location_id, "description": x.description,
               "details": x.details, "url": x.url})
        for x in item.accessibility.all()
    ]
    data["phones"] = [phone(x) for x in item.phones.all()]
    data["schedules"] = [schedule(x) for x in item.schedules.all()]
    data["attributes"] = []
    data["metadata"] = []
    return data


# ------------------------------------------------------------------------ services


LOCATION_PREFETCH = (
    "languages", "addresses", "contacts__phones", "accessibility", "phones", "schedules",
)


def public_links() -> QuerySet[ServiceAtLocation]:
    """Service-at-location rows of public locations only."""
    return ServiceAtLocation.objects.filter(location__is_confidential=False).select_related(
        "location"
    ).prefetch_related(*(f"location__{p}" for p in LOCATION_PREFETCH))


def full_services(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """The prefetches a page of fully nested services needs (a fixed number of queries)."""
    return queryset.select_related("organization", "program").prefetch_related(
        "phones", "schedules", "service_areas", "languages", "funding", "cost_options",
        "required_documents", "contacts__phones",
        Prefetch("service_at_locations", queryset=public_links(), to_attr="public_links"),
    )


def service_list_item(item: Service) -> Json:
    data = clean({
        "id": item.id, "organization_id": item.organization_id, "program_id": item.program_id,
        "name": item.name, "alternate_name": item.alternate_name,
        "description": item.description, "url": item.url, "email": item.email,
        "status": item.status, "interpretation_services": item.interpretation_services,
        "application_process": item.application_process,
        "fees_description": item.fees_description, "wait_time": item.wait_time,
        "fees": item.fees, "accreditations": item.accreditations,
        "eligibility_description": item.eligibility_description,
        "minimum_age": item.minimum_age, "maximum_age": item.maximum_age,
        "assured_date": item.assured_date, "assurer_email": item.assurer_email,
        "licenses": item.licenses, "alert": item.alert, "last_modified": item.last_modified,
    }, "name", "status")
    if item.organization is not None:
        data["organization"] = organization_brief(item.organization)
    if item.program is not None:
        data["program"] = program(item.program)
    return data


def service_minimal(item: Service) -> Json:
    return clean({"id": item.id, "name": item.name, "status": item.status,
                  "last_modified": item.last_modified}, "name", "status")


def service_at_location_brief(link: ServiceAtLocation) -> Json:
    data = clean({"id": link.id, "service_id": link.service_id, "location_id": link.location_id,
                  "description": link.description})
    data["contacts"] = []
    data["phones"] = []
    data["schedules"] = []
    data["location"] = location(link.location)
    data["attributes"] = []
    data["metadata"] = []
    return data


def full_service_items(services: Sequence[Service]) -> list[Json]:
    attributes = attributes_by_link(s.id for s in services)
    return [service_full(s, attributes.get(s.id, [])) for s in services]


def service_full(item: Service, attributes: list[Json] | None = None) -> Json:
    data = service_list_item(item)
    data["phones"] = [phone(x) for x in item.phones.all()]
    data["schedules"] = [schedule(x) for x in item.schedules.all()]
    data["service_areas"] = [
        clean({"id": x.id, "service_id": x.service_id, "name": x.name,
               "description": x.description, "extent": x.extent,
               "extent_type": x.extent_type, "uri": x.uri})
        for x in item.service_areas.all()
    ]
    links = getattr(item, "public_links", None)
    if links is None:
        links = list(public_links().filter(service=item))
    data["service_at_locations"] = [service_at_location_brief(x) for x in links]
    data["languages"] = [language(x) for x in item.languages.all()]
    data["funding"] = [clean({"id": x.id, "organization_id": x.organization_id,
                              "service_id": x.service_id, "source": x.source})
                       for x in item.funding.all()]
    data["cost_options"] = [
        clean({"id": x.id, "service_id": x.service_id, "valid_from": x.valid_from,
               "valid_to": x.valid_to, "option": x.option, "currency": x.currency,
               "amount": x.amount, "amount_description": x.amount_description})
        for x in item.cost_options.all()
    ]
    data["required_documents"] = [clean({"id": x.id, "service_id": x.service_id,
                                         "document": x.document, "uri": x.uri})
                                  for x in item.required_documents.all()]
    data["contacts"] = [contact(x) for x in item.contacts.all()]
    data["attributes"] = attributes if attributes is not None else list(
        attributes_by_link([item.id]).get(item.id, []))
    data["metadata"] = []
    return data


# -------------------------------------------------------------------- service at location


def service_at_location_list_item(link: ServiceAtLocation) -> Json:
    data = clean({"id": link.id, "service_id": link.service_id, "location_id": link.location_id,
                  "description": link.description})
    return data


def service_at_location_full(link: ServiceAtLocation) -> Json:
    data = service_at_location_brief(link)
    service = full_services(Service.objects.filter(pk=link.service_id)).get()
    data["service"] = service_full(service)
    data["service"].pop("service_at_locations", None)
    return data


# -------------------------------------------------------------------- organizations


def organization_full(org: Organization, services: Sequence[Service] = ()) -> Json:
    data = organization_brief(org)
    data["funding"] = [clean({"id": x.id, "organization_id": x.organization_id,
                              "service_id": x.service_id, "source": x.source})
                       for x in org.funding.all()]
    data["contacts"] = [contact(x) for x in org.contacts.all()]
    data["phones"] = [phone(x) for x in org.phones.all()]
    data["locations"] = [
        location(x) for x in org.locations.filter(is_confidential=False).prefetch_related(
            *LOCATION_PREFETCH)
    ]
    data["programs"] = [program(x) for x in org.programs.all()]
    data["organization_identifiers"] = []
    data["attributes"] = []
    data["metadata"] = []
    data["services"] = [service_list_item(s) for s in services]
    return data


def page(items: list[Json], *, total: int, page_number: int, per_page: int) -> Json:
    total_pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": items,
    }
