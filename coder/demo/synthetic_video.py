"""Write short synthetic videos: visible timecode and frame number, moving figures, an audio track.

Used for the demo project and for tests. Frame ``i`` of an ``fps`` video is shown at exactly
``round(i * 1000 / fps)`` ms, and its burnt-in text says so, so a viewer can check exactness.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from coder.errors import MediaError
from coder.timebase import format_timecode

AUDIO_RATE = 48_000


def _frame_image(index: int, fps: int, width: int, height: int, title: str, hue: int) -> np.ndarray:
    ms = round(index * 1000 / fps)
    image: np.ndarray = np.empty((height, width, 3), np.uint8)
    image[:] = (hue, 60, 70)
    image = cv2.cvtColor(image, cv2.COLOR_HSV2RGB)
    t = index / fps
    # Two figures that move slowly, so scrubbing shows motion.
    cx = int(width * (0.35 + 0.12 * math.sin(t * 0.9)))
    cy = int(height * (0.55 + 0.08 * math.cos(t * 1.3)))
    cv2.circle(image, (cx, cy), height // 9, (250, 214, 160), -1)
    mx = int(width * (0.68 + 0.05 * math.sin(t * 0.5)))
    cv2.rectangle(
        image,
        (mx - height // 8, height // 3),
        (mx + height // 8, int(height * 0.85)),
        (120, 170, 220),
        -1,
    )
    scale = height / 360
    cv2.rectangle(image, (0, 0), (width, int(70 * scale)), (20, 20, 20), -1)
    cv2.putText(
        image,
        format_timecode(ms),
        (int(12 * scale), int(48 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.4 * scale,
        (255, 255, 255),
        max(1, int(3 * scale)),
        cv2.LINE_AA,
    )
    cv2.putText(
        image,
        f"frame {index}",
        (int(width * 0.62), int(48 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        1.0 * scale,
        (255, 230, 120),
        max(1, int(2 * scale)),
        cv2.LINE_AA,
    )
    cv2.putText(
        image,
        title,
        (int(12 * scale), height - int(14 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.7 * scale,
        (255, 255, 255),
        1,
        cv2.LINE_AA,
    )
    return image


def _audio_track(duration_ms: int, bursts_ms: Sequence[int], seed: int) -> np.ndarray:
    """Quiet room noise with short voiced bursts (vocalisations) starting at ``bursts_ms``."""
    rng = np.random.default_rng(seed)
    samples = duration_ms * AUDIO_RATE // 1000
    track = (rng.standard_normal(samples) * 0.01).astype(np.float32)
    for start in bursts_ms:
        begin = start * AUDIO_RATE // 1000
        length = int(AUDIO_RATE * rng.uniform(0.35, 0.8))
        end = min(samples, begin + length)
        if begin >= end:
            continue
        t = np.arange(end - begin) / AUDIO_RATE
        pitch = rng.uniform(250, 450)
        voice = np.sin(2 * np.pi * pitch * t * (1 + 0.15 * np.sin(2 * np.pi * 3 * t)))
        envelope = np.sin(np.pi * np.linspace(0, 1, end - begin)) ** 0.5
        track[begin:end] += (0.45 * voice * envelope).astype(np.float32)
    return np.clip(track, -1, 1)


def write_video(
    path: str | Path,
    *,
    duration_ms: int,
    fps: int = 25,
    width: int = 480,
    height: int = 270,
    title: str = "",
    hue: int = 100,
    bursts_ms: Sequence[int] = (),
    seed: int = 0,
    gop: int = 50,
) -> Path:
    """Write an H.264/AAC MP4 of ``duration_ms`` with burnt-in timecode; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = round(duration_ms * fps / 1000)
    audio = _audio_track(duration_ms, bursts_ms, seed)
    try:
        with av.open(str(path), mode="w") as container:
            video = container.add_stream("libx264", rate=fps)
            video.width, video.height, video.pix_fmt = width, height, "yuv420p"
            video.options = {"preset": "ultrafast", "g": str(gop), "crf": "26"}
            video.codec_context.time_base = Fraction(1, fps)
            sound = container.add_stream("aac", rate=AUDIO_RATE)
            sound.layout = "mono"
            for index in range(frames):
                frame = av.VideoFrame.from_ndarray(
                    _frame_image(index, fps, width, height, title, hue), format="rgb24"
                )
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
            chunk = 1024
            for start in range(0, len(audio), chunk):
                block = audio[start : start + chunk].reshape(1, -1)
                aframe = av.AudioFrame.from_ndarray(block, format="flt", layout="mono")
                aframe.sample_rate = AUDIO_RATE
                aframe.pts = start
                aframe.time_base = Fraction(1, AUDIO_RATE)
                container.mux(sound.encode(aframe))
            container.mux(sound.encode(None))
    except (av.FFmpegError, OSError) as error:
        raise MediaError(f"could not write the video: {error}", path=path) from None
    return path
