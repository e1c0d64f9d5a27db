"""Coding workstation benchmarks, each beside a reference measured in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py`` (``make bench`` runs
it too). Prints a table and writes ``benchmarks/results/gui.json``. Media and projects are
generated once into ``benchmarks/.cache``. Not part of the pytest suite.

- timeline paint: 10,000 events over a 30-minute session, painted into a QImage the size of the
  widget (1600 px wide), at three zooms; target ≤ 16 ms per repaint; reference: the same widget
  with no events.
- playback stall: the workstation plays a generated 1080p30 file for 10 s; the worst gap between
  runs of a zero-interval QTimer; target ≤ 50 ms; references: the same timer with nothing
  playing, and the bare player window (``coder.gui.player.app``) playing the same file.
- open a 30-min session (no events yet; again holding 10,000): the longest gap between runs of a zero-interval QTimer from the open
  request until the first frame of a 30-minute 720p session is on screen, with the frame index
  not yet built (the workstation indexes it in the background); target ≤ 100 ms; reference: the
  same with the index already cached.
- start-up: ``coder gui DEMO --coder ana`` until its window is shown (and quit), as a
  subprocess, and the same through ``run_gui`` without the CLI's imports of every command;
  target ≤ 2 s; reference: ``python -c "import PySide6.QtWidgets"``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QThreadPool, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from coder.annotations.commands import AddEvent, Compound  # noqa: E402
from coder.annotations.model import AnnotationHeader, Event  # noqa: E402
from coder.gui.app import application  # noqa: E402
from coder.gui.edit_context import EditContext  # noqa: E402
from coder.gui.timeline.timeline_view import TimelineView  # noqa: E402
from coder.scheme import load_scheme  # noqa: E402
from coder.shipped import shipped_schemes_dir  # noqa: E402
from coder.storage.annotation_store import AnnotationStore  # noqa: E402
from coder.storage.atomic import atomic_write_text  # noqa: E402
from coder.timebase import constant_rate_frame_times  # noqa: E402

CACHE = ROOT / ".cache"
RESULTS = ROOT / "results" / "gui.json"
SCHEME = shipped_schemes_dir() / "demo_interaction.yaml"
EVENTS = 10_000
SESSION_MS = 30 * 60 * 1000
WIDTH, PAINTS = 1600, 60


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _context(events: int, folder: Path) -> EditContext:
    scheme = load_scheme(SCHEME)
    header = AnnotationHeader("bench", f"S-B{events}", scheme.id, scheme.version, scheme.sha256)
    path = folder / f"timeline-{events}.json"
    path.unlink(missing_ok=True)
    store = AnnotationStore.open(path, header)
    rng = random.Random(11)
    codes = [c for c in scheme.codes]
    made = []
    for _ in range(events):
        code = rng.choice(codes)
        start = rng.randrange(0, SESSION_MS - 5000)
        end = None if code.kind.value == "point" else start + rng.randrange(200, 5000)
        made.append(AddEvent(Event.make(code.id, start, end)))
    if made:
        store.execute(Compound(tuple(made), text="bench"))
    frames = constant_rate_frame_times(SESSION_MS * 25 // 1000, 25.0)
    return EditContext(store, scheme, frame_times_ms=frames, duration_ms=SESSION_MS)


def _paint_times(view: TimelineView, *, full: bool) -> list[float]:
    """ms per paint as the playhead moves; ``full`` also redraws the still layer every time
    (what an edit, zoom or scroll costs)."""
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for i in range(PAINTS):
        view.ctx.set_position(int(view.model.start_ms + (i * 997) % (view.model.end_ms - view.model.start_ms)))
        view.model.open_until_ms = view.ctx.current_ms
        if full:
            view.still.clear()
        start = time.perf_counter()
        painter = QPainter(image)
        view.paint(painter)
        painter.end()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_timeline() -> list[dict[str, object]]:
    CACHE.mkdir(exist_ok=True)
    rows = []
    views = {}
    for events in (0, EVENTS):
        view = TimelineView(_context(events, CACHE))
        view.resize(WIDTH, view.model.height)
        view.model.resize(WIDTH)
        views[events] = view
    for label, span_ms in (("whole session", SESSION_MS), ("5 min", 300_000), ("30 s", 30_000)):
        for full in (True, False):
            what = "full redraw (edit/zoom)" if full else "playhead moves"
            result: dict[str, object] = {"what": f"timeline {label}: {what}"}
            for events, view in views.items():
                view.model.show_all()
                view.model.zoom(SESSION_MS / span_ms, SESSION_MS / 2)
                times = _paint_times(view, full=full)
                key = "measured" if events else "reference"
                result[key + "_ms"] = round(statistics.median(times), 2)
                result[key + "_p95_ms"] = round(sorted(times)[int(len(times) * 0.95) - 1], 2)
            result["target_ms"] = 16
            result["ok"] = float(result["measured_p95_ms"]) <= 16  # type: ignore[arg-type]
            rows.append(result)
    return rows


def _video_1080p() -> Path:
    path = CACHE / "gui-1080p30-12s.mp4"
    if not path.exists():
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=12",
             "-f", "lavfi", "-i", "sine=frequency=440:duration=12",
             "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "60",
             "-c:a", "aac", "-shortest", str(path)],
            check=True,
        )
    return path


def _worst_gap(seconds: float) -> tuple[float, int]:
    """Worst gap (ms) between runs of a zero-interval timer, and how many gaps exceeded 33 ms
    (one frame at 30 fps)."""
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(tick)
    timer.start()
    _wait(int(seconds * 1000))
    timer.stop()
    return max(gaps), sum(gap > 33.0 for gap in gaps)


def _bare_player_gap(video: Path) -> tuple[float, int]:
    """The same measurement with only the player's own window (what the workstation adds)."""
    from coder.gui.player import PlayerController
    from coder.gui.player.app import PlayerWindow

    controller = PlayerController([str(video)])
    window = PlayerWindow(controller)
    window.resize(1000, 600)
    window.show()
    _wait(500)
    controller.play()
    gaps = _worst_gap(10.0)
    controller.pause()
    window.close()
    return gaps


