"""Lag tables against LagSequential (O'Connor 1999's programs, R port) and by their properties.

Reference numbers: tests/data/analysis/lagsequential_reference.json, the output of
``sequential()`` in the R package LagSequential 0.1.1 (Draper & O'Connor 2019) on the package's
example data — the 122-code ``data_sequential``, the Griffin & Gottman (1990, p. 137) frequency
matrix, the Bakeman & Quera (2011, p. 159) sequence — and on ``data_sequential`` with repeats
removed (``adjacent = FALSE``: structural zeros on the diagonal). See that folder's README.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from coder.analysis.ipf import fit_quasi_independence, independence_expected, leverages
from coder.analysis.lag_sequential import lag_table
from coder.errors import AnalysisError

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
REFERENCE = json.loads((DATA / "lagsequential_reference.json").read_text())["cases"]


def _codes(name: str) -> list[int]:
    return [int(x) for x in (DATA / name).read_text().split()]


def _close(frame: pd.DataFrame, expected: list[list[float]], atol: float) -> None:
    values = frame.to_numpy(dtype=float)
    reference = np.array(expected, dtype=float)
    mask = np.isfinite(values)
    np.testing.assert_allclose(values[mask], reference[mask], atol=atol, rtol=0)


@pytest.mark.parametrize(
    ("case", "run"),
    [
        ("data_sequential_lag1", lambda: lag_table(_codes("data_sequential.txt"), codes=range(1, 7))),
        ("data_sequential_lag2", lambda: lag_table(_codes("data_sequential.txt"), lag=2, codes=range(1, 7))),
        ("bq2011_p159", lambda: lag_table(_codes("bq2011_p159.txt"), codes=range(1, 6))),
        ("griffin_gottman", lambda: lag_table(counts=np.loadtxt(DATA / "griffin_gottman_counts.csv", delimiter=","))),
    ],
)
def test_matches_lagsequential_when_codes_may_repeat(case: str, run) -> None:
    result = run()
    ref = REFERENCE[case]
    assert result.counts.to_numpy().tolist() == np.array(ref["freqs"], dtype=int).tolist()
    for frame, key in ((result.expected, "expfreqs"), (result.probabilities, "probs"),
                       (result.adjusted_residuals, "adjres"), (result.p_values, "p"),
                       (result.yules_q, "YulesQ")):
        _close(frame, ref[key], 1e-9)
    assert result.lr_chi2 == pytest.approx(ref["lrx2"], abs=1e-9)
    assert result.df == ref["df"]
    assert result.lr_p == pytest.approx(ref["lrx2_p"], rel=1e-3)


def test_structural_zero_case_matches_lagsequential() -> None:
    """No repeats: IPF expected counts and the leverage-form adjusted residuals.

    LagSequential stops its IPF at a margin gap of 1e-4, so its expected counts agree to ~1e-4;
    ours converge to 1e-10. Its p-values in this mode come from its first, approximate z values,
    so the p-values are checked against the normal tail of its adjusted residuals instead.
    """
    result = lag_table(_codes("data_sequential_norepeat.txt"), codes=range(1, 7), repeats=False)
    ref = REFERENCE["norepeat_lag1"]
    assert result.counts.to_numpy().tolist() == np.array(ref["freqs"], dtype=int).tolist()
    _close(result.expected, ref["expfreqs"], 1e-4)
    _close(result.adjusted_residuals, ref["adjres"], 1e-4)
    _close(result.p_values, (2 * stats.norm.sf(np.abs(np.array(ref["adjres"])))).tolist(), 1e-4)
    _close(result.yules_q, ref["YulesQ"], 1e-9)
    assert result.lr_chi2 == pytest.approx(ref["lrx2"], abs=1e-6)
    assert result.df == ref["df"] == 19
    assert np.isnan(np.diag(result.adjusted_residuals.to_numpy())).all()
    assert np.diag(result.expected.to_numpy()).tolist() == [0.0] * 6
    np.testing.assert_allclose(result.expected.sum(axis=1), result.counts.sum(axis=1), atol=1e-8)


def test_leverage_form_equals_allison_liker_without_structural_zeros() -> None:
    counts = np.array([[12, 3, 7], [4, 20, 6], [9, 2, 15]], dtype=float)
    expected = independence_expected(counts)
    h = leverages(expected, np.ones((3, 3), dtype=bool))
    n = counts.sum()
    p_row, p_col = counts.sum(axis=1) / n, counts.sum(axis=0) / n
    np.testing.assert_allclose(1 - h, np.outer(1 - p_row, 1 - p_col), atol=1e-12)


def test_ipf_agrees_with_scipy_expected_without_zeros() -> None:
    counts = np.array([[12, 3, 7], [4, 20, 6], [9, 2, 15]], dtype=float)
    fit = fit_quasi_independence(counts, np.ones((3, 3), dtype=bool))
    np.testing.assert_allclose(fit.expected, stats.contingency.expected_freq(counts), atol=1e-8)
    assert fit.df == 4


def test_pooled_counts_never_cross_sessions() -> None:
    sessions = [["a", "b"], ["c", "a"], ["b", "c", "b"]]
    result = lag_table(sessions, codes=["a", "b", "c"])
    # Within sessions: a→b, c→a, b→c, c→b. Not b→c (end of 1 → start of 2) nor a→b (2 → 3).
    assert result.counts.loc["a", "b"] == 1
    assert result.counts.loc["b", "c"] == 1
    assert int(result.counts.to_numpy().sum()) == 4
    assert result.n_sequences == 3


def test_single_sequence_equals_pooled_of_one() -> None:
    seq = list("abcabbca")
    assert lag_table(seq).counts.equals(lag_table([seq]).counts)


def test_unlisted_codes_break_the_sequence() -> None:
    result = lag_table(list("axb"), codes=["a", "b"])
    assert int(result.counts.to_numpy().sum()) == 0


def test_repeats_false_refuses_observed_repeats() -> None:
    with pytest.raises(AnalysisError, match="structural-zero"):
        lag_table(list("aabab"), repeats=False)


def test_rejects_bad_input() -> None:
    with pytest.raises(AnalysisError):
        lag_table(list("abab"), lag=0)
    with pytest.raises(AnalysisError):
        lag_table()
    with pytest.raises(AnalysisError):
        lag_table(counts=np.array([[1, -1], [0, 2]]))


def test_tables_are_indexed_by_code_in_the_given_order() -> None:
    result = lag_table(list("abcba"), codes=["c", "b", "a"])
    assert list(result.counts.index) == ["c", "b", "a"]
    assert list(result.adjusted_residuals.columns) == ["c", "b", "a"]
    assert result.counts.index.name == "given" and result.counts.columns.name == "target"


def test_to_dict_is_json_ready() -> None:
    result = lag_table(list("abcabcab"), repeats=True)
    text = json.dumps(result.to_dict())
    assert "adjusted_residuals" in text
