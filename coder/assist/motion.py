"""Motion energy per region, movement bursts, and movement synchrony between two regions.

Motion energy (frame differencing, as in Ramseyer & Tschacher's motion energy analysis): each
frame is scaled down to ``width`` pixels, turned to grey and compared with the previous one; a
region's energy is the share of its pixels whose grey level changed by more than ``noise`` (out
of 255), so camera noise does not count as movement. Series are smoothed with a centred moving
average. Bursts are runs above the region's median plus ``k`` median absolute deviations (at least
``floor``).
Synchrony is the windowed cross-lagged correlation of two regions' series (mean over windows of
the largest |r| within ±``max_lag_ms``), against a surrogate baseline where one series' windows
are shuffled (segment shuffling), reported as observed, baseline and their difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coder.errors import MediaError
from coder.media import open_video
from coder.progress import Progress

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class Region:
    """A rectangle of the picture as fractions of its width and height (0–1)."""

    name: str
    x: float
    y: float
    w: float
    h: float

    def __post_init__(self) -> None:
        inside = 0 <= self.x < 1 and 0 <= self.y < 1 and self.w > 0 and self.h > 0
        if not inside or self.x + self.w > 1.0001 or self.y + self.h > 1.0001:
            raise MediaError(
                f"region '{self.name}' is not inside the picture: x, y, w, h = "
                f"{self.x}, {self.y}, {self.w}, {self.h} (fractions of the picture, 0–1)"
            )


@dataclass(frozen=True, kw_only=True)
class MotionSeries:
    """Per frame: media time (ms) and each region's motion energy (share of changed pixels)."""

    times_ms: npt.NDArray[np.int64]
    energy: dict[str, FloatArray]
    width: int
    noise: int


def motion_energy(
    path: str | Path,
    regions: Sequence[Region],
    *,
    width: int = 160,
    noise: int = 12,
    progress: Progress | None = None,
) -> MotionSeries:
    """Motion energy of each region in every frame of the video at ``path``."""
    import cv2  # here, not at the top: regions and their files are read without OpenCV

    if not regions:
        raise MediaError("draw at least one region to measure motion in", path=path)
    with open_video(path) as video:
        height = max(2, round(width * video.height / max(video.width, 1)) // 2 * 2)
        times = np.asarray(video.frame_times_ms, dtype=np.int64)
        boxes = {
            r.name: (
                slice(int(r.y * height), max(int(r.y * height) + 1, int((r.y + r.h) * height))),
                slice(int(r.x * width), max(int(r.x * width) + 1, int((r.x + r.w) * width))),
            )
            for r in regions
        }
        energy = {r.name: np.zeros(len(times)) for r in regions}
        previous: np.ndarray | None = None
        for i in range(len(times)):
            rgb = video.frame(i, (width, height), fast=True)
            grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
            if previous is not None:
                changed = cv2.absdiff(grey, previous) > noise
                for name, (rows, cols) in boxes.items():
                    energy[name][i] = float(changed[rows, cols].mean())
            previous = grey
            if progress is not None and i % 250 == 0:
                progress(i / max(len(times), 1), "motion energy")
    return MotionSeries(times_ms=times, energy=energy, width=width, noise=noise)


def smooth(values: FloatArray, frames: int) -> FloatArray:
    """Centred moving average over ``frames`` frames (edges use the frames there are)."""
    if frames <= 1 or len(values) == 0:
        return values
    kernel = np.ones(frames)
    total = np.convolve(values, kernel, mode="same")
    count = np.convolve(np.ones_like(values), kernel, mode="same")
    return np.asarray(total / count, dtype=np.float64)


def bursts(
    times_ms: Sequence[int] | npt.NDArray[np.int64],
    values: FloatArray,
    *,
    k: float = 3.0,
    floor: float = 0.002,
    min_ms: int = 300,
    gap_ms: int = 300,
) -> list[tuple[int, int]]:
    """Runs [start_ms, end_ms) where ``values`` exceed median + max(k·MAD, ``floor``), gaps
    under ``gap_ms`` closed, runs under ``min_ms`` dropped."""
    times = np.asarray(times_ms, dtype=np.int64)
    if len(values) == 0:
        return []
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median)))
    # A still camera gives a MAD of 0: then any change of more than ``floor`` counts.
    above = values > median + max(k * mad, floor)
    runs: list[list[int]] = []
    for i in np.flatnonzero(above):
        start = int(times[i])
        end = int(times[i + 1]) if i + 1 < len(times) else start + 1
        if runs and start - runs[-1][1] < gap_ms:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return [(s, e) for s, e in runs if e - s >= min_ms]


