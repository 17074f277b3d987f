"""Getis-Ord Gi* hotspots over H3 cells: pure numpy/scipy, no Django.

Input: one count per cell (reports of one category in a time window) and, per cell, the
indexes of its neighbours. Weights are binary and include the cell itself (Gi*, not Gi),
the "k-ring 1" of each hexagon. The statistic, its expectation and variance follow
Getis & Ord (1992) / Ord & Getis (1995) exactly as PySAL esda's
`G_Local(y, w, star=True, transform="B")` computes them, so z-scores and normal
p-values agree with esda to rounding (a test checks it).

p-values:
- `p_norm` is esda's one-sided normal tail, `sf(|z|)`;
- `p_two_sided` is `2 * p_norm`, the test for "hot or cold";
- `p_fdr` is `p_two_sided` corrected for testing every cell at once with the
  Benjamini–Hochberg false discovery rate procedure.
A cell is "hot" (z > 0) or "cold" (z < 0) when `p_fdr <= alpha`, otherwise "none".

Everything is vectorised: the weights are a scipy CSR matrix, so the cost is one sparse
matrix-vector product plus a sort for the FDR step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse
from scipy.stats import norm

ALPHA = 0.05
HOT, COLD, NONE = "hot", "cold", "none"


@dataclass(frozen=True)
class GiStarResult:
    """Per-cell arrays, all in the order of the input counts."""

    counts: np.ndarray
    gi: np.ndarray  # the Gi* statistic: neighbourhood sum / total
    expected: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p_norm: np.ndarray
    p_two_sided: np.ndarray
    p_fdr: np.ndarray
    classes: np.ndarray  # "hot", "cold" or "none"
    alpha: float

    def __len__(self) -> int:
        return len(self.counts)


def weights_matrix(neighbours: Sequence[Sequence[int]] | Mapping[int, Sequence[int]],
                   n: int | None = None) -> sparse.csr_matrix:
    """Binary CSR weights from neighbour index lists, with every cell its own neighbour.

    `neighbours[i]` lists the indexes of the cells next to cell i (i itself may be there
    or not; duplicates are ignored).
    """
    if isinstance(neighbours, Mapping):
        n = n if n is not None else (max(neighbours) + 1 if neighbours else 0)
        lists: Sequence[Sequence[int]] = [neighbours.get(i, ()) for i in range(n)]
    else:
        lists = neighbours
        n = n if n is not None else len(lists)
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    total = int(lengths.sum())
    rows = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    cols = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=total)
    diagonal = np.arange(n, dtype=np.int64)
    rows = np.concatenate([rows, diagonal])
    cols = np.concatenate([cols, diagonal])
    matrix = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    # Converting summed any repeated (i, j) pair (a list naming the cell itself); binary
    # weights count each pair once.
    matrix.data[:] = 1.0
    return matrix


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (FDR q-values), in the input order."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    # Each adjusted value is the smallest of the ranked ones at or above its rank.
    adjusted_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.clip(adjusted_sorted, 0.0, 1.0)
    return adjusted


def gi_star(
    counts: Sequence[float] | np.ndarray,
    weights: sparse.spmatrix | sparse.sparray,
    *,
    alpha: float = ALPHA,
) -> GiStarResult:
    """Getis-Ord Gi* for every cell, with binary weights that include the cell itself."""
    y = np.asarray(counts, dtype=float).ravel()
    n = len(y)
    w = sparse.csr_matrix(weights)
    if w.shape != (n, n):
        raise ValueError(f"weights are {w.shape}, counts have {n} cells")
    total = y.sum()
    cardinality = np.asarray(w.sum(axis=1)).ravel()
    mean = total / n if n else 0.0
    variance_y = (y**2).sum() / n - mean**2 if n else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        gi = (w @ y) / total
        expected = cardinality / n
        variance = (
            cardinality * (n - cardinality) / (n - 1) / n**2 * (variance_y / mean**2)
        )
        z = (gi - expected) / np.sqrt(variance)
    # No reports, or the same count everywhere: nothing stands out anywhere.
    z = np.where(np.isfinite(z), z, 0.0)
    p_norm = norm.sf(np.abs(z))
    p_two = np.minimum(2.0 * p_norm, 1.0)
    p_fdr = benjamini_hochberg(p_two)
    significant = p_fdr <= alpha
    classes = np.full(n, NONE, dtype=object)
    classes[significant & (z > 0)] = HOT
    classes[significant & (z < 0)] = COLD
    return GiStarResult(
        counts=y, gi=gi, expected=expected, variance=variance, z=z, p_norm=p_norm,
        p_two_sided=p_two, p_fdr=p_fdr, classes=classes, alpha=alpha,
    )


def h3_neighbour_indexes(cells: Sequence[str]) -> list[list[int]]:
    """For each cell, the indexes (into `cells`) of the cells in its k-ring 1.

    Cells outside the list are left out: the study area is the list itself.
    """
    import h3

    position = {cell: i for i, cell in enumerate(cells)}
    result = []
    for cell in cells:
        ring = h3.grid_disk(cell, 1)
        result.append([position[c] for c in ring if c in position])
    return result


def hotspots_for_cells(
    cell_counts: Mapping[str, float], *, alpha: float = ALPHA
) -> tuple[list[str], GiStarResult]:
    """Gi* over the given cells (zero counts included), neighbours by H3 k-ring 1."""
    cells = sorted(cell_counts)
    counts = np.fromiter((cell_counts[c] for c in cells), dtype=float, count=len(cells))
    weights = weights_matrix(h3_neighbour_indexes(cells), len(cells))
    return cells, gi_star(counts, weights, alpha=alpha)
