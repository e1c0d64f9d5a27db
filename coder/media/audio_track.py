"""An audio-only recording (.wav, .m4a, .mp3 …) as a session's media.

Vocal coding and ELAN corpora often have sound only. ``AudioTrack`` offers what the player and
the project ask of a ``Video`` — times to step through, facts, images — so the same player plays
it: the "frames" are fixed steps of ``STEP_MS`` (time stepping without frames), and each image is
the waveform around that moment with the playhead in the middle. Playback (at 0.1×–4×, pitch
kept) goes through ``audio.pcm_chunks`` as for any file with sound.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import av
import av.audio.resampler
import av.error
import numpy as np

from coder.errors import MediaError
from coder.media.container import open_container
from coder.media.probe import AudioInfo, VideoInfo

STEP_MS = 40  # one step back or forward in an audio-only session
BIN_MS = 10  # the waveform keeps the loudest sample of every 10 ms
WINDOW_MS = 10_000  # the waveform image shows 10 s, the playhead in the middle
_ENVELOPE_RATE = 8000
IMAGE_SIZE = (640, 240)
_BACKGROUND, _WAVE, _PLAYHEAD, _TICK = (32, 32, 36), (120, 200, 160), (230, 80, 60), (70, 70, 78)


@dataclass(frozen=True)
class Waveform:
    """Peak level of every ``bin_ms`` of sound from media time 0, 1 at the loudest."""

    peaks: np.ndarray
    bin_ms: int

    @property
    def duration_ms(self) -> int:
        return len(self.peaks) * self.bin_ms


_HAS_VIDEO: dict[tuple[str, int, int, int], bool] = {}  # by path and what stat says of the file


def has_video(path: str | Path) -> bool:
    """True when ``path`` has a video stream (cover art is not video); raises MediaError when
    it cannot be opened. Remembered while the file is unchanged (same inode, size and
    modification time): opening a session asks again what preparing it already found."""
    try:
        status = os.stat(path)
        key: tuple[str, int, int, int] | None = (str(path), status.st_ino, status.st_size, status.st_mtime_ns)
    except OSError:
        key = None  # opening it says what is wrong
    if key is not None and key in _HAS_VIDEO:
        return _HAS_VIDEO[key]
    container = open_container(path)
    try:
        found = any(
            not s.disposition & av.stream.Disposition.attached_pic for s in container.streams.video
        )
    finally:
        container.close()
    if key is not None:
        if len(_HAS_VIDEO) > 1024:
            _HAS_VIDEO.clear()
        _HAS_VIDEO[key] = found
    return found


def read_waveform(path: str | Path) -> tuple[Waveform, AudioInfo, float]:
    """The waveform of the first audio stream, its facts, and the container time (s) of its
    first sample (media time 0). Raises MediaError when there is no decodable sound."""
    container = open_container(path)
    try:
        if not container.streams.audio:
            raise MediaError("has no sound and no video", path=path,
                             hint="choose a video or an audio recording")
        stream = container.streams.audio[0]
        resampler = av.audio.resampler.AudioResampler(
            format="s16", layout="mono", rate=_ENVELOPE_RATE
        )
        pieces: list[np.ndarray] = []
        first_s: float | None = None
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue
            for frame in frames:
                if first_s is None and frame.time is not None:
                    first_s = float(frame.time)
                pieces += [f.to_ndarray().ravel() for f in resampler.resample(frame)]
        pieces += [f.to_ndarray().ravel() for f in resampler.resample(None)]
        info = AudioInfo(
            codec=stream.codec_context.name,
            sample_rate=stream.codec_context.sample_rate or 0,
            channels=stream.codec_context.channels or 0,
            start_ms=0,
        )
    except av.error.FFmpegError as error:
        raise MediaError(f"cannot decode the sound: {error}", path=path) from error
    finally:
        container.close()
    samples = np.concatenate(pieces) if pieces else np.zeros(0, np.int16)
    if not len(samples):
        raise MediaError("no sound can be decoded", path=path,
                         hint="the file may be empty or damaged")
    per_bin = _ENVELOPE_RATE * BIN_MS // 1000
    padded = np.zeros(-(-len(samples) // per_bin) * per_bin, np.float32)
    padded[: len(samples)] = np.abs(samples.astype(np.float32)) / 32768.0
    peaks = padded.reshape(-1, per_bin).max(axis=1)
    # Scaled to the loudest moment, so a quiet recording still shows its shape.
    peaks /= max(float(peaks.max()), 1e-6)
    return Waveform(peaks, BIN_MS), info, first_s or 0.0


class AudioTrack:
    """An audio-only file opened like a Video: ``frame_times_ms`` every ``STEP_MS``, images of
    the waveform (see the module docstring)."""

    rotation = 0

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.waveform, self._audio, self.origin_s = read_waveform(self.path)
        self.duration_ms = max(self.waveform.duration_ms, 1)
        self.frame_times_ms = tuple(range(0, self.duration_ms, STEP_MS))
        self.frame_count = len(self.frame_times_ms)
        self.fps = 1000.0 / STEP_MS
        self.width, self.height = IMAGE_SIZE
        self.truncated = False

    @property
    def audio(self) -> AudioInfo:
        return self._audio

    @property
    def info(self) -> VideoInfo:
        return VideoInfo(
            path=self.path,
            codec=self._audio.codec,
            width=self.width,
            height=self.height,
            rotation=0,
            fps=self.fps,
            frame_count=self.frame_count,
            duration_ms=self.duration_ms,
            audio=self._audio,
            truncated=False,
            audio_only=True,
        )

    def frame_index_at(self, ms: int) -> int:
        """Index of the step on screen at ``ms`` (clamped to the first and last)."""
        return min(max(ms // STEP_MS, 0), self.frame_count - 1)

    def frame(
        self,
        index: int,
        size: tuple[int, int] | None = None,
        *,
        pixel_format: str = "rgb24",
        fast: bool = False,
    ) -> np.ndarray:
        """The waveform around step ``index``'s time, playhead in the middle: (height, width,
        3) RGB or (height, width, 4) with ``pixel_format="bgra"``; ``fast`` is ignored."""
        if not 0 <= index < self.frame_count:
            raise IndexError(f"step {index} is outside 0…{self.frame_count - 1}")
        width, height = size or IMAGE_SIZE
        return waveform_image(self.waveform, self.frame_times_ms[index], max(width, 2),
                              max(height, 2), pixel_format)

    def close(self) -> None:
        """Nothing to release (the waveform is in memory); for symmetry with Video."""

    def __enter__(self) -> AudioTrack:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def waveform_image(
    waveform: Waveform, at_ms: int, width: int, height: int, pixel_format: str = "rgb24"
) -> np.ndarray:
    """``WINDOW_MS`` of ``waveform`` centred on ``at_ms`` as a (height, width, 3|4) uint8
    image: bars of peak level, a tick every second, the playhead in red in the middle."""
    start = at_ms - WINDOW_MS // 2
    column_ms = WINDOW_MS / width
    edges = ((start + np.arange(width + 1) * column_ms) // waveform.bin_ms).astype(np.int64)
    peaks = waveform.peaks
    levels = np.zeros(width, np.float32)
    for column in range(width):
        low, high = max(edges[column], 0), min(max(edges[column + 1], edges[column] + 1),
                                               len(peaks))
        if low < high:
            levels[column] = peaks[low:high].max()
    image = np.empty((height, width, 3), np.uint8)
    image[:] = _BACKGROUND
    seconds = (start + np.arange(width) * column_ms) // 1000
    ticks = np.flatnonzero(np.diff(seconds) != 0) + 1
    image[:, ticks] = _TICK
    middle = height // 2
    rows = np.arange(height)[:, None]
    reach = (levels * (middle - 1))[None, :]
    image[np.abs(rows - middle) <= reach] = _WAVE
    image[:, width // 2] = _PLAYHEAD
    if pixel_format == "bgra":
        alpha = np.full((height, width, 1), 255, np.uint8)
        return np.ascontiguousarray(np.concatenate([image[:, :, ::-1], alpha], axis=2))
    if pixel_format == "gray":
        return np.ascontiguousarray(image.mean(axis=2).astype(np.uint8))
    return image
