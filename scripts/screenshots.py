"""Screenshots of the coding window, the consensus workspace and the dialogs for the docs
(``make screenshots``).

Builds the demo project (fixed seed, practice sessions included) in a temporary folder and shoots
the whole screen, whatever its size: run it under ``xvfb-run -s "-screen 0 WxHx24"``. Windows fill
the screen as a maximised window would; dialogs open where they open for a user. The screen's
logical size names the files (docs/coding-1280x720.png); with QT_SCALE_FACTOR=2 on a 2560×1440
screen the names end in @2x. At 1280×720 (either scale) the dialogs a user meets are shot too.
The coding window is shot with the modifier prompt of a just-coded vocalisation showing.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs"
DIALOG_SIZE = (1280, 720)  # the laptop screen: the dialogs are shot there


def wait_until(done: Callable[[], bool], timeout_ms: int = 30000) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            raise SystemExit("screenshots: timed out waiting for the window")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save_small_png(pixmap: Any, out: Path) -> None:
    """Save ``pixmap`` as a 256-colour PNG (a third of the size; flat colours and text exact),
    or as it is when Pillow is not installed."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    data = bytes(buffer.data().data())
    try:
        import io

        from PIL import Image
    except ImportError:
        out.write_bytes(data)
        return
    image = Image.open(io.BytesIO(data)).convert("RGB")
    # the palette: the 256 most frequent exact colours, so that every flat colour (a code's
    # swatch, a bar, the text) stays what it is; rarer shades (video, anti-aliasing) take the nearest
    counts = sorted(image.getcolors(maxcolors=1 << 24) or [], reverse=True)[:256]
    flat = [channel for _count, colour in counts for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(counts)))
    small = image.quantize(palette=palette, dither=Image.Dither.NONE)
    small.save(out, optimize=True)


class Shooter:
    """Grabs the whole screen into docs/<name>-<size>.png and remembers what it wrote."""

    def __init__(self, app: Any) -> None:
        self.screen = app.primaryScreen()
        size = self.screen.geometry().size()
        self.size = (size.width(), size.height())
        ratio = self.screen.devicePixelRatio()
        self.suffix = f"{size.width()}x{size.height()}" + ("" if ratio == 1 else f"@{ratio:g}x")
        self.written: list[Path] = []

    def fill_screen(self, window: Any) -> None:
        """Where and how big a maximised window is (Xvfb has no window manager to do it)."""
        window.setGeometry(self.screen.availableGeometry())

    def shoot(self, name: str) -> None:
        settle(400)
        out = DOCS / f"{name}-{self.suffix}.png"
        save_small_png(self.screen.grabWindow(0), out)
        self.written.append(out)
        print(f"docs/{out.name}", flush=True)

    def shoot_modal(self, name: str, open_modal: Callable[[], object]) -> None:
        """Call ``open_modal`` (which runs a modal dialog) and shoot once the dialog is up."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def when_shown() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(50, when_shown)
                return
            self.shoot(name)
            dialog.close()

        QTimer.singleShot(50, when_shown)
        open_modal()


def demo_project(folder: Path) -> Path:
    from coder.annotations.model import new_id
    from coder.assist import Provenance, Suggestion, allow_suggestions
    from coder.assist.store import save_run
    from coder.demo import create_demo
    from coder.project.project import Project

    root = folder / "demo"
    create_demo(root, seconds=20, practice=True)
    project = Project.open(root)
    # a voice pre-coder's suggestions on ana's half-done session, for the suggestions panel
    session = practice_session(project, "ana")
    tool = Provenance(tool="silero-vad", version="6", parameters={"threshold": 0.5})
    allow_suggestions(project, session, by="lead", reason="trying the tool")
    save_run(project, "ana", session, tool, [
        Suggestion(id=new_id(), code="infant_vocal", start_ms=start, end_ms=None, confidence=0.9, provenance=tool)
        for start in (11_000, 13_400, 16_200)
    ])
    return root


def practice_session(project: Any, coder: str) -> str:
    """``coder``'s half-done free-play session."""
    from coder.annotations.status import status_of

    return next(
        s.code for s in project.sessions
        if s.scheme == "demo_interaction" and coder in project.coders_of(s.code)
        and status_of(project.load_annotations(coder, s.code)).value == "in_progress"
    )


def complete_session(project: Any, coder: str) -> str:
    """A free-play session ``coder`` has completed (and another coder too)."""
    return next(
        s.code for s in project.sessions
        if s.scheme == "demo_interaction" and len(project.coders_of(s.code)) == 2
        and coder in project.coders_of(s.code)
    )


