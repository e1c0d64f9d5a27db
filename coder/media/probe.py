"""What a video file holds: sizes, rotation, rates and audio, as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AudioInfo:
    """The first audio stream: codec name, sample rate (Hz), channel count, and ``start_ms``,
    the media time (ms, video frame 0 at 0) of its first sample."""

    codec: str
    sample_rate: int
    channels: int
    start_ms: int


@dataclass(frozen=True)
class VideoInfo:
    """The video stream as a user sees it.

    ``width``/``height`` are upright display pixels (after ``rotation``, clockwise degrees);
    ``fps`` is the average rate over the indexed frames; ``duration_ms`` runs to the end of the
    last frame; ``truncated`` is True when the file ends before the video its container
    describes. ``audio_only`` is True for a sound recording played as a session (see
    ``audio_track``): its "frames" are then fixed time steps.
    """

    path: Path
    codec: str
    width: int
    height: int
    rotation: int
    fps: float
    frame_count: int
    duration_ms: int
    audio: AudioInfo | None
    truncated: bool
    audio_only: bool = False
