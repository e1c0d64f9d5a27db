"""The CUSUM drift rule: published run lengths, and simulated coders whose agreement falls."""

from __future__ import annotations

import numpy as np
import pytest

from coder.reliability import kappa_from_table
from coder.training.drift_rule import CusumRule, siegmund_arl


def test_siegmund_run_lengths_match_the_published_table() -> None:
    # Montgomery, Introduction to Statistical Quality Control, Table 9.3 (k = 0.5): the
    # two-sided CUSUM's in-control ARL is 168 (h = 4) and 465 (h = 5), i.e. 336 and 930 for one
    # side; after a 1-SD shift 8.38 and 10.4 (Siegmund's approximation).
    assert siegmund_arl(-0.5, 4.0) == pytest.approx(2 * 168, rel=0.01)
    assert siegmund_arl(-0.5, 5.0) == pytest.approx(2 * 465, rel=0.01)
    assert siegmund_arl(0.5, 4.0) == pytest.approx(8.38, rel=0.01)
    assert siegmund_arl(0.5, 5.0) == pytest.approx(10.4, rel=0.01)


def test_the_statistic_accumulates_shortfalls_and_resets_at_zero() -> None:
    rule = CusumRule(in_control=0.85, shift=0.10, sd=0.05, h=3.0, horizon=10)
    path = rule.run([0.90, 0.85, 0.70, 0.70, 0.70])
    # k = 1 SD; shortfalls in SD: -1, 0, 3, 3, 3 → increments -2, -1, 2, 2, 2.
    assert path.statistic == pytest.approx((0.0, 0.0, 2.0, 4.0, 6.0))
    assert path.first_alarm == 3


def test_a_steady_coder_never_alarms_and_the_rule_is_described() -> None:
    rule = CusumRule(in_control=0.85, shift=0.10, sd=0.05, h=4.0, horizon=20)
    assert rule.run([0.85] * 50).first_alarm is None
    text = rule.describe()
    assert "h = 4.00" in text and "false-alarm probability within 20 checks" in text


# --- simulated coders ---------------------------------------------------------------------
RNG = np.random.default_rng(20261129)
CATEGORIES = [0, 1, 2, 3]


def _gold_units(n: int = 300) -> np.ndarray:
    codes: list[int] = []
    while len(codes) < n:
        codes += [int(RNG.integers(4))] * int(RNG.integers(3, 15))
    return np.array(codes[:n])


def _session_kappa(accuracy: float) -> float:
    """A coder who gives each 1-s unit the gold code with probability ``accuracy``."""
    gold = _gold_units()
    wrong = RNG.random(len(gold)) > accuracy
    coded = gold.copy()
    coded[wrong] = (gold[wrong] + RNG.integers(1, 4, int(wrong.sum()))) % 4
    table = np.zeros((4, 4))
    np.add.at(table, (gold, coded), 1)
    # Cohen (1960) from the table; checked against coder.reliability below.
    n = table.sum()
    p_o = np.trace(table) / n
    p_e = float(table.sum(0) @ table.sum(1)) / n**2
    return float((p_o - p_e) / (1 - p_e))


def test_simulated_kappa_is_cohens_kappa() -> None:
    state = RNG.bit_generator.state
    ours = _session_kappa(STEADY)
    RNG.bit_generator.state = state
    gold = _gold_units()
    wrong = RNG.random(len(gold)) > STEADY
    coded = gold.copy()
    coded[wrong] = (gold[wrong] + RNG.integers(1, 4, int(wrong.sum()))) % 4
    table = np.zeros((4, 4))
    np.add.at(table, (gold, coded), 1)
    assert ours == pytest.approx(kappa_from_table(table, CATEGORIES).kappa, abs=1e-12)


STEADY, DRIFTED, BEFORE_DROP, CHECKS = 0.92, 0.88, 10, 20


@pytest.mark.slow
def test_simulated_drift_is_flagged_and_steady_coders_rarely_alarm() -> None:
    calibration = np.array([_session_kappa(STEADY) for _ in range(2000)])
    rule = CusumRule(
        in_control=float(calibration.mean()),
        shift=0.04,
        sd=float(calibration.std(ddof=1)),
        h=3.0,
        horizon=CHECKS,
    )
    stated = rule.false_alarm_rate(calibration)
    steady = 400
    steady_alarms = sum(
        rule.run([_session_kappa(STEADY) for _ in range(CHECKS)]).first_alarm is not None
        for _ in range(steady)
    )
    delays = []
    for _ in range(150):
        series = [_session_kappa(STEADY) for _ in range(BEFORE_DROP)]
        series += [_session_kappa(DRIFTED) for _ in range(CHECKS)]
        alarm = rule.run(series).first_alarm
        delays.append(CHECKS + 1 if alarm is None else alarm - BEFORE_DROP + 1)
    delays_arr = np.array(delays)
    # Stated figures (see the closing note): per-unit accuracy 92 % → 88 % is a fall of about
    # 0.05 in κ; 95 % of drifting coders are flagged within 6 gold checks of the fall; steady
    # coders alarm within 20 checks at no more than the stated rate, plus three binomial
    # standard errors of this sample.
    assert np.percentile(delays_arr, 95) <= 6
    assert np.median(delays_arr) <= 3
    allowed = stated + 3 * np.sqrt(max(stated, 0.01) * (1 - stated) / steady)
    assert steady_alarms / steady <= allowed
    assert stated < 0.05
