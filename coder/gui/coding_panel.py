"""The coding panel: one button per code, grouped by stream; a key or click codes the current frame.

Points stamp the frame on screen; states toggle (a running state shows pressed); starting a
state in an exclusive stream ends the running one at the same frame. All through
``code_press`` → ``ctx.execute``. The event is written the moment its key is pressed; its
modifiers are asked by a prompt that never takes the keyboard (see ``ModifierPrompt``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import QGroupBox, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coder.annotations.changes import ChangeKind, DocumentChange
from coder.annotations.coding import code_press, open_states
from coder.annotations.commands import AddEvent, ChangeEvent, Command, Compound
from coder.errors import CoderError
from coder.gui.edit_context import EditContext
from coder.gui.modifier_popup import ModifierPrompt
from coder.scheme.model import CodeDef, CodeKind


def swatch(color: str, size: int = 12) -> QIcon:
    """A small square of the code's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color or "#888888"))
    return QIcon(pixmap)


class CodingPanel(QWidget):
    """Buttons for every code of the scheme; ``press(code_id)`` is what a code key does."""

    coded = Signal(str)  # code id, after the edit went in
    refused = Signal(str)  # why a press coded nothing, in words for the status bar
    prompt_changed = Signal()  # a modifier prompt appeared, moved on or went away

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
        self.popup: ModifierPrompt | None = None  # the modifier prompt of the last event, if pending
        self.pending_event = ""  # that event's id
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.setSpacing(4)
        scheme = ctx.scheme
        for row in scheme.rows():
            stream = scheme.stream(row)
            codes = scheme.codes_in_stream(row)
            title = stream.label if stream is not None else ""
            if stream is not None and stream.exclusive:
                title += " · one at a time"
            box = QGroupBox(title or "Codes", inner)
            box_layout = QVBoxLayout(box)
            box_layout.setSpacing(2)
            bold = box.font()
            bold.setBold(True)  # the style sheet's title weight: the whole title fits
            box.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(box.title()) + 32)
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
        self.setMinimumWidth(inner.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ctx.changed.connect(self._on_change)
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

    def _on_change(self, change: DocumentChange) -> None:
        # only what this panel shows: an event edit in a 10,000-event session redraws no panel
        if change.touches(ChangeKind.EVENTS):
            self.refresh()

    def refresh(self) -> None:
        """Show running states as pressed."""
        running = {e.code for e in open_states(self.ctx.document, self.ctx.scheme)}
        for code_id, button in self.buttons.items():
            if button.isCheckable():
                button.setChecked(code_id in running)

    def press(self, code_id: str) -> None:
        """Code ``code_id`` at the frame now on screen, at once; a pending prompt is left as it is
        (its modifiers unanswered or at their defaults) and this event's modifiers are asked."""
        self.drop_prompt()
        if self.ctx.read_only:
            self.refresh()
            return
        at_ms = self.ctx.snap(self.ctx.current_ms)
        code = self.ctx.scheme.code(code_id)
        if code is None:
            return
        modifiers = [m for mid in code.modifiers if (m := self.ctx.scheme.modifier(mid)) is not None]
        defaults = {m.id: m.default for m in modifiers if m.default}
        try:
            command = code_press(self.ctx.document, self.ctx.scheme, code_id, at_ms, modifiers=defaults)
        except CoderError as error:
            self.refused.emit(error.message + (f" ({error.hint})" if error.hint else ""))
            return
        if not self.ctx.execute(command):
            self.refresh()
            return
        self.refresh()
        self.coded.emit(code_id)
        added = _added_event(command, code_id)
        if modifiers and added:
            self._ask(code, added, modifiers)

    def _ask(self, code: CodeDef, event_id: str, modifiers: list) -> None:  # type: ignore[type-arg]
        if self.pause is not None and self.ctx.scheme.options.pause_for_modifiers:
            self.pause()
        window = self.window()
        prompt = ModifierPrompt(code.label or code.id, modifiers, window)
        self.popup, self.pending_event = prompt, event_id
        # beside the coding panel's top, over the video's edge: never over the controls
        spot = self.mapTo(window, self.rect().topLeft()) if self.isVisible() else window.rect().center()
        x = max(0, min(spot.x() - prompt.width() - 8, window.width() - prompt.width()))
        y = max(0, min(spot.y() + 8, window.height() - prompt.height()))
        prompt.move(x, y)
        prompt.show()
        prompt.raise_()
        self.prompt_changed.emit()

    def answer_key(self, key: str) -> bool:
        """A key pressed while a prompt is pending: set that modifier value (one undo step)."""
        prompt = self.popup
        if prompt is None or not self.ctx.document.has_event(self.pending_event):
            self.drop_prompt()
            return False
        answered = prompt.answer(key)
        if answered is None:
            return False
        event = self.ctx.document.event(self.pending_event)
        values = dict(event.modifiers)
        values[answered[0]] = answered[1]
        self.ctx.execute(ChangeEvent(event, replace(event, modifiers=tuple(sorted(values.items())))))
        if prompt.done:
            self.drop_prompt()
        else:
            self.prompt_changed.emit()
        return True

    def skip_modifier(self) -> None:
        """Esc while a prompt is pending: leave the current modifier unanswered."""
        if self.popup is not None:
            self.popup.skip()
            if self.popup.done:
                self.drop_prompt()
            else:
                self.prompt_changed.emit()

    def drop_prompt(self) -> None:
        if self.popup is not None:
            self.popup.hide()
            self.popup.deleteLater()
            self.popup, self.pending_event = None, ""
            self.prompt_changed.emit()


def _added_event(command: Command, code_id: str) -> str:
    """The id of the event ``command`` adds for ``code_id`` ("" when it adds none)."""
    parts = command.commands if isinstance(command, Compound) else (command,)
    found = [c.event.id for c in parts if isinstance(c, AddEvent) and c.event.code == code_id]
    return found[-1] if found else ""
