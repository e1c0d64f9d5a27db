from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.errors import ReliabilityError
from coder.reliability import cohen_kappa, kappa_max
from coder.reliability.event_alignment import event_agreement
from coder.reliability.time_units import NOTHING


def test_hand_computed_onset_matching() -> None:
    a = [("X", 0, 1000), ("Y", 5000, 6000), ("X", 10_000, 11_000)]
    b = [("X", 500, 1500), ("Z", 5200, 6000), ("Y", 20_000, 20_000)]
    r = event_agreement(a, b)
    assert r.categories == ("X", "Y", "Z", NOTHING)
    assert [(p.a_index, p.b_index) for p in r.pairs] == [(0, 0), (1, 1)]
    assert r.pairs[0].onset_diff_ms == 500
    assert r.pairs[1].overlap_ratio == pytest.approx(0.8)
    assert (r.unmatched_a, r.unmatched_b) == ((2,), (2,))  # b's omission, b's commission
    assert r.table == ((1, 0, 0, 1), (0, 0, 1, 0), (0, 0, 0, 0), (0, 1, 0, 0))
    # Tallies X/X, Y/Z, X/nothing, nothing/Y: p_o = .25, p_e = .5·.25 + .25·.25 + .25·.25 = .25.
    assert r.kappa == pytest.approx(0.0)
    assert r.percent_agreement == pytest.approx(25.0)
    assert r.kappa_max == pytest.approx(kappa_max(r.table))
    assert r.detail is not None
    same = cohen_kappa(["X", "Y", "X", NOTHING], ["X", "Z", NOTHING, "Y"])
    assert r.detail.se == pytest.approx(same.se)
    assert (r.n_a, r.n_b, r.match, r.tolerance_ms) == (3, 3, "onset", 2000)


def test_overlap_matching_uses_intersection_over_union() -> None:
    a = [("X", 0, 1000), ("Y", 5000, 6000)]
    b = [("X", 500, 1500), ("Y", 5200, 6000)]
    r = event_agreement(a, b, match="overlap", min_overlap=0.6)
    # X: 500/1500 = .33 < .6 → unpaired; Y: 800/1000 = .8 → paired.
    assert [(p.a_index, p.b_index) for p in r.pairs] == [(1, 1)]
    assert r.unmatched_a == (0,) and r.unmatched_b == (0,)
    loose = event_agreement(a, b, match="overlap", min_overlap=0.3)
    assert len(loose.pairs) == 2 and loose.kappa == pytest.approx(1.0)


def test_same_code_beats_closer_other_code_and_more_pairs_beat_codes() -> None:
    a = [("X", 1000, 1000)]
    b = [("Y", 1000, 1000), ("X", 2500, 2500)]
    r = event_agreement(a, b)
    assert [(p.a_index, p.b_index) for p in r.pairs] == [(0, 1)]
    # Here pairing a1-b0 by code would leave a0 alone; two pairs win.
    a2 = [("X", 0, 0), ("Y", 1500, 1500)]
    b2 = [("Y", 1000, 1000)]
    r2 = event_agreement(a2, b2, tolerance_ms=1000)
    assert [(p.a_index, p.b_index) for p in r2.pairs] == [(1, 0)]
    a3 = [("X", 0, 0), ("Y", 2500, 2500)]
    b3 = [("Y", 1000, 1000), ("X", 3000, 3000)]
    r3 = event_agreement(a3, b3, tolerance_ms=1000)
    assert {(p.a_index, p.b_index) for p in r3.pairs} == {(0, 0), (1, 1)}


def test_perfect_agreement() -> None:
    events = [("X", i * 3000, i * 3000 + 1000) for i in range(5)] + [("Y", 20_000, 21_000)]
    r = event_agreement(events, list(events))
    assert r.kappa == pytest.approx(1.0) and r.percent_agreement == pytest.approx(100.0)


def test_undefined_kappa_still_gives_pairs_and_agreement() -> None:
    r = event_agreement(
        [("cry", 0, 0), ("cry", 9000, 9000)], [("cry", 300, 300), ("cry", 9100, 9100)]
    )
    assert r.kappa is None and r.kappa_max is None and r.detail is None
    assert r.percent_agreement == pytest.approx(100.0) and len(r.pairs) == 2


def test_unusable_input() -> None:
    with pytest.raises(ReliabilityError, match="match"):
        event_agreement([("X", 0, 0)], [], match="centre")  # type: ignore[arg-type]
    with pytest.raises(ReliabilityError, match="neither coder"):
        event_agreement([], [])
    with pytest.raises(ReliabilityError, match="ends before"):
        event_agreement([("X", 10, 0)], [])
    with pytest.raises(ReliabilityError, match="min_overlap"):
        event_agreement([("X", 0, 0)], [], min_overlap=0)


# --- optimality against brute force on small cases -------------------------------------------

event = st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 6000), st.integers(0, 1500))


def _events(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    return [(code, start, start + length) for code, start, length in raw]


def _allowed(x: tuple[str, int, int], y: tuple[str, int, int], tol: int, match: str) -> bool:
    if match == "onset" or x[1] == x[2] or y[1] == y[2]:
        return abs(x[1] - y[1]) <= tol
    inter = max(0, min(x[2], y[2]) - max(x[1], y[1]))
    return inter / (max(x[2], y[2]) - min(x[1], y[1])) >= 0.6


def _best(a: list[tuple[str, int, int]], b: list[tuple[str, int, int]], tol: int, match: str):
    best = (0, 0)
    small, large, flip = (a, b, False) if len(a) <= len(b) else (b, a, True)
    for perm in permutations(range(len(large)), len(small)):
        pairs = [(i, j) for i, j in enumerate(perm) if _allowed(small[i], large[j], tol, match)]
        same = sum(small[i][0] == large[j][0] for i, j in pairs)
        best = max(best, (len(pairs), same))
    del flip
    return best


@settings(max_examples=120, deadline=None)
@given(
    st.lists(event, max_size=4),
    st.lists(event, max_size=4),
    st.sampled_from(["onset", "overlap"]),
)
def test_pairing_is_optimal(raw_a: list, raw_b: list, match: str) -> None:
    a, b = _events(raw_a), _events(raw_b)
    if not a and not b:
        return
    tol = 1000
    r = event_agreement(a, b, tolerance_ms=tol, match=match)  # type: ignore[arg-type]
    for p in r.pairs:
        assert _allowed(a[p.a_index], b[p.b_index], tol, match)
    same = sum(p.code_a == p.code_b for p in r.pairs)
    assert (len(r.pairs), same) == _best(a, b, tol, match)
    assert len(r.pairs) + len(r.unmatched_a) == len(a)
    assert len(r.pairs) + len(r.unmatched_b) == len(b)
