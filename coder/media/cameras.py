"""Several camera angles of one session, slaved to the primary camera's time.

A secondary camera has an ``offset_ms``: the primary media time at which the secondary's frame
0 is shown. Positive means the secondary started recording later than the primary; negative
means earlier (its first ``-offset_ms`` ms come before the primary's frame 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.timebase import frame_at_ms


@dataclass(frozen=True)
class CameraAngle:
    """A video file and its offset (ms) against the primary; the primary's offset is 0."""

    path: Path
    offset_ms: int = 0


def secondary_ms(primary_ms: int, offset_ms: int) -> int:
    """The secondary's own media time (ms) at primary time ``primary_ms``."""
    return primary_ms - offset_ms


def secondary_frame(
    primary_ms: int, offset_ms: int, secondary_times_ms: Sequence[int]
) -> int | None:
    """The secondary frame on screen at primary time ``primary_ms``.

    None before the secondary's first frame; after its last frame, the last frame stays.
    """
    own_ms = secondary_ms(primary_ms, offset_ms)
    if not secondary_times_ms or own_ms < secondary_times_ms[0]:
        return None
    return frame_at_ms(secondary_times_ms, own_ms)


def offset_from_moment(primary_ms: int, secondary_ms_of_same_moment: int) -> int:
    """The offset (ms) that aligns one moment seen by both cameras (e.g. a clap)."""
    return primary_ms - secondary_ms_of_same_moment


def drift_frames(
    shown_index: int | None, primary_ms: int, offset_ms: int, secondary_times_ms: Sequence[int]
) -> int:
    """How many frames the secondary frame shown differs from the one it should show."""
    expected = secondary_frame(primary_ms, offset_ms, secondary_times_ms)
    if expected is None or shown_index is None:
        return 0 if expected is shown_index else 1
    return abs(shown_index - expected)
