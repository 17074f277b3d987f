"""Import 311 service-request exports (CSV) as reports. No views here.

`import_311(path_or_file, ...)` detects the file's column mapping from its header (or
takes one by name), reads naive local times in the given zone, maps statuses and request
types onto our statuses and categories (creating missing categories), and writes reports
in batches with bulk queries. The original request id is kept in `external_id` with
`external_source`, so importing the same file again updates rather than duplicates.
Rows without a usable location, or outside the loaded areas, are kept and flagged.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.actors import System
from audit.lib import record_change
from places.models import Area
from reports.actions import do_create_category
from reports.events import ReportsEvent
from reports.models import Category, Report, ReportUpdate, Status, public_point
from trustbeat.lib.datafiles import open_data_text
from trustbeat.lib.geo import h3_cell, is_valid_lat_lon

BATCH_SIZE = 2000
PROGRESS_EVERY = 10_000
csv.field_size_limit(1_000_000)


# ---------------------------------------------------------------------------- mappings


@dataclass(frozen=True)
class ColumnMapping:
    """Where one export format keeps each field; column names are matched case-blind."""

    name: str
    source: str  # default external_source
    id: str
    type: str
    status: str
    created: str
    updated: str = ""
    closed: str = ""
    due: str = ""
    lat: str = ""
    lon: str = ""
    address: str = ""
    zipcode: str = ""
    description: str = ""
    status_note: str = ""
    channel: str = ""
    # Points a system writes when it has no location ("city hall"): treated as missing.
    placeholder_points: frozenset[tuple[float, float]] = frozenset()

    def columns(self) -> set[str]:
        return {c for c in (self.id, self.type, self.status, self.created) if c}


MAPPINGS = {
    "la2020": ColumnMapping(
        name="la2020", source="la311", id="srnumber", type="requesttype", status="status",
        created="createddate", updated="updateddate", closed="closeddate", due="servicedate",
        lat="latitude", lon="longitude", address="address", zipcode="zipcode",
        status_note="actiontaken", channel="requestsource",
    ),
    "la2017": ColumnMapping(
        name="la2017", source="la311", id="srnumber", type="requesttype", status="status",
        created="createddate", updated="updateddate", closed="closeddate", due="servicedate",
        lat="latitude", lon="longitude", address="address", zipcode="zipcode",
        status_note="actiontaken", channel="requestsource",
    ),
    "boston": ColumnMapping(
        name="boston", source="boston311", id="case_enquiry_id", type="type",
        status="case_status", created="open_dt", closed="closed_dt", due="target_dt",
        lat="latitude", lon="longitude", address="location", zipcode="location_zipcode",
        description="case_title", status_note="closure_reason", channel="source",
        placeholder_points=frozenset({(42.3594, -71.0587)}),
    ),
}
# Columns that tell the two Los Angeles layouts apart (2017 has camel-case extras).
_LA2017_MARKERS = {"addressverified", "approximateaddress", "tbmpage"}


class ImportError311(ValueError):
    """The file cannot be imported at all (unknown layout, missing columns)."""


def detect_mapping(header: Iterable[str]) -> ColumnMapping:
    names = {h.strip().lower() for h in header}
    if MAPPINGS["boston"].columns() <= names:
        return MAPPINGS["boston"]
    if MAPPINGS["la2020"].columns() <= names:
        return MAPPINGS["la2017"] if _LA2017_MARKERS & names else MAPPINGS["la2020"]
    raise ImportError311(
        "Cannot tell the file's layout from its header; name one with --mapping "
        f"({', '.join(sorted(MAPPINGS))})."
    )


# ---------------------------------------------------------------------------- values

_DATE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$"
)


def parse_local_time(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """`M/D/YY H:MM`, `MM/DD/YYYY HH:MM:SS AM` or ISO 8601, read in `zone` if naive.

    A hand-written parser: strptime is the slowest step on a 100k-row file.
    """
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.match(text)
    if match is None:
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    month, day, year, hour, minute, second, meridiem = match.groups()
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 70 else 1900
    h = int(hour or 0)
    if meridiem:
        pm = meridiem.lower() == "pm"
        if h == 12:
            h = 12 if pm else 0
        elif pm:
            h += 12
    try:
        return dt.datetime(
            y, int(month), int(day), h, int(minute or 0), int(second or 0), tzinfo=zone
        )
    except ValueError:
        return None


def parse_float(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value == value else None  # NaN


def clean_zipcode(text: str) -> str:
    text = (text or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and len(text) < 5:
        text = text.zfill(5)
    return text[:12]


_CLOSED_NOT_FIXED_WORDS = ("invalid", "duplicate", "unable", "no action", "not ", "cancel")

STATUS_WORDS = {
    "open": Status.OPEN,
    "new": Status.OPEN,
    "pending": Status.ACTION_SCHEDULED,
    "in progress": Status.IN_PROGRESS,
    "referred out": Status.REFERRED,
    "referred": Status.REFERRED,
    "cancelled": Status.CLOSED_NOT_FIXED,
    "canceled": Status.CLOSED_NOT_FIXED,
    "closed": Status.FIXED,
    "resolved": Status.FIXED,
}


def map_status(text: str, note: str = "", closed: bool = False) -> str:
    """A 311 status word (and closure reason) → our status."""
    status = STATUS_WORDS.get((text or "").strip().lower())
    if status is None:
        status = Status.FIXED if closed else Status.OPEN
    if status == Status.FIXED and note:
        lowered = note.lower()
        if any(word in lowered for word in _CLOSED_NOT_FIXED_WORDS) and "resolved" not in lowered:
            status = Status.CLOSED_NOT_FIXED
    return status


# ---------------------------------------------------------------------------- rows


@dataclass
class Row:
    external_id: str
    type_name: str
    status: str
    requested_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    expected_at: dt.datetime | None
    lat: float | None
    lon: float | None
    address: str
    zipcode: str
    description: str
    status_note: str
    flag: str


def parse_row(raw: dict[str, str], mapping: ColumnMapping, zone: dt.tzinfo) -> Row | str:
    """A Row, or the reason the row is skipped."""

    def get(column: str) -> str:
        return (raw.get(column) or "").strip() if column else ""

    external_id = get(mapping.id)
    if not external_id:
        return "no request id"
    if len(external_id) > 64:
        return "request id longer than 64 characters"
    type_name = get(mapping.type)
    if not type_name:
        return "no request type"
    requested = parse_local_time(get(mapping.created), zone)
    if requested is None:
        return "no readable created date"
    closed = parse_local_time(get(mapping.closed), zone)
    note = get(mapping.status_note)
    status = map_status(get(mapping.status), note if mapping.name == "boston" else "", bool(closed))
    is_closed = status in (Status.FIXED, Status.CLOSED_NOT_FIXED, Status.NOT_RESPONSIBLE)
    if not is_closed:
        closed = None
    elif closed is None:
        closed = parse_local_time(get(mapping.updated), zone) or requested
    updated = parse_local_time(get(mapping.updated), zone) or closed or requested
    lat, lon = parse_float(get(mapping.lat)), parse_float(get(mapping.lon))
    flag = Report.LocationFlag.OK
    if (
        lat is None
        or lon is None
        or (lat == 0 and lon == 0)
        or not is_valid_lat_lon(lat, lon)
        or (round(lat, 4), round(lon, 4)) in mapping.placeholder_points
    ):
        lat = lon = None
        flag = Report.LocationFlag.MISSING
    description = get(mapping.description)[:4000]
    # LA's "action taken" is a workflow step, not news for the public.
    status_note = note[:4000] if mapping.name == "boston" else ""
    return Row(
        external_id=external_id,
        type_name=type_name[:120],
        status=status,
        requested_at=requested,
        updated_at=max(updated, requested),
        closed_at=closed,
        expected_at=parse_local_time(get(mapping.due), zone),
        lat=lat,
        lon=lon,
        address=" ".join(get(mapping.address).split())[:250],
        zipcode=clean_zipcode(get(mapping.zipcode)),
        description=description,
        status_note=status_note,
        flag=flag,
    )


# ---------------------------------------------------------------------------- import


@dataclass
class ImportSummary:
    mapping: str = ""
    source: str = ""
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    categories_created: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        out = [
            f"{self.rows} rows read ({self.mapping} layout, source {self.source!r}) "
            f"in {self.seconds:.1f}s ({self.rows_per_second:,.0f} rows/s)",
            f"  imported: {self.imported}",
            f"  updated:  {self.updated}",
            f"  unchanged: {self.unchanged}",
            f"  skipped:  {sum(self.skipped.values())}",
        ]
        out += [f"    {count} × {reason}" for reason, count in self.skipped.most_common()]
        out += [
            f"  flagged {label}: {count}"
            for label, count in sorted(self.flagged.items())
            if label != Report.LocationFlag.OK
        ]
        if self.categories_created:
            out.append(f"  new categories: {len(self.categories_created)}")
        return out


class Importer:
    def __init__(
        self,
        mapping: ColumnMapping,
        *,
        zone: dt.tzinfo,
        source: str,
        type_map: dict[str, str] | None = None,
        progress: Callable[[str], None] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.mapping = mapping
        self.zone = zone
        self.source = source
        self.type_map = {k.lower(): v for k, v in (type_map or {}).items()}
        self.progress = progress
        self.batch_size = batch_size
        self.summary = ImportSummary(mapping=mapping.name, source=source)
        self.categories: dict[str, Category] = {}
        self.privacy: dict[int, str] = {}
        self.routes: dict[tuple[int, int | None], int] = {}
        self.parents = dict(Area.objects.values_list("id", "parent_id"))
        self.areas_loaded = bool(self.parents)

    # -- categories and routing

    def category_for(self, type_name: str) -> Category:
        key = type_name.lower()
        category = self.categories.get(key)
        if category is not None:
            return category
        code = self.type_map.get(key) or slugify(type_name)[:64] or "other"
        category = Category.objects.filter(code=code).first()
        if category is None:
            category = Category.objects.filter(name__iexact=type_name).first()
        if category is None:
            code = self._free_code(code)
            category = do_create_category(
                code=code, name=type_name, group=self.source, actor=None
            )
            self.summary.categories_created.append(code)
        self.categories[key] = category
        self.privacy[category.pk] = category.location_privacy
        from reports.routing import route_table

        self.routes.update(route_table([category.pk]))
        return category

    @staticmethod
    def _free_code(code: str) -> str:
        candidate, n = code, 2
        while Category.objects.filter(code=candidate).exists():
            candidate = f"{code[:60]}-{n}"
            n += 1
        return candidate

    def organization_for(self, category: Category, area_id: int | None) -> int | None:
        seen = set()
        current = area_id
        while current is not None and current not in seen:
            seen.add(current)
            org = self.routes.get((category.pk, current))
            if org is not None:
                return org
            current = self.parents.get(current)
        return self.routes.get((category.pk, None), category.default_organization_id)

    # -- the work

    def run(self, rows: Iterable[dict[str, str]], limit: int | None = None) -> ImportSummary:
        started = time.monotonic()
        stream: Iterator[dict[str, str]] = iter(rows)
        if limit:
            stream = itertools.islice(stream, limit)
        next_report = PROGRESS_EVERY
        while True:
            batch = list(itertools.islice(stream, self.batch_size))
            if not batch:
                break
            self.summary.rows += len(batch)
            self._import_batch(batch)
            if self.progress and self.summary.rows >= next_report:
                elapsed = time.monotonic() - started
                self.progress(
                    f"{self.summary.rows:,} rows ({self.summary.rows / elapsed:,.0f}/s): "
                    f"{self.summary.imported:,} new, {self.summary.updated:,} updated, "
                    f"{sum(self.summary.skipped.values()):,} skipped"
                )
                next_report += PROGRESS_EVERY
        self.summary.seconds = time.monotonic() - started
        # A run that found everything already up to date changed nothing worth a log line.
        if self.summary.imported or self.summary.updated:
            record_change(
                System(job="import_311"), ReportsEvent.REPORT_IMPORT, None,
                source=self.source, mapping=self.mapping.name,
                rows=self.summary.rows, imported=self.summary.imported,
                updated=self.summary.updated, skipped=dict(self.summary.skipped),
            )
        return self.summary

    def _import_batch(self, batch: list[dict[str, str]]) -> None:
        from places.lookup import find_area_ids

        parsed: dict[str, Row] = {}
        for raw in batch:
            row = parse_row(raw, self.mapping, self.zone)
            if isinstance(row, str):
                self.summary.skipped[row] += 1
                continue
            if row.external_id in parsed:
                self.summary.skipped["repeated request id (the later row is kept)"] += 1
            parsed[row.external_id] = row
        if not parsed:
            return
        rows = list(parsed.values())
        area_ids: list[int | None] = (
            find_area_ids([(r.lat, r.lon) for r in rows])
            if self.areas_loaded
            else [None] * len(rows)
        )
        with transaction.atomic():
            existing = {
                current["external_id"]: current
                for current in Report.objects.filter(
                    external_source=self.source, external_id__in=list(parsed)
                ).values("external_id", "pk", *UPDATE_FIELDS)
            }
            new_reports: list[dict[str, Any]] = []
            changed: list[dict[str, Any]] = []
            for row, area_id in zip(rows, area_ids, strict=True):
                values = self._report(row, area_id)
                current = existing.get(row.external_id)
                if current is None:
                    new_reports.append(values)
                elif any(values[f] != current[f] for f in UPDATE_FIELDS):
                    values["id"] = current["pk"]
                    changed.append(values)
                else:
                    self.summary.unchanged += 1
                self.summary.flagged[values["location_flag"]] += 1
            if new_reports:
                REPORT_WRITER.insert(new_reports)
                ids = dict(
                    Report.objects.filter(
                        external_source=self.source,
                        external_id__in=[r["external_id"] for r in new_reports],
                    ).values_list("external_id", "pk")
                )
                UPDATE_WRITER.insert(self._timeline(new_reports, ids))
            if changed:
                REPORT_WRITER.update(changed, UPDATE_FIELDS)
        self.summary.imported += len(new_reports)
        self.summary.updated += len(changed)

    def _report(self, row: Row, area_id: int | None) -> dict[str, Any]:
        """The report's column values (attnames); the writer fills in the defaults."""
        category = self.category_for(row.type_name)
        flag = row.flag
        cell = ""
        public_lat = public_lon = None
        if row.lat is not None and row.lon is not None:
            cell = h3_cell(row.lat, row.lon)
            public_lat, public_lon = public_point(
                row.lat, row.lon, cell, self.privacy[category.pk]
            )
            if area_id is None:
                flag = Report.LocationFlag.OUTSIDE
        return {
            "category_id": category.pk,
            "status": row.status,
            "is_open": row.closed_at is None,
            "status_note": row.status_note,
            "description": row.description,
            "lat": row.lat,
            "lon": row.lon,
            "address": row.address,
            "zipcode": row.zipcode,
            "area_id": area_id,
            "h3_cell": cell,
            "public_lat": public_lat,
            "public_lon": public_lon,
            "location_flag": flag,
            "organization_id": self.organization_for(category, area_id),
            "requested_at": row.requested_at,
            "updated_at": row.updated_at,
            "expected_at": row.expected_at,
            "closed_at": row.closed_at,
            "source": Report.Source.IMPORT,
            "external_source": self.source,
            "external_id": row.external_id,
        }

    @staticmethod
    def _timeline(reports: list[dict[str, Any]], ids: dict[str, int]) -> list[dict[str, Any]]:
        """A "reported" entry for each new report, and its status change if any."""
        updates = []
        for report in reports:
            pk = ids[report["external_id"]]
            updates.append(
                {"report_id": pk, "at": report["requested_at"],
                 "kind": ReportUpdate.Kind.CREATED, "status": Status.OPEN}
            )
            if report["status"] != Status.OPEN:
                updates.append(
                    {"report_id": pk, "at": report["closed_at"] or report["updated_at"],
                     "kind": ReportUpdate.Kind.STATUS, "status": report["status"],
                     "public_note": report["status_note"]}
                )
        return updates


