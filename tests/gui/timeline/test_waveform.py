"""Audio peaks: decoded once, reduced per pixel column, cached on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coder.gui.timeline.waveform import BUCKET_MS, Peaks, cached_peaks, compute_peaks


def test_peaks_of_the_demo_audio(demo_template: Path) -> None:
    video = sorted((demo_template / "videos").glob("*.mp4"))[0]
    peaks = compute_peaks(video)
    assert abs(peaks.levels[0].size * BUCKET_MS - 8000) <= 100
    assert 0 < float(peaks.levels[0].max()) <= 1.0
    assert all(a.size >= b.size for a, b in zip(peaks.levels, peaks.levels[1:], strict=False))


def test_columns_take_the_max_of_their_buckets() -> None:
    base = np.zeros(400, dtype=np.float32)
    base[123] = 0.9
    peaks = Peaks((base, base.reshape(-1, 4).max(axis=1)))
    columns = peaks.columns(0, 100, 40)  # 100 ms per column = 10 buckets
    assert columns.shape == (40,) and columns[12] == np.float32(0.9) and columns.sum() == np.float32(0.9)
    assert peaks.columns(3900, 100, 5)[1:].sum() == 0  # past the end is silent


def test_cache_is_written_once_and_read_back(demo_template: Path, tmp_path: Path) -> None:
    video = sorted((demo_template / "videos").glob("*.mp4"))[0]
    first = cached_peaks(video, tmp_path / "cache", "abc")
    assert (tmp_path / "cache" / "waveform-abc.npz").exists()
    again = cached_peaks(Path("/nonexistent.mp4"), tmp_path / "cache", "abc")  # from the cache
    assert all(np.array_equal(a, b) for a, b in zip(first.levels, again.levels, strict=True))
