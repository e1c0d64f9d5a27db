from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from coder.errors import ReliabilityError
from coder.reliability import ICC_FORMS, icc, shrout_fleiss_name

# pingouin's intraclass_corr documentation (wine data): ICC, F, df1, df2 and 95% CI.
WINE = {
    "1,1": (0.727521, 11.680026, 7, 24, (0.43, 0.93)),
    "A,1": (0.727689, 11.786693, 7, 21, (0.43, 0.93)),
    "C,1": (0.729487, 11.786693, 7, 21, (0.43, 0.93)),
    "1,k": (0.914384, 11.680026, 7, 24, (0.75, 0.98)),
    "A,k": (0.914450, 11.786693, 7, 21, (0.75, 0.98)),
    "C,k": (0.915159, 11.786693, 7, 21, (0.75, 0.98)),
}
# Shared README values: raters shifted by a constant separate consistency from agreement.
SHIFTED = {"1,1": -0.2426, "A,1": 0.1075, "C,1": 0.6949, "A,k": 0.2654, "C,k": 0.8723}


@pytest.fixture
def wine(reference: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    long = reference("pingouin_icc_wine_8wines_4judges_long.csv")
    return long.pivot(index="Wine", columns="Judge", values="Scores")


@pytest.mark.parametrize("form", ICC_FORMS)
def test_wine_matches_pingouin(wine: pd.DataFrame, form: str) -> None:
    value, f, df1, df2, ci = WINE[form]
    r = icc(wine, form)
    assert r.value == pytest.approx(value, abs=5e-6)
    assert r.f == pytest.approx(f, abs=5e-6)
    assert (r.df1, r.df2) == (df1, df2)
    assert (round(r.ci_low, 2), round(r.ci_high, 2)) == ci
    assert r.n == 8 and r.k == 4 and r.n_dropped == 0
    assert r.form == form


def test_wine_readme_values(wine: pd.DataFrame) -> None:
    expected = {"1,1": 0.7275, "A,1": 0.7277, "C,1": 0.7295, "1,k": 0.9144, "A,k": 0.9145}
    for form, value in expected.items():
        assert icc(wine, form).value == pytest.approx(value, abs=5e-5)
    assert icc(wine, "C,k").value == pytest.approx(0.9152, abs=5e-5)


@pytest.mark.parametrize("form", sorted(SHIFTED))
def test_shifted_raters_catch_swapped_forms(
    reference: Callable[..., pd.DataFrame], form: str
) -> None:
    data = reference("pyirr_icc_consistency_vs_agreement_20x3.csv", index_col=0)
    r = icc(data, form)
    assert r.value == pytest.approx(SHIFTED[form], abs=5e-5)
    assert r.ci_low <= r.value <= r.ci_high


def test_listwise_deletion_reports_n(wine: pd.DataFrame) -> None:
    data = wine.to_numpy().astype(object)
    data[2, 1] = None
    r = icc(data, "A,1")
    assert (r.n, r.n_dropped) == (7, 1)
    assert r.value == pytest.approx(icc(np.delete(wine.to_numpy(), 2, axis=0), "A,1").value)


def test_shrout_fleiss_names() -> None:
    assert shrout_fleiss_name("A,1") == "ICC(2,1)"
    assert shrout_fleiss_name("C,k") == "ICC(3,k)"


def test_unusable_input() -> None:
    with pytest.raises(ReliabilityError, match="unknown ICC form"):
        icc([[1, 2], [3, 4]], "2,1")
    with pytest.raises(ReliabilityError, match="at least 2 units"):
        icc([[1, 2], [3, None]])
    with pytest.raises(ReliabilityError, match="every rating is the same"):
        icc([[3, 3], [3, 3], [3, 3]])
    with pytest.raises(ReliabilityError, match="numeric"):
        icc([["a", "b"], ["c", "d"]])


@pytest.mark.parametrize("form", ["1,1", "A,1", "C,1", "1,k", "A,k", "C,k"])
def test_exact_agreement_gives_one_without_warnings(form: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = icc([[1, 1], [3, 3], [5, 5], [2, 2]], form=form)
    assert (result.value, result.ci_low, result.ci_high) == (1.0, 1.0, 1.0)
