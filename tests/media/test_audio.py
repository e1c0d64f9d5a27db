"""PCM decoding from any time, at other speeds with the pitch kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from media_samples import Sample

from coder.media import open_video
from coder.media.audio import AudioWorker, atempo_factors, pcm_chunks


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


def test_worker_delivers_all_audio(samples: dict[str, Sample]) -> None:
    worker = AudioWorker(samples["cfr"].path, start_ms=11000)
    chunks = []
    worker._thread.join(timeout=10)  # short file: decoding is done well within that
    while (chunk := worker.take()) is not None:
        chunks.append(chunk)
    assert worker.finished
    assert chunks[0].ms == 11000
    assert sum(len(c.data) for c in chunks) / 4 / 48000 == pytest.approx(1.0, abs=0.05)
    worker.close()


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