@dataclass(frozen=True, kw_only=True)
class Synchrony:
    """Windowed cross-lagged correlation of two series and its segment-shuffling baseline.

    ``observed``: mean over windows of the largest |r| within ±``max_lag_ms`` (peak picking);
    ``mean_r``: mean |r| over windows and lags; ``lag_ms``: median over windows of the lag at
    that peak (positive: the second series moves after the first); ``baseline``: ``observed``
    with the second series' windows shuffled, averaged over ``surrogates`` shuffles;
    ``difference``: observed − baseline. NaN where there are too few windows."""

    observed: float
    baseline: float
    difference: float
    windows: int
    window_ms: int
    max_lag_ms: int
    surrogates: int
    mean_r: float = float("nan")
    lag_ms: float = float("nan")


@dataclass(frozen=True)
class _Windows:
    peaks: list[float]
    means: list[float]
    lags: list[int]  # samples; positive: b later than a


def _wclc(a: FloatArray, b: FloatArray, size: int, lag: int) -> _Windows:
    """Per window of ``a``: |r| with ``b`` shifted by up to ±``lag`` samples — its largest
    value, its mean and the shift at the largest."""
    out = _Windows([], [], [])
    if len(b) < size:
        return out
    shifted = np.lib.stride_tricks.sliding_window_view(b, size)  # (len(b) - size + 1, size)
    for start in range(0, len(a) - size + 1, size):
        x = a[start : start + size]
        lo, hi = max(0, start - lag), min(len(shifted), start + lag + 1)
        ys = shifted[lo:hi]
        xs = x - x.mean()
        yc = ys - ys.mean(axis=1, keepdims=True)
        norms = np.sqrt((yc**2).sum(axis=1) * (xs**2).sum())
        valid = norms > 0
        if valid.any():
            r = np.abs((yc[valid] @ xs) / norms[valid])
            best = int(np.argmax(r))
            out.peaks.append(float(r[best]))
            out.means.append(float(r.mean()))
            out.lags.append(int(np.flatnonzero(valid)[best]) + lo - start)
    return out


def synchrony(
    a: FloatArray,
    b: FloatArray,
    *,
    frame_ms: float,
    window_ms: int = 5000,
    max_lag_ms: int = 2000,
    surrogates: int = 50,
    seed: int = 0,
) -> Synchrony:
    """Movement synchrony of two regions' motion energy sampled every ``frame_ms`` ms
    (windowed cross-lagged correlation, Boker et al. 2002; segment-shuffling surrogates,
    Ramseyer & Tschacher 2011). The same ``seed`` gives the same baseline."""
    size = max(2, round(window_ms / frame_ms))
    lag = max(0, round(max_lag_ms / frame_ms))
    observed = _wclc(a, b, size, lag)
    rng = np.random.default_rng(seed)
    n = len(b) // size
    baseline = []
    for _ in range(surrogates if n > 1 else 0):
        order = rng.permutation(n)
        shuffled = np.concatenate([b[i * size : (i + 1) * size] for i in order] + [b[n * size :]])
        values = _wclc(a, shuffled, size, lag).peaks
        if values:
            baseline.append(float(np.mean(values)))
    nan = float("nan")
    mean_observed = float(np.mean(observed.peaks)) if observed.peaks else nan
    mean_baseline = float(np.mean(baseline)) if baseline else nan
    return Synchrony(
        observed=mean_observed,
        baseline=mean_baseline,
        difference=mean_observed - mean_baseline,
        windows=len(observed.peaks),
        window_ms=window_ms,
        max_lag_ms=max_lag_ms,
        surrogates=len(baseline),
        mean_r=float(np.mean(observed.means)) if observed.means else nan,
        lag_ms=float(np.median(observed.lags)) * frame_ms if observed.lags else nan,
    )


def frame_interval_ms(series: MotionSeries) -> float:
    """The median interval between frames (ms) of a motion series (40 for 25 fps)."""
    if len(series.times_ms) < 2:
        return 40.0
    return float(np.median(np.diff(series.times_ms)))


def segment_slice(series: MotionSeries, start_ms: int, end_ms: int) -> slice:
    """The frames of ``series`` in [start_ms, end_ms)."""
    times = series.times_ms
    return slice(int(np.searchsorted(times, start_ms)), int(np.searchsorted(times, end_ms)))


def segment_means(
    series: MotionSeries, segments: Sequence[tuple[str, int, int]]
) -> dict[tuple[str, str], float]:
    """Mean motion energy per (segment, region) over [start_ms, end_ms) of each segment."""
    out: dict[tuple[str, str], float] = {}
    for name, start, end in segments:
        inside = (series.times_ms >= start) & (series.times_ms < end)
        for region, values in series.energy.items():
            out[(name, region)] = float(values[inside].mean()) if inside.any() else float("nan")
    return out
