"""CSV imports and exports: population margins, paper/vendor answers, published scores from
elsewhere (the Chicago sentiment file), and the weights staff export.

Each import reads the whole file first and either saves every good row in one
transaction or, for margins, nothing at all; rejected rows are listed with their line
number and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.lib import record_change
from places.models import Area
from trust import scores, stats
from trust.actions import _response_fields, ensure_standard_survey, month_of
from trust.events import TrustEvent
from trust.instrument import DEMOGRAPHICS, SCALE_MAX, SCALE_MIN, SCORED, choice_values
from trust.models import ExternalScore, Margin, Response, Survey
from trustbeat.lib.text import has_forbidden_characters

MAX_ROWS = 2_000_000
MAX_CELL = 200


class ImportRefused(ValueError):
    """The file cannot be imported at all (nothing was saved); the message says why."""


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                 "%(rejected)d rejected.") % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": len(self.rejected)}
        return [head] + [_("line %(line)d: %(reason)s") % {"line": line, "reason": reason}
                         for line, reason in self.rejected]


def _reader(stream: TextIO, required: Iterable[str]) -> csv.DictReader[str]:
    reader = csv.DictReader(stream)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportRefused(_("The file lacks the column(s): %(columns)s.")
                            % {"columns": ", ".join(missing)})
    reader.fieldnames = header
    return reader


def _cell(row: dict[str, Any], name: str) -> str:
    value = (row.get(name) or "").strip()
    if has_forbidden_characters(value):
        raise ValueError(_("column %(column)s holds characters that are not allowed")
                         % {"column": name})
    if len(value) > MAX_CELL:
        raise ValueError(_("column %(column)s is too long") % {"column": name})
    return value


def _area_index() -> dict[str, Area]:
    """Neighborhoods by lower-cased name, external id and slug."""
    index: dict[str, Area] = {}
    for area in Area.objects.at_level(Area.Level.NEIGHBORHOOD):
        for key in (area.slug, area.code, area.name):
            if key:
                index.setdefault(key.strip().lower(), area)
    return index


# ---------------------------------------------------------------------------- margins


def import_margins(stream: TextIO, *, actor: Any = None) -> ImportSummary:
    """Load `area, variable, category, population` rows. All or nothing: any bad row, an
    area/variable whose counts are all zero, or a margin that leaves out a category
    already present in that area's answers refuses the whole file."""
    reader = _reader(stream, ("area", "variable", "category", "population"))
    areas = _area_index()
    summary = ImportSummary()
    parsed: dict[tuple[int, str, str], int] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS:
            raise ImportRefused(_("The file has too many rows."))
        try:
            area_key, variable = _cell(row, "area"), _cell(row, "variable").lower()
            category, population = _cell(row, "category"), _cell(row, "population")
            area = areas.get(area_key.lower())
            if area is None:
                raise ValueError(_("unknown area %(area)r") % {"area": area_key})
            if variable not in DEMOGRAPHICS:
                raise ValueError(_("unknown variable %(v)r (use %(known)s)")
                                 % {"v": variable, "known": ", ".join(DEMOGRAPHICS)})
            if not category:
                raise ValueError(_("the category is empty"))
            if not population.isdigit() or len(population) > 12:
                raise ValueError(_("population must be a whole number of people"))
            if (area.pk, variable, category) in parsed:
                raise ValueError(_("this category appears twice"))
            parsed[(area.pk, variable, category)] = int(population)
        except ValueError as error:
            summary.rejected.append((line, str(error)))
    if summary.rejected:
        raise ImportRefused("\n".join(summary.lines()[1:]))
    if not parsed:
        raise ImportRefused(_("The file holds no margins."))
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for (area_id, variable, _category), count in parsed.items():
        totals[(area_id, variable)] += count
    names = {a.pk: a.name for a in areas.values()}
    empty = [f"{names[a]} / {v}" for (a, v), total in sorted(totals.items()) if total == 0]
    if empty:
        raise ImportRefused(_("These margins have no population at all, so no shares can be "
                              "computed: %(list)s.") % {"list": "; ".join(empty)})
    _check_answers_covered(parsed, names)
    with transaction.atomic():
        for (area_id, variable) in totals:
            Margin.objects.filter(area_id=area_id, variable=variable).delete()
        Margin.objects.bulk_create(
            Margin(area_id=a, variable=v, category=c, population=p)
            for (a, v, c), p in parsed.items()
        )
        summary.created = len(parsed)
        record_change(actor, TrustEvent.MARGINS_IMPORTED, None, rows=len(parsed),
                      areas=len({a for a, _v in totals}))
        scores.answers_changed()
    return summary


