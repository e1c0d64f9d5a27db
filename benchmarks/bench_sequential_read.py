"""Reading every frame in order through the public API, as a ratio of FFmpeg's decoding rate.

Run: ``.venv/bin/python benchmarks/bench_sequential_read.py`` (``make bench`` runs it too).
Whole-file passes (pre-coders, frame export, motion energy) read this way. For 720p and 1080p
H.264 and 1080p HEVC it times, in the same run and alternating so that load from other
processes hurts all alike (best of ``ROUNDS``):

- the reference: ``ffmpeg -i FILE -an -f null -`` (decoding only, all threads);
- ``Video.frames(pixel_format="gray")``: luma images, what analysis needs;
- ``Video.frames()``: full-size RGB images;
- ``Video.frame(i)`` for i in order: full-size RGB images, one call per frame.

The order of the readers turns every round. Each rate is also given per CPU-second (user +
system time of all threads; the child's for ffmpeg), which load from other processes on a
shared machine disturbs far less than wall time. Prints a table and writes
``benchmarks/results/sequential_read.json``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from media_files import CLIPS, make_clip  # noqa: E402

from coder.media import open_video  # noqa: E402

RESULTS = ROOT / "results" / "sequential_read.json"
ROUNDS = 5
TARGET = 0.8


@dataclass
class Result:
    """One way of reading a file: its rate, FFmpeg's on the same file, their ratio."""

    clip: str
    reader: str
    frames: int
    fps: float
    ffmpeg_fps: float
    ratio: float
    cpu_fps: float
    ffmpeg_cpu_fps: float
    cpu_ratio: float
    target: str
    ok: bool


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _ffmpeg_rate(path: Path, frames: int) -> tuple[float, float]:
    """Frames per wall second and per CPU second of ``ffmpeg -f null`` on ``path``."""
    cpu, start = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", str(path), "-an",
         "-f", "null", "-"],
        check=True,
    )
    wall = time.perf_counter() - start
    return frames / wall, frames / (_cpu(resource.RUSAGE_CHILDREN) - cpu)


def _rate(path: Path, reader: str) -> tuple[float, float]:
    """Frames per wall second and per CPU second of ``reader`` on ``path``."""
    with open_video(path) as video:
        count = video.frame_count  # the index is built before timing
        cpu, start = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        if reader == "frames(gray)":
            for _ in video.frames(pixel_format="gray"):
                pass
        elif reader == "frames(rgb24)":
            for _ in video.frames():
                pass
        else:
            for index in range(count):
                video.frame(index)
        wall = time.perf_counter() - start
        return count / wall, count / (_cpu(resource.RUSAGE_SELF) - cpu)


READERS = ("frames(gray)", "frames(rgb24)", "frame(i) rgb24")


def measure(name: str) -> list[Result]:
    path = make_clip(name)
    with open_video(path) as video:
        frames = video.frame_count
    names = ["ffmpeg", *READERS]
    best = {reader: (0.0, 0.0) for reader in names}
    for round_ in range(ROUNDS):
        for reader in names[round_ % len(names):] + names[: round_ % len(names)]:
            wall, cpu = _ffmpeg_rate(path, frames) if reader == "ffmpeg" else _rate(path, reader)
            best[reader] = (max(best[reader][0], wall), max(best[reader][1], cpu))
    reference, reference_cpu = best.pop("ffmpeg")
    return [
        Result(name, reader, frames, wall, reference, wall / reference, cpu, reference_cpu,
               cpu / reference_cpu, f"≥ {TARGET}× ffmpeg", wall / reference >= TARGET)
        for reader, (wall, cpu) in best.items()
    ]


def main() -> int:
    results: list[Result] = []
    for name in CLIPS:
        results += measure(name)
    for r in results:
        print(f"{r.clip:24} {r.reader:16} {r.fps:7.1f} fps  ffmpeg {r.ffmpeg_fps:7.1f} fps"
              f"  {r.ratio:5.2f}×  per CPU-s {r.cpu_ratio:5.2f}×  "
              f"{'ok' if r.ok else 'BELOW TARGET'}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
