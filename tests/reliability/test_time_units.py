from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.errors import ReliabilityError
from coder.reliability import cohen_kappa
from coder.reliability.time_units import NOTHING, stream_units, time_unit_kappa


def test_hand_computed_exact_kappa() -> None:
    # Units (1 s, 0–10 s): a = X X X X Y Y Y - - -, b = X X X Y Y Y Y - - -.
    a = [("X", 0, 4000), ("Y", 4000, 7000)]
    b = [("X", 0, 3000), ("Y", 3000, 7000)]
    r = time_unit_kappa(a, b, start_ms=0, end_ms=10_000)
    assert r.categories == ("X", "Y", NOTHING)
    assert r.table == ((3, 1, 0), (0, 3, 0), (0, 0, 3))
    # p_o = .9, p_e = .4·.3 + .3·.4 + .3·.3 = .33 → kappa = .57 / .67.
    assert r.kappa == pytest.approx(0.57 / 0.67)
    assert r.a_to_b.kappa == r.b_to_a.kappa == r.kappa
    assert r.n == 10
    same = cohen_kappa(list("XXXXYYY---"), list("XXXYYYY---"))
    assert r.se == pytest.approx(same.se) and r.z == pytest.approx(same.z)


def test_tolerance_is_asymmetric_and_both_directions_are_reported() -> None:
    # a = X X X X - - - - - -, b = X X X Z - - - - - -; tolerance 1 unit.
    a = [("X", 0, 4000)]
    b = [("X", 0, 3000), ("Z", 3000, 4000)]
    r = time_unit_kappa(a, b, start_ms=0, end_ms=10_000, tolerance_ms=1000)
    # a → b: b has X one unit earlier, so unit 3 counts as agreement on X.
    assert r.a_to_b.kappa == pytest.approx(1.0)
    assert r.a_to_b.table == ((4, 0, 0), (0, 0, 0), (0, 0, 6))
    # b → a: a has no Z anywhere; p_o = .9, p_e = .4·.3 + .6·.6 = .48.
    assert r.b_to_a.kappa == pytest.approx(0.42 / 0.52)
    assert r.kappa == pytest.approx((1 + 0.42 / 0.52) / 2)
    assert r.tolerance_units == 1
    # The headline table stays the exact one.
    assert r.table == ((3, 1, 0), (0, 0, 0), (0, 0, 6))
    exact = time_unit_kappa(a, b, start_ms=0, end_ms=10_000)
    assert exact.kappa < r.kappa


def test_unit_takes_the_code_at_its_midpoint_and_last_unit_is_cut() -> None:
    cats = ("X", "Y", NOTHING)
    units = stream_units(
        [("X", 0, 1400), ("Y", 1400, 2260)],
        start_ms=0,
        end_ms=2500,
        unit_ms=1000,
        categories=cats,
    )
    # Midpoints 500, 1500, 2250 (last unit 2000–2500).
    assert [cats[i] for i in units] == ["X", "Y", "Y"]


def test_point_events_take_their_unit() -> None:
    cats = ("tap", "vocal", NOTHING)
    units = stream_units(
        [("tap", 1500, 1500), ("vocal", 3999, 3999), ("tap", 9000, 9000)],
        start_ms=1000,
        end_ms=5000,
        unit_ms=1000,
        categories=cats,
    )
    assert [cats[i] for i in units] == ["tap", NOTHING, "vocal", NOTHING]


def test_frame_units_and_window_offset() -> None:
    a = [("gaze", 10_000, 10_400)]
    b = [("gaze", 10_040, 10_400)]
    r = time_unit_kappa(a, b, start_ms=10_000, end_ms=11_000, unit_ms=40)
    assert r.n == 25
    assert r.table == ((9, 1), (0, 15))
    tolerant = time_unit_kappa(a, b, start_ms=10_000, end_ms=11_000, unit_ms=40, tolerance_ms=40)
    assert tolerant.a_to_b.kappa == pytest.approx(1.0)


def test_unusable_streams() -> None:
    with pytest.raises(ReliabilityError, match="overlap"):
        time_unit_kappa([("X", 0, 3000), ("Y", 2000, 4000)], [], start_ms=0, end_ms=5000)
    with pytest.raises(ReliabilityError, match="mixes"):
        time_unit_kappa([("X", 0, 3000), ("Y", 4000, 4000)], [], start_ms=0, end_ms=5000)
    with pytest.raises(ReliabilityError, match="ends before"):
        time_unit_kappa([("X", 3000, 1000)], [], start_ms=0, end_ms=5000)
    with pytest.raises(ReliabilityError, match="window"):
        time_unit_kappa([], [], start_ms=5000, end_ms=5000)
    with pytest.raises(ReliabilityError, match="reserved"):
        time_unit_kappa([(NOTHING, 0, 10)], [], start_ms=0, end_ms=5000)
    with pytest.raises(ReliabilityError, match="outside the categories"):
        time_unit_kappa([("Q", 0, 10)], [], start_ms=0, end_ms=5000, codes=["X"])


