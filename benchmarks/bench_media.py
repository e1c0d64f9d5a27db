"""Media engine benchmarks, as ratios against FFmpeg measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_media.py`` (``make bench`` runs it too). Prints a table
and writes ``benchmarks/results/media.json``. Test files are generated once into
``benchmarks/.cache`` (about 3 minutes the first time). Not part of the pytest suite.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from media_files import make, make_long  # noqa: E402

from coder.media import open_video  # noqa: E402

RESULTS = ROOT / "results" / "media.json"
SEEKS = 30
PLAY_SECONDS = 60


@dataclass
class Result:
    """One measured figure, its reference measured in the same run, and the target."""

    name: str
    value: float
    unit: str
    reference: float | None
    ratio: float | None
    target: str
    ok: bool


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _ffmpeg(*args: str) -> float:
    """Wall time (s) of one ffmpeg run (process start included: that is the reference tool)."""
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", *args]
    return _timed(lambda: subprocess.run(command, check=True))


def _each(action: Callable[[int], object], indexes: range) -> None:
    """Call ``action`` on every index, keeping no result (as a player would)."""
    for index in indexes:
        action(index)


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def sequential(path: Path, frames: int, label: str) -> list[Result]:
    """Frames in order through the Video vs ``ffmpeg -i FILE -f null -`` on the same frames.

    Best of three runs each, alternating, so load from other processes hurts both alike.
    """

    def ours(size: tuple[int, int] | None, rgb: bool) -> float:
        with open_video(path) as video:
            video.frame_count  # noqa: B018 - the index is built before timing
            want = size and (video.width // size[0], video.height // size[1])
            if not rgb:
                return frames / _timed(lambda: _each(video._decoded, range(frames)))
            return frames / _timed(lambda: _each(lambda i: video.frame(i, want), range(frames)))

    null = ("-i", str(path), "-an", "-frames:v", str(frames), "-f", "null", "-")
    reference = decode_rate = 0.0
    for _ in range(3):
        reference = max(reference, frames / _ffmpeg(*null))
        decode_rate = max(decode_rate, ours(None, rgb=False))
    display_rate = ours((2, 2), rgb=True)
    rgb_rate = ours(None, rgb=True)
    results = []
    for name, rate, target in (
        ("decode", decode_rate, 0.8),
        ("half-size RGB frames", display_rate, None),
        ("full-size RGB frames", rgb_rate, None),
    ):
        ratio = rate / reference
        results.append(Result(
            f"{label} sequential {name}", rate, "fps", reference, ratio,
            "≥ 0.8× ffmpeg" if target else "(information)", target is None or ratio >= target,
        ))
    return results


def random_seeks(path: Path, label: str) -> list[Result]:
    """Exact random seeks (full-size RGB frame) vs ffmpeg accurate seek to the same frames."""
    with open_video(path) as video:
        times = video.frame_times_ms
        rng = random.Random(7)
        targets = rng.sample(range(len(times)), SEEKS)
        ours = [_timed(lambda i=i: video.frame(i)) for i in targets]
    theirs = [
        _ffmpeg("-ss", f"{times[i] / 1000:.3f}", "-i", str(path), "-an", "-frames:v", "1",
                "-f", "null", "-")
        for i in targets
    ]
    results = []
    for name, pick in (("median", statistics.median), ("p95", p95)):
        value, reference = pick(ours) * 1000, pick(theirs) * 1000
        results.append(Result(
            f"{label} exact random seek {name}", value, "ms", reference, value / reference,
            "≤ 1.5× ffmpeg -ss", value <= 1.5 * reference,
        ))
    return results


def steps(path: Path, label: str) -> list[Result]:
    """Step forward (one frame period is the bound) and back (50 ms after the first)."""
    with open_video(path) as video:
        period_ms = 1000 / video.fps
        rng = random.Random(11)
        forward, first_back, back = [], [], []
        for start in rng.sample(range(300, video.frame_count - 300), 6):
            video.frame(start)
            forward += [_timed(lambda i=i: video.frame(i)) for i in range(start + 1, start + 11)]
            position = start + 10
            first_back.append(_timed(lambda p=position: video.frame(p - 1)))
            back += [_timed(lambda i=i: video.frame(i)) for i in range(position - 2, position - 32, -1)]
    forward_ms = statistics.median(forward) * 1000
    back_ms = statistics.median(back) * 1000
    return [
        Result(f"{label} step forward median", forward_ms, "ms", period_ms,
               forward_ms / period_ms, "≤ 1 frame period", forward_ms <= period_ms),
        Result(f"{label} step forward p95", p95(forward) * 1000, "ms", period_ms,
               p95(forward) * 1000 / period_ms, "≤ 1 frame period", p95(forward) * 1000 <= period_ms),
        Result(f"{label} first step back in a GOP median", statistics.median(first_back) * 1000,
               "ms", None, None, "(information)", True),
        Result(f"{label} step back median (after the first)", back_ms, "ms", 50.0,
               back_ms / 50.0, "≤ 50 ms", back_ms <= 50),
    ]


def first_frame(path: Path) -> list[Result]:
    """Opening a 30-minute file until its first frame is ready, vs ffmpeg's first frame."""
    reference = _ffmpeg("-i", str(path), "-an", "-frames:v", "1", "-f", "null", "-")
    values = []
    for _ in range(3):
        def open_first() -> None:
            with open_video(path) as video:
                video.frame(0)
        values.append(_timed(open_first))
    value = statistics.median(values)
    with open_video(path) as video:
        index_s = _timed(lambda: video.frame_count)
    return [
        Result("30-min 720p time to first frame", value * 1000, "ms", reference * 1000,
               value / reference, "≤ 500 ms", value <= 0.5),
        Result("30-min 720p full frame index (background)", index_s * 1000, "ms", None, None,
               "(information)", True),
    ]


