"""One plain dict per Open311 resource, and the two wire formats (XML and JSON).

No querysets or model instances: the views read rows with `.values()` and these
functions turn each row straight into the spec's shape. XML is written as text with
every value escaped, which is several times faster than building an element tree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone

from reports.models import CLOSED_STATUSES, OPEN311_EXTENDED_STATUS, Status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# XML element name for one item of each list-valued field.
LIST_ITEM_TAGS = {
    "service_requests": "request",
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "notes": "note",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "service_request_updates": "request_update",
}


# ---------------------------------------------------------------------------- values


def iso(value: dt.datetime | None, zone: dt.tzinfo | None = None) -> str | None:
    """ISO 8601 with the site's offset, e.g. 2020-01-01T00:05:00-08:00.

    Pass `zone` when formatting many values: looking the current zone up costs more than
    the formatting itself.
    """
    if value is None:
        return None
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(
        timespec="seconds"
    )


def _or_none(value: Any) -> Any:
    return value if value not in ("", None) else None


def media_url(row: Mapping[str, Any], media_base: str) -> str | None:
    if row.get("photo"):
        return media_base + str(row["photo"])
    value = _or_none(row.get("media_url"))
    return None if value is None else str(value)


# ---------------------------------------------------------------------------- resources


def service(category: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "service_code": category["code"],
        "service_name": category["name"],
        "description": _or_none(category["description"]),
        "metadata": bool(category["has_attributes"]),
        "type": "batch",
        "keywords": _or_none(category["keywords"]),
        "group": _or_none(category["group"]),
    }


def service_definition(code: str, attributes: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": a["code"],
                "datatype": a["datatype"],
                "required": bool(a["required"]),
                "datatype_description": _or_none(a["datatype_description"]),
                "order": position,
                "description": a["description"],
                "values": [{"key": str(v["key"]), "name": str(v["name"])} for v in a["values"]]
                if a["values"]
                else [],
            }
            for position, a in enumerate(attributes, start=1)
        ],
    }


def request(
    row: Mapping[str, Any],
    category: Mapping[str, Any],
    agency: str | None,
    *,
    media_base: str,
    extensions: Mapping[str, Any] | None = None,
    zone: dt.tzinfo | None = None,
) -> dict[str, Any]:
    """A service request from a Report `.values()` row.

    Reporter identity never appears. Coordinates are the public point (the H3 cell centre
    for blurred categories, whose address is left out as well).
    """
    blurred = category["location_privacy"] == "blurred"
    status = row["status"]
    item = {
        "service_request_id": str(row["id"]),
        "status": "closed" if status in CLOSED_STATUSES else "open",
        "status_notes": _or_none(row["status_note"]),
        "service_name": category["name"],
        "service_code": category["code"],
        "description": _or_none(row["description"]),
        "agency_responsible": agency,
        "service_notice": None,
        "requested_datetime": iso(row["requested_at"], zone),
        "updated_datetime": iso(row["updated_at"], zone),
        "expected_datetime": iso(row["expected_at"], zone),
        "address": None if blurred else _or_none(row["address"]),
        "address_id": None,
        "zipcode": _or_none(row["zipcode"]),
        "lat": row["public_lat"],
        "long": row["public_lon"],
        "media_url": media_url(row, media_base),
    }
    if extensions is not None:
        item.update(extensions)
    return item


def request_extensions(
    row: Mapping[str, Any],
    area_name: str | None,
    notes: list[dict[str, Any]],
) -> dict[str, Any]:
    """What `extensions=true` adds: answers, our extra fields, the public timeline."""
    answers = row.get("answers") or {}
    return {
        "attributes": [
            {"code": code, "value": ", ".join(map(str, v)) if isinstance(v, list) else str(v)}
            for code, v in answers.items()
        ],
        "extended_attributes": {
            "detailed_status": OPEN311_EXTENDED_STATUS.get(Status(row["status"]), "OPEN"),
            "supporters": row["supporters"],
            "neighborhood": area_name,
            "duplicate_of": str(row["duplicate_of_id"]) if row["duplicate_of_id"] else None,
            "external_id": _or_none(row["external_id"]),
            "external_source": _or_none(row["external_source"]),
            "closed_datetime": iso(row["closed_at"]),
        },
        "notes": notes,
    }


def note(update: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "datetime": iso(update["at"]),
        "description": update["public_note"] or str(update["kind_label"]),
        "type": update["kind"],
    }


def request_update(update: Mapping[str, Any], *, media_base: str) -> dict[str, Any]:
    """A FixMyStreet-style `request_update` for /servicerequestupdates."""
    status = update["status"] or Status.OPEN
    return {
        "update_id": str(update["id"]),
        "service_request_id": str(update["report_id"]),
        "status": OPEN311_EXTENDED_STATUS.get(Status(status), "OPEN"),
        "updated_datetime": iso(update["at"]),
        "description": update["public_note"] or "",
        "media_url": "",
    }


def error(code: int, description: str) -> dict[str, Any]:
    return {"code": code, "description": description}


# ---------------------------------------------------------------------------- formats


def to_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_scalar(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return escape(str(value))


def _xml_element(tag: str, value: Any, out: list[str]) -> None:
    kind = type(value)
    # Exact type checks first: this runs ~20,000 times for a 1,000-request page.
    if kind is str:
        out.append(f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag}></{tag}>")
    elif kind is float or kind is int:
        out.append(f"<{tag}>{value}</{tag}>")
    elif isinstance(value, Mapping):
        out.append(f"<{tag}>")
        for key, inner in value.items():
            _xml_element(key, inner, out)
        out.append(f"</{tag}>")
    elif isinstance(value, list):
        item_tag = LIST_ITEM_TAGS.get(tag, "item")
        out.append(f"<{tag}>")
        for inner in value:
            _xml_element(item_tag, inner, out)
        out.append(f"</{tag}>")
    elif value is None:
        out.append(f"<{tag}/>")
    else:
        out.append(f"<{tag}>{_xml_scalar(value)}</{tag}>")


def to_xml(root: str, payload: Any) -> bytes:
    """`payload` (a list, or a dict for discovery and service definitions) under `root`."""
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    _xml_element(root, payload, out)
    return "".join(out).encode()
