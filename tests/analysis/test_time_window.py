"""Time-window contingency: a worked case by hand, a unit-by-unit reference, scipy's odds ratio."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats.contingency import odds_ratio

from coder.analysis.time_window import time_window_contingency
from coder.errors import AnalysisError


def test_worked_example_by_hand() -> None:
    # 20 s session in 1-s units; bids at 2 s and 10 s, 3-s windows: units 2,3,4 and 10,11,12.
    # Responses (states) [3000, 5000) → units 3,4; [15000, 16500) → units 15,16.
    result = time_window_contingency(
        [(2000, 2000), (10000, 10000)], [(3000, 5000), (15000, 16500)],
        window_ms=(0, 3000), start_ms=0, end_ms=20000, unit_ms=1000,
    )
    assert result.table.loc["window"].tolist() == [2, 4]
    assert result.table.loc["outside"].tolist() == [2, 12]
    assert result.n_units == 20 and result.n_given == 2
    assert result.yules_q == pytest.approx((2 * 12 - 4 * 2) / (2 * 12 + 4 * 2))
    assert result.odds_ratio == pytest.approx(3.0)
    se = math.sqrt(1 / 2 + 1 / 4 + 1 / 2 + 1 / 12)
    assert result.log_odds_se == pytest.approx(se)
    assert result.log_odds_ci[0] == pytest.approx(math.log(3) - 1.959963984540054 * se)
    assert not result.corrected
    assert "1000 ms" in result.rules


def test_odds_ratio_ci_agrees_with_scipy() -> None:
    result = time_window_contingency(
        [(2000, 2000), (10000, 10000)], [(3000, 5000), (15000, 16500)],
        window_ms=(0, 3000), start_ms=0, end_ms=20000, unit_ms=1000,
    )
    table = result.table.to_numpy()
    reference = odds_ratio(table, kind="sample")
    assert result.odds_ratio == pytest.approx(reference.statistic)
    low, high = reference.confidence_interval(0.95)
    assert result.odds_ratio_ci == pytest.approx((low, high), rel=1e-6)


def _by_units(given, target, window_ms, start_ms, end_ms, unit_ms):
    """Unit-by-unit reference, written for clarity rather than speed."""
    n = -((start_ms - end_ms) // unit_ms)
    lo, hi = round(window_ms[0] / unit_ms), round(window_ms[1] / unit_ms)
    counts = np.zeros((2, 2), dtype=int)
    for u in range(n):
        u0, u1 = start_ms + u * unit_ms, min(start_ms + (u + 1) * unit_ms, end_ms)
        inside = any(
            start_ms <= g0 < end_ms and lo <= u - (g0 - start_ms) // unit_ms < hi for g0, _ in given
        )
        present = any((s < u1 and e > u0) if e > s else (u0 <= s < u1) for s, e in target)
        counts[0 if inside else 1, 0 if present else 1] += 1
    return counts


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_a_unit_by_unit_count(seed: int) -> None:
    rng = np.random.default_rng(seed)
    given = [(int(t), int(t)) for t in rng.integers(-500, 31000, size=12)]
    target = []
    for s in rng.integers(0, 30000, size=10):
        length = int(rng.choice([0, 40, 333, 1500]))
        target.append((int(s), int(s) + length))
    for unit in (40, 100, 1000):
        result = time_window_contingency(given, target, window_ms=(0, 2000), start_ms=0, end_ms=30000 + 17,
                                         unit_ms=unit)
        expected = _by_units(given, target, (0, 2000), 0, 30000 + 17, unit)
        assert result.table.to_numpy().tolist() == expected.tolist()


def test_zero_cell_uses_haldane_correction() -> None:
    result = time_window_contingency([(0, 0)], [], start_ms=0, end_ms=10000, unit_ms=1000)
    assert result.corrected
    assert math.isfinite(result.log_odds)
    assert math.isnan(result.yules_q)


def test_rejects_empty_or_bad_windows() -> None:
    with pytest.raises(AnalysisError):
        time_window_contingency([], [], start_ms=0, end_ms=0)
    with pytest.raises(AnalysisError):
        time_window_contingency([], [], start_ms=0, end_ms=10, window_ms=(100, 100))
    with pytest.raises(AnalysisError):
        time_window_contingency([(5, 1)], [], start_ms=0, end_ms=10)
