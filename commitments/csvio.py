"""CSV export and import of commitments, keyed on `external_id`.

Export writes one row per commitment. Every text cell that a spreadsheet would read as a
formula (a leading `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe,
so opening the file can never run anything (CSV injection).

Import is all or nothing: every row is checked by the same actions the pages use, inside
one transaction; if any row is refused, nothing is saved and the report lists each
problem with its line number. A row whose external id exists updates that commitment
(details, then status, then progress); a new id creates one. Parents are linked in a
second pass, so a file may list parts before the commitment they belong to. An
apostrophe our export added in front of a formula-like text is removed again, so an
exported file re-imports unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from commitments import actions
from commitments.models import Commitment, Status
from commitments.permissions import can_configure_commitments
from places.models import Area

COLUMNS = [
    "external_id", "title_en", "title_es", "description_en", "description_es", "side",
    "owner", "theme", "areas", "citywide", "start_date", "due_date", "status", "progress",
    "origin", "source_label", "source_url", "parent_external_id", "weight",
]
REQUIRED = {"external_id", "title_en", "side", "owner", "theme", "start_date", "due_date"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
TRUE_WORDS = {"yes", "true", "1", "y", "sí", "si"}


def neutralise(value: Any) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _restore(text: str) -> str:
    """Undo `neutralise` on import."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# ---------------------------------------------------------------------------- export


def export_rows(commitments: Iterable[Commitment]) -> Iterator[list[str]]:
    yield COLUMNS
    for c in commitments:
        yield [neutralise(v) for v in (
            c.external_id or "", c.title_en, c.title_es, c.description_en, c.description_es,
            c.side, c.owner.slug, c.theme, ";".join(a.slug for a in c.areas.all()),
            "yes" if c.is_citywide else "no", c.start_date.isoformat(),
            c.due_date.isoformat(), c.status.code, c.progress, c.origin, c.source_label,
            c.source_url, c.parent.external_id if c.parent and c.parent.external_id else "",
            c.weight,
        )]


def export_queryset() -> Any:
    return (Commitment.objects.select_related("owner", "status", "parent")
            .prefetch_related("areas").order_by("id"))


def write_csv(out: Any, commitments: Iterable[Commitment]) -> None:
    writer = csv.writer(out)
    for row in export_rows(commitments):
        writer.writerow(row)


# ---------------------------------------------------------------------------- import


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowError(Exception):
    pass


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, errors in error.error_dict.items()
                for message in ValidationError(errors).messages]
    return list(error.messages)


def _date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _RowError(_("%(column)s: use a date like 2026-03-31.") % {"column": name}) \
            from None


def _parse(row: dict[str, str], line: int, lookups: dict[str, Any]) -> dict[str, Any]:
    values = {k: _restore((row.get(k) or "").strip()) for k in COLUMNS}
    missing = sorted(k for k in REQUIRED if not values[k])
    if missing:
        raise _RowError(_("missing %(columns)s.") % {"columns": ", ".join(missing)})
    owner = lookups["owners"].get(values["owner"])
    if owner is None:
        raise _RowError(_("owner: no organization with the code “%(slug)s”.")
                        % {"slug": values["owner"][:60]})
    areas = []
    for slug in filter(None, (s.strip() for s in values["areas"].split(";"))):
        area = lookups["areas"].get(slug)
        if area is None:
            raise _RowError(_("areas: no neighborhood with the code “%(slug)s”.")
                            % {"slug": slug[:60]})
        areas.append(area)
    status = None
    if values["status"]:
        status = lookups["statuses"].get(values["status"])
        if status is None:
            raise _RowError(_("status: no status with the code “%(code)s”.")
                            % {"code": values["status"][:40]})
    weight_text = values["weight"] or "1"
    if not weight_text.isdigit() or len(weight_text) > 3:
        raise _RowError(_("weight: a whole number from 0 to 100."))
    return {
        "external_id": values["external_id"],
        "fields": {
            "title_en": values["title_en"], "title_es": values["title_es"],
            "description_en": values["description_en"],
            "description_es": values["description_es"], "side": values["side"],
            "owner": owner, "theme": values["theme"],
            "start_date": _date(values["start_date"], "start_date"),
            "due_date": _date(values["due_date"], "due_date"),
            "origin": values["origin"] or "plain", "source_label": values["source_label"],
            "source_url": values["source_url"], "weight": int(weight_text),
            "is_citywide": values["citywide"].lower() in TRUE_WORDS,
        },
        "areas": areas,
        "status": status,
        "progress": values["progress"],
        "parent": values["parent_external_id"],
        "line": line,
    }


