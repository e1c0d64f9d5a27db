"""PlayerWidget: the camera views side by side above the transport controls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from coder.gui.player.controller import PlayerController, ShownFrame
from coder.gui.player.transport import TransportBar
from coder.gui.player.video_view import VideoView


class PlayerWidget(QWidget):
    """Views of every camera plus a TransportBar, all driving one PlayerController.

    With ``shortcuts`` the usual keys work while the widget has focus: Space play/pause,
    Left/Right one frame, Shift ±1 s, Ctrl ±5 s.
    """

    def __init__(
        self,
        controller: PlayerController,
        parent: QWidget | None = None,
        *,
        shortcuts: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.views: list[VideoView] = []
        views_row = QHBoxLayout()
        views_row.setContentsMargins(0, 0, 0, 0)
        views_row.setSpacing(2)
        for camera in range(controller.camera_count):
            info = controller.camera_info(camera)
            title = "" if controller.camera_count == 1 else f"cam {camera + 1}"
            view = VideoView(title, self)
            view.set_aspect(info.width, info.height)
            view.display_size_changed.connect(
                lambda w, h, c=camera: controller.set_display_size(c, w, h)
            )
            views_row.addWidget(view, 1)
            self.views.append(view)
        self.transport = TransportBar(controller, self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(views_row, 1)
        column.addWidget(self.transport)
        controller.frame_shown.connect(self._on_frame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        none, shift, ctrl = (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
            Qt.KeyboardModifier.ControlModifier,
        )
        self._keys: dict[tuple[int, object], Callable[[], None]] = {}
        if shortcuts:
            self._keys = {
                (Qt.Key.Key_Space, none): controller.toggle_play,
                (Qt.Key.Key_Right, none): lambda: controller.step(1),
                (Qt.Key.Key_Left, none): lambda: controller.step(-1),
                (Qt.Key.Key_Right, shift): lambda: controller.skip_ms(1000),
                (Qt.Key.Key_Left, shift): lambda: controller.skip_ms(-1000),
                (Qt.Key.Key_Right, ctrl): lambda: controller.skip_ms(5000),
                (Qt.Key.Key_Left, ctrl): lambda: controller.skip_ms(-5000),
            }

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Player keys (when ``shortcuts``); keys a child uses (e.g. typing a time) stay there."""
        action = self._keys.get((event.key(), event.modifiers()))
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    @Slot(object)
    def _on_frame(self, shown: ShownFrame) -> None:
        self.views[shown.camera].show_frame(shown.image, shown.ms, shown.index)  # type: ignore[arg-type]
