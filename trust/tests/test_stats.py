"""The statistics against known values, a hand computation and an independent raking
implementation (weightipy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trust import stats


def sample(n: int = 600, seed: int = 7) -> tuple[dict[str, list[str]], list[stats.Margin]]:
    rng = np.random.default_rng(seed)
    data = {
        "age_band": list(rng.choice(["18-34", "35-64", "65+"], n, p=[0.2, 0.5, 0.3])),
        "gender": list(rng.choice(["female", "male"], n, p=[0.6, 0.4])),
        "tenure": list(rng.choice(["owner", "renter", "other"], n, p=[0.55, 0.4, 0.05])),
    }
    margins = [
        stats.Margin("age_band", ("18-34", "35-64", "65+"), (3200.0, 4500.0, 2300.0)),
        stats.Margin("gender", ("female", "male"), (5100.0, 4900.0)),
        stats.Margin("tenure", ("owner", "renter", "other"), (3500.0, 6000.0, 500.0)),
    ]
    return data, margins


def codes_for(data: dict[str, list[str]], margins: list[stats.Margin]) -> np.ndarray:
    return np.column_stack([stats.encode(data[m.variable], m) for m in margins])


def test_raking_hits_every_margin_and_weights_sum_to_the_answers():
    data, margins = sample()
    codes = codes_for(data, margins)
    result = stats.rake(codes, np.ones(len(codes)), margins)
    assert result.converged
    assert result.weights.sum() == pytest.approx(len(codes))
    for v, margin in enumerate(margins):
        got = np.bincount(codes[:, v], weights=result.weights) / result.weights.sum()
        assert got == pytest.approx(margin.shares(), abs=1e-9)


def test_raking_weights_equal_weightipy_to_one_in_a_million():
    weightipy = pytest.importorskip("weightipy")
    import pandas as pd

    data, margins = sample()
    codes = codes_for(data, margins)
    ours = stats.rake(codes, np.ones(len(codes)), margins).weights
    frame = pd.DataFrame(data)
    scheme = weightipy.scheme_from_dict(
        {m.variable: {c: 100 * s for c, s in zip(m.categories, m.shares(), strict=True)}
         for m in margins}
    )
    theirs = weightipy.weight_dataframe(frame, scheme)["weights"].to_numpy()
    theirs = theirs * len(theirs) / theirs.sum()
    assert np.max(np.abs(ours - theirs)) < 1e-6


def test_cells_give_the_same_weights_as_single_respondents():
    data, margins = sample()
    codes = codes_for(data, margins)
    single = stats.rake(codes, np.ones(len(codes)), margins).weights
    unique, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
    grouped = stats.rake(unique, counts.astype(float), margins).weights
    assert grouped[inverse.ravel()] == pytest.approx(single, abs=1e-9)


def test_trimming_off_is_plain_raking_and_on_caps_the_weights():
    data, margins = sample()
    codes = codes_for(data, margins)
    plain = stats.rake(codes, np.ones(len(codes)), margins)
    off = stats.rake(codes, np.ones(len(codes)), margins, trim=None)
    assert np.array_equal(plain.weights, off.weights)
    cap = 0.8 * plain.weights.max()
    trimmed = stats.rake(codes, np.ones(len(codes)), margins, trim=cap)
    assert trimmed.trimmed
    assert trimmed.weights.max() <= cap * trimmed.weights.mean() * (1 + 1e-6)


def test_it_refuses_margins_that_do_not_cover_an_answer_category_and_says_which():
    margin = stats.Margin("gender", ("female", "male"), (50.0, 50.0))
    with pytest.raises(stats.RakingError, match="'nonbinary'"):
        stats.encode(["female", "male", "nonbinary", ""], margin)


def test_it_refuses_a_margin_whose_shares_are_empty():
    margin = stats.Margin("gender", ("female", "male"), (0.0, 0.0))
    with pytest.raises(stats.RakingError, match="no population"):
        stats.rake(np.array([[0], [1]]), np.ones(2), [margin])


def test_contradicting_margins_stop_with_a_message_instead_of_looping():
    # Everyone young is female and everyone female is young: the margins ask for 90%
    # young and 10% female at once, which no positive weights can give.
    codes = np.array([[0, 0], [1, 1], [1, 1]])
    margins = [stats.Margin("age_band", ("young", "old"), (90.0, 10.0)),
               stats.Margin("gender", ("female", "male"), (10.0, 90.0))]
    with pytest.raises(stats.RakingError, match="did not converge"):
        stats.rake(codes, np.ones(3), margins)


def test_missing_answers_are_left_out_of_that_variable_only():
    codes = np.array([[0, 0], [1, 1], [0, -1], [1, 0]])
    margins = [stats.Margin("age_band", ("a", "b"), (50.0, 50.0)),
               stats.Margin("gender", ("f", "m"), (50.0, 50.0))]
    result = stats.rake(codes, np.ones(4), margins)
    known = codes[:, 1] >= 0
    by_gender = np.bincount(codes[known, 1], weights=result.weights[known])
    assert by_gender[0] == pytest.approx(by_gender[1])


def test_the_interval_equals_a_hand_computation():
    y = [8, 6, 7, 3]
    w = [1.5, 0.5, 1.0, 1.0]
    est = stats.estimate_values(y, w)
    # By hand: sum w = 4, mean = (12 + 3 + 7 + 3) / 4 = 6.25
    assert est.mean == pytest.approx(6.25)
    # Kish: n_eff = 4^2 / (2.25 + 0.25 + 1 + 1) = 16 / 4.5; deff = 4 * 4.5 / 16
    assert est.n_eff == pytest.approx(16 / 4.5)
    assert est.design_effect == pytest.approx(1.125)
    # Weighted squared deviations: 1.5*3.0625 + 0.5*0.0625 + 1*0.5625 + 1*10.5625 = 15.75
    s2 = 15.75 / 4 * (16 / 4.5) / (16 / 4.5 - 1)
    se = math.sqrt(s2 / (16 / 4.5))
    assert est.se == pytest.approx(se)
    assert est.ci_low == pytest.approx(6.25 - 1.959963984540054 * se)
    assert est.ci_high == pytest.approx(6.25 + 1.959963984540054 * se)


def test_equal_weights_give_the_textbook_interval():
    y = [0, 10, 5, 5, 7, 3]
    est = stats.estimate_values(y)
    assert est.n_eff == pytest.approx(6)
    assert est.design_effect == pytest.approx(1)
    assert est.se == pytest.approx(np.std(y, ddof=1) / math.sqrt(6))


def test_a_change_is_significant_only_when_its_interval_leaves_out_zero():
    a = stats.Estimate(100, 100, 1, 6.0, 0.2)
    b = stats.Estimate(100, 100, 1, 6.5, 0.2)
    c = stats.Estimate(100, 100, 1, 7.0, 0.2)
    assert not stats.difference(b, a).significant  # 0.5 < 1.96 * 0.283
    assert stats.difference(c, a).significant  # 1.0 > 0.554
    assert stats.difference(c, a).ci_low == pytest.approx(1.0 - 1.959963984540054 *
                                                          math.hypot(0.2, 0.2))
