"""Scores from the answers: one aggregate query, raking per neighborhood and period, and
an `Estimate` per area, period and measure (the statistics are in `trust.stats`).

The query groups answers into cells (area, month, the four demographics) with counts, sums
and sums of squares per measure; raking works on those cells, so the cost depends on the
number of distinct cells, not on the number of answers. Results are cached under a stamp
that every write to answers or margins bumps (`bump_stamp`), so pages, exports and the
API show new answers at once and nothing else recomputes them.

Measures: safety, respect, listening (each 0-10 answers), and trust, the mean of a
respondent's respect and listening answers (respondents who answered both). Published
scores are 10 x the weighted mean (0-100).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from trust import stats
from trust.instrument import DEMOGRAPHICS
from trust.models import Margin, Survey

MEASURES = ("trust", "safety", "respect", "listening")
CITYWIDE = "citywide"
CACHE_SECONDS = 3600
STAMP_KEY = "trust:scores:stamp"
# A category with fewer answers than this in a neighborhood's quarter is merged into the
# largest category of its variable before raking (see collapse_small_categories).
MIN_CATEGORY_ANSWERS = 5


def min_effective_n() -> int:
    return int(getattr(settings, "TRUST_MIN_EFFECTIVE_N", 30))


def default_trim() -> float | None:
    """Weights are capped at this multiple of the mean weight (None: plain raking)."""
    value = getattr(settings, "TRUST_WEIGHT_TRIM", 5.0)
    return float(value) if value else None


# ---------------------------------------------------------------------------- periods


def month_key(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def quarter_key(month: dt.date) -> str:
    return f"{month.year:04d}-Q{(month.month - 1) // 3 + 1}"


def parse_period(text: str) -> str | None:
    """'2026-03' or '2026-Q1' (normalised), else None."""
    text = (text or "").strip().upper()
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit():
        tail = text[5:]
        if tail.isdigit() and 1 <= int(tail) <= 12:
            return text
        if tail[0] == "Q" and tail[1:].isdigit() and 1 <= int(tail[1:]) <= 4:
            return text
    return None


def period_kind(period: str) -> str:
    return "quarter" if "Q" in period else "month"


# ---------------------------------------------------------------------------- cells

_CELL_SQL = """
SELECT area_id, month, age_band, gender, race_ethnicity, tenure, COUNT(*),
       COUNT(safety), SUM(safety), SUM(safety * safety),
       COUNT(respect), SUM(respect), SUM(respect * respect),
       COUNT(listening), SUM(listening), SUM(listening * listening),
       COUNT(CASE WHEN respect IS NOT NULL AND listening IS NOT NULL THEN 1 END),
       SUM(CASE WHEN respect IS NOT NULL AND listening IS NOT NULL
                THEN respect + listening END),
       SUM(CASE WHEN respect IS NOT NULL AND listening IS NOT NULL
                THEN (respect + listening) * (respect + listening) END)
