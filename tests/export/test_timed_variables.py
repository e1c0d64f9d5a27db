"""Timed-code variables against DOMAIN.md's worked example and the edge cases it names."""

from __future__ import annotations

import math

import pytest

from coder.annotations.model import Event, Segment
from coder.export.spec import TimedSpec
from coder.export.timed_variables import timed_variables
from coder.export.variables import Record, Registry
from coder.scheme.model import Scheme

from .conftest import annotation_set


def _values(scheme: Scheme, events: list[Event], segments: list[Segment], duration: int | None = 400_000, **spec: object) -> tuple[dict[str, float], list[str]]:
    registry = Registry()
    warnings: list[str] = []
    rows = timed_variables(
        scheme, [Record(0, "S-TEST1", annotation_set(scheme, events, segments), duration)],
        TimedSpec(**spec), None, registry, warnings,  # type: ignore[arg-type]
    )
    return {registry.variables[v].stem: x for v, x in zip(rows["var"], rows["value"], strict=True)}, warnings


def _bouts(code: str, bouts: list[tuple[int, int]]) -> list[Event]:
    return [Event.make(code, a * 1000, b * 1000) for a, b in bouts]


WORKED = [(10, 20), (50, 65), (200, 230), (290, 310)]


def test_domain_worked_example(interaction: Scheme) -> None:
    values, _ = _values(interaction, _bouts("gaze_mother", WORKED), [Segment.make("play1", 0, 300_000)])
    assert values["gaze_mother_freq_play1"] == 4
    assert values["gaze_mother_dur_play1"] == 65.0  # last bout clipped at 300 s
    assert round(values["gaze_mother_prop_play1"], 4) == 0.2167
    assert values["gaze_mother_rate_play1"] == pytest.approx(0.8)
    assert values["gaze_mother_mbout_play1"] == 16.25
    assert values["gaze_mother_lat_play1"] == 10.0


def test_bout_from_before_the_window_counts_in_duration_not_in_freq(interaction: Scheme) -> None:
    values, _ = _values(
        interaction, _bouts("gaze_mother", WORKED), [Segment.make("play1", 0, 300_000), Segment.make("play2", 300_000, 600_000)]
    )
    assert values["gaze_mother_freq_play2"] == 0
    assert values["gaze_mother_dur_play2"] == 10.0
    assert math.isnan(values["gaze_mother_mbout_play2"])
    assert math.isnan(values["gaze_mother_lat_play2"])


def test_whole_session_window_uses_the_session_duration(interaction: Scheme) -> None:
    values, _ = _values(interaction, _bouts("gaze_mother", WORKED), [])
    assert values["gaze_mother_dur"] == 75.0
    assert values["gaze_mother_prop"] == 75 / 400
    assert "gaze_mother_freq_play1" not in values  # play1 not marked → no window


def test_point_events_get_freq_rate_latency_only(interaction: Scheme) -> None:
    events = [Event.make("infant_vocal", ms, modifiers={"voc_tone": tone})
              for ms, tone in ((5_000, "positive"), (30_000, "positive"), (59_000, "negative"), (60_000, "neutral"))]
    values, _ = _values(interaction, events, [Segment.make("play1", 0, 60_000)])
    assert values["infant_vocal_freq_play1"] == 3  # the point at 60 s belongs to the next window
    assert values["infant_vocal_rate_play1"] == 3.0
    assert values["infant_vocal_lat_play1"] == 5.0
    assert "infant_vocal_dur_play1" not in values
    assert "infant_vocal_prop_play1" not in values
    assert values["infant_vocal_positive_freq_play1"] == 2
    assert values["infant_vocal_negative_freq_play1"] == 1
    assert values["infant_vocal_neutral_freq_play1"] == 0


def test_codable_denominator_excludes_uncodable_time_of_the_stream(interaction: Scheme) -> None:
    events = _bouts("affect_positive", [(0, 30)]) + _bouts("affect_uncodable", [(30, 40)]) + _bouts("affect_neutral", [(40, 100)])
    events += _bouts("gaze_mother", [(0, 50)])
    segments = [Segment.make("play1", 0, 100_000)]
    window, _ = _values(interaction, events, segments)
    codable, _ = _values(interaction, events, segments, proportion_denominator="codable")
    assert window["affect_positive_prop_play1"] == 0.3
    assert codable["affect_positive_prop_play1"] == pytest.approx(30 / 90)
    assert codable["affect_uncodable_prop_play1"] == 0.1  # uncodable itself: of the window
    assert codable["gaze_mother_prop_play1"] == 0.5  # other stream: no uncodable time


def test_censored_latency_has_a_flag(interaction: Scheme) -> None:
    values, _ = _values(interaction, _bouts("gaze_away", [(12, 13)]), [Segment.make("play1", 0, 60_000)], latency_absent="censored")
    assert values["gaze_mother_lat_play1"] == 60.0
    assert values["gaze_mother_latc_play1"] == 1.0
    assert values["gaze_away_lat_play1"] == 12.0
    assert values["gaze_away_latc_play1"] == 0.0


def test_open_states_are_left_out_with_a_warning(interaction: Scheme) -> None:
    events = [*_bouts("gaze_mother", [(1, 2)]), Event.make("gaze_object", 5_000, None)]
    values, warnings = _values(interaction, events, [Segment.make("play1", 0, 60_000)])
    assert values["gaze_object_freq_play1"] == 0
    assert any("open state 'gaze_object'" in w and "S-TEST1" in w for w in warnings)


def test_many_records_are_computed_independently(interaction: Scheme) -> None:
    registry = Registry()
    records = [
        Record(i, f"S-{i}", annotation_set(interaction, _bouts("gaze_mother", [(i, i + 1)]), [Segment.make("play1", 0, 60_000)]), 60_000)
        for i in range(5)
    ]
    rows = timed_variables(interaction, records, TimedSpec(), None, registry, [])
    lat = next(v for v in registry.variables if v.stem == "gaze_mother_lat_play1")
    var = registry.variables.index(lat)
    got = rows[rows["var"] == var].sort_values("rec")["value"].tolist()
    assert got == [0.0, 1.0, 2.0, 3.0, 4.0]
