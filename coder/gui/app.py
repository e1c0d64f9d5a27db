"""``run_gui``: start Qt, open a project or coder package as a coder or the lead, show the window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.identity_dialog import LEAD, ask_identity
from coder.gui.style import apply_style
from coder.project.package_manifest import package_coder
from coder.project.project import Project
from coder.project.role_words import role_words

ORGANIZATION = "Coder"
APPLICATION = "Coder"
EXIT_AFTER_SHOW = "CODER_GUI_EXIT_AFTER_SHOW"  # benchmarks: print seconds to first show, then quit
_STARTED = time.perf_counter()
HEADLESS_PLATFORMS = {"offscreen", "minimal"}  # Qt platforms where no one sees a dialog


def has_display() -> bool:
    """False on Linux without an X or Wayland display (unless Qt runs offscreen)."""
    if not sys.platform.startswith("linux"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application() -> QApplication:
    """The QApplication (created once, named for QSettings, styled)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    apply_style(app)
    return app


def package_identity(path: Path) -> str | None:
    """The coder a coder package was made for, when ``path`` is one (else None)."""
    return package_coder(path)


def run_gui(
    project_path: str | None,
    *,
    coder: str | None = None,
    lead: bool = False,
    session: str | None = None,
    videos: Sequence[str] = (),
) -> int:
    """Open the workstation and run until it closes; returns the exit status.

    Without ``coder`` or ``lead`` it asks who is using it (a coder package implies its coder).
    ``session`` opens that session right away. ``videos``: folders on this machine where the
    sessions' videos are found by their sha256 (a team server's project names no paths).
    """
    if not has_display():
        print(
            "coder gui needs a display: no DISPLAY or WAYLAND_DISPLAY is set. Run it on a desktop, "
            "or set QT_QPA_PLATFORM=offscreen for a headless check.",
            file=sys.stderr,
        )
        return 1
    app = application()
    from coder.gui.main_window import MainWindow

    project: Project | None = None
    try:
        if project_path is not None and Project.names_server(project_path):
            project = Project.open(project_path)
        else:
            path = Path(project_path or ".").expanduser().resolve()
            project = Project.open(path)
            if coder is None and not lead:
                coder = package_identity(path)
        project.video_folders = [Path(v).expanduser() for v in videos]  # this machine's copies
        if (
            coder is None
            and not lead
            and dialogs.responder is None
            and app.platformName() in HEADLESS_PLATFORMS
        ):
            raise CoderError(
                "who is using Coder? No one can answer the question here",
                hint="pass --coder ID or --lead",
            )
        if coder is None and not lead:
            who = ask_identity(project)
            if who is None:
                return 0
            lead, coder = who == LEAD, None if who == LEAD else who
        if coder is not None and not project.has_coder(coder):
            raise CoderError(f"no coder '{coder}' in {project.file}", hint="check the --coder id")
        window = MainWindow(project, coder=coder, lead=lead)
    except CoderError as error:
        if project is not None and coder is not None and not lead:  # a coder reads it
            error = role_words(project, coder).error(error)
        print(f"coder: {error}", file=sys.stderr)
        if dialogs.responder is not None or app.platformName() not in HEADLESS_PLATFORMS:
            dialogs.show_error(None, error)  # offscreen, no one could dismiss it: it would hang
        return 2
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    if session is not None:
        window.open_requested(session)
    if os.environ.get(EXIT_AFTER_SHOW):

        def report() -> None:
            print(f"shown after {time.perf_counter() - _STARTED:.3f} s", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    sys.excepthook = show_uncaught  # only while the event loop runs: tests keep pytest-qt's hook
    try:
        return int(app.exec())
    finally:
        sys.excepthook = sys.__excepthook__


def show_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """An exception no widget caught: one stderr line and the error dialog, not a traceback.

    The traceback is printed only with CODER_DEBUG set (for a bug report).
    """
    if issubclass(kind, KeyboardInterrupt) or os.environ.get("CODER_DEBUG"):
        sys.__excepthook__(kind, value, tb)
        if issubclass(kind, KeyboardInterrupt):
            return
    text = (
        str(value)
        if isinstance(value, CoderError)
        else f"unexpected error: {kind.__name__}: {value}"
    )
    print(f"coder: {text}", file=sys.stderr)
    visible = (
        QApplication.instance() is not None
        and QApplication.platformName() not in HEADLESS_PLATFORMS
    )
    if dialogs.responder is not None or visible:
        dialogs.show_error(None, value)