def bench_playback() -> dict[str, object]:
    from coder.gui.main_window import MainWindow
    from coder.project.project import Project

    video = _video_1080p()
    folder = CACHE / "gui-playback-project"
    shutil.rmtree(folder, ignore_errors=True)
    project = Project.create(folder, name="bench", schemes=[SCHEME])
    project.add_sessions([video], scheme="demo_interaction")
    project.add_coder("ana", "Ana")
    code = project.sessions[0].code
    project.assign("ana", [code])
    window = MainWindow(project, coder="ana")
    window.resize(1600, 1000)
    window.show()
    window.open_requested(code)
    _wait(500)
    idle_worst, idle_long = _worst_gap(2.0)
    assert window.session is not None
    controller = window.session.controller
    controller.play()
    worst, long_gaps = _worst_gap(10.0)
    shown = window.session.ctx.current_ms
    controller.pause()
    window.close()
    bare_worst, bare_long = _bare_player_gap(video)
    return {
        "what": "event-loop gap during 1080p30 playback (10 s)",
        "measured_ms": round(worst, 1), "gaps_over_33ms": long_gaps,
        "reference_ms": round(idle_worst, 1), "reference_gaps_over_33ms": idle_long,
        "bare_player_ms": round(bare_worst, 1), "bare_player_gaps_over_33ms": bare_long,
        "played_to_ms": shown, "target_ms": 50, "ok": worst <= 50,
    }


def _open_project() -> tuple[Path, str]:
    """A one-session project on the 30-minute 720p file (made once; probing skipped)."""
    from coder.project.project import Project

    sys.path.insert(0, str(ROOT))
    from media_files import make_long

    folder = CACHE / "gui-open-project"
    if not (folder / "project.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        os.environ["CODER_SKIP_PROBE"] = "1"  # probing would index it here, before the bench
        try:
            project = Project.create(folder, name="bench-open", schemes=[SCHEME])
            project.add_sessions([make_long(30)], scheme="demo_interaction")
            project.add_coder("ana", "Ana")
            project.assign("ana", [project.sessions[0].code])
        finally:
            del os.environ["CODER_SKIP_PROBE"]
    project = Project.open(folder)
    return folder, project.sessions[0].code


def _coded_before(project: object, code: str, events: int) -> None:
    """``events`` events of ana's, in progress, in the session typed into (none: a new session)."""
    from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, SessionStatus
    from coder.project.project import Project
    from coder.scheme import load_scheme
    from coder.storage.annotation_file import save_annotations

    assert isinstance(project, Project)
    path = project.annotation_path("ana", code)
    path.unlink(missing_ok=True)
    if not events:
        return
    scheme = load_scheme(SCHEME)
    rng = random.Random(11)
    made = []
    for _ in range(events):
        c = rng.choice(scheme.codes)
        start = rng.randrange(0, SESSION_MS - 5000)
        made.append(Event.make(c.id, start, None if c.kind.value == "point" else start + rng.randrange(200, 5000)))
    header = AnnotationHeader("ana", code, scheme.id, scheme.version, scheme.sha256)
    save_annotations(path, AnnotationSet(header, tuple(made), status=SessionStatus.IN_PROGRESS))


def _open_stall(window: object, code: str) -> tuple[float, float]:
    """Worst gap (ms) between runs of a zero-interval timer from the open request until the
    primary's first frame is shown, and how long (ms) that took."""
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]
    done = [0.0]
    loop = QEventLoop()

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    def shown() -> None:
        done[0] = clock.nsecsElapsed() / 1e6
        loop.quit()

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(tick)
    window.on_first_frame = shown  # type: ignore[attr-defined]
    timer.start()
    QTimer.singleShot(0, lambda: window.open_requested(code))  # type: ignore[attr-defined]
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    tick()  # the gap that ended with the frame on screen
    timer.stop()
    return max(gaps), done[0]


