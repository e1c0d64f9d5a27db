"""Benchmark media, generated once with the ffmpeg CLI into ``benchmarks/.cache`` (gitignored)."""

from __future__ import annotations

import subprocess
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"

# name: (seconds, width, height, fps)
SPECS = {
    "720p25_10min.mp4": (600, 1280, 720, 25),
    "1080p30_3min.mp4": (180, 1920, 1080, 30),
}


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make(name: str) -> Path:
    """The cached file ``name`` (H.264 with B-frames, GOP 250, AAC), made when missing."""
    out = CACHE / name
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    seconds, width, height, fps = SPECS[name]
    tmp = out.with_suffix(".part.mp4")
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=48000:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "3", "-g", "250",
        "-keyint_min", "250", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", str(tmp),
    )
    tmp.replace(out)
    return out


def make_long(minutes: int = 30) -> Path:
    """A ``minutes``-long 720p file: the 10-minute one joined to itself (stream copy)."""
    out = CACHE / f"720p25_{minutes}min.mp4"
    if out.exists():
        return out
    part = make("720p25_10min.mp4")
    listing = CACHE / "concat.txt"
    listing.write_text("".join(f"file '{part.name}'\n" for _ in range(minutes // 10)))
    tmp = out.with_suffix(".part.mp4")
    _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy",
            "-movflags", "+faststart", str(tmp))
    tmp.replace(out)
    return out


if __name__ == "__main__":
    for spec in SPECS:
        print(make(spec))
    print(make_long())


# name: (seconds, width, height, fps, video codec arguments) for the sequential-read benchmark.
CLIPS = {
    "seq_720p25_h264.mp4": (40, 1280, 720, 25, ["-c:v", "libx264", "-preset", "veryfast"]),
    "seq_1080p30_h264.mp4": (15, 1920, 1080, 30, ["-c:v", "libx264", "-preset", "veryfast"]),
    "seq_1080p30_hevc.mp4": (
        10, 1920, 1080, 30,
        ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error"],
    ),
}


def make_clip(name: str) -> Path:
    """The cached clip ``name`` of ``CLIPS`` (B-frames, a keyframe every 2 s), made when missing."""
    out = CACHE / name
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    seconds, width, height, fps, codec = CLIPS[name]
    tmp = out.with_suffix(".part.mp4")
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
        *codec, "-bf", "3", "-g", str(2 * fps), "-pix_fmt", "yuv420p", "-an", str(tmp),
    )
    tmp.replace(out)
    return out
