from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from coder.errors import ReliabilityError
from coder.reliability import alpha as alpha_module
from coder.reliability import krippendorff_alpha

# The reference files store coders in rows (the krippendorff package's orientation); ours is
# units in rows, so they are transposed here.


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011(
    reference: Callable[..., pd.DataFrame], level: str, expected: float
) -> None:
    data = reference("krippendorff2011_4coders_12units.csv", index_col=0).T
    r = krippendorff_alpha(data, level)  # type: ignore[arg-type]
    assert r.alpha == pytest.approx(expected, abs=5e-4)
    assert r.n_units == 11  # unit 12 has a single value
    assert r.n_pairable == 40  # Krippendorff 2011: n.. = 40


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.691), ("interval", 0.811)])
def test_wikipedia(reference: Callable[..., pd.DataFrame], level: str, expected: float) -> None:
    data = reference("krippendorff_wikipedia_3coders_15units.csv", index_col=0).T
    assert krippendorff_alpha(data, level).alpha == pytest.approx(expected, abs=5e-4)  # type: ignore[arg-type]


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.477), ("interval", 0.757)])
def test_hayes_krippendorff_2007(
    reference: Callable[..., pd.DataFrame], level: str, expected: float
) -> None:
    data = reference("hayes_krippendorff2007_table1_40units_5observers.csv", index_col=0)
    assert krippendorff_alpha(data, level).alpha == pytest.approx(expected, abs=5e-4)  # type: ignore[arg-type]


def test_krippendorff_2004_binary(reference: Callable[..., pd.DataFrame]) -> None:
    data = reference("krippendorff2004_binary_2observers_10units.csv", index_col=0).T
    assert krippendorff_alpha(data).alpha == pytest.approx(0.095, abs=5e-4)


def test_bootstrap_ci_brackets_the_estimate_and_is_reproducible(
    reference: Callable[..., pd.DataFrame],
) -> None:
    data = reference("hayes_krippendorff2007_table1_40units_5observers.csv", index_col=0)
    r = krippendorff_alpha(data, "interval", bootstrap=500, seed=7)
    assert r.ci_low is not None and r.ci_high is not None
    assert r.ci_low < r.alpha < r.ci_high
    # Hayes & Krippendorff 2007 report .6793–.8223 from their own bootstrap; a unit bootstrap is
    # close but not identical.
    assert 0.55 < r.ci_low < 0.72 and 0.78 < r.ci_high < 0.88
    again = krippendorff_alpha(data, "interval", bootstrap=500, seed=7)
    assert (again.ci_low, again.ci_high) == (r.ci_low, r.ci_high)
    assert krippendorff_alpha(data, "interval").ci_low is None


def test_string_labels_nominal_and_many_valued_ratings_stay_light() -> None:
    labels = [["B3", "B3"], ["A1", "A2"], ["D", "D"], ["C1", None]]
    r = krippendorff_alpha(labels)
    assert r.n_units == 3
    rng = np.random.default_rng(0)
    truth = rng.normal(size=3000)
    noisy = np.c_[truth, truth + rng.normal(scale=0.1, size=3000)]  # 6,000 distinct values
    with pytest.raises(ReliabilityError, match="distinct values"):
        krippendorff_alpha(noisy, "interval")
    rounded = np.round(noisy, 2)
    assert krippendorff_alpha(rounded, "interval").alpha > 0.95


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_sparse_coincidences_match_the_package(
    reference: Callable[..., pd.DataFrame], monkeypatch: pytest.MonkeyPatch, level: str
) -> None:
    data = reference("hayes_krippendorff2007_table1_40units_5observers.csv", index_col=0)
    dense = krippendorff_alpha(data, level).alpha  # type: ignore[arg-type]
    monkeypatch.setattr(alpha_module, "DENSE_LIMIT", 0)
    assert krippendorff_alpha(data, level).alpha == pytest.approx(dense, abs=1e-12)  # type: ignore[arg-type]


def test_unusable_input() -> None:
    with pytest.raises(ReliabilityError, match="level"):
        krippendorff_alpha([[1, 2], [2, 3]], "cardinal")  # type: ignore[arg-type]
    with pytest.raises(ReliabilityError, match="at least 2 units"):
        krippendorff_alpha([[1, None], [2, None], [3, 3]])
    with pytest.raises(ReliabilityError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["b", "b"]], "interval")
