"""Media time: timecode text both ways, ms <-> frame on constant and variable frame rates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.errors import CoderError
from coder.timebase import (
    constant_rate_frame_times,
    format_timecode,
    frame_at_ms,
    ms_of_frame,
    parse_timecode,
    seconds_to_ms,
    snap_to_frame,
)


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "00:00:00.000"),
        (1, "00:00:00.001"),
        (61_500, "00:01:01.500"),
        (3_600_000, "01:00:00.000"),
        (-1_250, "-00:00:01.250"),
        (360_000_000, "100:00:00.000"),
    ],
)
def test_format_timecode(ms: int, text: str) -> None:
    assert format_timecode(ms) == text
    assert parse_timecode(text) == ms


@given(st.integers(-(10**12), 10**12))
def test_timecode_round_trip(ms: int) -> None:
    assert parse_timecode(format_timecode(ms)) == ms


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1", 1000),
        ("1.5", 1500),
        ("1.05", 1050),
        ("1,005", 1005),
        ("90", 90_000),
        ("125.5", 125_500),
        ("02:03", 123_000),
        ("2:03.4", 123_400),
        ("1:02:03.004", 3_723_004),
        ("  00:00:07.250 ", 7_250),
        ("-3.5", -3_500),
        ("-0:01", -1_000),
    ],
)
def test_parse_timecode_forms(text: str, ms: int) -> None:
    assert parse_timecode(text) == ms


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1:2:3:4",
        "1.2345",
        "00:60",
        "1:60:00",
        "00:075",
        "1:",
        ":1",
        "--1",
        "1e3",
        "1.-5",
    ],
)
def test_malformed_timecodes_are_coder_errors(text: str) -> None:
    with pytest.raises(CoderError) as caught:
        parse_timecode(text)
    assert f"'{text}'" in str(caught.value)  # the message quotes what was typed


@pytest.mark.parametrize(
    ("seconds", "ms"), [(0.0005, 1), (0.0004, 0), (-0.0005, -1), (1.2345, 1235), (-2.0, -2000)]
)
def test_seconds_to_ms_rounds_half_away_from_zero(seconds: float, ms: int) -> None:
    assert seconds_to_ms(seconds) == ms


def test_constant_rate_frame_times() -> None:
    assert constant_rate_frame_times(4, 25) == [0, 40, 80, 120]
    assert constant_rate_frame_times(4, 30000 / 1001) == [0, 33, 67, 100]
    assert constant_rate_frame_times(0, 25) == []
    with pytest.raises(CoderError, match="positive"):
        constant_rate_frame_times(10, 0)


@pytest.mark.parametrize("fps", [25.0, 30000 / 1001, 60.0, 24.0, 12.5])
def test_cfr_frames_and_times_agree(fps: float) -> None:
    times = constant_rate_frame_times(3000, fps)
    for index in range(0, 3000, 7):
        at = ms_of_frame(times, index)
        assert frame_at_ms(times, at) == index
        assert snap_to_frame(times, at) == at
        # A time inside the frame's display interval belongs to that frame.
        if index + 1 < len(times):
            assert frame_at_ms(times, times[index + 1] - 1) == index
            assert snap_to_frame(times, times[index + 1] - 1) == at


# Variable frame rate: irregular gaps, a dropped stretch and a late first frame.
VFR = [20, 53, 87, 120, 220, 231, 240, 600, 601, 633]


@pytest.mark.parametrize(
    ("ms", "frame", "snapped"),
    [
        (-500, 0, 20),  # before the first frame: the first frame
        (0, 0, 20),
        (20, 0, 20),
        (52, 0, 20),
        (53, 1, 53),
        (219, 3, 120),
        (220, 4, 220),
        (599, 6, 240),
        (600, 7, 600),
        (601, 8, 601),
        (633, 9, 633),
        (10_000, 9, 633),  # after the last frame: the last frame
    ],
)
def test_vfr_frame_at_and_snap(ms: int, frame: int, snapped: int) -> None:
    assert frame_at_ms(VFR, ms) == frame
    assert snap_to_frame(VFR, ms) == snapped


def test_ms_of_frame_clamps() -> None:
    assert ms_of_frame(VFR, -3) == 20
    assert ms_of_frame(VFR, 4) == 220
    assert ms_of_frame(VFR, 99) == 633
    assert ms_of_frame((0, 40), 1) == 40  # tuples work too


@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=50, unique=True), st.data())
def test_vfr_properties(times: list[int], data: st.DataObject) -> None:
    times.sort()
    ms = data.draw(st.integers(-1000, 10**7 + 1000))
    index = frame_at_ms(times, ms)
    assert 0 <= index < len(times)
    if ms >= times[0]:
        assert times[index] <= ms
        assert index == len(times) - 1 or times[index + 1] > ms
    else:
        assert index == 0
    assert frame_at_ms(times, ms_of_frame(times, index)) == index
    assert snap_to_frame(times, snap_to_frame(times, ms)) == snap_to_frame(times, ms)


def test_no_frames_is_a_coder_error() -> None:
    for call in (frame_at_ms, ms_of_frame, snap_to_frame):
        with pytest.raises(CoderError, match="no frames"):
            call([], 0)


def test_short_timecode_drops_empty_hours() -> None:
    from coder.timebase import short_timecode

    assert short_timecode(61_234) == "01:01.234"
    assert short_timecode(3_723_004) == "1:02:03.004"
    assert short_timecode(-500) == "-00:00.500"