def _datetime_adapter(connection: Any) -> Callable[[Any], Any]:
    if connection.vendor == "postgresql":
        return lambda v: v  # psycopg sends aware datetimes as timestamptz
    if connection.vendor == "sqlite":
        utc = dt.UTC

        # What Django's SQLite backend stores (naive UTC text), without its per-call checks.
        def adapt(value: Any) -> Any:
            if value is None:
                return None
            return value.astimezone(utc).replace(tzinfo=None).isoformat(" ")

        return adapt
    return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]


class RowWriter:
    """Plain INSERT/UPDATE with executemany for one model.

    The ORM's bulk_create spends most of an import compiling SQL and preparing each value
    (measured: 70% of the time on 10k rows); here the statement is built once and only
    datetimes and JSON need adapting.
    """

    def __init__(self, model: type[Any]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}

    def _adapt(self, connection: Any) -> list[Callable[[Any], Any]]:
        adapters: list[Callable[[Any], Any]] = []
        for f in self.fields:
            kind = f.get_internal_type()
            if kind == "DateTimeField":
                adapters.append(_datetime_adapter(connection))
            elif kind == "JSONField":
                adapters.append(lambda v: json.dumps(v))
            else:
                adapters.append(lambda v: v)
        return adapters

    def insert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        connection = connections[router.db_for_write(self.model)]
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        columns = ", ".join(qn(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        adapters = self._adapt(connection)
        names = [f.attname for f in self.fields]
        defaults = self.defaults
        params = [
            [
                adapt(row[name] if name in row else defaults[name])
                for name, adapt in zip(names, adapters, strict=True)
            ]
            for row in rows
        ]
        if connection.vendor == "postgresql":
            # COPY: one round trip for the batch instead of one per row.
            connection.ensure_connection()
            with connection.connection.cursor() as raw:
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in params:
                        copy.write_row(values)
            return
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)  # noqa: S608

    def update(self, rows: list[dict[str, Any]], attnames: list[str]) -> None:
        connection = connections[router.db_for_write(self.model)]
        qn = connection.ops.quote_name
        by_name = {f.attname: f for f in self.fields}
        adapters = dict(zip([f.attname for f in self.fields], self._adapt(connection), strict=True))
        sets = ", ".join(f"{qn(by_name[name].column)} = %s" for name in attnames)
        table = qn(self.model._meta.db_table)
        params = [[adapters[name](row[name]) for name in attnames] + [row["id"]] for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", params)  # noqa: S608


REPORT_WRITER = RowWriter(Report)
UPDATE_WRITER = RowWriter(ReportUpdate)


# Re-import refreshes what the source system owns; work done here (assignee, priority,
# merges, supporters) stays.
UPDATE_FIELDS = [
    "category_id", "status", "is_open", "status_note", "description", "lat", "lon", "address",
    "zipcode", "area_id", "h3_cell", "public_lat", "public_lon", "location_flag",
    "requested_at", "updated_at", "expected_at", "closed_at",
]  # fmt: skip


def open_csv(path: str | Path | IO[str]) -> IO[str]:
    # A name ending in .gz is read through gzip: exports are often shipped compressed, and
    # the repository keeps its demo sample that way.
    if isinstance(path, (str, Path)):
        return open_data_text(path, errors="replace")
    return path


def import_311(
    path: str | Path | IO[str],
    *,
    mapping: str = "auto",
    timezone_name: str | None = None,
    source: str = "",
    type_map: dict[str, str] | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Import one CSV export. Raises ImportError311 if the layout is unknown."""
    zone = zoneinfo.ZoneInfo(timezone_name) if timezone_name else timezone.get_default_timezone()
    handle = open_csv(path)
    try:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        chosen = detect_mapping(header) if mapping == "auto" else MAPPINGS.get(mapping)
        if chosen is None:
            raise ImportError311(f"Unknown mapping {mapping!r}; use one of {sorted(MAPPINGS)}.")
        missing = chosen.columns() - {h.strip().lower() for h in header}
        if missing:
            raise ImportError311(f"The file lacks the columns {sorted(missing)}.")
        # Match columns case-blind by lower-casing the header once.
        reader.fieldnames = [h.strip().lower() for h in header]
        importer = Importer(
            chosen,
            zone=zone,
            source=source or chosen.source,
            type_map=type_map,
            progress=progress,
            batch_size=batch_size,
        )
        return importer.run(reader, limit=limit)
    finally:
        if isinstance(path, (str, Path)):
            handle.close()
