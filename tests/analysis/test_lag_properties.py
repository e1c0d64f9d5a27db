"""Seeded simulations: shuffled sequences look like chance, a planted contingency is found."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.analysis.lag_sequential import lag_table

CODES = ["a", "b", "c", "d"]


def test_shuffled_sequences_give_standard_normal_residuals_and_q_near_zero() -> None:
    rng = np.random.default_rng(20261129)
    z_values, q_values = [], []
    for _ in range(200):
        seq = rng.choice(CODES, size=400, p=[0.4, 0.3, 0.2, 0.1])
        result = lag_table(list(seq), codes=CODES)
        z_values.append(result.adjusted_residuals.to_numpy().ravel())
        q_values.append(result.yules_q.to_numpy().ravel())
    z = np.concatenate(z_values)
    q = np.concatenate(q_values)
    assert abs(z.mean()) < 0.05
    assert abs(z.std() - 1.0) < 0.05
    assert abs(np.mean(np.abs(z) > 1.96) - 0.05) < 0.01
    assert abs(q.mean()) < 0.02


def test_planted_contingency_is_recovered() -> None:
    rng = np.random.default_rng(7)
    sessions = []
    for _ in range(20):
        seq = list(rng.choice(CODES, size=200))
        for i in range(len(seq) - 1):  # after a "bid" (a), a "response" (c) follows half the time
            if seq[i] == "a" and rng.random() < 0.5:
                seq[i + 1] = "c"
        sessions.append(seq)
    result = lag_table(sessions, codes=CODES, permutations=200, seed=1)
    assert result.adjusted_residuals.loc["a", "c"] > 5
    assert result.yules_q.loc["a", "c"] > 0.5
    assert result.permutation_p.loc["a", "c"] < 0.01
    z = result.adjusted_residuals.stack()
    assert z.idxmax() == ("a", "c")  # the planted cell stands out above every other
    assert z.drop(("a", "c")).max() < z[("a", "c")] / 2


def test_permutation_p_is_uniformish_under_the_null() -> None:
    rng = np.random.default_rng(3)
    seq = list(rng.choice(CODES, size=300))
    result = lag_table(seq, codes=CODES, permutations=199, seed=11)
    p = result.permutation_p.to_numpy().ravel()
    assert 0.2 < p.mean() < 0.8
    assert result.permutation_p.equals(lag_table(seq, codes=CODES, permutations=199, seed=11).permutation_p)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CODES), min_size=0, max_size=30), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=3))
def test_pooled_counts_are_the_sum_of_per_session_counts(sessions: list[list[str]], lag: int) -> None:
    pooled = lag_table(sessions, codes=CODES, lag=lag).counts
    total = sum(lag_table([s], codes=CODES, lag=lag).counts for s in sessions)
    assert pooled.equals(total)
    expected_n = sum(max(len(s) - lag, 0) for s in sessions)
    assert int(pooled.to_numpy().sum()) == expected_n


def test_shuffling_a_real_sequence_removes_its_structure() -> None:
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "analysis" / "data_sequential.txt"
    seq = np.array(data.read_text().split())
    original = lag_table(list(seq), codes=sorted(set(seq)))
    assert np.nanmax(np.abs(original.adjusted_residuals.to_numpy())) > 4  # it has structure
    rng = np.random.default_rng(99)
    z = np.concatenate([
        lag_table(list(rng.permutation(seq)), codes=sorted(set(seq))).adjusted_residuals.to_numpy().ravel()
        for _ in range(300)
    ])
    z = z[np.isfinite(z)]
    assert abs(z.mean()) < 0.05
    assert abs(z.std() - 1.0) < 0.1


def test_structural_zero_residuals_are_standard_normal_under_quasi_independence() -> None:
    """Sequences where a code never follows itself and otherwise picks the next code by fixed
    weights satisfy quasi-independence exactly: the leverage-form residuals should be N(0, 1)."""
    rng = np.random.default_rng(5)
    weights = np.array([0.4, 0.3, 0.2, 0.1])
    z_values = []
    for _ in range(150):
        seq = [0]
        for _ in range(399):
            w = weights.copy()
            w[seq[-1]] = 0
            seq.append(int(rng.choice(4, p=w / w.sum())))
        result = lag_table([CODES[i] for i in seq], codes=CODES, repeats=False)
        z_values.append(result.adjusted_residuals.to_numpy().ravel())
    z = np.concatenate(z_values)
    z = z[np.isfinite(z)]
    assert abs(z.mean()) < 0.05
    assert abs(z.std() - 1.0) < 0.07
