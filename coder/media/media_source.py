"""A session's media, whether a video or an audio-only recording, behind one interface."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Protocol

import numpy as np

from coder.media.audio_track import AudioTrack, has_video
from coder.media.probe import AudioInfo, VideoInfo
from coder.media.video import open_video

AUDIO_SUFFIXES = frozenset({".wav", ".m4a", ".mp3", ".aac", ".flac", ".ogg", ".opus", ".wma"})


class MediaSource(Protocol):
    """What the player and the project use of a Video (and an AudioTrack gives)."""

    path: Path
    rotation: int

    @property
    def frame_times_ms(self) -> tuple[int, ...]: ...
    @property
    def frame_count(self) -> int: ...
    @property
    def duration_ms(self) -> int: ...
    @property
    def fps(self) -> float: ...
    @property
    def origin_s(self) -> float: ...
    @property
    def audio(self) -> AudioInfo | None: ...
    @property
    def info(self) -> VideoInfo: ...

    def frame(
        self,
        index: int,
        size: tuple[int, int] | None = None,
        *,
        pixel_format: str = "rgb24",
        fast: bool = False,
    ) -> np.ndarray: ...

    def frame_index_at(self, ms: int) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> MediaSource: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


def open_media(path: str | Path, *, decode_threads: int = 0) -> MediaSource:
    """A Video for a file with video, an AudioTrack for a sound recording; raises MediaError
    naming the file and what to do. ``decode_threads``: see ``open_video``."""
    if has_video(path):
        return open_video(path, decode_threads=decode_threads)
    return AudioTrack(path)


def media_duration_ms(path: str | Path) -> int:
    """Duration (ms) of a video or of an audio-only recording."""
    with open_media(path) as media:
        return int(media.duration_ms)


def warm_media(path: str | Path) -> None:
    """Build in advance what opening ``path`` in the player needs (a video's frame index;
    nothing for a sound recording, whose waveform is read when it is opened)."""
    from coder.media.frame_index import cached_frame_index

    if has_video(path):
        cached_frame_index(path)


def probe(path: str | Path) -> VideoInfo:
    """Open ``path``, index it and describe it (raises MediaError like ``open_video``); an
    audio-only recording is described as ``open_media`` opens it."""
    with open_media(path) as media:
        return media.info
