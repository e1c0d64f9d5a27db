"""The Video: exact frames by index or time, decoded with PyAV.

Reading frames in order costs what sequential decoding costs: the decoder stays positioned and
only seeks when a request jumps (to the keyframe at or before the target, then decodes forward
to the target's timestamp). Frames before the target that no other frame references are not
decoded at all. Stepping back re-decodes the GOP once and keeps its last frames in a small
cache, so further steps back are instant. Not thread-safe: use one Video per thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Literal

import av
import av.error
import numpy as np

from coder.errors import MediaError
from coder.media.container import first_video_stream, open_container, require_decoder
from coder.media.frame_cache import FrameCache
from coder.media.frame_convert import display_size, rotation_clockwise, to_rgb
from coder.media.frame_index import FrameIndex, IndexCancelled, cached_frame_index
from coder.media.packet_scan import BYTE_SEEK_FORMATS
from coder.media.probe import AudioInfo, VideoInfo
from coder.thread_priority import BACKGROUND, lower_this_thread
from coder.timebase import frame_at_ms

DEFAULT_CACHE_BYTES = 192 * 1024 * 1024
# Decoding forward this many extra frames is cheaper than a seek plus decoder restart.
SEEK_COST_FRAMES = 12
MAX_STEP_BACK_FRAMES = 64


def _frame_bytes(frame: av.VideoFrame) -> int:
    return sum(plane.buffer_size for plane in frame.planes)


class Video:
    """One video file opened for exact frame access (see ``open_video``)."""

    def __init__(
        self, path: str | Path, *, cache_bytes: int = DEFAULT_CACHE_BYTES, decode_threads: int = 0
    ) -> None:
        self.path = Path(path)
        self._decode_threads = decode_threads
        self._container = open_container(self.path)
        try:
            self._stream = first_video_stream(self._container, self.path)
            require_decoder(self._stream, self.path)
            self._threaded = True
            self._prepare_stream()
            self._index: FrameIndex | None = None  # set (and adopted) on first use
            self._built: FrameIndex | None = None  # set by the index thread
            self._index_error: MediaError | None = None
            self._index_ready = threading.Event()
            self._closed = threading.Event()  # stops the index thread early
            threading.Thread(target=self._build_index, name="frame-index", daemon=True).start()
            self._cache: FrameCache[av.VideoFrame] = FrameCache(cache_bytes, _frame_bytes)
            self._skip_below_pts = -(2**62)
            self._byte_seek = self._container.format.name in BYTE_SEEK_FORMATS
            # After a seek, packets before this keyframe's are dropped undecoded (a demuxer
            # without an index may land a little early; landing late is caught by the caller).
            self._gate_pts: int | None = None
            self._count = 0  # index of the frame the decoder gave last, when frames are counted
            self._await_key = False  # counting from a seek starts at the keyframe's own frame
            self._frames: Iterator[av.VideoFrame] | None = self._decode_from_here()
            self._next: int | None = None  # index the decoder outputs next, if known
            self._last: tuple[int, av.VideoFrame] | None = None  # the frame returned last
            self._first = self._read_first_frame()
            self.rotation = rotation_clockwise(self._first)
            self._audio = self._audio_info()
        except BaseException:
            self._container.close()
            raise

    # -- opening ---------------------------------------------------------------------------

    def _prepare_stream(self) -> None:
        if self._decode_threads == 1:
            self._stream.thread_count = 1  # FFmpeg starts no threads of its own
        elif self._threaded:
            self._stream.thread_type = "AUTO"
            if self._decode_threads > 1:
                self._stream.thread_count = self._decode_threads
        for other in self._container.streams:
            if other.index != self._stream.index:
                other.discard = av.stream.Discard.all

    def _reopen_unthreaded(self) -> None:
        """Start again with a decoder that decodes one frame at a time.

        Frame-parallel decoding loses the last frames before a packet the end of a truncated
        file cut in two; decoding one at a time (slower) recovers them, as FFmpeg does.
        """
        self._container.close()
        self._container = open_container(self.path)
        self._stream = first_video_stream(self._container, self.path)
        self._threaded = False
        self._prepare_stream()
        self._frames = None
        self._next = None

    def _build_index(self) -> None:
        lower_this_thread(BACKGROUND)
        try:
            self._built = cached_frame_index(self.path, self._closed)  # instant when warmed
        except MediaError as error:
            self._index_error = error
        except IndexCancelled:
            self._index_error = MediaError("the video was closed", path=self.path)
        finally:
            self._index_ready.set()

    def _read_first_frame(self) -> av.VideoFrame:
        assert self._frames is not None
        frame = next(self._frames, None)
        if frame is None:
            raise MediaError(
                "no video frame can be decoded",
                path=self.path,
                hint="the file may be damaged or use an unsupported codec",
            )
        return frame

    def _audio_info(self) -> AudioInfo | None:
        if not self._container.streams.audio:
            return None
        audio = self._container.streams.audio[0]
        start_ms = 0
        if audio.start_time is not None and audio.time_base is not None:
            start_s = float(audio.start_time * audio.time_base)
            video_tb = self._stream.time_base
            first = self._first.pts if self._first.pts is not None else 0
            origin_s = float(first * video_tb) if video_tb is not None else 0.0
            start_ms = round((start_s - origin_s) * 1000)
        return AudioInfo(
            codec=audio.codec_context.name,
            sample_rate=audio.codec_context.sample_rate or 0,
            channels=audio.codec_context.channels or 0,
            start_ms=start_ms,
        )

    @property
    def index(self) -> FrameIndex:
        """The frame timestamp index (waits for it on first use; built in the background)."""
        if self._index is None:
            self._index_ready.wait()
            if self._index_error is not None:
                raise self._index_error
            assert self._built is not None
            self._index = self._built
            self._adopt_first_frame(self._index)
        return self._index

    def _adopt_first_frame(self, index: FrameIndex) -> None:
        position = 0 if index.counted else index.index_of_pts(self._first.pts)
        if position is not None:
            self._last = (position, self._first)
            if self._frames is not None:
                self._next = position + 1

    # -- facts -----------------------------------------------------------------------------

    @property
    def frame_times_ms(self) -> tuple[int, ...]:
        """Presentation time (ms) of every frame in display order; frame 0 is at 0."""
        return self.index.times_ms

    @property
    def frame_count(self) -> int:
        """Number of frames that can be read."""
        return len(self.index)

    @property
    def origin_s(self) -> float:
        """Container time (s) of frame 0, which is media time 0 (audio is timed against it)."""
        index = self.index
        return float(index.origin_pts * index.time_base)

    @property
    def fps(self) -> float:
        """Average frame rate (frames per second) over the whole video."""
        times = self.frame_times_ms
        if len(times) > 1 and times[-1] > 0:
            return (len(times) - 1) * 1000.0 / times[-1]
        rate = self._stream.average_rate or self._stream.guessed_rate
        return float(rate) if rate else 25.0

    @property
    def duration_ms(self) -> int:
        """Time (ms) from the first frame's start to the end of the last frame."""
        return self.frame_times_ms[-1] + round(1000.0 / self.fps)

    @property
    def width(self) -> int:
        """Upright display width in pixels."""
        return display_size(self._first.width, self._first.height, self.rotation)[0]

    @property
    def height(self) -> int:
        """Upright display height in pixels."""
        return display_size(self._first.width, self._first.height, self.rotation)[1]

    @property
    def audio(self) -> AudioInfo | None:
        """The first audio stream, or None when the file has no sound."""
        return self._audio

    @property
    def truncated(self) -> bool:
        """True when the file ends before the video its container describes (frames are lost);
        a complete cut (e.g. stream-copied, with an edit list) is not truncated."""
        return self.index.truncated

    @property
    def info(self) -> VideoInfo:
        """All of the above as one value."""
        return VideoInfo(
            path=self.path,
            codec=self._stream.codec_context.name,
            width=self.width,
            height=self.height,
            rotation=self.rotation,
            fps=self.fps,
            frame_count=self.frame_count,
            duration_ms=self.duration_ms,
            audio=self.audio,
            truncated=self.truncated,
        )

    # -- frames ----------------------------------------------------------------------------

    def frame(
        self,
        index: int,
        size: tuple[int, int] | None = None,
        *,
        pixel_format: str = "rgb24",
        fast: bool = False,
    ) -> np.ndarray:
        """The exact frame ``index`` as an upright RGB uint8 array (height, width, 3).

        ``size`` asks for an upright (width, height) in pixels instead of the full size (the
        player asks for display-sized frames); ``pixel_format="bgra"`` gives (height, width,
        4) for painting; ``fast`` scales more cheaply (for playback). Raises IndexError outside
        0…frame_count-1.
        """
        if index == 0 and self._index is None:  # needs no index: a fast first frame
            return to_rgb(self._first, self.rotation, size, pixel_format, fast)
        if not 0 <= index < self.frame_count:
            raise IndexError(f"frame {index} is outside 0…{self.frame_count - 1}")
        return to_rgb(self._decoded(index), self.rotation, size, pixel_format, fast)

    def frames(
        self,
        start: int = 0,
        stop: int | None = None,
        *,
        size: tuple[int, int] | None = None,
        pixel_format: str = "rgb24",
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Frames ``start`` … ``stop - 1`` (default: to the end) in order, as ``(index,
        image)``: the way to read a whole file (pre-coders, frame export, motion energy).

        Images are as ``frame`` gives them; ``pixel_format="gray"`` gives (height, width)
        luma, the cheapest. Decoding runs straight through (no per-frame look-ups or seeks),
        at about FFmpeg's own decoding rate. Calling ``frame`` meanwhile is allowed (the
        iteration then finds its place again). Raises MediaError for a frame that cannot be
        decoded.
        """
        end = self.frame_count if stop is None else min(stop, self.frame_count)
        position = max(start, 0)
        while position < end:
            frame = self._next_decoded(position) or self._decoded(position)
            yield position, to_rgb(frame, self.rotation, size, pixel_format)
            position += 1

    def _next_decoded(self, position: int) -> av.VideoFrame | None:
        """The decoder's next frame when it is frame ``position`` (the cheap path of a
        straight read); None when the decoder is elsewhere or the frame is missing."""
        if self._frames is None or self._next != position:
            return None
        index = self.index
        for frame in self._frames:
            found = self._count if index.counted else index.index_of_pts(frame.pts)
            if found is None or found >= len(index):
                continue
            self._next = found + 1
            self._last = (found, frame)
            return frame if found == position else None
        self._frames = None
        self._next = None
        return None

    def frame_at(self, ms: int, size: tuple[int, int] | None = None) -> np.ndarray:
        """The frame on screen at ``ms``: the last one whose presentation time is ≤ ms."""
        return self.frame(self.frame_index_at(ms), size)

    def frame_index_at(self, ms: int) -> int:
        """Index of the frame on screen at ``ms`` (clamped to the first and last frames)."""
        return frame_at_ms(self.frame_times_ms, ms)

    def _decoded(self, target: int) -> av.VideoFrame:
        index = self.index
        if self._last is not None and self._last[0] == target:
            return self._last[1]
        cached = self._cache.get(target)
        if cached is not None:
            return cached
        key = self._seek_point(index.keyframe_at_or_before(target))
        position = self._next
        forward = (
            self._frames is not None
            and position is not None
            and position <= target
            and target - position <= max(target - key, 0) + SEEK_COST_FRAMES
        )
        keep_from = target
        if not forward:
            if position is not None and target < position <= target + MAX_STEP_BACK_FRAMES:
                # Stepping back: keep the frames before the target for the next steps back.
                budget = self._cache.max_bytes // max(1, _frame_bytes(self._first)) // 2
                keep_from = max(key, target - min(MAX_STEP_BACK_FRAMES, budget) + 1)
            self._seek(key)
        self._skip_below_pts = index.pts[keep_from]
        frame = self._decode_forward(target, keep_from)
        for earlier in self._earlier_keyframes(key):
            if frame is not None or self._next is None or self._next <= target:
                break  # found, or ran out of frames rather than overshooting
            self._seek(earlier)  # open GOP: the target needs an earlier keyframe
            frame = self._decode_forward(target, keep_from)
        if frame is not None:
            return frame
        if self._threaded and index.truncated:
            self._reopen_unthreaded()
            return self._decoded(target)
        raise MediaError(
            f"frame {target} cannot be decoded",
            path=self.path,
            hint="the file may be damaged; re-encode it or choose another frame",
        )

    def _seek_point(self, key: int) -> int:
        """``key``, or the last keyframe before it that a seek can reach exactly (frames that
        are counted from a keyframe need its byte offset)."""
        index = self.index
        if index.exact_packets:
            return key
        while key > 0 and index.keyframe_position(key) is None:
            key = index.keyframe_before(key) or 0
        return key

    def _earlier_keyframes(self, key: int) -> Iterator[int]:
        previous = self.index.keyframe_before(key)
        if previous is not None:
            previous = self._seek_point(previous)
            yield previous
        if previous != 0:
            yield 0

    def _seek(self, key: int) -> None:
        """Position the demuxer at keyframe ``key``: by its byte offset where the container
        has no index (MPEG-TS/PS), else by its timestamp; packets before it are skipped."""
        index = self.index
        at_start = not index.keyframes or key <= index.keyframes[0]
        offset = index.keyframe_position(key) if self._byte_seek else None
        if at_start and self._byte_seek:
            offset = 0
        try:
            if offset is not None:
                self._container.seek(offset, unsupported_byte_offset=True)
            else:
                self._container.seek(index.pts[key], stream=self._stream, backward=True)
        except av.error.FFmpegError as error:
            raise MediaError(f"cannot seek: {error}", path=self.path) from error
        self._stream.codec_context.flush_buffers()
        # From the start, the first keyframe may be one an edit list hides: no gate then.
        if at_start:
            self._gate_pts = None
        else:  # frames rebuilt by counting have no packet timestamp to look for
            self._gate_pts = index.pts[key] if index.exact_packets else -(2**62)
        self._await_key = index.counted
        self._count = 0 if at_start else key
        self._frames = self._decode_from_here()
        self._next = None

    def _decode_forward(self, target: int, keep_from: int) -> av.VideoFrame | None:
        index = self.index
        assert self._frames is not None
        for frame in self._frames:
            position = self._count if index.counted else index.index_of_pts(frame.pts)
            if position is None or position >= len(index):
                continue
            self._next = position + 1
            if keep_from <= position < target:
                # Only when stepping back: holding decoded frames stops the decoder reusing
                # its buffers, which would slow plain forward decoding several times over.
                self._cache.put(position, frame)
            if position == target:
                self._last = (target, frame)
                return frame
            if position > target:
                return None
        self._frames = None
        self._next = None
        return None

    def _decode_from_here(self) -> Iterator[av.VideoFrame]:
        """Decode from the demuxer's position, skipping unreferenced frames before the target."""
        context = self._stream.codec_context
        packets = self._container.demux(self._stream)
        # Until the index is known (the first frame), no packet is skipped.
        index = self._index or (self._built if self._index_ready.is_set() else None)
        exact = index is not None and index.exact_packets and not index.counted
        started = False
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                return
            except (av.error.InvalidDataError, av.error.EOFError, OSError):
                packet = None  # truncated: drain what the decoder holds
            if self._gate_pts is not None and packet is not None:
                if not packet.is_keyframe or packet.pts is None or packet.pts < self._gate_pts:
                    continue  # before the keyframe sought
                if index is not None and index.exact_packets and index.counted and (
                    packet.pts != self._gate_pts
                ):
                    # landed on a later keyframe: count from there (the caller sees overshoot)
                    found = index.index_of_pts(packet.pts)
                    self._count = self._count if found is None else found
                self._gate_pts = None
            skip = exact and packet is not None and packet.pts is not None and (
                packet.pts < self._skip_below_pts
            )
            mode: Literal["NONREF", "DEFAULT"] = "NONREF" if skip else "DEFAULT"
            if context.skip_frame != mode:
                context.skip_frame = mode
            try:
                decoded = context.decode(packet)
            except av.error.InvalidDataError:
                continue  # one damaged packet: keep going with the next
            for frame in decoded:
                if self._await_key:
                    if not frame.key_frame:
                        continue  # leading frames of an open GOP, decoded without references
                    self._await_key = False
                    started = False
                if started:
                    self._count += 1
                started = True
                yield frame
            if packet is None:
                return

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Release the file and the cached frames (and stop indexing, if still running)."""
        self._closed.set()
        self._frames = None
        self._last = None
        self._cache.clear()
        self._container.close()

    def __enter__(self) -> Video:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_video(
    path: str | Path, *, cache_bytes: int = DEFAULT_CACHE_BYTES, decode_threads: int = 0
) -> Video:
    """Open a video for exact frame access; raises MediaError naming the file and what to do.

    ``cache_bytes`` bounds the decoded frames kept for stepping back (default 192 MiB);
    ``decode_threads`` is how many threads FFmpeg decodes with (0: its choice, one per core;
    1: none of its own, leaving the other cores to the rest of the program).
    """
    return Video(path, cache_bytes=cache_bytes, decode_threads=decode_threads)
