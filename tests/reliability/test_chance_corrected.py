from __future__ import annotations

import pytest

from coder.errors import ReliabilityError
from coder.reliability import gwet_ac1, pabak

# irrCAC's cont3x3abstractors (Gwet 2014) as raw ratings: 100 subjects, 2 abstractors.
A = ["Ectopic"] * 13 + ["AIU"] * 27 + ["NIU"] * 60
B = ["Ectopic"] * 13 + ["AIU"] * 20 + ["NIU"] * 7 + ["AIU"] * 4 + ["NIU"] * 56


def test_gwet_ac1_cont3x3abstractors() -> None:
    # p_a = .89; π = (.13, .255, .615); p_e = Σπ(1−π)/2 = .269925 → AC1 = .8493 (Gwet 2008).
    r = gwet_ac1(A, B)
    assert r.p_observed == pytest.approx(0.89)
    assert r.p_expected == pytest.approx(0.269925)
    assert r.value == pytest.approx(0.849331, abs=1e-6)
    assert r.n == 100


def test_pabak_is_brennan_prediger() -> None:
    r = pabak(A, B)
    assert r.value == pytest.approx((3 * 0.89 - 1) / 2)
    # Byrt et al. 1993, binary case: PABAK = 2 p_o − 1.
    assert pabak([1, 1, 0, 0, 1], [1, 0, 0, 0, 1]).value == pytest.approx(2 * 0.8 - 1)
    # The full scale changes k.
    assert pabak([1, 2], [1, 2], categories=[1, 2, 3, 4]).p_expected == pytest.approx(0.25)


def test_need_two_categories() -> None:
    with pytest.raises(ReliabilityError, match="2 categories"):
        gwet_ac1(["a", "a"], ["a", "a"])
