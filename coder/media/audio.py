"""Audio as PCM for playback: 16-bit interleaved samples from any media time, at 0.1×–4×.

Speeds other than 1× go through FFmpeg's ``atempo`` filter (via PyAV's filter graph), which
changes tempo but keeps pitch, so a vocalisation still sounds like itself at 0.5×.
"""

from __future__ import annotations

import threading
from collections import deque
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
    reader = PcmReader(path, origin_s=origin_s, sample_rate=sample_rate, channels=channels)
    try:
        yield from reader.chunks(start_ms, speed)
    finally:
        reader.close()


class PcmReader:
    """A file's first audio stream, kept open: ``chunks`` reads PCM from any media time, as
    often as asked (each time a seek, never a reopening). See ``pcm_chunks``."""

    def __init__(
        self, path: str | Path, *, origin_s: float = 0.0, sample_rate: int = 48000, channels: int = 2
    ) -> None:
        self.path = path
        self.origin_s = origin_s
        self.sample_rate = sample_rate
        self.channels = channels
        self._container = open_container(path)
        self._stream: av.audio.stream.AudioStream | None = None
        if self._container.streams.audio:
            self._stream = self._container.streams.audio[0]
            for other in self._container.streams:
                if other.index != self._stream.index:
                    other.discard = av.stream.Discard.all

    def close(self) -> None:
        self._container.close()

    def chunks(self, start_ms: int, speed: float = 1.0) -> Iterator[PcmChunk]:
        """PCM from media time ``start_ms`` to the end, at ``speed``× (see ``pcm_chunks``)."""
        container, stream, origin_s = self._container, self._stream, self.origin_s
        sample_rate, channels = self.sample_rate, self.channels
        if stream is None:
            return
        try:
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
            raise MediaError(f"cannot decode the audio: {error}", path=self.path) from error


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
    """Decodes PCM (see ``PcmReader``) in its own thread into a bounded queue.

    ``restart`` moves it to another time or speed and ``idle`` stops it decoding ahead: the file
    stays open and the thread stays, so a looped span starting over, or a seek while playing,
    neither reopens the file nor waits for a new thread. ``close`` ends it.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        queue_chunks: int = 64,
        start_ms: int = 0,
        origin_s: float = 0.0,
        speed: float = 1.0,
        sample_rate: int = 48000,
        channels: int = 2,
    ) -> None:
        self._cv = threading.Condition()
        self._queue: deque[PcmChunk | None] = deque()
        self._max = max(1, queue_chunks)
        self._request: tuple[int, float] | None = (start_ms, speed)
        self._generation = 1  # of the latest request; the thread serves each once
        self._closed = False
        self.error: MediaError | None = None
        self.finished = False  # True once the end of the audio has been taken
        self._thread = threading.Thread(
            target=self._run, args=(path, origin_s, sample_rate, channels), name="audio", daemon=True
        )
        self._thread.start()

    def restart(self, start_ms: int, speed: float = 1.0) -> None:
        """Drop what was decoded and decode from media time ``start_ms`` at ``speed``×."""
        self._ask((start_ms, speed))

    def idle(self) -> None:
        """Drop what was decoded and stop decoding until ``restart``."""
        self._ask(None)

    def _ask(self, request: tuple[int, float] | None) -> None:
        with self._cv:
            self._generation += 1
            self._request = request
            self._queue.clear()
            self.finished = False
            self._cv.notify_all()

    def take(self) -> PcmChunk | None:
        """The next chunk if one is ready (never blocks); None when none is ready or at end."""
        with self._cv:
            if not self._queue:
                return None
            chunk = self._queue.popleft()
            self._cv.notify_all()
            if chunk is None:
                self.finished = True
            return chunk

    def close(self) -> None:
        """Stop decoding and end the thread (returns promptly; the thread closes the file)."""
        with self._cv:
            self._closed = True
            self._queue.clear()
            self._cv.notify_all()

    def _run(self, path: str | Path, origin_s: float, sample_rate: int, channels: int) -> None:
        lower_this_thread(DECODING)
        reader: PcmReader | None = None
        try:
            reader = PcmReader(path, origin_s=origin_s, sample_rate=sample_rate, channels=channels)
        except MediaError as error:
            self.error = error
        served = 0
        try:
            while True:
                with self._cv:
                    while not self._closed and served == self._generation:
                        self._cv.wait()
                    if self._closed:
                        return
                    served, request = self._generation, self._request
                if request is None:
                    continue  # idle: wait for the next request
                start_ms, speed = request
                if reader is None:
                    self._put(served, None)  # no sound to give: the end at once
                    continue
                try:
                    for chunk in reader.chunks(start_ms, speed):
                        if not self._put(served, chunk):
                            break
                    else:
                        self._put(served, None)  # end of audio
                except MediaError as error:
                    self.error = error
                    self._put(served, None)
        finally:
            if reader is not None:
                reader.close()

    def _put(self, generation: int, item: PcmChunk | None) -> bool:
        """Queue ``item`` of request ``generation`` (waiting for room); False once a newer
        request or ``close`` made it useless."""
        with self._cv:
            while not self._closed and generation == self._generation and len(self._queue) >= self._max:
                self._cv.wait()
            if self._closed or generation != self._generation:
                return False
            self._queue.append(item)
            return True
