"""Motion energy of a session's regions, measured once per machine and kept under ``cache/``.

The suggest run and the export's motion variables both ask here, so the video is decoded once
for the same regions and settings. The cache key is the hash of everything the series depends
on — the video's sha256, the regions (names and coordinates), the scaled width, the noise
threshold and the tool's version — so a changed region or setting is measured anew and a cached
series is the one a new measurement would give. Files are NumPy ``.npz`` without pickled
objects; a damaged or foreign cache file is measured again, never trusted. The cache is
per machine (``cache/`` is not pushed to the team server) and may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coder.assist.motion import MotionSeries, Region, motion_energy
from coder.media.file_hash import sha256_file
from coder.progress import Progress
from coder.project.project import Project
from coder.storage.atomic import atomic_write_bytes

MOTION_TOOL = "motion-energy"
MOTION_VERSION = "1"
"""Raised whenever the measurement changes, so series cached by an older version are not used."""


@dataclass(frozen=True)
class CachedSeries:
    """A session's motion series, the video's sha256, the cache key and whether it was cached."""

    series: MotionSeries
    video_sha256: str
    key: str
    from_cache: bool


def cache_key(video_sha256: str, regions: Sequence[Region], width: int, noise: int) -> str:
    """The sha256 of what a motion series depends on."""
    text = json.dumps(
        {
            "tool": MOTION_TOOL,
            "version": MOTION_VERSION,
            "video": video_sha256,
            "regions": sorted([r.name, r.x, r.y, r.w, r.h] for r in regions),
            "width": width,
            "noise": noise,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cache_file(project: Project, key: str) -> Path:
    return project.cache_folder / "motion" / f"{key[:40]}.npz"


def _read(path: Path, regions: Sequence[Region], width: int, noise: int) -> MotionSeries | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            times = np.asarray(data["times_ms"], dtype=np.int64)
            energy = {r.name: np.asarray(data[f"energy_{r.name}"], dtype=np.float64) for r in regions}
    except (OSError, KeyError, ValueError):
        return None
    if any(len(v) != len(times) for v in energy.values()):
        return None
    return MotionSeries(times_ms=times, energy=energy, width=width, noise=noise)


def _write(path: Path, series: MotionSeries) -> None:
    buffer = io.BytesIO()
    arrays: dict[str, Any] = {f"energy_{name}": values for name, values in series.energy.items()}
    np.savez_compressed(buffer, times_ms=series.times_ms, **arrays)
    atomic_write_bytes(path, buffer.getvalue())


def session_video_sha256(project: Project, session: str, video: Path) -> str:
    """The sha256 recorded when the session's first video was added, else the file's own."""
    entry = project.session(session)
    recorded = entry.videos[0].sha256 if entry.videos else ""
    return recorded or sha256_file(video)


def session_motion(
    project: Project,
    session: str,
    regions: Sequence[Region],
    *,
    width: int = 160,
    noise: int = 12,
    progress: Progress | None = None,
) -> CachedSeries:
    """Motion energy of ``regions`` in ``session``'s first video, from the cache when it holds
    the same measurement. Raises MediaError when the video cannot be read."""
    video = project.video_path(session)
    sha = session_video_sha256(project, session, video)
    key = cache_key(sha, regions, width, noise)
    path = _cache_file(project, key)
    if path.exists():
        cached = _read(path, regions, width, noise)
        if cached is not None:
            return CachedSeries(cached, sha, key, True)
    series = motion_energy(video, regions, width=width, noise=noise, progress=progress)
    _write(path, series)
    return CachedSeries(series, sha, key, False)
