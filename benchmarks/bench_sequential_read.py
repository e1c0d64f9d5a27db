"""Reading every frame in order through the public API, as a ratio of FFmpeg's decoding rate.

Run: ``.venv/bin/python benchmarks/bench_sequential_read.py`` (``make bench`` runs it too).
Whole-file passes (pre-coders, frame export, motion energy) read this way. For 720p and 1080p
H.264 and 1080p HEVC it times, in the same run and alternating so that load from other
processes hurts all alike (best of ``ROUNDS``):

- the reference: ``ffmpeg -i FILE -an -f null -`` (decoding only, all threads);
- ``Video.frames(pixel_format="gray")``: luma images, what analysis needs;
- ``Video.frames()``: full-size RGB images;
- ``Video.frame(i)`` for i in order: full-size RGB images, one call per frame.

Prints a table and writes ``benchmarks/results/sequential_read.json``.
"""

from __future__ import annotations

import json
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
ROUNDS = 3
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
    target: str
    ok: bool


def _ffmpeg_rate(path: Path, frames: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", str(path), "-an",
         "-f", "null", "-"],
        check=True,
    )
    return frames / (time.perf_counter() - start)


def _rate(path: Path, reader: str) -> float:
    with open_video(path) as video:
        count = video.frame_count  # the index is built before timing
        start = time.perf_counter()
        if reader == "frames(gray)":
            for _ in video.frames(pixel_format="gray"):
                pass
        elif reader == "frames(rgb24)":
            for _ in video.frames():
                pass
        else:
            for index in range(count):
                video.frame(index)
        return count / (time.perf_counter() - start)


READERS = ("frames(gray)", "frames(rgb24)", "frame(i) rgb24")


def measure(name: str) -> list[Result]:
    path = make_clip(name)
    with open_video(path) as video:
        frames = video.frame_count
    reference = 0.0
    best = dict.fromkeys(READERS, 0.0)
    for _ in range(ROUNDS):
        reference = max(reference, _ffmpeg_rate(path, frames))
        for reader in READERS:
            best[reader] = max(best[reader], _rate(path, reader))
    return [
        Result(name, reader, frames, rate, reference, rate / reference,
               f"≥ {TARGET}× ffmpeg", rate / reference >= TARGET)
        for reader, rate in best.items()
    ]


def main() -> int:
    results: list[Result] = []
    for name in CLIPS:
        results += measure(name)
    for r in results:
        print(f"{r.clip:24} {r.reader:16} {r.fps:7.1f} fps  ffmpeg {r.ffmpeg_fps:7.1f} fps"
              f"  {r.ratio:5.2f}×  {'ok' if r.ok else 'BELOW TARGET'}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
