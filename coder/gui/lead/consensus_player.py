"""The consensus workspace's video: the session's cameras, opened off the UI thread, that loop the
disputed span of the selected disagreement (with a little context before and after)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coder.errors import CoderError
from coder.gui.background import run_in_background
from coder.gui.player import PlayerController, PlayerWidget
from coder.media.frame_index import cached_frame_index
from coder.project.project import Project

CONTEXT_MS = 1000  # shown before and after the disputed span


class ConsensusPlayer(QWidget):
    """Video of one session; ``loop(start, end)`` plays that span over and over."""

    position_changed = Signal(int)  # media ms on screen
    ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: PlayerController | None = None
        self.player: PlayerWidget | None = None
        self.session = ""
        self.looping: tuple[int, int] | None = None
        self._generation = 0
        self._pending_loop: tuple[int, int] | None = None
        self.message = QLabel("Choose a session", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setObjectName("muted")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.message)

    def open(self, project: Project, session: str) -> None:
        """Show ``session``'s video (indexed in the background; errors are said in the view)."""
        if session == self.session and self.controller is not None:
            return
        self.close_video()
        self.session = session
        self._generation += 1
        generation = self._generation
        try:
            entry = project.session(session)
            paths = [project.video_path(session, i) for i in range(len(entry.videos))]
        except CoderError as error:
            self.message.setText(f"No video: {error.message}")
            return
        offsets = [v.offset_ms for v in entry.videos[1:]]
        self.message.setText(f"Opening the video of {session}…")

        def done(_indexes: object) -> None:
            if generation == self._generation:
                self._build(paths, offsets)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.message.setText(f"The video cannot be opened: {error}")

        run_in_background(lambda: [cached_frame_index(p) for p in paths], done, failed)

    def _build(self, paths: list[Path], offsets: list[int]) -> None:
        try:
            # One decoding thread per camera: a loop restart or a new disagreement decodes up
            # to a whole group of pictures at once, and with a thread per core that burst took
            # every core from the GUI thread while the lead was deciding.
            self.controller = PlayerController(paths, offsets, decode_threads=1)
        except CoderError as error:
            self.message.setText(f"The video cannot be opened: {error.message}")
            return
        self.player = PlayerWidget(self.controller, self, shortcuts=False)
        self.message.hide()
        self.layout_.addWidget(self.player, 1)
        self.controller.position_changed.connect(self._on_position)
        self.ready.emit()
        if self._pending_loop is not None:
            self.loop(*self._pending_loop)

    def loop(self, start_ms: int, end_ms: int) -> None:
        """Seek to a little before ``start_ms`` and play to a little after ``end_ms``, again and again."""
        self._pending_loop = (start_ms, end_ms)
        if self.controller is None:
            return
        duration = int(self.controller.duration_ms())
        begin = max(0, start_ms - CONTEXT_MS)
        self.looping = (begin, min(duration, max(end_ms, start_ms) + CONTEXT_MS))
        self.controller.play_from_ms(begin)  # one seek, playing or paused

    def stop_loop(self) -> None:
        self.looping = self._pending_loop = None
        if self.controller is not None and self.controller.playing:
            self.controller.pause()

    def _on_position(self, ms: int, _frame: int) -> None:
        self.position_changed.emit(ms)
        if self.looping is not None and self.controller is not None and ms >= self.looping[1]:
            self.controller.seek_ms(self.looping[0])

    def close_video(self) -> None:
        self.looping = None
        if self.player is not None:
            self.layout_.removeWidget(self.player)
            self.player.hide()
            self.player.deleteLater()
            self.player = None
        if self.controller is not None:
            self.controller.close()
            self.controller = None
        self.message.show()
        self.session = ""

    def closeEvent(self, event: object) -> None:
        self.close_video()
        super().closeEvent(event)  # type: ignore[arg-type]
