"""Time-unit and event kappa of a hand-laid session, checked with the textbook formula."""

from __future__ import annotations

import numpy as np
import pytest

from coder.reliability.report import project_report

# 10 one-second units (a | b):  x x x y y y N N N N  |  x x y y y y N N x x
A = [("x", 0, 3000), ("y", 3000, 6000)]
B = [("x", 0, 2000), ("y", 2000, 6000), ("x", 8000, 10000)]


def textbook_kappa(table: list[list[float]]) -> float:
    t = np.asarray(table, dtype=float)
    n = t.sum()
    p_o = np.trace(t) / n
    p_e = (t.sum(axis=1) * t.sum(axis=0)).sum() / n**2
    return float((p_o - p_e) / (1 - p_e))


def test_time_unit_kappa_matches_the_hand_table(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    report = project_report(project, tolerance_ms=0, bootstrap=0)
    [row] = report.timed
    assert row.categories == ("x", "y", "<nothing>")
    expected = [[2, 1, 0], [0, 3, 0], [2, 0, 2]]
    assert row.unit_table == tuple(tuple(r) for r in expected)
    assert row.unit_exact.estimate == pytest.approx(textbook_kappa(expected))
    assert row.unit_exact.estimate == pytest.approx((0.7 - 0.32) / 0.68)
    assert row.unit_exact.n == 10
    assert row.unit_tolerant.estimate == pytest.approx(row.unit_exact.estimate)
    assert row.unit_percent.estimate == pytest.approx(70.0)
    assert row.unit_exact.band == "moderate"
    assert row.unit_exact.below_threshold is True  # lab threshold 0.60
    assert row.unit_exact.ci_low is None  # bootstrap 0


def test_tolerance_both_directions_and_mean(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    row = project_report(project, tolerance_ms=2000, bootstrap=0).timed[0]
    a_to_b = textbook_kappa([[3, 0, 0], [0, 3, 0], [0, 0, 4]])
    b_to_a = textbook_kappa([[2, 0, 0], [0, 4, 0], [2, 0, 2]])
    assert row.unit_a_to_b.estimate == pytest.approx(a_to_b)
    assert row.unit_b_to_a.estimate == pytest.approx(b_to_a)
    assert row.unit_tolerant.estimate == pytest.approx((a_to_b + b_to_a) / 2)


def test_event_kappa_pairs_onsets_within_the_tolerance(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    row = project_report(project, tolerance_ms=2000, bootstrap=0).timed[0]
    # x–x and y(3 s)–y(2 s) pair; b's x at 8 s is unmatched
    assert row.event_table == ((1, 0, 0), (0, 1, 0), (1, 0, 0))
    assert row.event.estimate == pytest.approx(textbook_kappa([[1, 0, 0], [0, 1, 0], [1, 0, 0]]))
    assert row.event_percent.estimate == pytest.approx(200 / 3)


def test_units_only_within_segments_both_coders_marked(tiny) -> None:
    project, write = tiny
    write("a", "S1", A, segments=[("part", 0, 6000)])
    write("b", "S1", B, segments=[("part", 0, 5000)])
    row = project_report(project, tolerance_ms=0, bootstrap=0).timed[0]
    assert row.unit_table == ((2, 1, 0), (0, 2, 0), (0, 0, 0))
    assert report_pairs_window(project) == 5000


def report_pairs_window(project) -> int:
    return project_report(project, bootstrap=0).pairs[0].window_ms


def test_pooled_table_is_the_sum_and_sessions_are_listed(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    write("a", "S2", A)
    write("b", "S2", A)
    row = project_report(project, tolerance_ms=0, bootstrap=200, seed=3).timed[0]
    assert row.unit_table == ((5, 1, 0), (0, 6, 0), (2, 0, 6))
    assert [s.session for s in row.sessions] == ["S1", "S2"]
    assert row.sessions[1].unit_kappa == pytest.approx(1.0)
    assert row.unit_exact.ci_low is not None and row.unit_exact.ci_high is not None
    assert row.unit_exact.ci_low <= row.unit_exact.estimate <= row.unit_exact.ci_high


def test_non_exclusive_row_is_compared_per_code_as_present_absent(demo) -> None:
    report = project_report(demo, bootstrap=0)
    touch = [t for t in report.timed if t.row == "mother_touch"]
    assert {t.code for t in touch} == {None, "touch_affectionate", "touch_instrumental"}
    for t in touch:
        if t.code is not None:
            assert t.categories == (t.code, "<nothing>")
            assert t.event.estimate is None  # percent agreement only for one code
        else:
            assert t.unit_exact.estimate is None  # units per code only
