"""Audio peaks for the timeline: computed once per video in the background, cached on disk.

Peaks are the largest absolute 16-bit sample per 10 ms bucket (0..1), plus coarser levels (×4
each) so any zoom reduces few values per pixel. The cache lives in the project's ``cache/``
folder keyed by the video's sha256 and is written atomically.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coder.media.audio import pcm_chunks
from coder.storage.atomic import atomic_write_bytes

BUCKET_MS = 10  # ms per peak at the finest level
SAMPLE_RATE = 8000  # Hz: enough for an envelope
LEVEL_FACTOR = 4


@dataclass(frozen=True)
class Peaks:
    """Peak levels: ``levels[k][i]`` is the peak of ``BUCKET_MS × 4**k`` ms starting at that × i."""

    levels: tuple[np.ndarray, ...]

    def bucket_ms(self, level: int) -> int:
        return BUCKET_MS * LEVEL_FACTOR**level

    def columns(self, start_ms: float, ms_per_px: float, width: int) -> np.ndarray:
        """Peak (0..1) per pixel column for ``width`` columns starting at ``start_ms``."""
        level = 0
        while level + 1 < len(self.levels) and self.bucket_ms(level + 1) <= ms_per_px:
            level += 1
        data = self.levels[level]
        if data.size == 0 or width <= 0:
            return np.zeros(max(width, 0), dtype=np.float32)
        bucket = self.bucket_ms(level)
        edges = ((start_ms + np.arange(width + 1) * ms_per_px) / bucket).astype(np.int64)
        edges = np.clip(edges, 0, data.size)
        out = np.zeros(width, dtype=np.float32)
        starts = edges[:-1]
        valid = starts < data.size
        if valid.any():
            first = starts[valid]
            stop = max(int(edges[1:][valid][-1]), int(first[-1]) + 1)
            # reduceat takes the max over [first[i], first[i+1]): exactly one column's buckets
            out[valid] = np.maximum.reduceat(data[:stop], first)
        return out


def compute_peaks(video: Path) -> Peaks:
    """Decode the video's audio once (mono, 8 kHz) and reduce it to peak levels."""
    per_bucket = SAMPLE_RATE * BUCKET_MS // 1000
    parts: list[np.ndarray] = []
    for chunk in pcm_chunks(video, start_ms=0, sample_rate=SAMPLE_RATE, channels=1):
        parts.append(np.frombuffer(chunk.data, dtype=np.int16))
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    usable = samples.size - samples.size % per_bucket
    base = np.abs(samples[:usable].astype(np.int32)).reshape(-1, per_bucket).max(axis=1)
    levels = [(base / 32768.0).astype(np.float32)]
    while levels[-1].size > 64:
        previous = levels[-1]
        pad = (-previous.size) % LEVEL_FACTOR
        padded = np.concatenate([previous, np.zeros(pad, dtype=np.float32)])
        levels.append(padded.reshape(-1, LEVEL_FACTOR).max(axis=1))
    return Peaks(tuple(levels))


def cached_peaks(video: Path, cache_dir: Path, key: str) -> Peaks:
    """Peaks from ``cache_dir/<key>.npz`` when present, else computed and stored there."""
    path = cache_dir / f"waveform-{key}.npz"
    if key and path.exists():
        try:
            with np.load(path) as stored:
                return Peaks(tuple(stored[f"l{i}"] for i in range(len(stored.files))))
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is recomputed
    peaks = compute_peaks(video)
    if key:
        buffer = io.BytesIO()
        np.savez(buffer, **{f"l{i}": level for i, level in enumerate(peaks.levels)})  # type: ignore[arg-type]
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, buffer.getvalue())
    return peaks