def _child(*paths: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.*=false")
    out = subprocess.run(
        [sys.executable, __file__, "--playback", *map(str, paths)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    stats: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return stats


def playback(path: Path) -> list[Result]:
    """60 s of 1× playback in a child process (offscreen Qt, audio decoded, muted clock);
    then the same file as two angles (1 s apart) to check the second one's drift."""
    stats = _child(path)
    dropped_pct = 100.0 * stats["dropped"] / max(1, stats["shown"] + stats["dropped"])
    two = _child(path, path)
    two_dropped = 100.0 * two["dropped"] / max(1, two["shown"] + two["dropped"])
    return [
        Result("1080p30 60 s playback dropped frames", dropped_pct, "%", None, None,
               "≤ 0.5 %", dropped_pct <= 0.5),
        Result("1080p30 playback frames shown", stats["shown"], "frames",
               stats["expected"], stats["shown"] / stats["expected"], "(information)", True),
        Result("1080p30 playback CPU", stats["cpu_pct"], "% of one core", None, None,
               "(information)", True),
        Result("1080p30 playback peak memory", stats["peak_mb"], "MB", None, None, "≤ 600 MB",
               stats["peak_mb"] <= 600),
        Result("2 × 1080p30 angles: dropped frames", two_dropped, "%", None, None,
               "(information)", True),
        Result("2 × 1080p30 angles: worst drift", two["max_drift"], "frames", 1.0,
               two["max_drift"], "≤ 1 frame", two["max_drift"] <= 1),
        Result("2 × 1080p30 angles: CPU", two["cpu_pct"], "% of one core", None, None,
               "(information)", True),
        Result("2 × 1080p30 angles: peak memory", two["peak_mb"], "MB", None, None,
               "(information)", True),
    ]


def _playback_child(paths: list[str]) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from coder.gui.player import PlayerController, PlayerWidget

    app = QApplication.instance() or QApplication([])
    controller = PlayerController(paths, [1000] * (len(paths) - 1))
    widget = PlayerWidget(controller)
    widget.resize(1280 * len(paths), 780)
    widget.show()
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    cpu_before = time.process_time()
    controller.play()
    QTimer.singleShot(PLAY_SECONDS * 1000, loop.quit)
    loop.exec()
    cpu = time.process_time() - cpu_before
    stats = controller.stats
    expected = PLAY_SECONDS * controller.camera_info(0).fps
    controller.close()
    app.processEvents()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent.
    status = Path("/proc/self/status").read_text().splitlines()
    peak_kb = next((int(line.split()[1]) for line in status if line.startswith("VmHWM")), 0)
    peak_mb = peak_kb / 1024 or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "shown": stats.shown, "dropped": stats.dropped, "expected": expected,
        "cpu_pct": 100 * cpu / PLAY_SECONDS, "peak_mb": peak_mb, "muted": controller.muted,
        "max_drift": stats.max_drift_frames,
    }))


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "--playback":
        _playback_child(sys.argv[2:])
        return 0
    hd = make("720p25_10min.mp4")
    full_hd = make("1080p30_3min.mp4")
    long = make_long(30)
    results: list[Result] = []
    for label, path, frames in (("720p25", hd, 1500), ("1080p30", full_hd, 900)):
        results += sequential(path, frames, label)
        results += random_seeks(path, label)
        results += steps(path, label)
    results += first_frame(long)
    results += playback(full_hd)
    print(f"{'benchmark':48} {'value':>10} {'unit':14} {'reference':>10} {'ratio':>7}  target")
    for r in results:
        reference = f"{r.reference:10.1f}" if r.reference is not None else " " * 10
        ratio = f"{r.ratio:7.2f}" if r.ratio is not None else " " * 7
        mark = "" if r.ok else "  MISSED"
        print(f"{r.name:48} {r.value:10.1f} {r.unit:14} {reference} {ratio}  {r.target}{mark}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(
        {"benchmark": "media", "cpu_count": os.cpu_count(),
         "results": [asdict(r) for r in results]}, indent=2, ensure_ascii=False) + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
