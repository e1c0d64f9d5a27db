"""Short time texts for compact panels: timecodes without empty hours, durations in s or m:ss."""

from __future__ import annotations


def short_timecode(ms: int) -> str:
    """``mm:ss.mmm`` (``h:mm:ss.mmm`` past an hour) for integer milliseconds of media time."""
    sign = "-" if ms < 0 else ""
    ms = abs(int(ms))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{sign}{minutes:02d}:{seconds:02d}.{millis:03d}"


def duration_text(ms: int | None) -> str:
    """A duration in ms as ``12.3 s`` below a minute and ``3:05`` above; ``–`` when unknown."""
    if ms is None:
        return "–"
    if abs(ms) < 60_000:
        return f"{ms / 1000:.1f} s"
    total = round(ms / 1000)
    return f"{total // 60}:{total % 60:02d}"
