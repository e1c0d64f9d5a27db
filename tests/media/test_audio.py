"""PCM decoding from any time, at other speeds with the pitch kept."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from media_samples import Sample

from coder.media import open_video
from coder.media.audio import AudioWorker, PcmChunk, atempo_factors, pcm_chunks


def _pcm(sample: Sample, **options: float) -> tuple[int, np.ndarray]:
    chunks = list(pcm_chunks(sample.path, **options))  # type: ignore[arg-type]
    data = np.frombuffer(b"".join(c.data for c in chunks), dtype=np.int16).reshape(-1, 2)
    return chunks[0].ms, data[:, 0].astype(float)


def _dominant_hz(signal: np.ndarray, rate: int = 48000) -> float:
    spectrum = np.abs(np.fft.rfft(signal[: rate // 2]))
    return float(np.argmax(spectrum) * rate / (rate // 2))


@pytest.mark.parametrize("speed", [0.25, 0.5, 1.0, 2.0, 4.0])
def test_speed_changes_tempo_not_pitch(samples: dict[str, Sample], speed: float) -> None:
    start, left = _pcm(samples["cfr"], start_ms=2000, speed=speed)
    assert start == 2000
    assert _dominant_hz(left) == pytest.approx(440, abs=4)
    media_seconds = len(left) / 48000 * speed
    assert media_seconds == pytest.approx(10.0, abs=0.25)


def test_atempo_chain_stays_in_range() -> None:
    for speed in (0.1, 0.3, 0.5, 1.0, 1.7, 3.0, 4.0):
        factors = atempo_factors(speed)
        assert all(0.5 <= f <= 2.0 for f in factors)
        assert np.prod(factors) == pytest.approx(speed)
    with pytest.raises(ValueError):
        atempo_factors(5.0)


def _drain(worker: AudioWorker, timeout: float = 10.0) -> list[PcmChunk]:
    """Every chunk of the worker's current request, up to its end."""
    chunks: list[PcmChunk] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = worker.take()
        if chunk is not None:
            chunks.append(chunk)
        elif worker.finished:
            return chunks
        else:
            time.sleep(0.002)
    raise AssertionError("the worker did not reach the end of the audio")


def test_worker_delivers_all_audio(samples: dict[str, Sample]) -> None:
    worker = AudioWorker(samples["cfr"].path, start_ms=11000)
    try:
        chunks = _drain(worker)
        assert worker.finished
        assert chunks[0].ms == 11000
        assert sum(len(c.data) for c in chunks) / 4 / 48000 == pytest.approx(1.0, abs=0.05)
    finally:
        worker.close()


def test_a_restart_seeks_in_the_same_thread_and_gives_what_a_fresh_read_gives(samples: dict[str, Sample]) -> None:
    path = samples["cfr"].path
    worker = AudioWorker(path, start_ms=11000)
    try:
        _drain(worker)
        thread = worker._thread
        for start, speed in ((2000, 1.0), (9500, 2.0), (2000, 1.0)):
            worker.restart(start, speed)
            assert not worker.finished
            got = _drain(worker)
            fresh = list(pcm_chunks(path, start_ms=start, speed=speed))
            assert [(c.ms, len(c.data)) for c in got] == [(c.ms, len(c.data)) for c in fresh]
            # The same samples but for the decoder's state after a seek: the first frame's
            # overlap (at most -30 dBFS for 40 ms) and the noise generator's draws (-54 dBFS)
            a = np.frombuffer(b"".join(c.data for c in got), np.int16).astype(np.int32)
            b = np.frombuffer(b"".join(c.data for c in fresh), np.int16).astype(np.int32)
            diff = np.abs(a - b)
            assert diff[: 2 * 2048].max() <= 1024 and diff[2 * 2048 :].max() <= 64
        assert worker._thread is thread and thread.is_alive()  # no new thread, no reopened file
        worker.idle()
        time.sleep(0.1)
        assert worker.take() is None  # idle: nothing decoded ahead
    finally:
        worker.close()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_silence_until_late_sound_starts(media_dir: Path) -> None:
    path = media_dir / "late_audio.mp4"
    with open_video(path) as video:
        assert video.audio is not None
        assert abs(video.audio.start_ms - 500) <= 25  # AAC priming may shift it a little
    chunks = list(pcm_chunks(path, start_ms=100))
    assert chunks[0].ms == 100 and not any(chunks[0].data)
    silence_ms = len(chunks[0].data) / 4 / 48
    assert chunks[1].ms == pytest.approx(100 + silence_ms, abs=1)
    assert chunks[1].ms == pytest.approx(500, abs=25)
