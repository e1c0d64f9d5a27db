"""Fixtures for the coding workstation tests: a small demo project per test, dialogs answered.

``demo_template`` (the shared demo, read only) and ``demo_path`` (a fresh copy of it per test)
come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


class Answers:
    """What dialogs were shown (kind, title, text) and how to answer them (``replies[kind]``).

    By default questions are answered yes and choices take the first option.
    """

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        self.replies: dict[str, Any] = {}

    def __call__(self, kind: str, title: str, text: str, options: Any) -> Any:
        self.seen.append((kind, title, text))
        if kind in self.replies:
            return self.replies[kind]
        if kind == "ask":
            return True
        if kind == "choose":
            return options[0] if options else None
        return None

    def kinds(self) -> list[str]:
        return [kind for kind, _title, _text in self.seen]


@pytest.fixture
def answers() -> Iterator[Answers]:
    """Dialogs answered without a person (see Answers)."""
    from coder.gui import dialogs
    from coder.project.role_words import LEAD_WORDS

    answering = Answers()
    dialogs.responder = answering
    try:
        yield answering
    finally:
        dialogs.responder = None
        dialogs.reader = LEAD_WORDS  # a coder's window of this test words nothing of the next


@pytest.fixture
def shortcut_map(tmp_path: Path) -> Any:
    """A ShortcutMap over an ini file of this test (never the user's settings)."""
    from PySide6.QtCore import QSettings

    from coder.gui.shortcuts import ShortcutMap

    return ShortcutMap(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot: Any, demo_path: Path, answers: Any, shortcut_map: Any) -> Callable[..., Any]:
    """Build a MainWindow on the demo project (as ``coder`` or the lead), shown and closed after."""
    from coder.gui.main_window import MainWindow
    from coder.project.project import Project

    def make(coder: str | None = "ana", *, lead: bool = False, path: Path = demo_path) -> Any:
        window = MainWindow(Project.open(path), coder=None if lead else coder, lead=lead, shortcuts=shortcut_map)
        qtbot.addWidget(window)
        window.show()
        activate(qtbot, window)
        return window

    return make


def activate(qtbot: Any, window: Any) -> None:
    """Make ``window`` the active window: window shortcuts (code keys) only act there."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def first_session(window: Any) -> str:
    """The first listed free-play session (demo_interaction scheme: keys g o w p n x u t i v m)."""
    project = window.project
    return next(c for c in window.session_list.sessions() if project.session(c).scheme == "demo_interaction")


def open_first(qtbot: Any, window: Any, session: str | None = None) -> Any:
    """Open a session in ``window`` and wait until its first frame is on screen."""
    code = session or first_session(window)
    window.open_requested(code)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)  # videos indexed in the background
    qtbot.waitUntil(lambda: window.session.controller.current_frame == 0, timeout=5000)
    activate(qtbot, window)
    return window.session


def seek(qtbot: Any, window: Any, ms: int) -> int:
    """Seek the player to ``ms`` and wait until the workstation knows the new position."""
    ctx = window.session.ctx
    target = ctx.snap(ms)
    window.session.controller.seek_ms(target)
    qtbot.waitUntil(lambda: ctx.current_ms == target, timeout=5000)
    return target


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_ctx(qtbot: Any, tmp_path: Path) -> Callable[..., Any]:
    """An EditContext on a fresh annotation file with the demo scheme, 200 frames at 25 fps."""
    from coder.annotations.model import AnnotationHeader
    from coder.gui.edit_context import EditContext
    from coder.scheme import load_scheme
    from coder.shipped import shipped_schemes_dir
    from coder.storage.annotation_store import AnnotationStore
    from coder.timebase import constant_rate_frame_times

    def make(*, read_only: bool = False, name: str = "ana.json") -> Any:
        scheme = load_scheme(shipped_schemes_dir() / "demo_interaction.yaml")
        header = AnnotationHeader(
            coder="ana", session="S-TEST1", scheme_id=scheme.id, scheme_version=scheme.version,
            scheme_sha256=scheme.sha256, video_sha256="",
        )
        store = AnnotationStore.open(tmp_path / name, header, read_only=read_only)
        return EditContext(store, scheme, frame_times_ms=constant_rate_frame_times(200, 25.0), duration_ms=8000)

    return make


def saved_events(ctx: Any) -> list[Any]:
    """The events of ``ctx``'s file as saved on disk."""
    from coder.storage import load_annotations

    return list(load_annotations(ctx.store.path).events)
