"""Coding never drops a key: events are written at the key press, the modifier prompt never takes
the keyboard, the go-to field gives the keyboard back, and 20 keys a second lose nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from coder.annotations.status import status_of
from tests.gui.conftest import open_first, seek


def untouched_session(window: Any) -> str:
    """A free-play session the coder has not started (its record removed from the test's copy)."""
    project = window.project
    code = next(s for s in window.session_list.sessions() if project.session(s).scheme == "demo_interaction")
    project.annotation_path(window.coder, code).unlink()
    assert status_of(project.load_annotations(window.coder, code)).value == "not_started"
    return code


def open_untouched(qtbot: Any, window: Any) -> Any:
    return open_first(qtbot, window, untouched_session(window))


def codes(window: Any) -> list[tuple[str, int, int | None, tuple[tuple[str, str], ...]]]:
    return [(e.code, e.start_ms, e.end_ms, e.modifiers) for e in window.session.ctx.store.document.events()]


def test_a_code_key_while_the_prompt_is_up_codes_its_own_event(qtbot: Any, make_window: Any, answers: Any) -> None:
    window = make_window()
    open_untouched(qtbot, window)
    at = seek(qtbot, window, 520)
    qtbot.keyClick(window, Qt.Key.Key_V)
    assert window.coding_panel.popup is not None and window.coding_panel.popup.isVisible()
    assert codes(window) == [("infant_vocal", at, None, ())]  # written at the key press
    assert QApplication.focusWidget() is not window.coding_panel.popup  # the keyboard stays free
    qtbot.keyClick(window, Qt.Key.Key_T)  # the next code key: touch starts, the tone stays unanswered
    assert codes(window) == [("infant_vocal", at, None, ()), ("touch_affectionate", at, None, ())]
    assert window.coding_panel.popup is None
    assert "Tone: ?" in window.event_table.model.data(window.event_table.model.index(0, 3))
    assert answers.seen == []


def test_a_pending_modifier_is_answered_later_in_the_event_table(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_untouched(qtbot, window)
    seek(qtbot, window, 400)
    qtbot.keyClick(window, Qt.Key.Key_M)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # skipped
    model = window.event_table.model
    assert model.setData(model.index(0, 3), "negative")
    assert codes(window)[0][3] == (("voc_tone", "negative"),)
    assert window.undo_actions.undo.text() == "Undo Set Mother vocalisation modifiers"  # words, not ids


def test_the_go_to_field_gives_the_keyboard_back(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_untouched(qtbot, window)
    field: QLineEdit = window.player.transport.goto
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "00:00:02.000")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.ctx.current_ms == 2000, timeout=5000)
    assert not field.hasFocus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_G)
    assert codes(window) == [("gaze_mother", 2000, None, ())]
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "12")
    qtbot.keyClick(field, Qt.Key.Key_Escape)  # Esc leaves the field and types nothing
    assert not field.hasFocus() and field.text() == ""


def test_twenty_keys_a_second_with_prompts_go_to_and_steps_lose_nothing(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    open_untouched(qtbot, window)
    seek(qtbot, window, 200)
    field = window.player.transport.goto
    K = Qt.Key
    # (key, expected effect): codes, answers, steps and a go-to between them, 50 ms apart
    script: list[Any] = [
        K.Key_V, K.Key_1, K.Key_T, K.Key_Right, K.Key_Right, K.Key_M, K.Key_G, K.Key_Right,
        K.Key_V, K.Key_3, K.Key_O, K.Key_Right, K.Key_T, K.Key_M, K.Key_Escape, ("goto", "00:00:05.000"),
        K.Key_P, K.Key_V, K.Key_2, K.Key_Right, K.Key_Right, K.Key_W, K.Key_N, K.Key_M, K.Key_I,
        K.Key_Right, K.Key_V, K.Key_G, K.Key_Right, K.Key_I, K.Key_X,
    ]
    code_keys = {K.Key_V, K.Key_T, K.Key_M, K.Key_G, K.Key_O, K.Key_P, K.Key_W, K.Key_N, K.Key_I, K.Key_X}
    answer_keys = {K.Key_1, K.Key_2, K.Key_3}
    ctx = window.session.ctx
    stack = ctx.undo_stack
    for step in script:
        if isinstance(step, tuple):
            qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(field, step[1])
            qtbot.keyClick(field, K.Key_Return)
            qtbot.waitUntil(lambda: ctx.current_ms == 5000, timeout=2000)
        else:
            depth, at = len(stack), ctx.current_ms
            qtbot.keyClick(QApplication.focusWidget() or window, step)
            if step in code_keys or step in answer_keys:
                assert len(stack) == depth + 1, f"key {step!r} was lost"  # written at the press
            if step in code_keys:
                changed = [e for e in ctx.document.events() if at in (e.start_ms, e.end_ms)]
                assert changed, f"key {step!r} did not code the frame on screen ({at} ms)"
            else:
                assert len(stack) == depth + (step in answer_keys)
        qtbot.wait(50)  # 20 keys a second: the timing is the point
    events = ctx.document.events()
    points = sorted((e for e in events if e.code in ("infant_vocal", "mother_vocal")), key=lambda e: e.start_ms)
    assert len(points) == sum(1 for k in script if k in (K.Key_V, K.Key_M))  # every point key wrote its event
    tones = [dict(e.modifiers).get("voc_tone") for e in points]
    assert sorted(t for t in tones if t) == ["negative", "neutral", "positive"]  # each answer reached its event
    assert any(e.start_ms == 5000 for e in events)  # the go-to took effect before the next key
    assert not field.hasFocus()
