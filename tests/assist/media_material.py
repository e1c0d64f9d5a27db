"""Generated videos with movement in known intervals (small, made at test time)."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np

CENTRES = {"mother": 0.25, "infant": 0.75}


def moving_video(
    path: Path,
    intervals: dict[str, list[tuple[int, int]]],
    *,
    seconds: int = 20,
    fps: int = 25,
    size: tuple[int, int] = (320, 180),
    cut_at_ms: int | None = None,
    seed: int = 0,
) -> Path:
    """A figure per region (mother left, infant right) that jitters during its intervals; with
    ``cut_at_ms`` the background changes there as at a scene cut."""
    rng = np.random.default_rng(seed)
    width, height = size
    container = av.open(str(path), "w")
    stream = container.add_stream("libx264", rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.options = {"crf": "23", "preset": "ultrafast"}
    for i in range(seconds * fps):
        t = i * 1000 / fps
        background = (60, 70, 80) if cut_at_ms is None or t < cut_at_ms else (150, 90, 40)
        image = np.full((height, width, 3), background, np.uint8)
        for name, x in CENTRES.items():
            moving = any(a <= t < b for a, b in intervals.get(name, []))
            dx = int(rng.integers(-10, 11)) if moving else 0
            dy = int(rng.integers(-8, 9)) if moving else 0
            cv2.circle(image, (int(width * x) + dx, height // 2 + dy), height // 8, (220, 190, 160), -1)
        image = np.clip(image.astype(np.int16) + rng.integers(-3, 4, image.shape), 0, 255)
        frame = av.VideoFrame.from_ndarray(image.astype(np.uint8), format="rgb24")
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path
