"""Load HSDS data: 1.x/2.x CSV folders and 3.0 JSON (list, Page object, NDJSON).

Ids that are not UUIDs (HSDS 1.x numbers) become UUIDs derived from the source name, the
table and the id, so a re-import of the same folder updates rows instead of duplicating
them. Each file is loaded in its own transaction: a row that fails is rejected with its
reason and the rest of the file loads; a file that cannot be read at all leaves nothing.
Derived columns are refreshed once at the end.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from directory import derive, hours
from directory.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

NAMESPACE = uuid.UUID("a1b3c5d7-0000-4000-8000-000000000001")


class FileRejected(Exception):
    """The whole file cannot be used (unreadable, no header, wrong shape)."""


@dataclass
class Report:
    loaded: dict[str, int] = field(default_factory=dict)
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    failed_files: list[tuple[str, str]] = field(default_factory=list)
    service_ids: set[uuid.UUID] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return sum(self.loaded.values())


class Importer:
    def __init__(self, source: str, write: Callable[[str], None] = print) -> None:
        self.source = source
        self.write = write
        self.report = Report()

    def uid(self, table: str, value: str) -> uuid.UUID | None:
        value = (value or "").strip()
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            return uuid.uuid5(NAMESPACE, f"{self.source}:{table}:{value}")

    def jid(self, table: str, value: Any, fallback: str) -> uuid.UUID:
        """A JSON record's id, or one derived from `fallback` when it has none."""
        return self.uid(table, str(value or "")) or uuid.uuid5(
            NAMESPACE, f"{self.source}:{table}:{fallback}")

    # ------------------------------------------------------------------ CSV folders

    def load_folder(self, folder: Path) -> Report:
        steps: list[tuple[tuple[str, ...], Callable[[dict[str, str]], Any]]] = [
            (("organizations.csv",), self.organization_row),
            (("locations.csv",), self.location_row),
            (("services.csv",), self.service_row),
            (("services_at_location.csv", "service_at_location.csv"), self.link_row),
            (("physical_addresses.csv", "addresses.csv", "postal_addresses.csv"),
             self.address_row),
            (("phones.csv",), self.phone_row),
            (("regular_schedules.csv",), self.regular_schedule_row),
            (("schedules.csv",), self.schedule_row),
            (("languages.csv",), self.language_row),
            (("taxonomy_terms.csv", "taxonomy.csv"), self.term_row),
            (("service_attributes.csv", "services_taxonomy.csv"), self.attribute_row),
        ]
        for names, handler in steps:
            for name in names:
                path = folder / name
                if path.exists():
                    self.load_csv(path, handler)
        self.finish()
        return self.report

    def load_csv(self, path: Path, handler: Callable[[dict[str, str]], Any]) -> None:
        name = path.name
        try:
            with transaction.atomic():
                loaded = 0
                for number, row in self.read_csv(path):
                    try:
                        with transaction.atomic():
                            if handler(row):
                                loaded += 1
                    except (ValueError, KeyError, LookupError) as error:
                        self.reject(name, number, str(error))
                    except Exception as error:  # a database refusal of one row
                        self.reject(name, number, f"{type(error).__name__}: {error}")
                self.report.loaded[name] = self.report.loaded.get(name, 0) + loaded
                self.write(f"{name}: {loaded} rows")
        except FileRejected as error:
            self.report.failed_files.append((name, str(error)))
            self.write(f"{name}: not loaded: {error}")

    def read_csv(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FileRejected(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
        if "\x00" in text:
            raise FileRejected("contains NUL characters: not a CSV file")
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "id" not in [f.strip().lower() for f in reader.fieldnames]:
            raise FileRejected("no header row with an id column")
        for number, row in enumerate(reader, start=2):
            if None in row:
                self.reject(path.name, number, "more values than columns")
                continue
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if not any(clean.values()):
                continue  # an empty line of commas
            yield number, clean

    def reject(self, name: str, number: int, reason: str) -> None:
        self.report.rejected.append((name, number, reason))
        self.write(f"  rejected {name} row {number}: {reason}")

    def row_id(self, table: str, row: dict[str, str]) -> uuid.UUID:
        value = self.uid(table, row.get("id", ""))
        if value is None:
            raise ValueError("no id")
        return value

    def organization_row(self, row: dict[str, str]) -> bool:
        if not row.get("name"):
            raise ValueError("organization without a name")
        year = row.get("year_incorporated", "")
        Organization.objects.update_or_create(id=self.row_id("organization", row), defaults={
            "name": row["name"][:300], "alternate_name": row.get("alternate_name", "")[:300],
            "description": row.get("description", ""), "email": row.get("email", "")[:254],
            "website": row.get("url", row.get("website", ""))[:500],
            "tax_status": row.get("tax_status", "")[:100], "tax_id": row.get("tax_id", "")[:100],
            "year_incorporated": int(year) if year.isdigit() and 1700 < int(year) < 2100 else None,
            "legal_status": row.get("legal_status", "")[:200],
        })
        return True

    def _org(self, value: str) -> uuid.UUID | None:
        org_id = self.uid("organization", value)
        if org_id is not None and not Organization.objects.filter(pk=org_id).exists():
            return None
        return org_id

    def location_row(self, row: dict[str, str]) -> bool:
        lat, lon = _float(row.get("latitude", "")), _float(row.get("longitude", ""))
        if (lat is None) != (lon is None) or (
            lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
        ):
            raise ValueError("latitude and longitude must both be valid numbers")
        location = Location(id=self.row_id("location", row),
                            organization_id=self._org(row.get("organization_id", "")),
                            name=row.get("name", "")[:300],
                            alternate_name=row.get("alternate_name", "")[:300],
                            description=row.get("description", ""),
                            transportation=row.get("transportation", ""),
                            latitude=lat, longitude=lon)
        derive.locate(location)
        location.save()
        return True

    def service_row(self, row: dict[str, str]) -> bool:
        if not row.get("name"):
            raise ValueError("service without a name")
        status = (row.get("status") or "active").lower()
        if status not in ServiceStatus.values:
            raise ValueError(f"unknown status {status[:30]!r}")
        service, _created = Service.objects.update_or_create(
            id=self.row_id("service", row), defaults={
                "organization_id": self._org(row.get("organization_id", "")),
                "name": row["name"][:300], "alternate_name": row.get("alternate_name", "")[:300],
                "description": row.get("description", ""), "url": row.get("url", "")[:500],
                "email": row.get("email", "")[:254], "status": status,
                "interpretation_services": row.get("interpretation_services", ""),
                "application_process": row.get("application_process", ""),
                "wait_time": row.get("wait_time", "")[:300], "fees": row.get("fees", ""),
                "fees_description": row.get("fees_description", row.get("fees", "")),
                "accreditations": row.get("accreditations", ""),
                "licenses": row.get("licenses", ""),
            })
        self.report.service_ids.add(service.id)
        return True

    def _existing(self, model: Any, table: str, value: str, what: str) -> uuid.UUID:
        ref = self.uid(table, value)
        if ref is None or not model.objects.filter(pk=ref).exists():
            raise LookupError(f"unknown {what} {value[:40]!r}")
        return ref

    def link_row(self, row: dict[str, str]) -> bool:
        service_id = self._existing(Service, "service", row.get("service_id", ""), "service")
        location_id = self._existing(Location, "location", row.get("location_id", ""),
                                     "location")
        ServiceAtLocation.objects.update_or_create(
            service_id=service_id, location_id=location_id,
            defaults={"description": row.get("description", "")})
        self.report.service_ids.add(service_id)
        return True

    def address_row(self, row: dict[str, str]) -> bool:
        location = self.uid("location", row.get("location_id", ""))
        if location is None or not Location.objects.filter(pk=location).exists():
            raise LookupError("address without a known location")
        if not row.get("address_1"):
            raise ValueError("address without address_1")
        Address.objects.update_or_create(id=self.row_id("address", row), defaults={
            "location_id": location, "attention": row.get("attention", "")[:200],
            "address_1": row["address_1"][:300], "address_2": row.get("address_2", "")[:300],
            "city": row.get("city", "")[:100], "region": row.get("region", "")[:100],
            "state_province": row.get("state_province", "")[:100],
            "postal_code": row.get("postal_code", "")[:20],
            "country": (row.get("country") or "US")[:2].upper(),
        })
        return True

    def phone_row(self, row: dict[str, str]) -> bool:
        number = row.get("number", "")
        if not number:
            raise ValueError("phone without a number")
        refs = {
            "service_id": self.uid("service", row.get("service_id", "")),
            "location_id": self.uid("location", row.get("location_id", "")),
            "organization_id": self.uid("organization", row.get("organization_id", "")),
        }
        models: dict[str, Any] = {"service_id": Service, "location_id": Location,
                                  "organization_id": Organization}
        refs = {k: v for k, v in refs.items()
                if v is not None and models[k].objects.filter(pk=v).exists()}
        if not refs:
            raise LookupError("phone belongs to no known service, location or organization")
        ext = row.get("extension", "")
        phone_id = self.uid("phone", row.get("id", "")) or uuid.uuid5(
            NAMESPACE, f"{self.source}:phone:{number}:{sorted(refs.items())}")
        Phone.objects.update_or_create(id=phone_id, defaults={
            "number": number[:60],
            "extension": int(ext) if ext.isdigit() and len(ext) < 9 else None,
            "type": row.get("type", "")[:20], "description": row.get("description", ""), **refs,
        })
        return True

    def _schedule_refs(self, row: dict[str, str]) -> dict[str, Any]:
        service = self.uid("service", row.get("service_id", ""))
        location = self.uid("location", row.get("location_id", ""))
        refs: dict[str, Any] = {}
        if service and Service.objects.filter(pk=service).exists():
            refs["service_id"] = service
            self.report.service_ids.add(service)
        if location and Location.objects.filter(pk=location).exists():
            refs["location_id"] = location
            self.report.service_ids.update(ServiceAtLocation.objects.filter(
                location_id=location).values_list("service_id", flat=True))
        if not refs:
            raise LookupError("schedule belongs to no known service or location")
        return refs

    def regular_schedule_row(self, row: dict[str, str]) -> bool:
        """HSDS 1.x regular_schedules: one weekday with opens_at/closes_at."""
        day = hours.parse_weekday(row.get("weekday", ""))
        opens, closes = hours.parse_time(row.get("opens_at", "")), hours.parse_time(
            row.get("closes_at", ""))
        hours.periods_for([day], opens, closes,
                          allow_overnight=hours.plausible_overnight(opens, closes))
        refs = self._schedule_refs(row)
        key = f"{self.source}:regular:{row.get('id') or ''}:{sorted(refs.items())}:{day}:{opens}"
        Schedule.objects.update_or_create(id=uuid.uuid5(NAMESPACE, key), defaults={
            "freq": "WEEKLY", "byday": hours.DAY_CODES[day], "opens_at": opens,
            "closes_at": closes, **refs})
        return True

    def schedule_row(self, row: dict[str, str]) -> bool:
        if not any(row.get(k) for k in ("byday", "opens_at", "description", "freq")):
            return False  # an empty template row
        refs = self._schedule_refs(row)
        if row.get("byday"):
            hours.parse_byday(row["byday"])
        opens = hours.parse_time(row["opens_at"]) if row.get("opens_at") else None
        closes = hours.parse_time(row["closes_at"]) if row.get("closes_at") else None
        if opens and closes:
            hours.periods_for([0], opens, closes,
                              allow_overnight=hours.plausible_overnight(opens, closes))
        Schedule.objects.update_or_create(id=self.row_id("schedule", row), defaults={
            "freq": row.get("freq", "")[:10].upper(), "byday": row.get("byday", "")[:60],
            "opens_at": opens, "closes_at": closes,
            "description": row.get("description", ""), **refs})
        return True

    def language_row(self, row: dict[str, str]) -> bool:
        name = row.get("language") or row.get("name") or ""
        if not name:
            raise ValueError("language without a name")
        refs: dict[str, Any] = {}
        for key, table, model in (("service_id", "service", Service),
                                  ("location_id", "location", Location)):
            ref = self.uid(table, row.get(key, ""))
            if ref and model.objects.filter(pk=ref).exists():
                refs[key] = ref
        if not refs:
            return False  # a language of nothing (the DC files list bare languages)
        Language.objects.update_or_create(id=self.row_id("language", row), defaults={
            "name": name[:100], "code": derive.language_code(name), **refs})
        if "service_id" in refs:
            self.report.service_ids.add(refs["service_id"])
        return True

    def term_row(self, row: dict[str, str]) -> bool:
        """A source's own taxonomy term (1.x: id, term or name, parent_id, taxonomy)."""
        name = row.get("term") or row.get("name") or ""
        if not name:
            raise ValueError("taxonomy term without a name")
        parent = self.uid("taxonomy_term", row.get("parent_id", ""))
        if parent is not None and not TaxonomyTerm.objects.filter(pk=parent).exists():
            parent = None
        TaxonomyTerm.objects.update_or_create(id=self.row_id("taxonomy_term", row), defaults={
            "name": name[:300], "description": row.get("description", "").strip(),
            "parent_id": parent, "taxonomy_name": row.get("taxonomy", "")[:200],
            "code": row.get("id", "")[:100]})
        return True

    def attribute_row(self, row: dict[str, str]) -> bool:
        service = self._existing(Service, "service", row.get("service_id", ""), "service")
        value = row.get("taxonomy_term_id") or row.get("taxonomy_id") or ""
        term_id = self.uid("taxonomy_term", value)
        term = (TaxonomyTerm.objects.filter(pk=term_id).first() if term_id else None) or (
            TaxonomyTerm.objects.filter(code=value).first())
        if term is None:
            raise LookupError(f"unknown taxonomy term {value[:40]!r}")
        Attribute.objects.update_or_create(
            link_id=service, link_entity="service", taxonomy_term=term,
            defaults={"link_type": "service_category"})
        self.report.service_ids.add(service)
        return True

    # ------------------------------------------------------------------ HSDS 3.0 JSON

    def load_json(self, path: Path) -> Report:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            self.report.failed_files.append((path.name, f"not UTF-8 ({error.reason})"))
            return self.report
        try:
            items = _json_items(text)
        except ValueError as error:
            self.report.failed_files.append((path.name, str(error)))
            self.write(f"{path.name}: not loaded: {error}")
            return self.report
        with transaction.atomic():
            loaded = 0
            for number, item in enumerate(items, start=1):
                try:
                    with transaction.atomic():
                        self.json_service(item)
                        loaded += 1
                except (ValueError, KeyError, LookupError, TypeError) as error:
                    self.reject(path.name, number, str(error))
            self.report.loaded[path.name] = loaded
            self.write(f"{path.name}: {loaded} records")
        self.finish()
        return self.report

    def json_service(self, item: Any) -> None:
        if not isinstance(item, dict):
            raise TypeError("not an object")
        org = item.get("organization")
        if isinstance(org, dict):
            if not org.get("name"):
                raise ValueError("organization without a name")
            Organization.objects.update_or_create(
                id=self.jid("organization", org.get("id"), str(org["name"])),
                defaults={"name": str(org["name"])[:300],
                          "description": str(org.get("description") or ""),
                          "website": str(org.get("website") or "")[:500]})
        if not item.get("name"):
            raise ValueError("service without a name")
        status = str(item.get("status") or "active").lower()
        if status not in ServiceStatus.values:
            raise ValueError(f"unknown status {status[:30]!r}")
        org_id = self.uid("organization", str(item.get("organization_id") or (
            org.get("id") if isinstance(org, dict) else "") or ""))
        if org_id is not None and not Organization.objects.filter(pk=org_id).exists():
            org_id = None
        service, _ = Service.objects.update_or_create(
            id=self.jid("service", item.get("id"), str(item["name"])), defaults={
                "organization_id": org_id, "name": str(item["name"])[:300],
                "description": str(item.get("description") or ""),
                "url": str(item.get("url") or "")[:500],
                "email": str(item.get("email") or "")[:254],
                "status": status,
                "fees_description": str(item.get("fees_description") or ""),
                "eligibility_description": str(item.get("eligibility_description") or ""),
                "application_process": str(item.get("application_process") or ""),
            })
        self.report.service_ids.add(service.id)
        for link in item.get("service_at_locations") or []:
            place = link.get("location") if isinstance(link, dict) else None
            if not isinstance(place, dict):
                continue
            location, _ = Location.objects.update_or_create(
                id=self.jid("location", place.get("id"), f"{service.id}:{place.get('name')}"),
                defaults={
                    "name": str(place.get("name") or "")[:300],
                    "latitude": _float(str(place.get("latitude", ""))),
                    "longitude": _float(str(place.get("longitude", ""))),
                    "location_type": str(place.get("location_type") or "physical")[:10]})
            ServiceAtLocation.objects.update_or_create(service=service, location=location)
        for phone in item.get("phones") or []:
            if isinstance(phone, dict) and phone.get("number"):
                Phone.objects.update_or_create(
                    id=self.jid("phone", phone.get("id"), f"{service.id}:{phone['number']}"),
                    defaults={"service": service, "number": str(phone["number"])[:60]})

    def finish(self) -> None:
        if self.report.service_ids:
            derive.refresh_services(self.report.service_ids)


def _float(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _json_items(text: str) -> list[Any]:
    stripped = text.strip()
    if not stripped:
        raise ValueError("empty file")
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        try:
            return [json.loads(line) for line in stripped.splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON or NDJSON (line {error.lineno})") from None
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return list(data["contents"])
    if isinstance(data, dict):
        return [data]
    raise ValueError("expected a list, a page object or a service")
