"""Media time: integer milliseconds, frame indexes and timecode text.

All times in Coder are integer milliseconds of the session's media time (``*_ms``). A frame is
addressed by its index in the primary video. Converting between the two uses the video's real
presentation times (``frame_times_ms``) so variable-frame-rate files stay exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from coder.errors import CoderError

_TIMECODE = re.compile(
    r"^\s*(?:(?:(?P<h>\d+):)?(?P<m>\d{1,2}):)?(?P<s>\d+)(?:[.,](?P<ms>\d{1,3}))?\s*$"
)


def _clock(ms: int) -> tuple[str, int, int, int, int]:
    """Sign, hours, minutes, seconds and milliseconds of ``ms``."""
    sign = "-" if ms < 0 else ""
    hours, rest = divmod(abs(int(ms)), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return sign, hours, minutes, seconds, millis


def format_timecode(ms: int) -> str:
    """Render ``ms`` (integer milliseconds) as ``hh:mm:ss.mmm``; negative times get a leading '-'."""
    sign, hours, minutes, seconds, millis = _clock(ms)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def short_timecode(ms: int) -> str:
    """``mm:ss.mmm`` (``h:mm:ss.mmm`` past an hour): a timecode for compact panels."""
    sign, hours, minutes, seconds, millis = _clock(ms)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{sign}{minutes:02d}:{seconds:02d}.{millis:03d}"


def parse_timecode(text: str) -> int:
    """Parse ``hh:mm:ss.mmm``, ``mm:ss.mmm``, ``ss.mmm`` or ``ss`` into integer milliseconds.

    Fractions are read as written (``1.5`` is 1500 ms, ``1.05`` is 1050 ms). A leading '-' gives a
    negative time (camera offsets may be negative).
    """
    raw = text.strip()
    sign = 1
    if raw.startswith("-"):
        sign, raw = -1, raw[1:]
    match = _TIMECODE.match(raw)
    if match is None:
        raise CoderError(
            f"'{text}' is not a time", hint="write it as hh:mm:ss.mmm, mm:ss.mmm or seconds"
        )
    hours = int(match["h"] or 0)
    minutes = int(match["m"] or 0)
    seconds = int(match["s"])
    # Plain seconds may be any number ("125.5"); after minutes they are two digits below 60.
    if match["m"] is not None and (seconds >= 60 or len(match["s"]) > 2):
        raise CoderError(f"'{text}' has {seconds} seconds", hint="seconds must be below 60")
    if match["h"] is not None and minutes >= 60:
        raise CoderError(f"'{text}' has {minutes} minutes", hint="minutes must be below 60")
    fraction = match["ms"] or "0"
    millis = int(fraction.ljust(3, "0"))
    return sign * (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)


def seconds_to_ms(seconds: float) -> int:
    """Round a time in seconds to the nearest integer millisecond (half away from zero)."""
    value = seconds * 1000.0
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def frame_at_ms(frame_times_ms: Sequence[int], ms: int) -> int:
    """Index of the frame on screen at ``ms``: the last frame whose presentation time is ≤ ms.

    Times before the first frame give frame 0; times after the last give the last frame.
    """
    if not frame_times_ms:
        raise CoderError("the video has no frames")
    index = bisect_right(frame_times_ms, ms) - 1
    return min(max(index, 0), len(frame_times_ms) - 1)


def ms_of_frame(frame_times_ms: Sequence[int], index: int) -> int:
    """Presentation time in ms of frame ``index`` (clamped to the video's frames)."""
    if not frame_times_ms:
        raise CoderError("the video has no frames")
    index = min(max(index, 0), len(frame_times_ms) - 1)
    return int(frame_times_ms[index])


def snap_to_frame(frame_times_ms: Sequence[int], ms: int) -> int:
    """The start time of the frame on screen at ``ms`` (so a code lands exactly on a frame)."""
    return ms_of_frame(frame_times_ms, frame_at_ms(frame_times_ms, ms))


def constant_rate_frame_times(frame_count: int, fps: float) -> list[int]:
    """Presentation times of a constant-frame-rate video of ``frame_count`` frames at ``fps``."""
    if fps <= 0:
        raise CoderError(f"frame rate must be positive, not {fps}")
    return [seconds_to_ms(i / fps) for i in range(frame_count)]
