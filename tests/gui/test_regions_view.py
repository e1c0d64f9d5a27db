"""Drawing regions on the frame with the mouse, editing them by key, undo; outlines on the video."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from coder.assist.motion import Region
from coder.assist.regions import RegionEditor, load_regions, save_regions
from coder.gui.regions_view import RegionsDialog
from coder.project.project import Project
from tests.gui.conftest import first_session, open_first


def _point(canvas: Any, fx: float, fy: float) -> QPoint:
    target = canvas.image_rect()
    return QPoint(round(target.x() + fx * target.width()), round(target.y() + fy * target.height()))


def _drag(qtbot: Any, canvas: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(canvas, left, pos=_point(canvas, *start))
    for step in (0.25, 0.5, 0.75, 1.0):
        x = start[0] + (end[0] - start[0]) * step
        y = start[1] + (end[1] - start[1]) * step
        qtbot.mouseMove(canvas, _point(canvas, x, y))
    qtbot.mouseRelease(canvas, left, pos=_point(canvas, *end))


@pytest.fixture
def dialog(qtbot: Any, demo_path: Path, answers: Any) -> RegionsDialog:
    project = Project.open(demo_path)
    session = project.sessions[0].code
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor("#405060"))
    made = RegionsDialog(RegionEditor.open(project, session, by="ana"), image, 16 / 9)
    qtbot.addWidget(made)
    made.resize(900, 500)
    made.show()
    qtbot.waitExposed(made)
    return made


def _stored(dialog: RegionsDialog) -> tuple[Region, ...]:
    editor = dialog.controller.editor
    return load_regions(editor.project, editor.session)


def test_drawing_a_region_with_the_mouse_stores_it(qtbot: Any, dialog: RegionsDialog, answers: Any) -> None:
    answers.replies["text"] = "mother"
    _drag(qtbot, dialog.canvas, (0.1, 0.2), (0.5, 0.9))
    (region,) = _stored(dialog)
    assert region.name == "mother"
    assert region.x == pytest.approx(0.1, abs=0.01) and region.y == pytest.approx(0.2, abs=0.01)
    assert region.w == pytest.approx(0.4, abs=0.01) and region.h == pytest.approx(0.7, abs=0.01)
    assert answers.seen[-1][:2] == ("text", "New region")
    assert dialog.list.count() == 1 and dialog.controller.selected == "mother"
    # Dragging it moves it; dragging its corner resizes it; each is one undoable step.
    _drag(qtbot, dialog.canvas, (0.3, 0.5), (0.4, 0.5))
    moved = _stored(dialog)[0]
    assert moved.x == pytest.approx(0.2, abs=0.01) and moved.w == region.w
    _drag(qtbot, dialog.canvas, (moved.x + moved.w, moved.y + moved.h), (0.9, 0.95))
    resized = _stored(dialog)[0]
    assert resized.x == moved.x and resized.w == pytest.approx(0.7, abs=0.015)
    qtbot.keyClick(dialog.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(dialog)[0] == moved
    # A drag that is cancelled at the name prompt stores nothing.
    answers.replies["text"] = None
    _drag(qtbot, dialog.canvas, (0.7, 0.1), (0.95, 0.4))
    assert [r.name for r in _stored(dialog)] == ["mother"]


def test_regions_by_keyboard(qtbot: Any, dialog: RegionsDialog, answers: Any) -> None:
    canvas = dialog.canvas
    canvas.setFocus()
    answers.replies["text"] = "infant"
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    (made,) = _stored(dialog)
    assert made == Region(name="infant", x=0.35, y=0.35, w=0.3, h=0.3)
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _stored(dialog)[0] == Region(name="infant", x=0.4, y=0.35, w=0.3, h=0.31)
    answers.replies["text"] = "baby"
    qtbot.keyClick(canvas, Qt.Key.Key_F2)
    assert [r.name for r in _stored(dialog)] == ["baby"]
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert _stored(dialog) == ()
    assert dialog.buttons["undo"].isEnabled()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.name for r in _stored(dialog)] == ["baby"]
    answers.replies["text"] = "mother"
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    assert dialog.controller.selected == "mother"
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)  # Tab chooses the next region
    assert dialog.controller.selected == "baby" and dialog.list.currentItem().text() == "baby"
    # A name that cannot be a variable name is refused with a message, nothing stored.
    answers.replies["text"] = "two words"
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    assert answers.kinds()[-1] == "error" and "cannot name a region" in answers.seen[-1][2]
    assert [r.name for r in _stored(dialog)] == ["baby", "mother"]


def test_the_workstation_outlines_the_regions_and_opens_the_editor(
    qtbot: Any, make_window: Any, answers: Any
) -> None:
    window = make_window("ana")
    session = first_session(window)
    save_regions(window.project, session, [Region(name="mother", x=0, y=0, w=0.5, h=1)], by="lead")
    open_first(qtbot, window, session)
    view = window.player.views[0]
    assert [r.name for r in view.regions] == ["mother"]
    window.regions_action.trigger()
    dialog = window.regions_dialog
    assert dialog is not None and dialog.isVisible()
    answers.replies["text"] = "infant"
    _drag(qtbot, dialog.canvas, (0.55, 0.1), (0.95, 0.9))
    assert [r.name for r in view.regions] == ["mother", "infant"]  # outlined at once
    window.show_regions_action.trigger()
    assert view.regions == ()
    dialog.accept()
