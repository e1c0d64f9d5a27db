"""The modifier prompt: shown in place after a code key, it never takes the keyboard.

The event is already written when the prompt appears. The prompt lists the current modifier's
values with their keys; the window routes those keys (and Esc, which skips) to ``answer``. Any
code key codes its own event and leaves this one's modifiers unanswered (or at the scheme's
default); they can be answered later in the event table.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from coder.scheme.model import ModifierDef


def modifier_keys(modifier: ModifierDef) -> list[str]:
    """The key of each value: the scheme's keys, then 1, 2, … for values without one."""
    keys = list(modifier.keys)
    return keys + [str(i + 1) for i in range(len(keys), len(modifier.values))]


class ModifierPrompt(QFrame):
    """Asks each modifier of one event in turn; ``values`` holds what was answered so far."""

    def __init__(self, code_label: str, modifiers: Sequence[ModifierDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modifierPrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet("#modifierPrompt { background: #FFFFFF; border: 1px solid #2F6FDE; border-radius: 4px; }")
        self.code_label = code_label
        self.modifiers = list(modifiers)
        self.values: dict[str, str] = {}
        self.step = 0
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.choices = QLabel(self)
        self.choices.setTextFormat(Qt.TextFormat.RichText)
        hint = QLabel("Esc skips · any code key goes on coding", self)
        hint.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.choices)
        layout.addWidget(hint)
        self._show_step()

    @property
    def done(self) -> bool:
        return self.step >= len(self.modifiers)

    @property
    def current(self) -> ModifierDef | None:
        return None if self.done else self.modifiers[self.step]

    def keys(self) -> list[str]:
        """The keys that answer the current modifier."""
        current = self.current
        return modifier_keys(current) if current is not None else []

    def _show_step(self) -> None:
        current = self.current
        if current is None:
            return
        self.title.setText(f"{self.code_label}: {current.label or current.id}?")
        rows = [
            f"<b>{key}</b>&nbsp;&nbsp;{value}"
            for key, value in zip(modifier_keys(current), current.values, strict=False)
        ]
        self.choices.setText("<br>".join(rows))
        self.adjustSize()

    def answer(self, key: str) -> tuple[str, str] | None:
        """Take ``key`` for the current modifier: (modifier id, value), or None if it names none."""
        current = self.current
        if current is None or key not in modifier_keys(current):
            return None
        value = current.values[modifier_keys(current).index(key)]
        self.values[current.id] = value
        self.step += 1
        self._show_step()
        return current.id, value

    def skip(self) -> None:
        self.step += 1
        self._show_step()
