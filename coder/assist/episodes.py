"""Episode boundaries: where one segment of a session (a still-face phase, an SSP episode) ends
and the next begins, from three cues.

- Scene cuts: the grey-level histogram of consecutive frames changes abruptly (Bhattacharyya
  distance above ``cut_distance``).
- Silence: a pause in speech and vocalisation of at least ``min_silence_ms``; its midpoint.
- Motion change: the mean motion energy of the ``window_ms`` before and after a frame differ by
  more than ``motion_ratio`` times (and by ``motion_floor``).

Cues closer than ``merge_ms`` are merged into one boundary (the strongest cue's time); the
scheme's segments are then suggested in order between the strongest ``len(segments) − 1``
boundaries, so a coder sees whole proposed episodes to accept or adjust.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from coder.media import open_video
from coder.progress import Progress

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class Cue:
    """A candidate boundary: its time (ms), what suggested it and how strongly (0–1)."""

    time_ms: int
    source: str  # "cut" | "silence" | "motion"
    strength: float


@dataclass(frozen=True, kw_only=True)
class EpisodeSettings:
    cut_distance: float = 0.5
    min_silence_ms: int = 1500
    window_ms: int = 3000
    motion_ratio: float = 3.0
    motion_floor: float = 0.01
    merge_ms: int = 2000


def scene_cuts(path: str | Path, settings: EpisodeSettings, progress: Progress | None = None) -> list[Cue]:
    """Abrupt changes of the picture between consecutive frames."""
    cues = []
    with open_video(path) as video:
        height = max(2, round(96 * video.height / max(video.width, 1)))
        previous = None
        times = video.frame_times_ms
        for i in range(len(times)):
            grey = cv2.cvtColor(video.frame(i, (96, height), fast=True), cv2.COLOR_RGB2GRAY)
            hist = cv2.calcHist([grey], [0], None, [32], [0, 256])
            cv2.normalize(hist, hist)
            if previous is not None:
                distance = cv2.compareHist(previous, hist, cv2.HISTCMP_BHATTACHARYYA)
                if distance > settings.cut_distance:
                    cues.append(Cue(time_ms=int(times[i]), source="cut", strength=float(distance)))
            previous = hist
            if progress is not None and i % 250 == 0:
                progress(i / max(len(times), 1), "scene cuts")
    return cues


def silences(speech: Sequence[tuple[int, int]], duration_ms: int, settings: EpisodeSettings) -> list[Cue]:
    """Midpoints of pauses between speech segments of at least ``min_silence_ms``."""
    cues = []
    edges = [(0, 0), *speech, (duration_ms, duration_ms)]
    for (_, end), (start, _) in itertools.pairwise(edges):
        gap = start - end
        if gap >= settings.min_silence_ms and end > 0 and start < duration_ms:
            strength = min(1.0, gap / (4 * settings.min_silence_ms))
            cues.append(Cue(time_ms=(start + end) // 2, source="silence", strength=strength))
    return cues


def motion_changes(times_ms: npt.NDArray[np.int64], energy: FloatArray, settings: EpisodeSettings) -> list[Cue]:
    """Frames where mean motion before and after differ by ``motion_ratio`` times."""
    if len(times_ms) < 3:
        return []
    step = float(np.median(np.diff(times_ms))) or 40.0
    w = max(1, round(settings.window_ms / step))
    cumulative = np.concatenate([[0.0], np.cumsum(energy)])
    cues = []
    best: Cue | None = None
    for i in range(w, len(energy) - w):
        before = (cumulative[i] - cumulative[i - w]) / w
        after = (cumulative[i + w] - cumulative[i]) / w
        low, high = sorted((before, after))
        if high - low > settings.motion_floor and high > settings.motion_ratio * max(low, 1e-9):
            strength = float(min(1.0, (high - low) / (high + 1e-9)))
            cue = Cue(time_ms=int(times_ms[i]), source="motion", strength=strength)
            if best is None or cue.time_ms - best.time_ms > settings.window_ms:
                if best is not None:
                    cues.append(best)
                best = cue
            elif (high - low) > 0 and strength >= best.strength:
                best = cue
    if best is not None:
        cues.append(best)
    return cues


def merge_cues(cues: Sequence[Cue], merge_ms: int) -> list[Cue]:
    """One cue per cluster of cues closer than ``merge_ms``: the strongest, strength summed
    (capped at 1) so agreeing cues rank higher."""
    merged: list[list[Cue]] = []
    for cue in sorted(cues, key=lambda c: c.time_ms):
        if merged and cue.time_ms - merged[-1][-1].time_ms < merge_ms:
            merged[-1].append(cue)
        else:
            merged.append([cue])
    out = []
    for group in merged:
        top = max(group, key=lambda c: c.strength)
        sources = "+".join(sorted({c.source for c in group}))
        out.append(
            Cue(time_ms=top.time_ms, source=sources, strength=min(1.0, sum(c.strength for c in group)))
        )
    return out


def episode_spans(
    cues: Sequence[Cue], segment_ids: Sequence[str], duration_ms: int
) -> list[tuple[str, int, int, float]]:
    """The scheme's segments in order between the strongest boundaries: (segment, start, end,
    confidence)."""
    if not segment_ids:
        return []
    wanted = len(segment_ids) - 1
    chosen = sorted(sorted(cues, key=lambda c: -c.strength)[:wanted], key=lambda c: c.time_ms)
    edges = [0, *(c.time_ms for c in chosen), duration_ms]
    strengths = [1.0, *(c.strength for c in chosen), 1.0]
    spans = []
    for i, segment in enumerate(segment_ids[: len(edges) - 1]):
        confidence = min(strengths[i], strengths[i + 1])
        spans.append((segment, edges[i], edges[i + 1], confidence))
    return spans
