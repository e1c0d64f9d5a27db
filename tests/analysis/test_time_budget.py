"""Time budgets by session, bins and named windows; latency after another code; A during B."""

from __future__ import annotations

import numpy as np
import pytest

from coder.analysis.sequences import merged_sequence, stream_sequence
from coder.analysis.time_budget import (
    SessionData,
    Window,
    co_occurrence,
    fixed_bins,
    latency_after,
    time_budget,
)
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment
from coder.errors import AnalysisError
from coder.scheme import load_scheme
from coder.shipped import shipped_scheme


@pytest.fixture(scope="module")
def scheme():
    return load_scheme(shipped_scheme("demo_interaction"))


def _set(events, segments=()):
    header = AnnotationHeader("ana", "S-1", "demo_interaction", "1.0", "")
    return AnnotationSet(header, tuple(events), tuple(segments))


def _value(frame, window, code, measure):
    row = frame[(frame.window == window) & (frame.code == code) & (frame.measure == measure)]
    assert len(row) == 1
    return float(row.value.iloc[0])


def test_domain_worked_check_in_a_named_window(scheme) -> None:
    # DOMAIN.md: window 0–300 s, bouts [10,20) [50,65) [200,230) [290,310) → freq 4, dur 65 s,
    # proportion .2167, rate 0.8/min, mean bout 16.25 s, latency 10 s.
    events = [Event.make("gaze_mother", s * 1000, e * 1000) for s, e in ((10, 20), (50, 65), (200, 230), (290, 310))]
    data = [SessionData("S-1", _set(events), 400_000)]
    frame = time_budget(data, scheme, by="windows", windows=[Window("first5", 0, 300_000)], codes=["gaze_mother"])
    assert _value(frame, "first5", "gaze_mother", "freq") == 4
    assert _value(frame, "first5", "gaze_mother", "dur") == 65
    assert _value(frame, "first5", "gaze_mother", "prop") == pytest.approx(0.2167, abs=1e-4)
    assert _value(frame, "first5", "gaze_mother", "rate") == pytest.approx(0.8)
    assert _value(frame, "first5", "gaze_mother", "mbout") == pytest.approx(16.25)
    assert _value(frame, "first5", "gaze_mother", "lat") == 10


def test_bins_and_segment_relative_windows(scheme) -> None:
    events = [Event.make("gaze_mother", 5000, 35000), Event.make("infant_vocal", 40000)]
    segments = [Segment.make("play2", 20000, 60000)]
    data = [SessionData("S-1", _set(events, segments), 60000)]
    bins = time_budget(data, scheme, by="bins", bin_ms=30000, codes=["gaze_mother", "infant_vocal"])
    assert sorted(set(bins.window)) == ["bin1", "bin2"]
    assert _value(bins, "bin1", "gaze_mother", "dur") == 25
    assert _value(bins, "bin2", "gaze_mother", "dur") == 5
    assert _value(bins, "bin2", "gaze_mother", "freq") == 0  # the bout started in bin 1
    assert _value(bins, "bin2", "infant_vocal", "freq") == 1
    rel = time_budget(data, scheme, by="windows", windows=[Window("early", 0, 10000, segment="play2")],
                      codes=["gaze_mother"])
    assert _value(rel, "early", "gaze_mother", "dur") == 10
    whole = time_budget(data, scheme, codes=["gaze_mother"])
    assert _value(whole, "session", "gaze_mother", "prop") == pytest.approx(0.5)
    assert [w.name for w in fixed_bins(30000, 65000)] == ["bin1", "bin2", "bin3"]


def test_bad_groupings_are_refused(scheme) -> None:
    data = [SessionData("S-1", _set([]), 1000)]
    with pytest.raises(AnalysisError):
        time_budget(data, scheme, by="bins")
    with pytest.raises(AnalysisError):
        time_budget(data, scheme, by="weeks")
    with pytest.raises(AnalysisError):
        time_budget(data, scheme, by="windows", windows=[Window("1st", 0, 10)])


def test_latency_after_and_co_occurrence() -> None:
    events = [
        Event.make("infant_vocal", 1000), Event.make("mother_vocal", 2500),
        Event.make("infant_vocal", 9000),
        Event.make("gaze_mother", 0, 4000), Event.make("affect_positive", 2000, 6000),
    ]
    a = _set(events)
    assert latency_after(a, "infant_vocal", "mother_vocal").tolist()[0] == 1500
    assert np.isnan(latency_after(a, "infant_vocal", "mother_vocal")[1])
    during = co_occurrence(a, "affect_positive", "gaze_mother")
    assert (during.overlap_ms, during.b_ms, during.a_onsets_during_b) == (2000, 4000, 1)
    assert during.proportion_of_b == 0.5


def test_sequences_one_stream_and_merged(scheme) -> None:
    events = [
        Event.make("gaze_object", 3000, 4000), Event.make("gaze_mother", 0, 3000),
        Event.make("infant_vocal", 3000), Event.make("mother_vocal", 500),
        Event.make("gaze_mother", 4000, 5000), Event.make("gaze_mother", 5000, 6000),
    ]
    a = _set(events)
    assert stream_sequence(a, scheme, "infant_gaze") == ["gaze_mother", "gaze_object", "gaze_mother", "gaze_mother"]
    assert stream_sequence(a, scheme, "infant_gaze", collapse_repeats=True) == ["gaze_mother", "gaze_object", "gaze_mother"]
    merged = merged_sequence(a, scheme, ["infant_gaze", "vocal"])
    assert merged == ["gaze_mother", "mother_vocal", "gaze_object", "infant_vocal", "gaze_mother", "gaze_mother"]
    with pytest.raises(AnalysisError):
        stream_sequence(a, scheme, "nope")
