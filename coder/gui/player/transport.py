"""Transport controls: play/pause, steps, jumps, go to time or frame, speed, position slider.

Thin: every control calls the PlayerController and redraws from its signals.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CoderError
from coder.gui.player.controller import PlayerController
from coder.timebase import format_timecode, parse_timecode

SPEEDS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)


def parse_goto(text: str) -> tuple[str, int]:
    """Read 'go to' input: ``#120`` or ``f120`` is a frame, anything else a time (ms)."""
    raw = text.strip()
    if raw[:1] in ("#", "f", "F") and raw[1:].strip().isdigit():
        return "frame", int(raw[1:])
    return "ms", parse_timecode(raw)


class GotoField(QLineEdit):
    """The go-to field: Enter goes there, Esc leaves; either way the keyboard goes back to coding."""

    left = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.left.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class TransportBar(QWidget):
    """Buttons, slider and fields that drive one PlayerController.

    When the player is narrow (a laptop, 200% scaling) the go-to field and the speed move below
    the buttons instead of squeezing them: the bar never holds the video's width hostage.
    """

    def __init__(self, controller: PlayerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.buttons: dict[str, QToolButton] = {}
        self._updating = False  # True while the slider follows the controller
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for name, text, tip, action in (
            ("back5s", "−5 s", "Back 5 seconds (Ctrl+Left)", lambda: controller.skip_ms(-5000)),
            ("back1s", "−1 s", "Back 1 second (Shift+Left)", lambda: controller.skip_ms(-1000)),
            ("back1f", "◀|", "Back 1 frame (Left)", lambda: controller.step(-1)),
            ("play", "▶", "Play / pause (Space)", controller.toggle_play),
            ("fwd1f", "|▶", "Forward 1 frame (Right)", lambda: controller.step(1)),
            ("fwd1s", "+1 s", "Forward 1 second (Shift+Right)", lambda: controller.skip_ms(1000)),
            ("fwd5s", "+5 s", "Forward 5 seconds (Ctrl+Right)", lambda: controller.skip_ms(5000)),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRepeat(name in ("back1f", "fwd1f"))
            button.clicked.connect(action)
            row.addWidget(button)
            self.buttons[name] = button
        self.buttons["play"].setMinimumWidth(48)
        self.time_label = QLabel(self)
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addStretch(1)
        self.tail = QWidget(self)  # the go-to field and the speed, beside or below the buttons
        tail_row = QHBoxLayout(self.tail)
        tail_row.setContentsMargins(0, 0, 0, 0)
        self.goto = GotoField(self.tail)
        self.goto.setPlaceholderText("Go to time or #frame")
        self.goto.setToolTip("Go to a time (hh:mm:ss.mmm, mm:ss or seconds) or a frame (#120): Enter goes, Esc leaves")
        hint_width = self.goto.fontMetrics().horizontalAdvance(self.goto.placeholderText()) + 24
        self.goto.setMinimumWidth(hint_width)
        self.goto.setMaximumWidth(hint_width + 60)
        self.goto.returnPressed.connect(self._go)
        self.goto.left.connect(self._leave_goto)
        tail_row.addWidget(self.goto)
        self.speed = QComboBox(self.tail)
        for speed in SPEEDS:
            self.speed.addItem(f"{speed:g}×", speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.currentIndexChanged.connect(
            lambda i: controller.set_speed(self.speed.itemData(i))
        )
        tail_row.addWidget(self.speed)
        row.addWidget(self.tail)
        self._row = row
        self._below = QHBoxLayout()
        self._below.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, len(controller.frame_times_ms) - 1)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.valueChanged.connect(self._slid)
        top = QHBoxLayout()  # the position (time and frame) beside the slider; controls below
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.slider, 1)
        top.addWidget(self.time_label)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 4)
        column.addLayout(top)
        column.addLayout(row)
        column.addLayout(self._below)
        controller.position_changed.connect(self._on_position)
        controller.playing_changed.connect(self._on_playing)
        controller.speed_changed.connect(self._on_speed)
        self._on_position(controller.current_ms, controller.current_frame)

    def _buttons_width(self) -> int:
        spacing = max(0, self._row.spacing())
        return sum(b.sizeHint().width() + spacing for b in self.buttons.values())

    def _margins(self) -> int:
        layout = self.layout()
        if layout is None:
            return 0
        margins = layout.contentsMargins()
        return margins.left() + margins.right()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the buttons (or the go-to field, or the position), whichever is widest."""
        hint = super().minimumSizeHint()
        position = self.time_label.sizeHint().width() + 60
        narrow = max(self._buttons_width(), self.tail.minimumSizeHint().width(), position)
        return QSize(narrow + self._margins(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_row = self._buttons_width() + 12 + self.tail.minimumSizeHint().width() + self._margins()
        below = self._below.indexOf(self.tail) >= 0
        if event.size().width() >= one_row and below:
            self._below.removeWidget(self.tail)
            self._row.addWidget(self.tail)
        elif event.size().width() < one_row and not below:
            self._row.removeWidget(self.tail)
            self._below.addWidget(self.tail, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            return
        self.updateGeometry()

    @property
    def two_rows(self) -> bool:
        """True while the go-to field and the speed sit below the buttons."""
        return self._below.indexOf(self.tail) >= 0

    @Slot(int)
    def _slid(self, index: int) -> None:
        if not self._updating and index != self._controller.current_frame:
            self._controller.seek_frame(index)

    @Slot(int, int)
    def _on_position(self, ms: int, index: int) -> None:
        total = len(self._controller.frame_times_ms)
        self.time_label.setText(f"{format_timecode(ms)}  frame {index} / {total - 1}")
        self._updating = True
        self.slider.setValue(index)
        self._updating = False

    @Slot(bool)
    def _on_playing(self, playing: bool) -> None:
        self.buttons["play"].setText("❚❚" if playing else "▶")

    @Slot(float)
    def _on_speed(self, speed: float) -> None:
        nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed.blockSignals(True)
        self.speed.setCurrentIndex(nearest)
        self.speed.blockSignals(False)

    @Slot()
    def _go(self) -> None:
        try:
            kind, value = parse_goto(self.goto.text())
        except CoderError as error:
            self.goto.setToolTip(str(error))
            self.goto.setStyleSheet("border: 1px solid #c33;")
            self._leave_goto()  # the red field says what is wrong; keys keep coding meanwhile
            return
        self.goto.setStyleSheet("")
        if kind == "frame":
            self._controller.seek_frame(value)
        else:
            self._controller.seek_ms(value)
        self._leave_goto()

    def _leave_goto(self) -> None:
        """No text field keeps the keyboard after its action: coding keys work again at once."""
        self.goto.clearFocus()
        target = self.parentWidget() or self.window()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
