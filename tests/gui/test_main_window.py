"""The workstation driven like a coder would: keys, undo, reopen, completion, lead mode, blindness."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QWidget,
)

from coder.annotations.commands import Compound, RemoveEvent, set_status
from coder.annotations.model import SessionStatus
from coder.project.project import Project
from tests.gui.conftest import open_first, seek


def on_disk(window: Any) -> Any:
    """The open session's annotations as saved on disk right now."""
    session = window.session
    return Project.open(window.project.root).load_annotations(session.record_of, session.code)


def new_events(window: Any, before: set[str]) -> list[Any]:
    return [e for e in on_disk(window).events if e.id not in before]


def test_coder_sees_only_their_sessions_and_opens_one(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    assigned = {a.session for a in window.project.assignments_of("ana")}
    assert set(window.session_list.sessions()) == assigned
    assert window.windowTitle() == "Coder — your sessions"
    session = open_first(qtbot, window)
    assert window.windowTitle() == f"Coder — {session.code}"
    assert window.session.ctx.frame_times_ms
    qtbot.waitUntil(lambda: window.timeline.view.peaks is not None, timeout=10000)  # in the background
    assert (window.project.root / "cache").is_dir()
    window.close_session()
    assert window.pages.currentWidget() is window.session_list


def clear_events(window: Any) -> None:
    """Start from a record with no events (the demo's may cover the times a test codes at)."""
    ctx = window.session.ctx
    ctx.execute(Compound(tuple(RemoveEvent(e) for e in ctx.document.events()), text="clear"))


def test_code_keys_stamp_the_frame_on_screen(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    clear_events(window)
    before = {e.id for e in on_disk(window).events}
    at = seek(qtbot, window, 1013)
    qtbot.keyClick(window, Qt.Key.Key_G)
    (started,) = new_events(window, before)
    assert (started.code, started.start_ms, started.end_ms) == ("gaze_mother", at, None)
    assert at % 40 == 0  # 25 fps demo: a frame start
    later = seek(qtbot, window, 2000)
    qtbot.keyClick(window, Qt.Key.Key_O)  # same exclusive stream: ends gaze_mother there
    events = {e.code: e for e in new_events(window, before)}
    assert events["gaze_mother"].end_ms == later == events["gaze_object"].start_ms
    assert events["gaze_object"].end_ms is None
    assert window.coding_panel.buttons["gaze_object"].isChecked()
    assert not window.coding_panel.buttons["gaze_mother"].isChecked()
    end = seek(qtbot, window, 2400)
    qtbot.keyClick(window, Qt.Key.Key_O)  # same key again ends it
    assert {e.code: e for e in new_events(window, before)}["gaze_object"].end_ms == end


def test_point_asks_modifiers_by_key_and_esc_skips(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    before = {e.id for e in on_disk(window).events}
    at = seek(qtbot, window, 520)
    qtbot.keyClick(window, Qt.Key.Key_V)
    popup = window.coding_panel.popup
    assert popup is not None and popup.isVisible()
    (event,) = new_events(window, before)  # written at the key press, at its frame
    assert (event.code, event.start_ms, event.modifiers) == ("infant_vocal", at, ())
    seek(qtbot, window, 1500)
    qtbot.keyClick(window, Qt.Key.Key_1)
    (event,) = new_events(window, before)
    assert (event.code, event.start_ms, event.modifiers) == ("infant_vocal", at, (("voc_tone", "positive"),))
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.coding_panel.popup is None
    skipped = [e for e in new_events(window, before) if e.code == "mother_vocal"]
    assert len(skipped) == 1 and skipped[0].modifiers == ()


def test_undo_and_redo_follow_on_disk(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    before = {e.id for e in on_disk(window).events}
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert len(new_events(window, before)) == 1
    assert window.undo_action.isEnabled() and window.undo_action.text().startswith("Undo")
    assert window.undo_action.text() != "Undo"  # names the edit
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert new_events(window, before) == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [e.code for e in new_events(window, before)] == ["touch_affectionate"]


def test_typing_in_a_text_field_does_not_code(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    count = len(on_disk(window).events)
    field = window.player.transport.goto
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "go")
    assert field.text() == "go"
    assert len(on_disk(window).events) == count


def test_space_plays_and_pauses(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    controller = window.session.controller
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert controller.playing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not controller.playing
    start = controller.current_frame
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: controller.current_frame == start + 1, timeout=5000)


def test_reopening_after_a_crash_shows_the_session_as_it_was(qtbot: Any, make_window: Any, demo_path: Any) -> None:
    first = make_window()
    session = open_first(qtbot, first)
    seek(qtbot, first, 800)
    qtbot.keyClick(first, Qt.Key.Key_I)
    saved = on_disk(first)
    # a second window on the same folder stands in for the app after a crash (no close, no save)
    second = make_window(path=demo_path)
    open_first(qtbot, second, session.code)
    assert second.session.ctx.document.events() == list(saved.events)
    assert any(e.code == "touch_instrumental" and e.end_ms is None for e in saved.events)
    assert second.coding_panel.buttons["touch_instrumental"].isChecked()


def test_mark_complete_lists_what_is_missing(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    ctx = window.session.ctx
    ctx.execute(set_status(ctx.document, SessionStatus.IN_PROGRESS))
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_T)  # a running state must be ended first
    window.mark_complete()
    kind, title, text = answers.seen[-1]
    assert kind == "inform" and "Not complete" in title and "touch_affectionate" in text
    assert on_disk(window).status is SessionStatus.IN_PROGRESS
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.mark_complete()
    assert on_disk(window).status is SessionStatus.COMPLETE, answers.seen


def test_lead_opens_another_coders_record_read_only(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window(lead=True)
    assert set(window.session_list.sessions()) == {s.code for s in window.project.sessions}
    answers.replies["choose"] = "ben"
    session = open_first(qtbot, window)
    assert session.record_of == "ben" and session.ctx.read_only
    assert "ben" in window.windowTitle() and "read-only" in window.windowTitle()
    before = len(session.ctx.document.events())
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_T)
    assert len(session.ctx.document.events()) == before
    assert not window.complete_action.isEnabled()


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person could read in ``window``: titles, labels, buttons, tips, menus, cells."""
    texts = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        texts += [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.accessibleName()]
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
            if action.menu() is not None:
                texts += [a.text() for a in action.menu().actions()]
        if isinstance(widget, QTreeWidget):
            for i in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(i)
                texts += [item.text(c) for c in range(widget.columnCount())]
                texts += [item.toolTip(c) for c in range(widget.columnCount())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(model.index(r, c), role)
                        if value is not None:
                            texts.append(str(value))
            for c in range(model.columnCount()):
                texts.append(str(model.headerData(c, Qt.Orientation.Horizontal)))
    for action in window.menuBar().actions():
        texts.append(action.text())
        if action.menu() is not None:
            texts += [a.text() for a in action.menu().actions()]
    return [t for t in texts if t]


FORBIDDEN = re.compile(r"PIP|TAU|\bt[012]\b|P10[12]|recording-0|videos/|\.mp4|\bben\b|Ben|primary|reliability|training")


def test_a_coder_sees_nothing_that_unblinds(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    seen = visible_texts(window)
    assert not [t for t in seen if FORBIDDEN.search(t)], "session list shows unblinding text"
    open_first(qtbot, window)
    seek(qtbot, window, 1000)
    seen = visible_texts(window)
    leaks = [t for t in seen if FORBIDDEN.search(t)]
    assert not leaks, leaks
    assert any("Coder —" in t for t in seen)  # the walk did read the window


def test_delete_key_removes_the_selected_event_and_f1_shows_the_keys(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    victim = on_disk(window).events[0]
    window.timeline.view.select(victim.id)
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert victim.id not in {e.id for e in on_disk(window).events}
    qtbot.keyClick(window, Qt.Key.Key_F1)
    overlay = window.help_overlay
    assert overlay is not None and overlay.isVisible()
    text = " ".join(label.text() for label in overlay.findChildren(QLabel))
    assert "Gaze to mother" in text and "Play / pause" in text


def test_lead_menu_only_in_lead_mode(qtbot: Any, make_window: Any, monkeypatch: Any) -> None:
    from PySide6.QtGui import QAction

    import coder.gui.lead as lead

    opened: list[str] = []

    def fake_actions(window: Any, project: Any) -> list[QAction]:
        action = QAction("Reliability…", window)
        action.triggered.connect(lambda: opened.append(project.name))
        return [action]

    monkeypatch.setattr(lead, "lead_actions", fake_actions)
    menus = {a.text(): a.menu() for a in make_window(lead=True).menuBar().actions()}
    assert "&Lead" in menus
    menus["&Lead"].actions()[0].trigger()
    assert opened
    coder_menus = [a.text() for a in make_window("ana").menuBar().actions()]
    assert "&Lead" not in coder_menus


def test_a_missing_video_is_reported_without_its_file_name(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window("ana")
    code = window.session_list.sessions()[0]
    window.project.video_path(code).unlink()
    window.open_requested(code)
    qtbot.waitUntil(lambda: window.opening is None, timeout=5000)
    assert window.session is None
    kind, _title, text = answers.seen[-1]
    assert kind == "error" and code in text
    assert not FORBIDDEN.search(text), text


def test_bracket_keys_change_speed(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_first(qtbot, window)
    controller = window.session.controller
    qtbot.keyClick(window, Qt.Key.Key_BracketRight)
    assert controller.speed == 1.25
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    assert controller.speed == 0.75


def test_a_changed_scheme_is_reported_as_a_scheme_problem(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window("ana")
    code = window.session_list.sessions()[0]
    entry = next(e for e in window.project.data.schemes if e.id == window.project.session(code).scheme)
    scheme_file = window.project.root / entry.file
    scheme_file.write_text(scheme_file.read_text() + "# edited\n")
    window.project = Project.open(window.project.root)  # no cached scheme
    window.open_requested(code)
    assert window.session is None
    kind, _title, text = answers.seen[-1]
    assert kind == "error" and scheme_file.name in text and "video" not in text, text


def test_a_session_opens_without_the_window_waiting_for_its_video(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    code = window.session_list.sessions()[0]
    window.open_requested(code)
    assert window.opening == code and window.session is None  # indexed in the background
    assert not window.session_list.isEnabled()
    assert window.statusBar().currentMessage() == f"Opening {code}…"
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.opening is None and window.session_list.isEnabled()
    assert window.windowTitle() == f"Coder — {code}"


def test_closing_the_window_while_opening_abandons_the_session(qtbot: Any, make_window: Any) -> None:
    window = make_window("ana")
    window.open_requested(window.session_list.sessions()[0])
    window.close()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10000)
    QCoreApplication.processEvents()  # deliver the background result, if it is still queued
    assert window.session is None
