"""Gi* over H3 cells matches PySAL esda, corrects for many tests, and is fast."""

from __future__ import annotations

import warnings

import h3
import numpy as np
import pytest

from reports.hotspots import (
    COLD,
    HOT,
    NONE,
    benjamini_hochberg,
    gi_star,
    h3_neighbour_indexes,
    hotspots_for_cells,
    weights_matrix,
)

CENTRE = h3.latlng_to_cell(34.05, -118.30, 8)


def city_cells(rings: int) -> list[str]:
    return sorted(h3.grid_disk(CENTRE, rings))


def esda_gi_star(y: np.ndarray, neighbours: list[list[int]]):  # type: ignore[no-untyped-def]
    from esda.getisord import G_Local
    from libpysal.weights import W

    without_self = {i: [j for j in nb if j != i] for i, nb in enumerate(neighbours)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(without_self, silence_warnings=True)
        return G_Local(y, w, star=True, transform="B", permutations=0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_z_scores_and_p_values_match_esda(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cells = city_cells(12)
    y = rng.poisson(2.0, len(cells)).astype(float)
    # A planted cluster, so some cells are truly hot.
    y[:20] += 15
    neighbours = h3_neighbour_indexes(cells)
    ours = gi_star(y, weights_matrix(neighbours, len(cells)))
    reference = esda_gi_star(y, neighbours)
    np.testing.assert_allclose(ours.z, reference.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.p_norm, reference.p_norm, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.gi, reference.Gs, rtol=0, atol=1e-12)


def test_it_matches_esda_on_a_sparse_category_with_many_empty_cells() -> None:
    rng = np.random.default_rng(7)
    cells = city_cells(15)
    y = np.zeros(len(cells))
    y[rng.choice(len(cells), 30, replace=False)] = rng.integers(1, 6, 30)
    neighbours = h3_neighbour_indexes(cells)
    ours = gi_star(y, weights_matrix(neighbours, len(cells)))
    reference = esda_gi_star(y, neighbours)
    np.testing.assert_allclose(ours.z, reference.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.p_norm, reference.p_norm, rtol=0, atol=1e-9)


def test_benjamini_hochberg_matches_the_textbook_example() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.2])
    # Sorted: .005 .01 .03 .04 .2 → ×5/rank: .025 .025 .05 .05 .2, then running minimum.
    expected = np.array([0.025, 0.05, 0.05, 0.025, 0.2])
    np.testing.assert_allclose(benjamini_hochberg(p), expected)
    assert benjamini_hochberg(np.array([])).size == 0


def test_it_classifies_a_planted_cluster_as_hot_and_reports_both_p_values() -> None:
    cells = city_cells(10)
    counts = dict.fromkeys(cells, 1)
    for cell in h3.grid_disk(CENTRE, 1):
        counts[cell] = 30
    ordered, result = hotspots_for_cells(counts)
    hot = {ordered[i] for i in np.flatnonzero(result.classes == HOT)}
    assert CENTRE in hot
    assert set(h3.grid_disk(CENTRE, 1)) <= hot
    assert COLD not in set(result.classes[[ordered.index(c) for c in hot]])
    # Corrected p-values are never smaller than the raw ones.
    assert np.all(result.p_fdr >= result.p_two_sided - 1e-15)
    assert np.allclose(result.p_two_sided, np.minimum(2 * result.p_norm, 1))


def test_no_reports_or_equal_counts_give_no_hotspots() -> None:
    cells = city_cells(3)
    for value in (0, 4):
        _, result = hotspots_for_cells(dict.fromkeys(cells, value))
        assert set(result.classes) == {NONE}
        assert np.all(result.z == 0)
        assert np.all(result.p_fdr == 1)


def test_weights_are_binary_with_self_and_ignore_repeats() -> None:
    w = weights_matrix([[0, 1, 1], [0], []], 3).toarray()
    assert w.tolist() == [[1, 1, 0], [1, 1, 0], [0, 0, 1]]
    assert weights_matrix({0: [1], 1: [0]}).toarray().tolist() == [[1, 1], [1, 1]]
