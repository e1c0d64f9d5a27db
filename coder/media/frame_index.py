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

from coder.errors import MediaError
from coder.media.packet_scan import IndexCancelled, scan_frames

__all__ = [
    "FrameIndex",
    "IndexCancelled",
    "build_frame_index",
    "cached_frame_index",
    "clear_frame_index_cache",
    "index_from_packets",
    "pts_to_ms",
]


def pts_to_ms(pts: int, origin_pts: int, time_base: Fraction) -> int:
    """Milliseconds (rounded half up) of ``pts`` after ``origin_pts``, both in ``time_base``."""
    numerator = (pts - origin_pts) * time_base.numerator * 1000
    return (2 * numerator + time_base.denominator) // (2 * time_base.denominator)


@dataclass(frozen=True)
class FrameIndex:
    """Every frame's presentation timestamp and the keyframes, in display order.

    ``pts`` are in ``time_base`` units; ``times_ms`` are integer ms with frame 0 at 0;
    ``keyframes`` are frame indexes (ascending) where decoding can start, and
    ``keyframe_pos`` their packets' byte offsets in the file (-1 where unknown; same length as
    ``keyframes`` or empty). ``truncated`` is True when the file ends before the video data its
    container describes. ``counted`` is True when decoded frames carry no usable timestamp
    (AVI stores none: with B-frames the decoder's guesses are wrong), so a frame's index is
    its keyframe's index plus the frames decoded since. ``exact_packets`` is False when packet
    timestamps were guesses (the index then comes from decoding), so packets cannot be skipped
    by their timestamp.
    """

    pts: tuple[int, ...]
    keyframes: tuple[int, ...]
    time_base: Fraction
    keyframe_pos: tuple[int, ...] = ()
    truncated: bool = False
    counted: bool = False
    exact_packets: bool = True
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

    def keyframe_position(self, index: int) -> int | None:
        """Byte offset of keyframe ``index``'s packet in the file, or None when unknown."""
        if not self.keyframe_pos:
            return None
        position = bisect_right(self.keyframes, index) - 1
        if position < 0 or self.keyframes[position] != index:
            return None
        offset = self.keyframe_pos[position]
        return offset if offset >= 0 else None

    def keyframe_before(self, index: int) -> int | None:
        """Index of the last keyframe strictly before keyframe-or-frame ``index``, if any."""
        position = bisect_right(self.keyframes, index - 1) - 1
        return self.keyframes[position] if position >= 0 else None


def index_from_packets(
    packets: Sequence[tuple[int, bool]] | Sequence[tuple[int, bool, int]],
    time_base: Fraction,
    *,
    truncated: bool = False,
    counted: bool = False,
    exact_packets: bool = True,
) -> FrameIndex:
    """Build the index from ``(pts, is_keyframe[, byte_pos])`` in decode order."""
    key_pos: dict[int, int] = {}
    for packet in packets:
        if packet[1]:
            key_pos.setdefault(packet[0], packet[2] if len(packet) > 2 else -1)
    ordered = sorted({packet[0] for packet in packets})
    keyframes = tuple(i for i, pts in enumerate(ordered) if pts in key_pos)
    positions = tuple(key_pos[ordered[i]] for i in keyframes)
    return FrameIndex(
        tuple(ordered), keyframes, time_base, positions, truncated, counted, exact_packets
    )


def build_frame_index(path: str | Path, cancel: threading.Event | None = None) -> FrameIndex:
    """Index the frames of ``path`` (see ``packet_scan``: demuxing alone where timestamps are
    stored, one decoding pass where they are not).

    A truncated file indexes the frames that can still be decoded. Raises MediaError when the
    file cannot be opened, has no video stream or no readable video packets, and
    IndexCancelled as soon as ``cancel`` is set (the Video was closed meanwhile).
    """
    scanned = scan_frames(path, cancel)
    if not scanned.frames:
        raise MediaError(
            "no readable video frames", path=path, hint="the file may be empty or damaged"
        )
    return index_from_packets(
        scanned.frames,
        scanned.time_base,
        truncated=scanned.truncated,
        counted=scanned.counted,
        exact_packets=scanned.exact_packets,
    )


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