def test_two_point_codes_in_one_unit_take_the_earliest_and_are_reported() -> None:
    a = [("Y", 20, 20), ("X", 10, 10), ("X", 1500, 1500), ("Y", 2100, 2100), ("Y", 2900, 2900)]
    b = [("X", 400, 400), ("X", 1200, 1200), ("Y", 2000, 2000)]
    r = time_unit_kappa(a, b, start_ms=0, end_ms=4000, unit_ms=1000)
    assert r.point_clashes_a_ms == (20,)  # the unit at 0 takes X (10 ms), Y at 20 ms clashes
    assert r.point_clashes_b_ms == ()
    assert r.kappa == pytest.approx(1.0)
    same_ms = time_unit_kappa([("Y", 10, 10), ("X", 10, 10)], b, start_ms=0, end_ms=4000)
    assert same_ms.point_clashes_a_ms == (10,)  # same ms: X, first in category order, stays


def test_fixed_codes_keep_unused_categories() -> None:
    r = time_unit_kappa(
        [("X", 0, 2000)], [("X", 0, 1000)], start_ms=0, end_ms=4000, codes=["W", "X"]
    )
    assert r.categories == ("W", "X", NOTHING)


# --- agreement with a plain per-unit reference implementation --------------------------------

CODES = ["A", "B", "C"]


@st.composite
def streams(draw: st.DrawFn, total: int) -> list[tuple[str, int, int]]:
    cuts = sorted(set(draw(st.lists(st.integers(0, total), min_size=0, max_size=12))))
    events = []
    for lo, hi in pairwise(cuts):
        code = draw(st.sampled_from([*CODES, None]))
        if code is not None and hi > lo:
            events.append((code, lo, hi))
    return events


def _naive_units(events: list[tuple[str, int, int]], total: int, unit: int) -> list[str]:
    out = []
    for lo in range(0, total, unit):
        mid = (lo + min(lo + unit, total)) / 2
        out.append(next((c for c, s, e in events if s <= mid < e), NOTHING))
    return out


def _naive_tolerant(ref: list[str], other: list[str], t: int) -> list[str]:
    out = list(other)
    for i, code in enumerate(ref):
        if code != other[i] and code in other[max(0, i - t) : i + t + 1]:
            out[i] = code
    return out


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_matches_a_per_unit_reference(data: st.DataObject) -> None:
    total = 20_000
    unit = data.draw(st.sampled_from([40, 500, 1000, 3000]))
    tolerance = data.draw(st.sampled_from([0, 40, 1000, 2500]))
    a = data.draw(streams(total))
    b = data.draw(streams(total))
    na, nb = _naive_units(a, total, unit), _naive_units(b, total, unit)
    codes = sorted({e[0] for e in a} | {e[0] for e in b})
    cats = [*codes, NOTHING]
    t = tolerance // unit
    try:
        exact = cohen_kappa(na, nb, categories=cats)
        ab = cohen_kappa(na, _naive_tolerant(na, nb, t), categories=cats)
        ba = cohen_kappa(_naive_tolerant(nb, na, t), nb, categories=cats)
    except ReliabilityError:
        with pytest.raises(ReliabilityError, match="undefined"):
            time_unit_kappa(a, b, start_ms=0, end_ms=total, unit_ms=unit, tolerance_ms=tolerance)
        return
    r = time_unit_kappa(a, b, start_ms=0, end_ms=total, unit_ms=unit, tolerance_ms=tolerance)
    assert r.table == exact.table
    assert r.a_to_b.kappa == pytest.approx(ab.kappa, abs=1e-12)
    assert r.b_to_a.kappa == pytest.approx(ba.kappa, abs=1e-12)
    assert r.kappa == pytest.approx((ab.kappa + ba.kappa) / 2, abs=1e-12)
    assert np.isfinite(r.se)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_swapping_coders_swaps_the_directions(data: st.DataObject) -> None:
    a = data.draw(streams(20_000))
    b = data.draw(streams(20_000))
    try:
        ab = time_unit_kappa(a, b, start_ms=0, end_ms=20_000, tolerance_ms=2000)
    except ReliabilityError:
        return
    ba = time_unit_kappa(b, a, start_ms=0, end_ms=20_000, tolerance_ms=2000)
    assert ab.a_to_b.kappa == pytest.approx(ba.b_to_a.kappa, abs=1e-12)
    assert ab.b_to_a.kappa == pytest.approx(ba.a_to_b.kappa, abs=1e-12)
    assert ab.kappa == pytest.approx(ba.kappa, abs=1e-12)
