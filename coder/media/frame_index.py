"""The frame timestamp index: which frames a video has and when each is shown.

Built from demuxed packets alone (no decoding), so 10 minutes of 720p index in a fraction of a
second. Presentation timestamps sorted ascending give the frames in display order; packet
keyframe flags give the points a decoder can start from. This index is the authority for
frame ↔ time in Coder: ``times_ms[i]`` is when frame ``i`` appears, in integer ms from the first
frame.

``cached_frame_index`` keeps the last few indexes process-wide, keyed by the file's resolved
path, size and modification time, so a second Video on the same file (the player's decoder
after the workstation warmed the index in the background) gets it at once.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av.error
import av.stream

from coder.errors import MediaError
from coder.media.container import first_video_stream, open_container


def pts_to_ms(pts: int, origin_pts: int, time_base: Fraction) -> int:
    """Milliseconds (rounded half up) of ``pts`` after ``origin_pts``, both in ``time_base``."""
    numerator = (pts - origin_pts) * time_base.numerator * 1000
    return (2 * numerator + time_base.denominator) // (2 * time_base.denominator)


@dataclass(frozen=True)
class FrameIndex:
    """Every frame's presentation timestamp and the keyframes, in display order.

    ``pts`` are in ``time_base`` units; ``times_ms`` are integer ms with frame 0 at 0;
    ``keyframes`` are frame indexes (ascending) where decoding can start.
    """

    pts: tuple[int, ...]
    keyframes: tuple[int, ...]
    time_base: Fraction
    times_ms: tuple[int, ...] = field(init=False)
    _index_of_pts: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        origin = self.pts[0] if self.pts else 0
        times = tuple(pts_to_ms(p, origin, self.time_base) for p in self.pts)
        object.__setattr__(self, "times_ms", times)
        object.__setattr__(self, "_index_of_pts", {p: i for i, p in enumerate(self.pts)})

    def __len__(self) -> int:
        return len(self.pts)

    @property
    def origin_pts(self) -> int:
        """Timestamp of frame 0 (media time 0), in ``time_base`` units."""
        return self.pts[0] if self.pts else 0

    def index_of_pts(self, pts: int | None) -> int | None:
        """Frame index of a decoded frame's timestamp, or None when it is not in the index."""
        return None if pts is None else self._index_of_pts.get(pts)

    def keyframe_at_or_before(self, index: int) -> int:
        """Index of the last keyframe at or before frame ``index`` (0 when there is none)."""
        position = bisect_right(self.keyframes, index) - 1
        return self.keyframes[position] if position >= 0 else 0

    def keyframe_before(self, index: int) -> int | None:
        """Index of the last keyframe strictly before keyframe-or-frame ``index``, if any."""
        position = bisect_right(self.keyframes, index - 1) - 1
        return self.keyframes[position] if position >= 0 else None


def index_from_packets(
    packets: Sequence[tuple[int, bool]], time_base: Fraction
) -> FrameIndex:
    """Build the index from ``(pts, is_keyframe)`` pairs in decode order."""
    keyframe_pts = {pts for pts, key in packets if key}
    ordered = sorted({pts for pts, _ in packets})
    keyframes = tuple(i for i, pts in enumerate(ordered) if pts in keyframe_pts)
    return FrameIndex(tuple(ordered), keyframes, time_base)


class IndexCancelled(Exception):
    """Raised by ``build_frame_index`` when its ``cancel`` event is set."""


def build_frame_index(path: str | Path, cancel: threading.Event | None = None) -> FrameIndex:
    """Demux every video packet of ``path`` (without decoding) and index its frames.

    A truncated file indexes the packets that can still be read. Raises MediaError when the
    file cannot be opened, has no video stream or no readable video packets, and
    IndexCancelled as soon as ``cancel`` is set (the Video was closed meanwhile).
    """
    container = open_container(path)
    try:
        stream = first_video_stream(container, path)
        for other in container.streams:
            if other.index != stream.index:
                other.discard = av.stream.Discard.all  # the demuxer then skips their payloads
        packets: list[tuple[int, bool]] = []
        try:
            for packet in container.demux(stream):
                timestamp = packet.pts if packet.pts is not None else packet.dts
                if timestamp is None or packet.size == 0 or packet.is_discard:
                    continue
                packets.append((timestamp, packet.is_keyframe))
                if cancel is not None and len(packets) % 512 == 0 and cancel.is_set():
                    raise IndexCancelled(str(path))
        except (av.error.InvalidDataError, av.error.EOFError, OSError):
            pass  # truncated or damaged: keep what was readable
        if stream.time_base is None:  # pragma: no cover - every demuxer sets it
            raise MediaError("video stream has no time base", path=path)
        time_base = Fraction(stream.time_base.numerator, stream.time_base.denominator)
    finally:
        container.close()
    if not packets:
        raise MediaError(
            "no readable video frames", path=path, hint="the file may be empty or damaged"
        )
    return index_from_packets(packets, time_base)


CACHE_ENTRIES = 4  # a session rarely has more than a few camera angles
_WAIT_POLL_S = 0.05  # how often a waiting caller checks its own ``cancel``

CacheKey = tuple[str, int, int]  # resolved path, size in bytes, mtime in ns


class _Pending:
    """One index being built by one thread; others wait on ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.index: FrameIndex | None = None
        self.error: BaseException | None = None


_lock = threading.Lock()
_cache: OrderedDict[CacheKey, FrameIndex] = OrderedDict()
_pending: dict[CacheKey, _Pending] = {}


def _cache_key(path: str | Path) -> CacheKey:
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


def cached_frame_index(
    path: str | Path,
    cancel: threading.Event | None = None,
    *,
    build: Callable[[str | Path, threading.Event | None], FrameIndex] = build_frame_index,
) -> FrameIndex:
    """The index of ``path`` from the process-wide cache, built (once) when missing.

    A file whose size or modification time changed is indexed again. Two threads asking for
    the same file at once build it once: the second waits for the first (and builds it itself
    if the first was cancelled). Errors are not cached. Raises what ``build_frame_index``
    raises; IndexCancelled when ``cancel`` is set while building or waiting. ``build`` is for
    tests.
    """
    try:
        key = _cache_key(path)
    except OSError:
        return build(path, cancel)  # missing or unreadable: its MediaError says so
    while True:
        with _lock:
            index = _cache.get(key)
            if index is not None:
                _cache.move_to_end(key)
                return index
            pending = _pending.get(key)
            builder = pending is None
            if pending is None:
                pending = _pending[key] = _Pending()
        if builder:
            return _build_for(key, pending, path, cancel, build)
        while not pending.done.wait(_WAIT_POLL_S):
            if cancel is not None and cancel.is_set():
                raise IndexCancelled(str(path))
        if pending.index is not None:
            return pending.index
        if not isinstance(pending.error, IndexCancelled):
            assert pending.error is not None
            raise pending.error
        # the builder's Video was closed: try again (building it ourselves if no one else is)


def _build_for(
    key: CacheKey,
    pending: _Pending,
    path: str | Path,
    cancel: threading.Event | None,
    build: Callable[[str | Path, threading.Event | None], FrameIndex],
) -> FrameIndex:
    try:
        index = build(path, cancel)
    except BaseException as error:
        pending.error = error
        with _lock:
            _pending.pop(key, None)
        pending.done.set()
        raise
    pending.index = index
    with _lock:
        _pending.pop(key, None)
        _cache[key] = index
        _cache.move_to_end(key)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    pending.done.set()
    return index


def clear_frame_index_cache() -> None:
    """Forget every cached index (tests and benchmarks measuring a cold open)."""
    with _lock:
        _cache.clear()
