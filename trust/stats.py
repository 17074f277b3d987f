"""Survey statistics as pure functions (numpy only, no Django): raking, Kish effective
sample size, weighted means with 95% intervals, significance of changes and gaps.

Everything works on *cells*: groups of respondents who share every weighting variable.
Raking gives every respondent of a cell the same weight, so a cell is fully described by
its respondent count and, per measure, the count, sum and sum of squares of the answers.
A respondent-level data set is simply one cell per respondent (count 1), which is how the
tests compare these functions with an independent implementation (weightipy).

Conventions (written out on the public method page):
- weights are normalised to sum to the number of respondents;
- Kish design effect deff = n * sum(w^2) / sum(w)^2, effective n = sum(w)^2 / sum(w^2);
- weighted variance s^2 = sum(w (y - m)^2) / sum(w) * n_eff / (n_eff - 1), which is the
  ordinary sample variance when all weights are equal;
- standard error of the mean sqrt(s^2 / n_eff); 95% interval m +/- 1.959964 * se.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Z95 = 1.959963984540054
# Feasible margins converge in tens of iterations; hundreds mean they contradict the
# sample (a rare category whose few respondents all sit in one group), which we report.
MAX_ITERATIONS = 500
TOLERANCE = 1e-10
TRIM_ROUNDS = 20

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class RakingError(ValueError):
    """Raking cannot be done on these answers and margins; the message says why."""


@dataclass(frozen=True)
class Margin:
    """One weighting variable: its categories and each one's population share (or count)."""

    variable: str
    categories: tuple[str, ...]
    population: tuple[float, ...]

    def shares(self) -> FloatArray:
        total = float(sum(self.population))
        if not math.isfinite(total) or total <= 0:
            raise RakingError(f"The margin for {self.variable!r} has no population (all zero).")
        return np.asarray(self.population, dtype=np.float64) / total


@dataclass(frozen=True)
class RakeResult:
    weights: FloatArray  # one weight per cell (each respondent of the cell gets it)
    iterations: int
    converged: bool
    trimmed: bool
    # Margin categories nobody in the sample belongs to: their share was spread over the
    # categories present (said on the method page).
    absent_categories: tuple[tuple[str, str], ...] = ()


def encode(
    values: Sequence[str], margin: Margin, *, missing: Sequence[str] = ("",)
) -> IntArray:
    """Category index of each value in `margin` (-1 for missing answers).

    Raises RakingError naming every answer category the margin does not cover: raking
    would otherwise have no target for those respondents.
    """
    index = {category: i for i, category in enumerate(margin.categories)}
    uncovered = sorted({v for v in values if v not in index and v not in missing})
    if uncovered:
        raise RakingError(
            f"The margins for {margin.variable!r} do not cover the categor"
            f"{'y' if len(uncovered) == 1 else 'ies'} {', '.join(map(repr, uncovered))} "
            "found in the answers; add them to the margin file (or merge them) and try again."
        )
    return np.fromiter((index.get(v, -1) for v in values), dtype=np.int64, count=len(values))


def _rake_once(
    codes: IntArray,
    counts: FloatArray,
    targets: list[FloatArray],
    weights: FloatArray,
) -> tuple[FloatArray, int, bool]:
    w = weights.copy()
    # Index arrays per variable, prepared once: the loop below is the hot path.
    prepared: list[tuple[IntArray | None, IntArray, FloatArray, FloatArray]] = []
    for v, target in enumerate(targets):
        column = codes[:, v]
        known = np.flatnonzero(column >= 0)
        if known.size:
            everyone = known.size == len(w)
            prepared.append((None if everyone else known, column[known], counts[known], target))
    for iteration in range(1, MAX_ITERATIONS + 1):
        worst = 0.0
        for who, categories, cell_counts, target in prepared:
            current_w = w if who is None else w[who]  # None: everyone answered
            mass = cell_counts * current_w
            current = np.bincount(categories, weights=mass, minlength=len(target))
            factor = target * mass.sum()
            np.divide(factor, current, out=factor, where=current > 0)
            factor[current <= 0] = 1.0
            # ndarray methods, not np.max(): this runs thousands of times per page.
            worst = max(worst, factor.max() - 1.0, 1.0 - factor.min())
            if who is None:
                w *= factor[categories]
            else:
                w[who] *= factor[categories]
        if worst < TOLERANCE:
            return w, iteration, True
    return w, MAX_ITERATIONS, False