def _settle() -> None:
    """Wait (up to 60 s) for background jobs, e.g. the waveform of the session just opened."""
    pool = QThreadPool.globalInstance()
    for _ in range(600):
        if pool.activeThreadCount() == 0:
            break
        _wait(100)
    _wait(100)  # their results arrive through the event loop


def bench_open_session(events: int = 0) -> dict[str, object]:
    from coder.gui.main_window import MainWindow, OpenSession
    from coder.gui.player.controller import ShownFrame
    from coder.media.frame_index import clear_frame_index_cache
    from coder.project.project import Project

    class Window(MainWindow):
        on_first_frame: object = None

        def _build_workspace(self, open_session: OpenSession) -> None:
            super()._build_workspace(open_session)

            def first(frame: ShownFrame) -> None:
                callback, self.on_first_frame = self.on_first_frame, None
                if frame.camera == 0 and frame.image is not None and callable(callback):
                    callback()
                elif callable(callback):
                    self.on_first_frame = callback

            open_session.controller.frame_shown.connect(first)

    folder, code = _open_project()
    project = Project.open(folder)
    _coded_before(project, code, events)  # not what another benchmark left there
    window = Window(project, coder="ana")
    window.resize(1600, 1000)
    window.show()
    _wait(300)
    clear_frame_index_cache()
    cold_worst, cold_ms = _open_stall(window, code)
    _settle()
    window.close_session()
    _wait(300)
    warm_worst, warm_ms = _open_stall(window, code)
    _settle()
    window.close()
    return {
        "what": f"open a 30-min session{', 10,000 events' if events else ''}: longest GUI-thread stall",
        "measured_ms": round(cold_worst, 1), "first_frame_after_ms": round(cold_ms),
        "reference_ms": round(warm_worst, 1), "reference_first_frame_after_ms": round(warm_ms),
        "target_ms": 100, "ok": cold_worst <= 100,
    }


def _run_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_startup() -> list[dict[str, object]]:
    demo = CACHE / "gui-demo"
    if not (demo / "project.json").exists():
        from coder.demo import create_demo

        shutil.rmtree(demo, ignore_errors=True)
        create_demo(demo, seconds=8)
    env = dict(os.environ, CODER_GUI_EXIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen")
    python = sys.executable
    reference = [python, "-c", "import PySide6.QtWidgets"]
    commands = {
        "start to window shown: coder gui --coder ana": [
            python, "-m", "coder.cli", "gui", str(demo), "--coder", "ana"],
        "start to window shown: run_gui (no CLI imports)": [
            python, "-c", f"from coder.gui.app import run_gui; run_gui({str(demo)!r}, coder='ana')"],
    }
    ref = statistics.median(_run_seconds(reference, env) for _ in range(3))
    rows: list[dict[str, object]] = []
    for what, command in commands.items():
        _run_seconds(command, env)  # warm the file cache
        measured = statistics.median(_run_seconds(command, env) for _ in range(3))
        rows.append({
            "what": what, "measured_s": round(measured, 3), "reference_s": round(ref, 3),
            "target_s": 2.0, "ok": measured <= 2.0,
        })
    return rows


def main() -> int:
    application()
    only = set(sys.argv[1:])  # e.g. "timeline", "playback", "open", "startup"
    rows: list[dict[str, object]] = []
    if not only or "timeline" in only:
        rows += bench_timeline()
    if not only or "playback" in only:
        rows.append(bench_playback())
    if not only or "open" in only:
        rows.append(bench_open_session())
    if not only or "open10k" in only:
        rows.append(bench_open_session(10_000))
    if not only or "startup" in only:
        rows += bench_startup()
    print(f"{'benchmark':<48} {'measured':>12} {'reference':>12} {'target':>8}  ok")
    for row in rows:
        unit = "s" if "measured_s" in row else "ms"
        measured = row.get("measured_p95_ms", row.get(f"measured_{unit}"))
        reference = row.get("reference_p95_ms", row.get(f"reference_{unit}"))
        target = row.get(f"target_{unit}")
        print(f"{row['what']:<48} {measured!s:>10}{unit} {reference!s:>10}{unit} {target!s:>6}{unit}  {row['ok']}")
    RESULTS.parent.mkdir(exist_ok=True)
    atomic_write_text(RESULTS, json.dumps({"benchmarks": rows, "python": sys.version.split()[0]}, indent=2) + "\n")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