def _check_answers_covered(parsed: dict[tuple[int, str, str], int], names: dict[int, str]) -> None:
    """Refuse margins that miss a category respondents in that area gave."""
    categories: dict[tuple[int, str], set[str]] = defaultdict(set)
    for (area_id, variable, category) in parsed:
        categories[(area_id, variable)].add(category)
    problems: list[str] = []
    for (area_id, variable), known in sorted(categories.items()):
        given = set(
            Response.objects.filter(area_id=area_id).exclude(**{variable: ""})
            .values_list(variable, flat=True).distinct()
        )
        for missing in sorted(given - known):
            problems.append(_("%(area)s: %(variable)s has no category %(category)r, which "
                              "answers there use") % {"area": names[area_id],
                                                      "variable": variable,
                                                      "category": missing})
    if problems:
        raise ImportRefused(_("The margins do not cover every category in the answers, so "
                              "raking cannot weight them: %(list)s.")
                            % {"list": "; ".join(problems)})


# ---------------------------------------------------------------------------- answers

RESPONSE_COLUMNS = ("response_id", "submitted_at", "area", *SCORED)
TEXT_COLUMNS = ("language",)


def _parse_when(text: str) -> dt.datetime:
    value = text.strip()
    try:
        if len(value) == 10:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(12))
        else:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("submitted_at %(value)r is not a date (use 2026-03-31 or "
                           "2026-03-31T18:05:00)") % {"value": value[:40]}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > timezone.now() + dt.timedelta(days=1):
        raise ValueError(_("submitted_at lies in the future"))
    if parsed.year < 2000:
        raise ValueError(_("submitted_at is before 2000"))
    return parsed


def import_survey_responses(
    stream: TextIO, *, survey: Survey | None = None, actor: Any = None
) -> ImportSummary:
    """One row per response: response_id, submitted_at, area, safety, respect, listening,
    optionally age_band, gender, race_ethnicity, tenure, language. Other columns are
    ignored; a row whose response_id was imported before updates that response."""
    survey = survey or ensure_standard_survey()
    version = survey.current()
    reader = _reader(stream, RESPONSE_COLUMNS)
    areas = _area_index()
    choices = {code: set(choice_values(q)) for code in DEMOGRAPHICS
               if (q := version.question(code)) is not None}
    summary = ImportSummary()
    rows: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS:
            raise ImportRefused(_("The file has too many rows."))
        try:
            external_id = _cell(row, "response_id")
            if not external_id:
                raise ValueError(_("response_id is empty"))
            if external_id in rows:
                raise ValueError(_("response_id %(id)r appears twice in the file")
                                 % {"id": external_id})
            area_key = _cell(row, "area")
            area = areas.get(area_key.lower())
            if area is None:
                raise ValueError(_("unknown area %(area)r") % {"area": area_key})
            when = _parse_when(_cell(row, "submitted_at"))
            cleaned: dict[str, Any] = {}
            for code in SCORED:
                value = _cell(row, code)
                if value == "":
                    cleaned[code] = None
                    continue
                if not value.isdigit() or not SCALE_MIN <= int(value) <= SCALE_MAX:
                    raise ValueError(_("%(column)s must be a whole number from 0 to 10, not "
                                       "%(value)r") % {"column": code, "value": value})
                cleaned[code] = int(value)
            if all(cleaned[code] is None for code in SCORED):
                raise ValueError(_("the row answers none of safety, respect, listening"))
            for code in DEMOGRAPHICS:
                value = _cell(row, code)
                if value and code in choices and value not in choices[code]:
                    raise ValueError(_("%(column)s %(value)r is not one of %(known)s")
                                     % {"column": code, "value": value,
                                        "known": ", ".join(sorted(choices[code]))})
                cleaned[code] = value
            language = _cell(row, "language")[:8]
        except ValueError as error:
            summary.rejected.append((line, str(error)))
            continue
        rows[external_id] = {
            "area": area, "submitted_at": when, "month": month_of(when), "language": language,
            **_response_fields(cleaned),
        }
    existing = {
        r.external_id: r
        for r in Response.objects.filter(survey=survey, external_id__in=list(rows))
    }
    compared = ("area_id", "submitted_at", "language", *SCORED, *DEMOGRAPHICS)
    creates: list[Response] = []
    updates: list[Response] = []
    for external_id, values in rows.items():
        values = {**values, "area_id": values.pop("area").pk}
        values.pop("answers", None)
        current = existing.get(external_id)
        if current is None:
            creates.append(Response(survey=survey, version=version, external_id=external_id,
                                    source=Response.Source.IMPORT, **values))
        elif any(getattr(current, f) != values[f] for f in compared):
            for name, value in values.items():
                setattr(current, name, value)
            updates.append(current)
        else:
            summary.unchanged += 1
    with transaction.atomic():
        Response.objects.bulk_create(creates, batch_size=2000)
        Response.objects.bulk_update(
            updates, ["area_id", "submitted_at", "month", "language", *SCORED, *DEMOGRAPHICS],
            batch_size=2000,
        )
        summary.created, summary.updated = len(creates), len(updates)
        record_change(actor, TrustEvent.RESPONSES_IMPORTED, survey, created=len(creates),
                      updated=len(updates), rejected=len(summary.rejected))
        scores.answers_changed()
    return summary