def workstation(shooter: Shooter, project_root: Path, *, coder: str | None = "ana") -> Any:
    from PySide6.QtCore import QSettings

    from coder.gui.main_window import MainWindow
    from coder.gui.shortcuts import ShortcutMap
    from coder.project.project import Project

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Project.open(project_root), coder=coder, lead=coder is None, shortcuts=ShortcutMap(settings))
    shooter.fill_screen(window)
    window.show()
    wait_until(window.isVisible)
    return window


def open_at(window: Any, session: str, fraction: float = 0.55) -> None:
    """Open ``session`` and stop the video at ``fraction`` of its length (on a frame)."""
    window.open_requested(session)
    wait_until(lambda: window.session is not None and window.session.controller.current_frame == 0)
    ctx = window.session.ctx
    target = ctx.snap(int(ctx.duration_ms * fraction))
    window.session.controller.seek_ms(target)
    wait_until(lambda: ctx.current_ms == target)
    window.activateWindow()


def coding_window(shooter: Shooter, project_root: Path, dialogs_too: bool) -> None:
    window = workstation(shooter, project_root)
    if dialogs_too:
        shooter.shoot("sessions")  # what a new coder sees first
    open_at(window, practice_session(window.project, "ana"))
    window.coding_panel.press("infant_vocal")  # a code key: the event is in, its tone is asked
    shooter.shoot("coding")
    if dialogs_too:
        window.coding_panel.drop_prompt()
        shooter.shoot_modal("preferences", window.show_preferences)
        window.show_help()  # F1 or ?: every key, the codes' keys and how coding works
        shooter.shoot("help")
        window.help_overlay.close()
        suggestions = next(d for d in window.session.docks if d.windowTitle() == "Suggestions")
        suggestions.raise_()
        window.suggestions.next()
        shooter.shoot("suggestions")
        # a completed session: the first edit asks before reopening it
        open_at(window, complete_session(window.project, "ana"))
        shooter.shoot_modal("reopen", lambda: window.coding_panel.press("mother_vocal"))
    window.close()


def consensus_workspace(shooter: Shooter, project_root: Path) -> None:
    from coder.gui.lead.consensus_view import ConsensusView
    from coder.gui.lead.consensus_words import span_of
    from coder.project.project import Project
    from coder.reliability.disagreements import DisagreementKind

    project = Project.open(project_root)
    view = ConsensusView(project)
    shooter.fill_screen(view)
    view.show()
    view.choose_session(complete_session(project, "ana"))
    wait_until(lambda: view.player.controller is not None)
    first_event = next((i for i, item in enumerate(view.items) if item.kind is DisagreementKind.EVENT), 0)
    view.select(first_event)
    view.accept_a.setChecked(True)
    settle(800)
    view.player.stop_loop()  # then stopped at the disputed span's start: the same frame each run
    controller = view.player.controller
    controller.pause()
    start = span_of(view.items[first_event])[0] or 0
    controller.seek_ms(start)
    wait_until(lambda: not controller.playing and abs(controller.current_ms - start) <= 40)
    settle(300)
    shooter.shoot("consensus")
    view.close()


def lead_views(shooter: Shooter, project_root: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = workstation(shooter, project_root, coder=None)
    actions = {a.objectName(): a for a in window.findChildren(type(window.complete_action))}
    actions["lead-reliability-action"].trigger()
    reliability = window.findChild(QWidget, "lead-reliability")
    wait_until(lambda: reliability.report is not None and not reliability.running, 120000)
    shooter.shoot("reliability")
    reliability.close()
    actions["lead-export-action"].trigger()
    shooter.shoot("export")
    window.findChild(QWidget, "lead-export").close()
    window.close()


def main() -> None:
    from coder.gui.app import application

    app = application()
    shooter = Shooter(app)
    dialogs_too = shooter.size == DIALOG_SIZE
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        project_root = demo_project(Path(folder))
        coding_window(shooter, project_root, dialogs_too)
        consensus_workspace(shooter, project_root)
        if dialogs_too:
            lead_views(shooter, project_root)
    if shooter.suffix == "1920x1080":  # the README's picture
        from coder.storage.atomic import atomic_write_bytes

        atomic_write_bytes(DOCS / "screenshot.png", (DOCS / "coding-1920x1080.png").read_bytes())


if __name__ == "__main__":
    main()
