"""A quick pop-up asking a code's modifier values by key (Esc skips); it never stops playback itself."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from coder.scheme.model import ModifierDef


class ModifierPopup(QFrame):
    """Asks each modifier in turn; ``answered`` carries {modifier id: value} (skipped ones left out)."""

    answered = Signal(dict)

    def __init__(self, modifiers: Sequence[ModifierDef], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("modifierPopup")
        self.setStyleSheet("#modifierPopup { background: #FFFFFF; border: 1px solid #2F6FDE; }")
        self.modifiers = list(modifiers)
        self.values: dict[str, str] = {}
        self._step = 0
        self._done = False
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.choices = QLabel(self)
        self.choices.setTextFormat(Qt.TextFormat.RichText)
        hint = QLabel("Esc skips", self)
        hint.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.choices)
        layout.addWidget(hint)
        self._show_step()

    def _keys(self, modifier: ModifierDef) -> list[str]:
        keys = list(modifier.keys)
        return keys + [str(i + 1) for i in range(len(keys), len(modifier.values))]

    def _show_step(self) -> None:
        modifier = self.modifiers[self._step]
        self.title.setText(modifier.label or modifier.id)
        rows = [
            f"<b>{key}</b>&nbsp;&nbsp;{value}"
            for key, value in zip(self._keys(modifier), modifier.values, strict=False)
        ]
        self.choices.setText("<br>".join(rows))
        self.adjustSize()

    def answer(self, key: str) -> bool:
        """Take ``key`` as the answer to the current modifier; False if it names no value."""
        modifier = self.modifiers[self._step]
        keys = self._keys(modifier)
        if key not in keys:
            return False
        self.values[modifier.id] = modifier.values[keys.index(key)]
        self._next()
        return True

    def skip(self) -> None:
        self._next()

    def _next(self) -> None:
        self._step += 1
        if self._step < len(self.modifiers):
            self._show_step()
        else:
            self._finish()

    def _finish(self) -> None:
        if not self._done:
            self._done = True
            self.answered.emit(dict(self.values))
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.skip()
        else:
            self.answer(event.text())

    def hideEvent(self, event: object) -> None:
        self._finish()  # closed by a click elsewhere: keep what was answered
        super().hideEvent(event)  # type: ignore[arg-type]
