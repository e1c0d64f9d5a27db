"""The thin Qt side of the core's undo stack: Undo/Redo actions that follow a CommandStack."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from coder.annotations.undo_stack import CommandStack, StackState


class UndoActions(QObject):
    """Undo and Redo actions for whichever CommandStack is current (none: both disabled).

    ``describe`` turns a stack's command text into the menu's words (the stack already words
    commands with the scheme's labels)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.undo = QAction("Undo", parent)
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = QAction("Redo", parent)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo.triggered.connect(self._undo)
        self.redo.triggered.connect(self._redo)
        self.stack: CommandStack | None = None
        self._disconnect = lambda: None
        self._show(None)

    def set_stack(self, stack: CommandStack | None) -> None:
        self._disconnect()
        self.stack = stack
        self._disconnect = stack.changed.connect(self._show) if stack is not None else (lambda: None)
        self._show(stack.state if stack is not None else None)

    def _undo(self) -> None:
        if self.stack is not None:
            self.stack.undo()

    def _redo(self) -> None:
        if self.stack is not None:
            self.stack.redo()

    def _show(self, state: StackState | None) -> None:
        self.undo.setEnabled(state is not None and state.can_undo)
        self.redo.setEnabled(state is not None and state.can_redo)
        self.undo.setText(f"Undo {state.undo_text}" if state is not None and state.can_undo else "Undo")
        self.redo.setText(f"Redo {state.redo_text}" if state is not None and state.can_redo else "Redo")
