"""What one open session of the workstation is made of: its record, edit context and player."""

from __future__ import annotations

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QDockWidget

from coder.gui.edit_context import EditContext
from coder.gui.player import PlayerController


class OpenSession:
    """What one open session is made of; closed together."""

    def __init__(self, code: str, record_of: str, ctx: EditContext, controller: PlayerController) -> None:
        self.code = code
        self.record_of = record_of
        self.ctx = ctx
        self.controller = controller
        self.docks: list[QDockWidget] = []
        self.code_keys: list[QShortcut] = []

    def close(self) -> None:
        self.controller.close()
        self.ctx.close()

