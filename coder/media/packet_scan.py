"""Reading a video's frame timestamps from its packets (fast), or by decoding when they lie.

MP4, MOV and Matroska store every frame's presentation timestamp, so demuxing the packets
without decoding gives the frame index. Program streams (.mpg, .vob) and transport streams
(.ts, .mts) carry a timestamp only where a PES packet starts; FFmpeg guesses the rest, and with
B-frames some guesses collide (two packets at one time, another time missing) and a guess made
after a seek can differ from one made reading from the start. Such a stream is indexed by
decoding it once: the decoder's output order is the display order, and its frames are found by
counting from a keyframe reached by byte offset. AVI stores
no presentation times at all; its packets count frames in decode order, and since a closed GOP
starts with its keyframe, counting decoded frames from a keyframe gives display positions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import av.error
import av.stream

from coder.errors import MediaError
from coder.media.container import first_video_stream, open_container

# Demuxers whose packets carry no presentation order: frames are located by counting.
COUNTED_FORMATS = frozenset({"avi"})
# Demuxers without an index, whose seek by time is a guess; a seek by byte is exact there.
BYTE_SEEK_FORMATS = frozenset({"mpegts", "mpeg", "mpegvideo", "h264", "hevc"})
_CANCEL_EVERY = 512


class IndexCancelled(Exception):
    """Raised by ``scan_frames`` when its ``cancel`` event is set."""


@dataclass(frozen=True)
class ScannedFrames:
    """What indexing found: ``frames`` as ``(pts, is_keyframe, byte_pos)`` in any order
    (``byte_pos`` -1 when unknown), the stream's time base, and whether the file is cut short
    (``truncated``), its frames are located by counting (``counted``), and its packet
    timestamps are the frames' own (``exact_packets``, False when the frames were decoded)."""

    frames: list[tuple[int, bool, int]]
    time_base: Fraction
    truncated: bool
    counted: bool
    exact_packets: bool = True


def _check_cancel(cancel: threading.Event | None, count: int, path: str | Path) -> None:
    if cancel is not None and count % _CANCEL_EVERY == 0 and cancel.is_set():
        raise IndexCancelled(str(path))


def scan_frames(path: str | Path, cancel: threading.Event | None = None) -> ScannedFrames:
    """Every decodable frame of the first video stream of ``path``.

    Packets cut off by the end of the file are not frames (the file is then ``truncated``, as
    it is when the container announces more frames than the file holds); packets an edit list
    discards (a stream-copied cut) are neither frames nor missing.
    """
    container = open_container(path)
    try:
        stream = first_video_stream(container, path)
        for other in container.streams:
            if other.index != stream.index:
                other.discard = av.stream.Discard.all  # the demuxer then skips their payloads
        if stream.time_base is None:  # pragma: no cover - every demuxer sets it
            raise MediaError("video stream has no time base", path=path)
        time_base = Fraction(stream.time_base.numerator, stream.time_base.denominator)
        counted = container.format.name in COUNTED_FORMATS
        byte_seek = container.format.name in BYTE_SEEK_FORMATS
        frames: list[tuple[int, bool, int]] = []
        stored = 0  # packets in the file, discarded ones included
        truncated = False
        keyed = False  # a hidden keyframe comes before the first frame
        try:
            for packet in container.demux(stream):
                if packet.size == 0:
                    continue
                stored += 1
                if packet.is_corrupt:
                    truncated = True  # the file ends inside this packet
                    continue
                timestamp = packet.pts if packet.pts is not None else packet.dts
                if packet.is_discard:
                    # an edit list hides the keyframe a cut's first frames decode from
                    keyed = keyed or (packet.is_keyframe and not frames)
                    continue
                position = packet.pos if packet.pos is not None else -1
                frames.append((-1 if timestamp is None else timestamp, packet.is_keyframe,
                               position))
                _check_cancel(cancel, len(frames), path)
        except (av.error.InvalidDataError, av.error.EOFError, OSError):
            truncated = True  # damaged or cut off: keep what was readable
        announced = stream.frames or 0
        if announced and stored < announced:
            truncated = True
    finally:
        container.close()
    if not keyed:
        frames = _from_first_keyframe(frames)
    timestamps = [pts for pts, _, _ in frames]
    # In a PS/TS, a packet that does not start a PES packet has a guessed timestamp, and the
    # guess after a seek can differ from the guess here.
    guessed = byte_seek and any(position == -1 for _, _, position in frames)
    unique = -1 not in timestamps and len(set(timestamps)) == len(timestamps)
    if counted or (unique and not guessed):
        return ScannedFrames(frames, time_base, truncated, counted)
    # The frames are then found by counting from a keyframe reached by its byte offset.
    return ScannedFrames(_decoded_frames(path, cancel), time_base, truncated, True, False)


def _from_first_keyframe(frames: list[tuple[int, bool, int]]) -> list[tuple[int, bool, int]]:
    """Without the frames before the first keyframe (in decode order, or shown before it): a
    file that starts inside a GOP (a camcorder's continuation file, a cut) cannot decode them."""
    first = next((i for i, (_, key, _) in enumerate(frames) if key), None)
    if first is None:
        return frames  # no keyframe flags at all: let decoding decide
    start = frames[first][0]
    return [frame for frame in frames[first:] if frame[0] >= start or frame[0] == -1]


def _decoded_frames(
    path: str | Path, cancel: threading.Event | None
) -> list[tuple[int, bool, int]]:
    """Decode the whole stream; frames in output (display) order.

    A frame's time is its decoded timestamp when those increase; otherwise (the guesses
    collide) frame n is at the first time plus n frame periods. The n-th keyframe decoded is the
    n-th keyframe packet, whose byte offset (or that of the PES packet it is in) a seek uses.
    """
    container = open_container(path)
    try:
        stream = first_video_stream(container, path)
        stream.thread_type = "AUTO"
        for other in container.streams:
            if other.index != stream.index:
                other.discard = av.stream.Discard.all
        key_offsets: list[int] = []
        last_offset = -1
        decoded: list[tuple[int | None, bool, int]] = []  # pts, keyframe, duration
        packets = container.demux(stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except (av.error.InvalidDataError, av.error.EOFError, OSError):
                packet = None
            if packet is not None and packet.pos is not None:
                last_offset = packet.pos
            if packet is not None and packet.is_keyframe and packet.size:
                # A frame that does not start its PES packet is reached from the PES start.
                key_offsets.append(last_offset)
            try:
                frames = stream.codec_context.decode(packet)
            except av.error.InvalidDataError:
                continue
            for frame in frames:
                decoded.append((frame.pts, bool(frame.key_frame), frame.duration or 0))
                _check_cancel(cancel, len(decoded), path)
            if packet is None:
                break
    finally:
        container.close()
    times = _increasing_times(decoded)
    keys = [i for i, (_, key, _) in enumerate(decoded) if key]
    offsets = key_offsets if len(key_offsets) == len(keys) else [-1] * len(keys)
    offset_of = dict(zip(keys, offsets, strict=True))
    return [(times[i], i in offset_of, offset_of.get(i, -1)) for i in range(len(decoded))]


def _increasing_times(decoded: list[tuple[int | None, bool, int]]) -> list[int]:
    stamps = [pts for pts, _, _ in decoded if pts is not None]
    if len(stamps) == len(decoded) and all(a < b for a, b in pairwise(stamps)):
        return stamps
    durations = sorted(duration for _, _, duration in decoded if duration > 0)
    period = durations[len(durations) // 2] if durations else 1
    first = next((pts for pts in stamps if pts is not None), 0)
    return [first + n * period for n in range(len(decoded))]
