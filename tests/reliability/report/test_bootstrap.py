"""The vectorised bootstrap statistics equal the library's on the full sample."""

from __future__ import annotations

import numpy as np
import pytest

from coder.reliability import icc, krippendorff_alpha
from coder.reliability.kappa import kappa_from_table
from coder.reliability.report.bootstrap import (
    coincidences,
    icc_a1_many,
    kappa_of_tables,
    ordinal_alpha_of_coincidences,
    percentile_ci,
    resample_sum,
    session_weights,
)


def test_kappa_of_tables_equals_kappa_from_table() -> None:
    rng = np.random.default_rng(1)
    tables = rng.integers(0, 20, (5, 4, 4)).astype(float)
    for weights in (None, "linear", "quadratic"):
        got = kappa_of_tables(tables, weights)
        for t, k in zip(tables, got, strict=True):
            assert k == pytest.approx(kappa_from_table(t, list("abcd"), weights=weights).kappa)


def test_kappa_of_tables_is_nan_when_undefined() -> None:
    tables = np.array([[[5.0, 0], [0, 0]], [[0.0, 0], [0, 0]]])
    assert np.isnan(kappa_of_tables(tables)).all()


def test_icc_many_with_unit_weights_one_equals_icc() -> None:
    rng = np.random.default_rng(2)
    x = rng.integers(1, 8, (30, 2)).astype(float)
    x[:, 1] = np.clip(x[:, 0] + rng.integers(-1, 2, 30), 1, 7)
    got = icc_a1_many(x, np.ones((1, 30)))
    assert got[0] == pytest.approx(icc(x.tolist(), "A,1").value)
    # a unit drawn twice is the same as the unit written twice
    weights = np.ones((1, 30))
    weights[0, 0] = 2
    assert icc_a1_many(x, weights)[0] == pytest.approx(
        icc(np.vstack([x, x[:1]]).tolist(), "A,1").value
    )


def test_ordinal_alpha_of_coincidences_equals_krippendorff() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, (40, 2)).astype(float)
    x[:, 1] = np.clip(x[:, 0] + rng.integers(-1, 2, 40), 1, 5)
    domain = np.unique(x)
    got = ordinal_alpha_of_coincidences(coincidences(x, domain))
    assert float(got) == pytest.approx(krippendorff_alpha(x.tolist(), "ordinal").alpha)


def test_session_weights_are_seeded_multinomial_counts() -> None:
    w = session_weights(7, 50, seed=4)
    assert w.shape == (50, 7)
    assert (w.sum(axis=1) == 7).all()
    assert np.array_equal(w, session_weights(7, 50, seed=4))
    assert not np.array_equal(w, session_weights(7, 50, seed=5))
    assert session_weights(7, 0, seed=4).shape == (0, 7)


def test_resample_sum_and_percentile() -> None:
    per_pair = np.arange(8, dtype=float).reshape(2, 2, 2)
    weights = np.array([[1.0, 1.0], [2.0, 0.0]])
    summed = resample_sum(per_pair, weights)
    assert np.array_equal(summed[0], per_pair.sum(0))
    assert np.array_equal(summed[1], 2 * per_pair[0])
    assert percentile_ci(np.array([np.nan, 1.0])) == (None, None)
    low, high = percentile_ci(np.linspace(0, 1, 1001))
    assert low == pytest.approx(0.025) and high == pytest.approx(0.975)