def rake(
    codes: IntArray,
    counts: FloatArray,
    margins: Sequence[Margin],
    *,
    trim: float | None = None,
) -> RakeResult:
    """Iterative proportional fitting of cell weights to the margins' shares.

    `codes[c, v]` is cell c's category index in margins[v] (-1: not answered; such
    respondents are left out of that variable's adjustment only). `counts[c]` is the
    number of respondents in the cell. Weights are scaled to sum to the respondents.

    `trim` caps weights at `trim` times the mean weight, re-raking after each cap until
    both hold (at most TRIM_ROUNDS rounds; then the capped weights stand, meeting the
    margins closely but not exactly); None gives plain raking.
    """
    codes = np.asarray(codes, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.float64)
    if codes.ndim != 2 or codes.shape[0] != counts.shape[0] or codes.shape[1] != len(margins):
        raise RakingError("Cells and margins do not line up.")
    n = float(counts.sum())
    if n <= 0:
        raise RakingError("There are no answers to weight.")
    targets: list[FloatArray] = []
    absent: list[tuple[str, str]] = []
    for v, margin in enumerate(margins):
        shares = margin.shares()
        column = codes[:, v]
        present = np.bincount(column[column >= 0], weights=counts[column >= 0],
                              minlength=len(shares)) > 0
        for i in np.flatnonzero(~present & (shares > 0)):
            absent.append((margin.variable, margin.categories[int(i)]))
        shares = np.where(present, shares, 0.0)
        total = shares.sum()
        if present.any() and total <= 0:
            raise RakingError(
                f"The margin for {margin.variable!r} gives no population to any category "
                "found in the answers."
            )
        targets.append(shares / total if total > 0 else shares)
    weights = np.ones(len(counts), dtype=np.float64)
    weights, iterations, converged = _rake_once(codes, counts, targets, weights)
    if not converged:
        raise RakingError(
            f"Raking did not converge in {MAX_ITERATIONS} iterations: the margins "
            "contradict each other for these answers (a rare category whose few "
            "respondents all share another trait)."
        )
    trimmed = False
    if trim is not None:
        if not trim > 1:
            raise RakingError("Trimming needs a cap above 1 (times the mean weight).")
        for _round in range(TRIM_ROUNDS):
            cap = trim * float((weights * counts).sum() / n)
            if float(weights.max()) <= cap * (1 + 1e-9):
                break
            trimmed = True
            weights, more, _fits = _rake_once(codes, counts, targets,
                                              np.minimum(weights, cap))
            iterations += more
        else:
            # Still above the cap after every round: the cap wins over an exact fit.
            weights = np.minimum(weights, trim * float((weights * counts).sum() / n))
    weights = weights * (n / float((weights * counts).sum()))
    return RakeResult(weights, iterations, converged, trimmed, tuple(absent))


@dataclass(frozen=True)
class Estimate:
    """A weighted mean on the answer scale (0-10) with its precision."""

    n: int
    n_eff: float
    design_effect: float
    mean: float
    se: float

    @property
    def ci_low(self) -> float:
        return self.mean - Z95 * self.se

    @property
    def ci_high(self) -> float:
        return self.mean + Z95 * self.se


def estimate(
    weights: FloatArray, n: FloatArray, total: FloatArray, total_sq: FloatArray
) -> Estimate | None:
    """Weighted mean of cells: `weights` per respondent of each cell, and each cell's
    number of answers `n`, their sum `total` and sum of squares `total_sq`.

    None when nobody answered.
    """
    w = np.asarray(weights, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    count = float(n.sum())
    if count <= 0:
        return None
    wsum = float((w * n).sum())
    wsq = float((w * w * n).sum())
    mean = float((w * total).sum() / wsum)
    n_eff = wsum * wsum / wsq
    deff = count * wsq / (wsum * wsum)
    # Within-cell sum of squared deviations from the overall mean, weighted.
    ss = float((w * (total_sq - 2 * mean * total + mean * mean * n)).sum())
    ss = max(ss, 0.0)
    if n_eff > 1:
        variance = ss / wsum * n_eff / (n_eff - 1)
        se = math.sqrt(variance / n_eff)
    else:
        se = math.inf
    return Estimate(int(round(count)), n_eff, deff, mean, se)


def estimate_values(values: Sequence[float], weights: Sequence[float] | None = None) -> Estimate:
    """`estimate` for respondent-level data (one cell per answer)."""
    y = np.asarray(values, dtype=np.float64)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=np.float64)
    result = estimate(w, np.ones_like(y), y, y * y)
    if result is None:
        raise ValueError("no values")
    return result


@dataclass(frozen=True)
class Difference:
    difference: float
    se: float

    @property
    def ci_low(self) -> float:
        return self.difference - Z95 * self.se

    @property
    def ci_high(self) -> float:
        return self.difference + Z95 * self.se

    @property
    def significant(self) -> bool:
        """Significant at 95%: the interval of the difference leaves out zero."""
        return math.isfinite(self.se) and abs(self.difference) > Z95 * self.se


def difference(later: Estimate, earlier: Estimate) -> Difference:
    """later - earlier for independent samples (two periods, or two groups)."""
    return Difference(later.mean - earlier.mean, math.hypot(later.se, earlier.se))
