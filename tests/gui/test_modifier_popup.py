"""The modifier pop-up: answered by key, Esc skips, several modifiers in turn."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from coder.gui.modifier_popup import ModifierPopup
from coder.scheme.model import ModifierDef


def popup(qtbot: Any, *modifiers: ModifierDef) -> tuple[ModifierPopup, list[dict[str, str]]]:
    widget = ModifierPopup(list(modifiers))
    qtbot.addWidget(widget)
    got: list[dict[str, str]] = []
    widget.answered.connect(got.append)
    widget.show()
    return widget, got


TONE = ModifierDef(id="tone", label="Tone", values=["warm", "flat"], keys=["w", "f"])
SIZE = ModifierDef(id="size", values=["small", "big"])


def test_keys_answer_in_turn_and_unknown_keys_wait(qtbot: Any) -> None:
    widget, got = popup(qtbot, TONE, SIZE)
    assert "Tone" in widget.title.text() and "warm" in widget.choices.text()
    qtbot.keyClick(widget, Qt.Key.Key_Q)
    assert got == []
    qtbot.keyClick(widget, Qt.Key.Key_F)
    assert "size" in widget.title.text() and "<b>2</b>" in widget.choices.text()  # keys default to 1, 2 …
    qtbot.keyClick(widget, Qt.Key.Key_2)
    assert got == [{"tone": "flat", "size": "big"}] and not widget.isVisible()


def test_escape_skips_and_closing_keeps_what_was_answered(qtbot: Any) -> None:
    widget, got = popup(qtbot, TONE, SIZE)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    qtbot.keyClick(widget, Qt.Key.Key_1)
    assert got == [{"size": "small"}]
    other, got2 = popup(qtbot, TONE, SIZE)
    qtbot.keyClick(other, Qt.Key.Key_W)
    other.close()
    assert got2 == [{"tone": "warm"}]
