"""One QUndoCommand adapter over the core's Qt-free edit commands."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from coder.annotations.commands import Command
from coder.annotations.document import AnnotationDocument


class CommandAdapter(QUndoCommand):
    """Puts a core command on a QUndoStack: redo applies it, undo reverts it."""

    def __init__(self, command: Command, document: AnnotationDocument) -> None:
        super().__init__(command.text)
        self.command = command
        self.document = document

    def redo(self) -> None:
        self.command.apply(self.document)

    def undo(self) -> None:
        self.command.revert(self.document)
