"""Short time texts for compact panels: timecodes without empty hours, durations in s or m:ss."""

from __future__ import annotations

from coder.timebase import short_timecode

__all__ = ["duration_text", "short_timecode"]


def duration_text(ms: int | None) -> str:
    """A duration in ms as ``12.3 s`` below a minute and ``3:05`` above; ``–`` when unknown."""
    if ms is None:
        return "–"
    if abs(ms) < 60_000:
        return f"{ms / 1000:.1f} s"
    total = round(ms / 1000)
    return f"{total // 60}:{total % 60:02d}"
