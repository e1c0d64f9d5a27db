"""The whole report over the demo and over generated projects: sections, pairs, exclusions."""

from __future__ import annotations

import dataclasses
import math

from coder.project.project import Project
from coder.reliability.report import project_report
from coder.reliability.report.model import Figure

A = [("x", 0, 3000), ("y", 3000, 6000)]
B = [("x", 0, 2000), ("y", 2000, 6000), ("x", 8000, 10000)]


def _figures(value: object) -> list[Figure]:
    if isinstance(value, Figure):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f for field in dataclasses.fields(value) for f in _figures(getattr(value, field.name))]
    if isinstance(value, tuple):
        return [f for v in value for f in _figures(v)]
    return []


def test_demo_report_has_every_section_with_finite_numbers(demo: Project) -> None:
    report = project_report(demo, bootstrap=200, seed=1)
    assert len(report.pairs) == 6 and not report.excluded
    assert {t.row for t in report.timed} >= {"infant_gaze", "infant_affect", "mother_touch",
                                              "vocal", "entrances"}
    assert {r.item for r in report.ratings} >= {"m_sensitivity", "m_quality", "PS_M", "d_rating"}
    assert [c.scheme for c in report.classification] == ["ssp"]
    assert report.disagreements
    assert len(report.drift.points) == 6
    figures = _figures(report)
    assert figures
    defined = [f for f in figures if f.estimate is not None]
    assert len(defined) > 40
    for f in defined:
        assert math.isfinite(f.estimate)
        assert f.ci_low is None or (math.isfinite(f.ci_low) and math.isfinite(f.ci_high))
        if f.statistic in ("kappa", "icc", "alpha", "weighted_kappa"):
            assert f.band is not None and f.threshold is not None
            assert f.below_threshold == (f.estimate < f.threshold)
    for f in figures:
        if f.estimate is None:
            assert f.note
    p = report.parameters
    assert (p.unit_ms, p.tolerance_ms, p.bootstrap, p.seed) == (1000, 2000, 200, 1)
    assert p.kappa_threshold == demo.data.settings.kappa_threshold
    assert p.icc_form.startswith("A,1") and p.tool_version and p.matching_rule
    assert p.coders == ("ana", "ben")


def test_gaze_row_matches_the_statistics_api(demo: Project) -> None:
    from coder.reliability.time_units import time_unit_kappa

    report = project_report(demo, bootstrap=0, tolerance_ms=2000)
    gaze = next(t for t in report.timed if t.row == "infant_gaze")
    session = gaze.sessions[0]
    pair = next(p for p in report.pairs if p.session == session.session)
    scheme = demo.scheme_for(pair.session)
    records = [demo.load_annotations(c, pair.session) for c in (pair.coder_a, pair.coder_b)]
    duration = demo.session(pair.session).duration_ms
    assert duration is not None
    events = [[(e.code, e.start_ms, e.end_ms if e.end_ms is not None else duration)
               for e in r.events if scheme.stream_of(e.code) == "infant_gaze"] for r in records]
    if all(not r.segments for r in records):
        expected = time_unit_kappa(events[0], events[1], start_ms=0, end_ms=duration,
                                   unit_ms=1000, tolerance_ms=2000,
                                   codes=[c.id for c in scheme.codes_in_stream("infant_gaze")])
        assert session.unit_kappa_tolerant is not None
        assert abs(session.unit_kappa_tolerant - expected.kappa) < 1e-9


def test_session_coded_by_one_coder_is_excluded(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    write("a", "S2", B)
    report = project_report(project, bootstrap=0)
    assert [p.session for p in report.pairs] == ["S1"]
    assert [(e.session, e.reason) for e in report.excluded] == [("S2", "coded by a only")]


def test_consensus_files_are_never_read(tiny) -> None:
    project, write = tiny
    write("a", "S1", A)
    write("b", "S1", B)
    (project.root / "consensus" / "S1.json").write_text("{not json", encoding="utf-8")
    report = project_report(project, tolerance_ms=0, bootstrap=0)
    assert report.timed[0].unit_table == ((2, 1, 0), (0, 3, 0), (2, 0, 2))


def test_three_coders_give_every_pair_and_coders_filter(tiny) -> None:
    project, write = tiny
    for coder in ("a", "b", "c"):
        write(coder, "S1", A if coder != "b" else B)
    report = project_report(project, bootstrap=0)
    assert [(p.coder_a, p.coder_b) for p in report.pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    only = project_report(project, bootstrap=0, coders=["a", "c"])
    assert [(p.coder_a, p.coder_b) for p in only.pairs] == [("a", "c")]
    assert only.timed[0].unit_exact.estimate == 1.0


def test_ratings_units_are_session_by_segment(tiny) -> None:
    project, write = tiny
    values = {"S1": (1, 2), "S2": (3, 3), "S3": (5, 4), "S4": (2, 2)}
    for session, (va, vb) in values.items():
        write("a", session, A, ratings=[("r", "session", va)])
        write("b", session, A, ratings=[("r", "session", vb)])
    [rating] = project_report(project, bootstrap=100).ratings
    assert rating.n_units == 4
    assert rating.exact_percent.estimate == 50.0
    from coder.reliability import cohen_kappa, icc

    a, b = zip(*values.values(), strict=True)
    assert rating.icc.estimate == icc(list(zip(a, b, strict=True)), "A,1").value
    assert rating.weighted_kappa.estimate == cohen_kappa(
        list(a), list(b), categories=[1, 2, 3, 4, 5], weights="quadratic").kappa


def test_disagreements_sorted_by_session_then_time(tiny) -> None:
    project, write = tiny
    write("a", "S2", A)
    write("b", "S2", B)
    write("a", "S1", [("x", 0, 5000)])
    write("b", "S1", [("y", 500, 5000)])
    found = project_report(project, bootstrap=0).disagreements
    assert [(d.session, d.time_ms, d.value_a, d.value_b) for d in found] == [
        ("S1", 0, "x", "y"), ("S2", 8000, None, "x")]


def test_drift_orders_sessions_by_the_later_modified_date(tiny) -> None:
    project, write = tiny
    dates = {"S1": "2026-03-01T10:00:00Z", "S2": "2026-01-01T10:00:00Z",
             "S3": "2026-02-01T10:00:00Z"}
    for session, date in dates.items():
        write("a", session, A, modified="2025-12-01T00:00:00Z")
        write("b", session, A if session != "S1" else B, modified=date)
    drift = project_report(project, bootstrap=0).drift
    assert [p.session for p in drift.points] == ["S2", "S3", "S1"]
    assert drift.points[0].date == dates["S2"]
    assert drift.slope_per_30_days is not None and drift.slope_per_30_days < 0


def test_bootstrap_is_reproducible_with_the_seed(demo: Project) -> None:
    one = project_report(demo, bootstrap=100, seed=9)
    two = project_report(demo, bootstrap=100, seed=9)
    assert one.timed == two.timed and one.ratings == two.ratings


def test_progress_rises_from_zero_to_one(demo: Project) -> None:
    seen: list[float] = []
    project_report(demo, bootstrap=0, progress=lambda f, m: seen.append(f))
    assert seen and seen == sorted(seen) and seen[0] >= 0.0 and seen[-1] <= 1.0