FROM trust_response
WHERE survey_id = %s
GROUP BY area_id, month, age_band, gender, race_ethnicity, tenure
"""


@dataclass
class Cells:
    """Column arrays, one entry per cell."""

    area: np.ndarray[Any, Any]
    month: list[dt.date]
    demographics: list[list[str]]  # per variable, the cell's category ("" = not given)
    count: np.ndarray[Any, Any]
    # per measure: (n, sum, sum of squares) on the 0-10 scale
    measures: dict[str, tuple[np.ndarray[Any, Any], ...]]

    def __len__(self) -> int:
        return len(self.month)


def load_cells(survey: Survey) -> Cells:
    with connection.cursor() as cursor:
        cursor.execute(_CELL_SQL, [survey.pk])
        rows = cursor.fetchall()
    return cells_from_rows(rows)


def cells_from_rows(rows: list[tuple[Any, ...]]) -> Cells:
    def column(i: int) -> np.ndarray[Any, Any]:
        return np.fromiter((r[i] or 0 for r in rows), dtype=np.float64, count=len(rows))

    def as_date(value: Any) -> dt.date:
        # SQLite answers dates as text.
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

    trust_n, trust_s, trust_q = column(16), column(17), column(18)
    return Cells(
        area=np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
        month=[as_date(r[1]) for r in rows],
        demographics=[[r[2 + v] or "" for r in rows] for v in range(len(DEMOGRAPHICS))],
        count=column(6),
        measures={
            "safety": (column(7), column(8), column(9)),
            "respect": (column(10), column(11), column(12)),
            "listening": (column(13), column(14), column(15)),
            # trust = (respect + listening) / 2 per respondent
            "trust": (trust_n, trust_s / 2.0, trust_q / 4.0),
        },
    )


# ---------------------------------------------------------------------------- margins


def load_margins(area_ids: Iterable[int]) -> dict[int, list[stats.Margin]]:
    """Per area, one `stats.Margin` per variable it has counts for."""
    grouped: dict[int, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    rows = Margin.objects.for_areas(list(area_ids)).values_list(
        "area_id", "variable", "category", "population"
    )
    for area_id, variable, category, population in rows:
        grouped[area_id][variable].append((category, population))
    result: dict[int, list[stats.Margin]] = {}
    for area_id, variables in grouped.items():
        result[area_id] = [
            stats.Margin(
                variable,
                tuple(c for c, _ in variables[variable]),
                tuple(float(p) for _, p in variables[variable]),
            )
            for variable in DEMOGRAPHICS
            if variable in variables
        ]
    return result


# ---------------------------------------------------------------------------- weights


@dataclass
class AreaWeights:
    weights: np.ndarray[Any, Any]
    weighted: bool
    error: str = ""
    absent: tuple[tuple[str, str], ...] = ()
    variables: tuple[str, ...] = ()


def weigh(
    cells: Cells,
    index: np.ndarray[Any, Any],
    margins: list[stats.Margin],
    *,
    trim: float | None = None,
    encoded: EncodedDemographics | None = None,
) -> AreaWeights:
    """Rake the cells at `index` (one area, one quarter) to the area's margins.

    Weights stay 1 when the area has no margins or fewer answers than the publication
    threshold (its scores are suppressed anyway). When an answer category has no margin,
    raking refuses and the reason is kept (shown on the area's page). When the margins
    contradict this sample (raking does not converge), the variable whose removal lets it
    converge is dropped, and that is kept as the reason too.
    """
    ones = np.ones(len(index), dtype=np.float64)
    if not margins or float(cells.count[index].sum()) < min_effective_n():
        return AreaWeights(ones, weighted=False)
    encoded = encoded or EncodedDemographics(cells)
    try:
        codes = np.column_stack([encoded.codes(m, index) for m in margins])
    except stats.RakingError as error:
        return AreaWeights(ones, weighted=False, error=str(error))
    codes, margins = collapse_small_categories(codes, cells.count[index], margins)
    # Raking weights depend only on the profile (the categories), so the quarter's cells
    # from different months that share a profile are raked once, as one cell.
    codes, inverse = np.unique(codes, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    counts: np.ndarray[Any, np.dtype[np.float64]] = np.bincount(
        inverse, weights=cells.count[index]).astype(np.float64)
    try:
        result = stats.rake(codes, counts, margins, trim=trim)
        return AreaWeights(result.weights[inverse], True, absent=result.absent_categories,
                           variables=tuple(m.variable for m in margins))
    except stats.RakingError as error:
        first_error = str(error)
    for drop in reversed(range(len(margins))):
        keep = [v for v in range(len(margins)) if v != drop]
        if not keep:
            break
        try:
            result = stats.rake(codes[:, keep], counts, [margins[v] for v in keep], trim=trim)
        except stats.RakingError:
            continue
        return AreaWeights(
            result.weights[inverse], True, absent=result.absent_categories,
            variables=tuple(margins[v].variable for v in keep),
            error=f"{first_error} Weighted without {margins[drop].variable!r}.",
        )
    return AreaWeights(ones, weighted=False, error=first_error)


class EncodedDemographics:
    """Each demographic column as integer codes over its distinct values, computed once,
    so that mapping a neighborhood's answers to its margin's categories is an array
    lookup rather than a dictionary lookup per answer."""

    def __init__(self, cells: Cells) -> None:
        self.values: list[list[str]] = []
        self.inverse: list[np.ndarray[Any, Any]] = []
        for column in cells.demographics:
            distinct = sorted(set(column))
            position = {value: i for i, value in enumerate(distinct)}
            self.values.append(distinct)
            self.inverse.append(np.fromiter((position[v] for v in column), dtype=np.int64,
                                            count=len(column)))

    def codes(self, margin: stats.Margin, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Category index in `margin` of each cell at `index`; -1 for "not given". Raises
        RakingError naming answer categories the margin does not cover."""
        v = DEMOGRAPHICS.index(margin.variable)
        where = {category: i for i, category in enumerate(margin.categories)}
        lookup = np.array([where.get(value, -1 if value == "" else -2)
                           for value in self.values[v]], dtype=np.int64)
        codes: np.ndarray[Any, Any] = lookup[self.inverse[v][index]]
        if (codes == -2).any():
            # Let encode() word the refusal, naming every uncovered category.
            stats.encode([self.values[v][i] for i in np.unique(self.inverse[v][index])],
                         margin)
        return codes


def collapse_small_categories(
    codes: np.ndarray[Any, Any], counts: np.ndarray[Any, Any], margins: list[stats.Margin]
) -> tuple[np.ndarray[Any, Any], list[stats.Margin]]:
    """Merge each category with fewer than MIN_CATEGORY_ANSWERS answers into its variable's
    largest category (answers and population alike). A handful of respondents cannot
    stand for a whole group; raking them up to its share gives huge weights, or no
    solution at all when they also share another trait."""
    codes = codes.copy()
    merged: list[stats.Margin] = []
    for v, margin in enumerate(margins):
        column = codes[:, v]
        known = column >= 0
        answered = np.bincount(column[known], weights=counts[known],
                               minlength=len(margin.categories))
        small = [c for c in range(len(answered)) if 0 < answered[c] < MIN_CATEGORY_ANSWERS]
        if not small or len(small) == len(answered):
            merged.append(margin)
            continue
        largest = int(np.argmax(answered))
        population = list(margin.population)
        for c in small:
            column[column == c] = largest
            population[largest] += population[c]
            population[c] = 0.0
        merged.append(stats.Margin(margin.variable, margin.categories, tuple(population)))
    return codes, merged


@dataclass
class CellWeights:
    weights: np.ndarray[Any, Any]  # per cell, from its area's quarter
    months: np.ndarray[Any, Any]  # year * 12 + month - 1
    quarters: np.ndarray[Any, Any]  # year * 4 + quarter - 1
    errors: dict[int, str] = field(default_factory=dict)
    weighted_areas: set[int] = field(default_factory=set)


def _groups(
    first: np.ndarray[Any, Any], second: np.ndarray[Any, Any]
) -> list[np.ndarray[Any, Any]]:
    """Indices of the cells sharing (first, second), one array per pair."""
    if not len(first):
        return []
    order = np.lexsort((second, first))
    boundaries = np.flatnonzero(np.diff(first[order]) | np.diff(second[order])) + 1
    return list(np.split(order, boundaries))


def cell_weights(cells: Cells, margins: dict[int, list[stats.Margin]], *,
                 trim: float | None = None) -> CellWeights:
    """Each neighborhood's answers are raked per quarter; a month's scores use the weights
    its answers got in their quarter (months alone are often too thin to rake)."""
    months = np.array([m.year * 12 + m.month - 1 for m in cells.month], dtype=np.int64)
    quarters = months // 3
    result = CellWeights(np.ones(len(cells), dtype=np.float64), months, quarters)
    encoded = EncodedDemographics(cells)
    for group in _groups(cells.area, quarters):
        area_id = int(cells.area[group[0]])
        weighed = weigh(cells, group, margins.get(area_id, []), trim=trim, encoded=encoded)
        result.weights[group] = weighed.weights
        if weighed.error:
            result.errors[area_id] = weighed.error
        if weighed.weighted:
            result.weighted_areas.add(area_id)
    return result


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class ScoreRow:
    area_id: int | None  # None: citywide
    period: str
    measure: str
    n: int
    n_eff: float
    design_effect: float
    mean: float  # 0-10
    se: float
    weighted: bool
    suppressed: bool

    @property
    def score(self) -> float | None:
        return None if self.suppressed else round(10 * self.mean, 1)

    @property
    def ci_low(self) -> float | None:
        return None if self.suppressed else round(10 * (self.mean - stats.Z95 * self.se), 1)

    @property
    def ci_high(self) -> float | None:
        return None if self.suppressed else round(10 * (self.mean + stats.Z95 * self.se), 1)

    def estimate(self) -> stats.Estimate:
        return stats.Estimate(self.n, self.n_eff, self.design_effect, self.mean, self.se)


@dataclass
class ScoreTable:
    rows: list[ScoreRow] = field(default_factory=list)
    # area id -> why its answers could not be weighted (raking refused)
    weighting_errors: dict[int, str] = field(default_factory=dict)
    weighted_areas: set[int] = field(default_factory=set)
    _index: dict[tuple[int | None, str, str], ScoreRow] = field(default_factory=dict,
                                                                repr=False)

    def for_area(self, area_id: int | None, kind: str | None = None) -> list[ScoreRow]:
        return [r for r in self.rows if r.area_id == area_id
                and (kind is None or period_kind(r.period) == kind)]

    def periods(self, kind: str) -> list[str]:
        return sorted({r.period for r in self.rows if period_kind(r.period) == kind})

    def get(self, area_id: int | None, period: str, measure: str) -> ScoreRow | None:
        if len(self._index) != len(self.rows):
            self._index = {(r.area_id, r.period, r.measure): r for r in self.rows}
        return self._index.get((area_id, period, measure))


def _row(area_id: int | None, period: str, measure: str, est: stats.Estimate | None,
         weighted: bool) -> ScoreRow | None:
    if est is None:
        return None
    return ScoreRow(
        area_id, period, measure, est.n, est.n_eff, est.design_effect, est.mean, est.se,
        weighted, suppressed=est.n_eff < min_effective_n() or not math.isfinite(est.se),
    )


def compute(cells: Cells, margins: dict[int, list[stats.Margin]], *,
            trim: float | None = None) -> ScoreTable:
    """Every score: per area and citywide, per month and per quarter, per measure."""
    table = ScoreTable()
    if not len(cells):
        return table
    weighting = cell_weights(cells, margins, trim=trim)
    table.weighting_errors = weighting.errors
    table.weighted_areas = weighting.weighted_areas
    weights = weighting.weights
    label = {
        "month": lambda k: f"{k // 12:04d}-{k % 12 + 1:02d}",
        "quarter": lambda k: f"{k // 4:04d}-Q{k % 4 + 1}",
    }
    for kind, keys in (("month", weighting.months), ("quarter", weighting.quarters)):
        for group in _groups(cells.area, keys):
            area_id = int(cells.area[group[0]])
            period = label[kind](int(keys[group[0]]))
            weighted = area_id in weighting.weighted_areas
            for measure in MEASURES:
                n, total, total_sq = (a[group] for a in cells.measures[measure])
                row = _row(area_id, period, measure,
                           stats.estimate(weights[group], n, total, total_sq), weighted)
                if row is not None:
                    table.rows.append(row)
        # Citywide: every neighborhood's answers with their neighborhood weights.
        for group in _groups(np.zeros(len(keys), dtype=np.int64), keys):
            period = label[kind](int(keys[group[0]]))
            for measure in MEASURES:
                n, total, total_sq = (a[group] for a in cells.measures[measure])
                row = _row(None, period, measure,
                           stats.estimate(weights[group], n, total, total_sq),
                           bool(weighting.weighted_areas))
                if row is not None:
                    table.rows.append(row)
    return table


# ---------------------------------------------------------------------------- cache


def stamp() -> int:
    value = cache.get(STAMP_KEY)
    if value is None:
        value = 1
        cache.add(STAMP_KEY, value, timeout=None)
    return int(value)


def bump_stamp() -> None:
    """Called (on commit) by every write to answers or margins."""
    try:
        cache.incr(STAMP_KEY)
    except ValueError:
        cache.set(STAMP_KEY, 2, timeout=None)


def answers_changed() -> None:
    """Call inside the transaction that changed answers or margins. Bumps the stamp now
    (this request, and tests, see the change) and again after commit, so that a table
    computed by another request between the two, from the old rows, is never used."""
    from django.db import transaction

    bump_stamp()
    transaction.on_commit(bump_stamp)


def score_table(survey: Survey) -> ScoreTable:
    key = f"trust:scores:{survey.pk}:{stamp()}"
    table: ScoreTable | None = cache.get(key)
    if table is None:
        cells = load_cells(survey)
        table = compute(cells, load_margins(set(cells.area.tolist())), trim=default_trim())
        cache.set(key, table, timeout=CACHE_SECONDS)
    return table


# ---------------------------------------------------------------------------- gaps


@dataclass(frozen=True)
class GroupScore:
    group: str
    row: ScoreRow | None
    gap: stats.Difference | None  # this group minus everyone else


def group_gaps(cells: Cells, margins: dict[int, list[stats.Margin]], *, area_id: int | None,
               period: str, measure: str, variable: str) -> list[GroupScore]:
    """Scores by one demographic variable (trust by race/ethnicity...), each with its gap
    to the rest of the respondents and that gap's 95% interval."""
    keys = [month_key(m) if period_kind(period) == "month" else quarter_key(m)
            for m in cells.month]
    in_period = np.array([k == period for k in keys], dtype=bool)
    if area_id is not None:
        in_period &= cells.area == area_id
    weights = cell_weights(cells, margins, trim=default_trim()).weights
    values = np.array(cells.demographics[DEMOGRAPHICS.index(variable)], dtype=object)
    n, total, total_sq = cells.measures[measure]
    result: list[GroupScore] = []
    for category in sorted({str(v) for v in values[in_period] if v}):
        inside = in_period & (values == category)
        outside = in_period & (values != category)
        est_in = stats.estimate(weights[inside], n[inside], total[inside], total_sq[inside])
        est_out = stats.estimate(weights[outside], n[outside], total[outside],
                                 total_sq[outside])
        row = _row(area_id, period, measure, est_in, True)
        gap = None
        if row is not None and est_in is not None and est_out is not None and not row.suppressed:
            rest = _row(area_id, period, measure, est_out, True)
            if rest is not None and not rest.suppressed:
                gap = stats.difference(est_in, est_out)
        result.append(GroupScore(category, row, gap))
    return result
