"""The coding panel: buttons from the scheme; presses stamp, toggle and close exclusive states."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import saved_events


def panel(qtbot: Any, ctx: Any, **options: Any) -> Any:
    from coder.gui.coding_panel import CodingPanel

    widget = CodingPanel(ctx, **options)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_one_button_per_code_with_key_and_label(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    widget = panel(qtbot, ctx)
    assert set(widget.buttons) == {c.id for c in ctx.scheme.codes}
    assert widget.buttons["gaze_mother"].text().startswith("g") and "Gaze to mother" in widget.buttons["gaze_mother"].text()
    assert widget.buttons["gaze_mother"].isCheckable() and not widget.buttons["infant_vocal"].isCheckable()


def test_clicks_toggle_states_and_exclusive_streams_meet(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    widget = panel(qtbot, ctx)
    ctx.set_position(1017)
    qtbot.mouseClick(widget.buttons["affect_positive"], Qt.MouseButton.LeftButton)
    assert widget.buttons["affect_positive"].isChecked()
    ctx.set_position(2500)
    qtbot.mouseClick(widget.buttons["affect_negative"], Qt.MouseButton.LeftButton)
    events = {e.code: e for e in saved_events(ctx)}
    assert (events["affect_positive"].start_ms, events["affect_positive"].end_ms) == (1000, 2480)
    assert events["affect_negative"].start_ms == 2480 and events["affect_negative"].end_ms is None
    assert widget.buttons["affect_negative"].isChecked() and not widget.buttons["affect_positive"].isChecked()
    ctx.undo_stack.undo()  # one step undoes the end and the start together
    assert [e.code for e in saved_events(ctx)] == ["affect_positive"]
    assert widget.buttons["affect_positive"].isChecked()


def test_modifiers_asked_without_pausing_unless_the_scheme_says(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx()
    paused: list[bool] = []
    widget = panel(qtbot, ctx, pause=lambda: paused.append(True))
    ctx.set_position(400)
    widget.press("mother_vocal")
    assert widget.popup is not None and paused == []
    (event,) = saved_events(ctx)  # written at once, before any answer
    assert (event.start_ms, event.modifiers) == (400, ())
    assert widget.answer_key("3")
    (event,) = saved_events(ctx)
    assert (event.start_ms, event.modifiers) == (400, (("voc_tone", "negative"),))
    assert widget.popup is None


def test_read_only_does_nothing(qtbot: Any, make_ctx: Any) -> None:
    ctx = make_ctx(read_only=True)
    widget = panel(qtbot, ctx)
    widget.press("gaze_mother")
    assert ctx.document.events() == [] and not widget.buttons["gaze_mother"].isEnabled()
