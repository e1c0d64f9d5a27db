"""The modifier prompt: answered by key in turn, Esc skips; it never takes the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from coder.gui.modifier_popup import ModifierPrompt
from coder.scheme.model import ModifierDef

TONE = ModifierDef(id="tone", label="Tone", values=["warm", "flat"], keys=["w", "f"])
SIZE = ModifierDef(id="size", values=["small", "big"])


def prompt(qtbot: Any, *modifiers: ModifierDef) -> ModifierPrompt:
    widget = ModifierPrompt("Vocal", list(modifiers))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_keys_answer_in_turn_and_unknown_keys_wait(qtbot: Any) -> None:
    widget = prompt(qtbot, TONE, SIZE)
    assert "Tone" in widget.title.text() and "warm" in widget.choices.text()
    assert widget.answer("q") is None and widget.values == {}
    assert widget.answer("f") == ("tone", "flat")
    assert "size" in widget.title.text() and "<b>2</b>" in widget.choices.text()  # keys default to 1, 2 …
    assert widget.answer("2") == ("size", "big")
    assert widget.done and widget.values == {"tone": "flat", "size": "big"}


def test_escape_skips_and_the_prompt_never_takes_focus(qtbot: Any) -> None:
    widget = prompt(qtbot, TONE, SIZE)
    assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert widget.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    widget.skip()
    assert widget.answer("1") == ("size", "small") and widget.values == {"size": "small"}
