"""The workstation as a new coder and lead found it, each finding driven through the real widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from coder.annotations.commands import AddEvent, Compound, RemoveEvent
from coder.annotations.model import Event, SessionStatus
from coder.project import read_audit
from tests.gui.conftest import open_first, seek


def clear(window: Any) -> None:
    ctx = window.session.ctx
    ctx.execute(Compound(tuple(RemoveEvent(e) for e in ctx.document.events()), text="clear"))


def test_editing_a_completed_session_asks_and_is_recorded(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window()
    session = open_first(qtbot, window)
    ctx = session.ctx
    assert ctx.document.status is SessionStatus.COMPLETE
    answers.replies["ask"] = False
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert answers.kinds() == ["ask"] and "marked complete" in answers.seen[0][2]
    assert ctx.document.status is SessionStatus.COMPLETE and len(ctx.undo_stack) == 0  # kept closed
    answers.replies["ask"] = True
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert ctx.document.status is SessionStatus.IN_PROGRESS
    entry = [e for e in read_audit(window.project.audit_path) if e["action"] == "session_reopened"][-1]
    assert (entry["session"], entry["coder"]) == (session.code, "ana")


def test_overlapping_states_in_one_lane_stack_at_any_zoom(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    clear(window)
    ctx = window.session.ctx
    ctx.execute(AddEvent(Event.make("touch_instrumental", 1000, 5000, id="i1")))
    ctx.execute(AddEvent(Event.make("touch_affectionate", 3000, 7000, id="a1")))
    view = window.timeline.view
    model = view.model
    row = model.rows.index("mother_touch")
    assert model.lanes("mother_touch") == 2
    for zoom in (1.0, 4.0, 16.0):
        view.show_all()
        view.zoom(zoom, 4000)
        view.update()
        image = view.grab().toImage()  # what is on screen
        x = int(model.x_of(4000))  # both states cover 4 s: one colour per lane
        colours = set()
        for lane in (0, 1):
            top, height = model.lane_box(row, lane)
            colours.add(image.pixelColor(x, int(top + height / 2)).name())
        assert colours == {"#ffbe7d", "#f28e2b"}, zoom


def test_an_exclusive_stream_splits_a_coded_state_in_one_undo_step(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    clear(window)
    ctx = window.session.ctx
    ctx.execute(AddEvent(Event.make("gaze_mother", 1000, 4000, id="m1")))
    depth = len(ctx.undo_stack)
    at = seek(qtbot, window, 2000)
    qtbot.keyClick(window, Qt.Key.Key_O)
    spans = sorted((e.code, e.start_ms, e.end_ms) for e in ctx.document.events())
    assert spans == [("gaze_mother", 1000, at), ("gaze_object", at, 4000)]
    assert len(ctx.undo_stack) == depth + 1
    assert window.undo_actions.undo.text() == "Undo Split Gaze to mother with Gaze to object"
    seek(qtbot, window, 1500)
    qtbot.keyClick(window, Qt.Key.Key_G)  # the same code inside its own state: refused, said at once
    assert len(ctx.undo_stack) == depth + 1
    assert "already coded here" in window.statusBar().currentMessage()
    window.show_help()
    assert "splits" in window.help_overlay.findChild(type(window.saved_label)).text()


def test_esc_in_preferences_closes_without_rebinding(qtbot: Any, make_window: Any) -> None:
    from coder.gui.shortcuts import PreferencesDialog

    window = make_window()
    dialog = PreferencesDialog(window.shortcuts, window)
    dialog.show()
    editor = dialog.editors["play"]
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and window.shortcuts.keys("play") == "Space"


def test_dragging_an_edge_shows_the_time_and_the_video_follows(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    clear(window)
    ctx = window.session.ctx
    ctx.execute(AddEvent(Event.make("touch_affectionate", 1000, 3000, id="t1")))
    view = window.timeline.view
    view.model.show_all()
    row = view.model.rows.index("mother_touch")
    top, height = view.model.lane_box(row, 0)
    y = int(top + height / 2)
    start = QPoint(int(view.model.x_of(3000)), y)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, QPoint(start.x() + 60, y))
    assert view.drag_readout.startswith("end ")
    edge = view._preview.end_ms
    assert edge % 40 == 0 and f"frame {ctx.frame_of(edge)}" in view.drag_readout  # snapped to a frame
    qtbot.waitUntil(lambda: ctx.current_ms == edge, timeout=5000)  # the video scrubs with the edge
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(start.x() + 60, y))
    assert ctx.document.event("t1").end_ms == edge and view.drag_readout == ""


def test_a_laptop_screen_fits_the_window(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    assert window.minimumSizeHint().width() <= 1280
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    video = window.player.views[0]
    assert video.height() >= 250 and video.height() > window.timeline.height() * 0.8  # the video first
    goto = window.player.transport.goto
    assert goto.width() >= goto.fontMetrics().horizontalAdvance(goto.placeholderText())


def test_a_laptop_screen_with_every_panel_clips_nothing_and_shrinking_spares_the_video(
    qtbot: Any, make_window: Any, demo_path: Any
) -> None:
    from coder.assist import Provenance, Suggestion, allow_suggestions
    from coder.assist.store import save_run
    from coder.project.project import Project

    project = Project.open(demo_path)
    session = next(a.session for a in project.assignments_of("ana") if project.session(a.session).scheme == "demo_interaction")
    tool = Provenance(tool="silero-vad", version="6", parameters={})
    allow_suggestions(project, session, by="lead", reason="trying the tool")
    save_run(project, "ana", session, tool, [Suggestion(id="s1", code="infant_vocal", start_ms=400, end_ms=None, confidence=0.9, provenance=tool)])
    window = make_window()
    open_first(qtbot, window, session)
    assert window.suggestions is not None  # the widest set of panels a coder meets
    assert window.minimumSizeHint().width() <= 1000
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    table = window.event_table
    shown = sum(table.view.columnWidth(c) for c in range(4))  # start, end, code, modifiers
    qtbot.waitUntil(lambda: table.view.viewport().width() >= shown, timeout=2000)
    panel = window.coding_panel  # every group's title whole ("… · one at a time")
    assert all(box.width() >= box.minimumWidth() for box in panel.findChildren(type(panel.buttons["gaze_mother"].parentWidget())))
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024)
    side = window.event_table.parentWidget()
    while side is not None and not side.objectName().startswith("dock-"):
        side = side.parentWidget()
    assert side is not None
    qtbot.waitUntil(lambda: side.width() <= max(300, 1024 // 3 + 40), timeout=2000)  # the dock gives way
    assert window.timeline.height() <= 600 * 0.4 + 2
    transport = window.player.transport
    assert transport.two_rows and transport.goto.isVisible()  # the go-to field moved below, whole
    assert transport.goto.width() >= transport.goto.fontMetrics().horizontalAdvance(transport.goto.placeholderText())
    assert all(b.isVisible() and b.width() >= b.minimumSizeHint().width() for b in transport.buttons.values())


def test_words_not_ids_in_undo_and_the_event_table(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    clear(window)
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert window.undo_actions.undo.text() == "Undo Add Gaze to object"
    qtbot.keyClick(window, Qt.Key.Key_V)
    qtbot.keyClick(window, Qt.Key.Key_2)
    model = window.event_table.model
    texts = [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(4)]
    assert "Tone: neutral" in texts and "Infant vocalisation" in texts
    assert not any("voc_tone" in str(t) or "gaze_object" in str(t) for t in texts)
    assert QApplication.focusWidget() is not window.coding_panel.popup
