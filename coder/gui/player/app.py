"""A bare player window for one or more video files (``coder play``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from coder.errors import CoderError
from coder.gui.player.controller import PlayerController
from coder.gui.player.player_widget import PlayerWidget
from coder.media.container import check_video


class PlayerWindow(QMainWindow):
    """A main window holding one PlayerWidget; closing it ends the decoding threads."""

    def __init__(self, controller: PlayerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.player = PlayerWidget(controller, self)
        self.setCentralWidget(self.player)
        names = [controller.camera_info(i).path.name for i in range(controller.camera_count)]
        self.setWindowTitle(" + ".join(names) + " — Coder player")
        controller.error.connect(self._show_error)
        self.resize(min(1600, 660 * controller.camera_count), 560)
        self.player.setFocus()

    def _show_error(self, error: object) -> None:
        QMessageBox.warning(self, "Coder player", str(error))

    def closeEvent(self, event: object) -> None:
        self.controller.close()
        super().closeEvent(event)  # type: ignore[arg-type]


def play_main(paths: Sequence[str], offsets_ms: Sequence[int] = ()) -> int:
    """Open a player window for ``paths`` (the first is the primary camera; ``offsets_ms``
    gives each secondary's offset against it) and run until it is closed. Returns the exit
    status. Raises MediaError when a file cannot be opened (before any window shows)."""
    for path in paths:
        check_video(path)  # a bad file fails here, before Qt needs a display
    app = QApplication.instance() or QApplication(sys.argv[:1])
    controller = PlayerController(list(paths), list(offsets_ms))
    window = PlayerWindow(controller)
    window.show()
    try:
        return int(app.exec())
    except CoderError as error:  # pragma: no cover - shown, not raised, inside the loop
        print(error, file=sys.stderr)
        return 1