# ---------------------------------------------------------------------------- external scores

EXTERNAL_MEASURES = {"SAFETY": "safety", "TRUST": "trust", "T_LISTEN": "listening",
                     "T_RESPECT": "respect"}


def _parse_us_or_iso_date(text: str) -> dt.date:
    text = text.strip()
    if "/" in text:
        month, day, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text[:10])


def import_external_scores(
    stream: TextIO, *, source: str = "Chicago (Elucd police sentiment scores)",
    actor: Any = None,
) -> ImportSummary:
    """Published scores in the Chicago sentiment file's shape: START_DATE, the place columns
    (CITY / AREA / DISTRICT / SECTOR; the most specific filled one names the place) and the
    measures SAFETY, TRUST, T_LISTEN, T_RESPECT on 0-100. Duplicate rows count once."""
    reader = csv.DictReader(stream)
    header = [h.strip().upper() for h in (reader.fieldnames or [])]
    if "START_DATE" not in header or not set(EXTERNAL_MEASURES) & set(header):
        raise ImportRefused(_("The file needs START_DATE and at least one of SAFETY, TRUST, "
                              "T_LISTEN, T_RESPECT."))
    reader.fieldnames = header
    summary = ImportSummary()
    values: dict[tuple[str, str, dt.date, str], float] = {}
    for line, row in enumerate(reader, start=2):
        try:
            start = _parse_us_or_iso_date(row.get("START_DATE") or "")
            level, place = "city", (row.get("CITY") or "city").strip().title()
            for column, name in (("AREA", "area"), ("DISTRICT", "district"),
                                 ("SECTOR", "sector")):
                value = (row.get(column) or "").strip()
                if value:
                    level, place = name, value
            if has_forbidden_characters(place) or len(place) > 80:
                raise ValueError(_("the place name is not usable"))
            for column, measure in EXTERNAL_MEASURES.items():
                text = (row.get(column) or "").strip()
                if not text:
                    continue
                score = float(text)
                if not 0 <= score <= 100:
                    raise ValueError(_("%(column)s %(value)s is outside 0-100")
                                     % {"column": column, "value": text})
                values[(level, place, start, measure)] = score
        except (ValueError, TypeError) as error:
            summary.rejected.append((line, str(error)))
    with transaction.atomic():
        existing = {
            (e.level, e.place, e.period_start, e.measure): e
            for e in ExternalScore.objects.filter(source=source)
        }
        creates, updates = [], []
        for key, score in values.items():
            current = existing.get(key)
            if current is None:
                level, place, start, measure = key
                creates.append(ExternalScore(source=source, level=level, place=place,
                                             period_start=start, measure=measure, score=score))
            elif abs(current.score - score) > 1e-9:
                current.score = score
                updates.append(current)
            else:
                summary.unchanged += 1
        ExternalScore.objects.bulk_create(creates, batch_size=2000)
        ExternalScore.objects.bulk_update(updates, ["score"], batch_size=2000)
        summary.created, summary.updated = len(creates), len(updates)
        record_change(actor, TrustEvent.EXTERNAL_SCORES_IMPORTED, None, source=source,
                      created=len(creates), updated=len(updates))
    return summary


# ---------------------------------------------------------------------------- weights export


def survey_weights(
    survey: Survey, *, period: str | None = None, trim: float | None = None
) -> list[tuple[str, str, float]]:
    """(response id, area name, weight) for every response (or those of `period`), with
    the weights the scores use: raked per neighborhood and quarter. Raises RakingError
    listing every area whose margins cannot weight its answers."""
    rows = list(Response.objects.filter(survey=survey).order_by("pk").values_list(
        "pk", "external_id", "area_id", "area__name", "month", *DEMOGRAPHICS))
    cells = scores.Cells(
        area=np.array([r[2] for r in rows], dtype=np.int64),
        month=[r[4] for r in rows],
        demographics=[[r[5 + v] for r in rows] for v in range(len(DEMOGRAPHICS))],
        count=np.ones(len(rows)),
        measures={},
    )
    weighting = scores.cell_weights(cells, scores.load_margins({r[2] for r in rows}),
                                    trim=trim)
    if weighting.errors:
        names = dict(Area.objects.filter(pk__in=weighting.errors).values_list("pk", "name"))
        raise stats.RakingError(" ".join(f"{names.get(a, a)}: {message}"
                                         for a, message in sorted(weighting.errors.items())))
    result: list[tuple[str, str, float]] = []
    for i, row in enumerate(rows):
        key = (scores.month_key(row[4]) if period and scores.period_kind(period) == "month"
               else scores.quarter_key(row[4]))
        if period is None or key == period:
            result.append((row[1] or f"web-{row[0]}", row[3], float(weighting.weights[i])))
    return result


def write_weights(rows: list[tuple[str, str, float]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["response_id", "area", "weight"])
    for response_id, area, weight in rows:
        writer.writerow([response_id, area, f"{weight:.10f}"])
    return out.getvalue()

