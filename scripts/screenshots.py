"""Screenshots of the coding window and the consensus workspace for the docs (``make screenshots``).

Builds the demo project in a temporary folder, opens the workstation as a coder and the consensus
workspace as the lead at 1280×720 and 1920×1080, and writes PNGs to docs/ (and docs/screenshot.png,
the README's picture). Run under a display (``xvfb-run``); QT_SCALE_FACTOR=2 gives the 200% view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs"
SIZES = ((1280, 720), (1920, 1080))


def wait_until(app: object, done: Callable[[], bool], timeout_ms: int = 20000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            raise SystemExit("screenshots: timed out waiting for the window")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(app: object, ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def coding_window(app: object, project_root: Path, size: tuple[int, int], out: Path) -> None:
    from PySide6.QtCore import QSettings

    from coder.annotations.status import status_of
    from coder.gui.main_window import MainWindow
    from coder.gui.shortcuts import ShortcutMap
    from coder.project.project import Project

    project = Project.open(project_root)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(project, coder="ana", shortcuts=ShortcutMap(settings))
    window.resize(*size)
    window.show()
    sessions = window.session_list.sessions()
    half_done = next(
        (s for s in sessions if status_of(project.load_annotations("ana", s)).value == "in_progress"), sessions[0]
    )
    window.open_requested(half_done)
    wait_until(app, lambda: window.session is not None and window.session.controller.current_frame == 0)
    ctx = window.session.ctx
    window.session.controller.seek_ms(ctx.duration_ms // 3)
    wait_until(app, lambda: ctx.current_ms > 0)
    window.coding_panel.press("infant_vocal")  # shows the modifier prompt, as after a key press
    settle(app, 500)
    window.grab().save(str(out))
    window.close()


def consensus_workspace(app: object, project_root: Path, size: tuple[int, int], out: Path) -> None:
    from coder.gui.lead.consensus_view import ConsensusView
    from coder.project.project import Project
    from coder.reliability.disagreements import DisagreementKind

    project = Project.open(project_root)
    view = ConsensusView(project)
    view.resize(*size)
    view.show()
    view.choose_session(next(s.code for s in project.sessions if s.scheme == "demo_interaction"
                             and len(project.coders_of(s.code)) == 2))
    wait_until(app, lambda: view.player.controller is not None)
    first_event = next((i for i, item in enumerate(view.items) if item.kind is DisagreementKind.EVENT), 0)
    view.select(first_event)
    view.accept_a.setChecked(True)
    settle(app, 800)
    view.player.stop_loop()
    settle(app, 200)
    view.grab().save(str(out))
    view.close()


def main() -> None:
    from coder.demo import create_demo
    from coder.gui.app import application

    app = application()
    DOCS.mkdir(exist_ok=True)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale in ("", "1") else f"@{scale}x"
    with tempfile.TemporaryDirectory() as folder:
        project_root = Path(folder) / "demo"
        create_demo(project_root, seconds=20)
        for width, height in SIZES if not suffix else SIZES[:1]:
            name = f"{width}x{height}{suffix}"
            coding_window(app, project_root, (width, height), DOCS / f"coding-{name}.png")
            consensus_workspace(app, project_root, (width, height), DOCS / f"consensus-{name}.png")
            print(f"docs/coding-{name}.png, docs/consensus-{name}.png")
    if not suffix:
        from coder.storage.atomic import atomic_write_bytes

        atomic_write_bytes(DOCS / "screenshot.png", (DOCS / "coding-1920x1080.png").read_bytes())


if __name__ == "__main__":
    main()
