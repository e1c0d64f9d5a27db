from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from coder.errors import ReliabilityError
from coder.reliability import fleiss_kappa

# Fleiss 1971 psychiatric diagnoses (R irr's `diagnoses`): 30 patients × 6 psychiatrists.
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]
)  # fmt: skip


def test_wikipedia_example(reference: Callable[..., pd.DataFrame]) -> None:
    counts = reference("fleiss_wikipedia_10subjects_14raters_counts.csv", index_col=0)
    raw = [
        [j for j, count in enumerate(row) for _ in range(int(count))] for row in counts.to_numpy()
    ]
    r = fleiss_kappa(raw)
    assert r.kappa == pytest.approx(0.210, abs=5e-4)
    assert r.p_observed == pytest.approx(0.378, abs=5e-4)  # Wikipedia's P̄
    assert r.p_expected == pytest.approx(0.213, abs=5e-4)  # Wikipedia's P̄e
    assert r.n == 10


def test_fleiss_1971_diagnoses_matches_r_irr_and_the_paper() -> None:
    r = fleiss_kappa(DIAGNOSES)
    # irr::kappam.fleiss(diagnoses): Kappa = 0.430, z = 17.7 (0.4302445, 17.65183 unrounded).
    assert r.kappa == pytest.approx(0.4302445, abs=1e-7)
    assert r.z == pytest.approx(17.65183, abs=1e-5)
    assert r.p_value < 1e-10
    assert r.se == r.se_null
    # Fleiss 1971, per-category kappas: .245 .245 .520 .471 .566.
    assert r.category_kappas == pytest.approx((0.245, 0.245, 0.520, 0.471, 0.566), abs=5e-4)
    assert r.categories == (1, 2, 3, 4, 5)
    assert r.table_array().sum(axis=1).tolist() == [6.0] * 30


def test_units_with_missing_ratings_are_dropped() -> None:
    data = DIAGNOSES.astype(object)
    data[0, 2] = None
    r = fleiss_kappa(data)
    assert r.n == 29
    assert r.kappa == pytest.approx(fleiss_kappa(DIAGNOSES[1:]).kappa)


def test_unusable_input() -> None:
    with pytest.raises(ReliabilityError, match="at least 2 units"):
        fleiss_kappa([[1, 1, 1]])
    with pytest.raises(ReliabilityError, match="same single category"):
        fleiss_kappa([["a", "a"], ["a", "a"]])
    with pytest.raises(ReliabilityError, match="2-D"):
        fleiss_kappa([1, 2, 3])
