"""The coding panel: one button per code, grouped by stream; a key or click codes the current frame.

Points stamp the frame on screen; states toggle (a running state shows pressed); starting a
state in an exclusive stream ends the running one at the same frame. All through
``code_press`` → ``ctx.execute``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QGroupBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coder.annotations.coding import code_press, open_states
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.edit_context import EditContext
from coder.gui.modifier_popup import ModifierPopup
from coder.scheme.model import CodeDef, CodeKind


def swatch(color: str, size: int = 12) -> QIcon:
    """A small square of the code's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color or "#888888"))
    return QIcon(pixmap)


class CodingPanel(QWidget):
    """Buttons for every code of the scheme; ``press(code_id)`` is what a code key does."""

    coded = Signal(str)  # code id, after the edit went in

    def __init__(
        self,
        ctx: EditContext,
        parent: QWidget | None = None,
        *,
        pause: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pause = pause
        self.buttons: dict[str, QPushButton] = {}
        self.popup: ModifierPopup | None = None
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.setSpacing(8)
        scheme = ctx.scheme
        for row in scheme.rows():
            stream = scheme.stream(row)
            codes = scheme.codes_in_stream(row)
            title = stream.label if stream is not None else ""
            if stream is not None and stream.exclusive:
                title += "  ·  one at a time"
            box = QGroupBox(title or "Codes", inner)
            box_layout = QVBoxLayout(box)
            box_layout.setSpacing(3)
            for code in codes:
                box_layout.addWidget(self._button(code, box))
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner.setMinimumWidth(inner.sizeHint().width())
        self.setMinimumWidth(inner.sizeHint().width() + 16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ctx.document_changed.connect(self.refresh)
        self.refresh()

    def _button(self, code: CodeDef, parent: QWidget) -> QPushButton:
        key = f"{code.key}   " if code.key else ""
        button = QPushButton(f"{key}{code.label}", parent)
        button.setProperty("class", "code")
        button.setIcon(swatch(code.color))
        button.setCheckable(code.kind is CodeKind.STATE)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        kind = "state: press to start, again to end" if code.kind is CodeKind.STATE else "point"
        button.setToolTip(f"{code.label} ({kind})" + (f" — key {code.key}" if code.key else ""))
        button.clicked.connect(lambda _checked=False, c=code.id: self.press(c))
        button.setEnabled(not self.ctx.read_only)
        self.buttons[code.id] = button
        return button

    def refresh(self) -> None:
        """Show running states as pressed."""
        running = {e.code for e in open_states(self.ctx.document, self.ctx.scheme)}
        for code_id, button in self.buttons.items():
            if button.isCheckable():
                button.setChecked(code_id in running)

    def press(self, code_id: str) -> None:
        """Code ``code_id`` at the frame now on screen (asking modifiers when it starts an event)."""
        if self.ctx.read_only:
            self.refresh()
            return
        at_ms = self.ctx.snap(self.ctx.current_ms)
        code = self.ctx.scheme.code(code_id)
        if code is None:
            return
        running = {e.code for e in open_states(self.ctx.document, self.ctx.scheme)}
        modifiers = [m for mid in code.modifiers if (m := self.ctx.scheme.modifier(mid)) is not None]
        if modifiers and code_id not in running:
            self._ask(code_id, at_ms, modifiers)
            return
        self._apply(code_id, at_ms, {})

    def _ask(self, code_id: str, at_ms: int, modifiers: list) -> None:  # type: ignore[type-arg]
        if self.popup is not None:
            self.popup.close()
        if self.pause is not None and self.ctx.scheme.options.pause_for_modifiers:
            self.pause()
        popup = ModifierPopup(modifiers, self.window())
        popup.answered.connect(lambda values: self._apply(code_id, at_ms, values))
        self.popup = popup
        button = self.buttons.get(code_id)
        anchor = button if button is not None and button.isVisible() else self.window()
        popup.move(anchor.mapToGlobal(anchor.rect().topRight()))
        popup.show()
        popup.setFocus()

    def _apply(self, code_id: str, at_ms: int, modifiers: dict[str, str]) -> None:
        self.popup = None
        try:
            command = code_press(self.ctx.document, self.ctx.scheme, code_id, at_ms, modifiers=modifiers)
            self.ctx.execute(command)
        except CoderError as error:
            dialogs.show_error(self, error)
            return
        self.refresh()
        self.coded.emit(code_id)