def _read(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    if len(data) > MAX_BYTES:
        raise _RowError(_("The file is too large: the limit is 5 MB."))
    if b"\x00" in data:
        raise _RowError(_("The file contains characters that are not allowed."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _RowError(_("Save the file as UTF-8 CSV.")) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise _RowError(_("The file has more than %(max)d rows; split it.")
                            % {"max": MAX_ROWS})
        rows.append(row)
    return header, rows


def _apply(item: dict[str, Any], actor: Any, report: ImportReport) -> Commitment:
    existing = Commitment.objects.filter(external_id=item["external_id"]).first()
    fields, status, progress = item["fields"], item["status"], item["progress"]
    if existing is None:
        commitment = actions.do_create_commitment(
            **fields, external_id=item["external_id"], areas=item["areas"], status=status,
            progress=progress or None, actor=actor)
        report.created += 1
        return commitment
    before = Commitment.objects.get(pk=existing.pk)
    changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
    same_areas = set(existing.areas.values_list("pk", flat=True)) == {
        a.pk for a in item["areas"]}
    if changed or not same_areas:
        actions.do_update_commitment(existing, areas=item["areas"], actor=actor, **changed)
    if status is not None and status.pk != existing.status_id:
        actions.do_set_status(existing, status, progress=None if existing.children.exists()
                              else (progress or None), actor=actor)
    elif progress and not existing.children.exists() and str(existing.progress) != progress:
        actions.do_set_progress(existing, progress, actor=actor)
    existing.refresh_from_db()
    if (existing.updated_at == before.updated_at and same_areas):
        report.unchanged += 1
    else:
        report.updated += 1
    return existing


def import_csv(data: bytes, *, actor: Any, dry_run: bool = False) -> ImportReport:
    """Check every row, then save them all or nothing. `dry_run` only checks."""
    if actor is not None and not can_configure_commitments(actor):
        raise PermissionDenied(_("You may not change this."))
    report = ImportReport()
    try:
        header, rows = _read(data)
    except _RowError as error:
        report.errors.append((0, str(error)))
        return report
    unknown = [h for h in header if h not in COLUMNS]
    missing = sorted(REQUIRED - set(header))
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown[:10])})
        report.errors.append((1, "; ".join(problems) + "."))
        return report
    lookups = {
        "owners": {o.slug: o for o in Organization.objects.filter(is_active=True)},
        "areas": {a.slug: a for a in Area.objects.filter(level=Area.Level.NEIGHBORHOOD)},
        "statuses": {s.code: s for s in Status.objects.filter(is_active=True)},
    }
    items = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if None in row:  # more cells than columns
            report.errors.append((line, _("this row has more cells than the header.")))
            continue
        try:
            item = _parse(row, line, lookups)
        except _RowError as error:
            report.errors.append((line, str(error)))
            continue
        if item["external_id"] in seen:
            report.errors.append((line, _("external_id %(id)s is also on line %(other)d.")
                                  % {"id": item["external_id"][:64],
                                     "other": seen[item["external_id"]]}))
            continue
        seen[item["external_id"]] = line
        items.append(item)
    if report.errors:
        return report
    with transaction.atomic():
        made: dict[str, Commitment] = {}
        for item in items:
            try:
                made[item["external_id"]] = _apply(item, actor, report)
            except (ValidationError, PermissionDenied) as error:
                messages = (_messages(error) if isinstance(error, ValidationError)
                            else [str(error)])
                report.errors += [(item["line"], m) for m in messages]
        for item in items if not report.errors else []:
            parent_id = item["parent"]
            commitment = made[item["external_id"]]
            parent = made.get(parent_id) or (
                Commitment.objects.filter(external_id=parent_id).first() if parent_id
                else None)
            if parent_id and parent is None:
                report.errors.append((item["line"], _(
                    "parent_external_id: no commitment with the external id %(id)s.")
                    % {"id": parent_id[:64]}))
                continue
            if (parent.pk if parent else None) != commitment.parent_id:
                try:
                    actions.do_update_commitment(commitment, parent=parent, actor=actor)
                except (ValidationError, PermissionDenied) as error:
                    messages = (_messages(error) if isinstance(error, ValidationError)
                                else [str(error)])
                    report.errors += [(item["line"], m) for m in messages]
        if report.errors or dry_run:
            transaction.set_rollback(True)
        else:
            report.saved = True
    if report.errors:
        report.created = report.updated = report.unchanged = 0
    return report
