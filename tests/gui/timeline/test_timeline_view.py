"""The timeline widget driven by mouse and keys: drags become one snapped ChangeEvent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event
from coder.gui.timeline.timeline_model import ROW_HEIGHT
from coder.gui.timeline.timeline_view import TimelinePanel
from tests.gui.conftest import saved_events


def panel(qtbot: Any, ctx: Any) -> TimelinePanel:
    widget = TimelinePanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 260)
    widget.show()
    qtbot.waitUntil(lambda: widget.view.width() > 900)
    return widget


def y_of(view: Any, row: str) -> int:
    return int(view.model.row_top(view.model.rows.index(row)) + ROW_HEIGHT / 2)


def test_dragging_an_edge_changes_the_file_once_snapped(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    event = Event.make("gaze_mother", 2000, 4000)
    ctx.execute(AddEvent(event))
    view = panel(qtbot, ctx).view
    y = y_of(view, "infant_gaze")
    x = int(view.model.x_of(4000))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(view, QPoint(x + 20, y))
    qtbot.mouseMove(view, QPoint(x + 37, y))
    assert saved_events(ctx)[0].end_ms == 4000  # nothing written while dragging
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(x + 37, y))
    (after,) = saved_events(ctx)
    assert after.start_ms == 2000 and after.end_ms != 4000 and after.end_ms % 40 == 0
    assert abs(after.end_ms - (4000 + 37 * view.model.ms_per_px)) <= 40
    assert len(ctx.undo_stack) == 2  # the add and one change
    ctx.undo_stack.undo()
    assert saved_events(ctx)[0].end_ms == 4000


def test_click_selects_delete_removes_and_empty_click_seeks(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    ctx.execute(AddEvent(Event.make("touch_affectionate", 1000, 3000)))
    view = panel(qtbot, ctx).view
    y = y_of(view, "mother_touch")
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(int(view.model.x_of(2000)), y))
    assert view.selected_id == saved_events(ctx)[0].id
    view.delete_selected()
    assert saved_events(ctx) == []
    with qtbot.waitSignal(ctx.seek_requested) as sought:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(int(view.model.x_of(5010)), y))
    assert abs(sought.args[0] - 5010) <= 40 and sought.args[0] % 40 == 0


def test_ctrl_wheel_zooms_and_the_scrollbar_follows(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    widget = panel(qtbot, ctx)
    view = widget.view
    before = view.model.ms_per_px
    pos = QPointF(600, 40)
    wheel = QWheelEvent(
        pos, view.mapToGlobal(pos), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(view, wheel)
    assert view.model.ms_per_px < before
    assert widget.scrollbar.maximum() > 0
    widget.scrollbar.setValue(widget.scrollbar.maximum())
    assert abs(view.model.end_ms - 8000) <= view.model.ms_per_px + 1


def test_follows_the_playhead_and_paints_open_states(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    ctx.execute(AddEvent(Event.make("gaze_mother", 0, None)))
    view = panel(qtbot, ctx).view
    view.zoom(8)
    ctx.set_position(7000)
    assert view.model.start_ms <= 7000 <= view.model.end_ms
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.paint(painter)
    painter.end()
    y = y_of(view, "infant_gaze")
    colour = image.pixelColor(int(view.model.x_of(6900)), y)
    assert colour.blue() > colour.red()  # the running gaze state (blue) reaches the playhead
