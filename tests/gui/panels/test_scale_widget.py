"""The scale widget: step-aware points, anchors as tooltips, clicks reported, redraw silent."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.gui.panels.scale_widget import ScaleWidget, scale_values


def test_scale_values_are_step_aware() -> None:
    assert scale_values(1, 3, 0.5) == [1, 1.5, 2, 2.5, 3]
    assert scale_values(0, 14, 1)[-1] == 14 and isinstance(scale_values(0, 14, 1)[3], int)


def test_clicks_report_values_and_set_value_is_silent(qtbot) -> None:  # type: ignore[no-untyped-def]
    scale = ScaleWidget(1, 3, 0.5, anchors={1: "Never", 3: "Always"})
    qtbot.addWidget(scale)
    assert [b.text() for b in scale.buttons] == ["1", "1.5", "2", "2.5", "3"]
    assert scale.button_for(3).toolTip() == "3 — Always"
    with qtbot.waitSignal(scale.value_chosen) as chosen:
        qtbot.mouseClick(scale.button_for(2.5), Qt.MouseButton.LeftButton)
    assert chosen.args == [2.5]
    with qtbot.assertNotEmitted(scale.value_chosen):
        scale.set_value(1.5)
    assert scale.button_for(1.5).isChecked() and not scale.button_for(2.5).isChecked()
    with qtbot.waitSignal(scale.value_chosen) as cleared:
        qtbot.mouseClick(scale.clear_button, Qt.MouseButton.LeftButton)
    assert cleared.args == [None]
    scale.set_value(None)
    assert not any(b.isChecked() for b in scale.buttons) and not scale.clear_button.isEnabled()
