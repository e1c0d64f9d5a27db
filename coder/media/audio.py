"""Audio as PCM for playback: 16-bit interleaved samples from any media time, at 0.1×–4×.

Speeds other than 1× go through FFmpeg's ``atempo`` filter (via PyAV's filter graph), which
changes tempo but keeps pitch, so a vocalisation still sounds like itself at 0.5×.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import av.filter

from coder.errors import MediaError
from coder.media.container import open_container
from coder.thread_priority import DECODING, lower_this_thread

MIN_SPEED, MAX_SPEED = 0.1, 4.0
BYTES_PER_SAMPLE = 2


@dataclass(frozen=True)
class PcmChunk:
    """Interleaved signed 16-bit samples starting at media time ``ms`` (video frame 0 = 0)."""

    ms: int
    data: bytes


def atempo_factors(speed: float) -> list[float]:
    """Split ``speed`` into a chain of atempo factors, each within atempo's 0.5–2.0 range."""
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed {speed} is outside {MIN_SPEED}–{MAX_SPEED}")
    factors: list[float] = []
    while speed < 0.5:
        factors.append(0.5)
        speed /= 0.5
    while speed > 2.0:
        factors.append(2.0)
        speed /= 2.0
    if abs(speed - 1.0) > 1e-9 or not factors:
        factors.append(speed)
    return factors


def pcm_chunks(
    path: str | Path,
    *,
    start_ms: int,
    origin_s: float = 0.0,
    speed: float = 1.0,
    sample_rate: int = 48000,
    channels: int = 2,
) -> Iterator[PcmChunk]:
    """PCM from media time ``start_ms`` to the end of the first audio stream.

    ``origin_s`` is the container time (s) of video frame 0, which is media time 0. Each chunk's
    ``ms`` is the media time of its first sample; consecutive chunks cover ``len(data) /
    (2 × channels × sample_rate)`` s of output, i.e. ``speed`` times that of media.
    """
    container = open_container(path)
    try:
        if not container.streams.audio:
            return
        stream = container.streams.audio[0]
        for other in container.streams:
            if other.index != stream.index:
                other.discard = av.stream.Discard.all
        start_s = origin_s + max(start_ms, 0) / 1000.0
        if stream.time_base is not None:
            container.seek(int(start_s / stream.time_base), stream=stream, backward=True)
        graph: av.filter.Graph | None = None
        graph_input: tuple[str, int, str] | None = None
        frame_bytes = BYTES_PER_SAMPLE * channels
        out_ms: float | None = None
        started = False
        for frame in _decoded(container, stream):
            if frame.time is not None and frame.time + frame.samples / frame.sample_rate < start_s:
                continue  # wholly before the start
            if out_ms is None:
                out_ms = ((frame.time if frame.time is not None else start_s) - origin_s) * 1000
            # Built from the decoded frames, not the stream's header: some decoders (MP2 in
            # MPEG-TS) announce one sample format and deliver another.
            shape = (frame.format.name, frame.sample_rate, frame.layout.name)
            if graph is None or shape != graph_input:
                graph, graph_input = _graph(frame, speed, sample_rate, channels), shape
            graph.push(frame)
            for data in _pull(graph):
                skip = 0
                if out_ms < start_ms:  # trim to the exact start, in whole samples
                    skip = round((start_ms - out_ms) / 1000 / speed * sample_rate) * frame_bytes
                    skip = min(skip, len(data))
                    out_ms += skip / frame_bytes / sample_rate * 1000 * speed
                    data = data[skip:]
                if out_ms > start_ms + 1 and not started:
                    # The sound starts after the requested time: silence until it does.
                    gap = round((out_ms - start_ms) / 1000 / speed * sample_rate) * frame_bytes
                    yield PcmChunk(start_ms, bytes(gap))
                started = True
                if data:
                    yield PcmChunk(round(out_ms), data)
                    out_ms += len(data) / frame_bytes / sample_rate * 1000 * speed
    except av.error.FFmpegError as error:
        raise MediaError(f"cannot decode the audio: {error}", path=path) from error
    finally:
        container.close()


def _graph(frame: av.AudioFrame, speed: float, sample_rate: int, channels: int) -> av.filter.Graph:
    graph = av.filter.Graph()
    nodes = [
        graph.add_abuffer(
            format=frame.format.name,
            sample_rate=frame.sample_rate,
            layout=frame.layout.name,
            time_base=frame.time_base,
        )
    ]
    for factor in atempo_factors(speed):
        if factor != 1.0:
            nodes.append(graph.add("atempo", f"{factor:.6f}"))
    layout = "stereo" if channels == 2 else "mono"
    nodes.append(
        graph.add(
            "aformat", f"sample_fmts=s16:sample_rates={sample_rate}:channel_layouts={layout}"
        )
    )
    nodes.append(graph.add("abuffersink"))
    graph.link_nodes(*nodes).configure()
    return graph


def _decoded(
    container: av.container.InputContainer, stream: av.audio.stream.AudioStream
) -> Iterator[av.AudioFrame]:
    for packet in container.demux(stream):
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            continue  # one damaged packet: a short gap, not the end


def _pull(graph: av.filter.Graph) -> Iterator[bytes]:
    while True:
        try:
            frame = graph.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return
        yield frame.to_ndarray().tobytes()


class AudioWorker:
    """Decodes PCM (see ``pcm_chunks``) in its own thread into a bounded queue.

    Make a new worker to seek or change speed; ``close`` the old one.
    """

    def __init__(self, path: str | Path, *, queue_chunks: int = 64, **options: float) -> None:
        self._queue: queue.Queue[PcmChunk | None] = queue.Queue(maxsize=queue_chunks)
        self._stop = threading.Event()
        self.error: MediaError | None = None
        self.finished = False  # True once the end of the audio has been taken
        self._thread = threading.Thread(
            target=self._run, args=(path, options), name="audio", daemon=True
        )
        self._thread.start()

    def _run(self, path: str | Path, options: dict[str, float]) -> None:
        lower_this_thread(DECODING)
        try:
            chunks = pcm_chunks(
                path,
                start_ms=int(options.get("start_ms", 0)),
                origin_s=float(options.get("origin_s", 0.0)),
                speed=float(options.get("speed", 1.0)),
                sample_rate=int(options.get("sample_rate", 48000)),
                channels=int(options.get("channels", 2)),
            )
            for chunk in chunks:
                while not self._stop.is_set():
                    try:
                        self._queue.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if self._stop.is_set():
                    return
        except MediaError as error:
            self.error = error
        self._queue.put(None)  # end of audio

    def take(self) -> PcmChunk | None:
        """The next chunk if one is ready (never blocks); None when none is ready or at end."""
        try:
            chunk = self._queue.get_nowait()
        except queue.Empty:
            return None
        if chunk is None:
            self.finished = True
        return chunk

    def close(self) -> None:
        """Stop decoding (returns promptly; the thread ends on its own)."""
        self._stop.set()
