"""Machine suggestions in the workstation: hatched lanes under the timeline and a panel to step
through them by key.

The coder goes to the next pending suggestion (the video seeks there), may move its start or
end to the current frame, and accepts (an ordinary, undoable event through the editor's command
path, with provenance and audit entry — ``coder.assist.SuggestionQueue``) or rejects it. The
widgets hold no state of their own beyond which suggestion is selected and its adjusted times.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.assist.accept import SuggestionQueue, SuggestionState
from coder.assist.model import Decision, Suggestion
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.edit_context import EditContext
from coder.gui.style import GRID, MUTED, TEXT
from coder.gui.timeline.timeline_model import LABEL_WIDTH
from coder.gui.timeline.timeline_view import TimelineView
from coder.timebase import format_timecode

LANE = 18  # px per suggestion lane
KEYS = {
    "next": ("Next suggestion", "Ctrl+."),
    "accept": ("Accept the suggestion", "Ctrl+Return"),
    "reject": ("Reject the suggestion", "Ctrl+Backspace"),
    "start": ("Suggestion starts here", "Ctrl+["),
    "end": ("Suggestion ends here", "Ctrl+]"),
}


class SuggestionsController(QObject):
    """The selected suggestion and its adjusted times; accept/reject through the queue."""

    changed = Signal()

    def __init__(self, queue: SuggestionQueue, ctx: EditContext) -> None:
        super().__init__()
        self.queue = queue
        self.ctx = ctx
        self.selected: Suggestion | None = None
        self.start_ms: int | None = None
        self.end_ms: int | None = None
        ctx.changed.connect(lambda _change: self.changed.emit())

    def states(self) -> list[SuggestionState]:
        return self.queue.states()

    def label(self, suggestion: Suggestion) -> str:
        scheme = self.ctx.scheme
        found = scheme.segment(suggestion.code) if suggestion.kind == "segment" else scheme.code(suggestion.code)
        return (found.label if found is not None and found.label else suggestion.code)

    def select(self, suggestion: Suggestion | None) -> None:
        self.selected = suggestion
        self.start_ms = suggestion.start_ms if suggestion else None
        self.end_ms = suggestion.end_ms if suggestion else None
        if suggestion is not None:
            self.ctx.request_seek(suggestion.start_ms)
        self.changed.emit()

    def next(self) -> None:
        after = self.selected.start_ms if self.selected is not None else self.ctx.current_ms - 1
        self.select(self.queue.next_pending(after))

    def start_here(self) -> None:
        if self.selected is not None:
            self.start_ms = self.ctx.current_ms
            self.changed.emit()

    def end_here(self) -> None:
        if self.selected is not None and self.selected.end_ms is not None:
            self.end_ms = self.ctx.current_ms
            self.changed.emit()

    def accept(self) -> None:
        if self.selected is None:
            return
        try:
            event = self.queue.accept(self.selected, start_ms=self.start_ms, end_ms=self.end_ms)
        except CoderError as error:
            dialogs.show_error(None, error)
            return
        if event is not None:
            self.next()

    def reject(self) -> None:
        if self.selected is None:
            return
        self.queue.reject(self.selected)
        self.next()


class SuggestionLanes(QWidget):
    """Pending suggestions as hatched bars, one lane per code (its label in italics with a
    question mark), aligned with the timeline."""

    def __init__(self, controller: SuggestionsController, timeline: TimelineView) -> None:
        super().__init__()
        self.setToolTip("Machine suggestions: not part of your record until you accept them")
        self.controller = controller
        self.timeline = timeline
        self.codes: list[str] = []
        controller.changed.connect(self._relayout)
        timeline.view_changed.connect(self.update)
        self._relayout()

    def _relayout(self) -> None:
        pending = [s.suggestion for s in self.controller.states() if s.decision is Decision.PENDING]
        self.codes = sorted({s.code for s in pending}, key=lambda c: (c not in self._order(), c))
        self.setFixedHeight(max(1, len(self.codes)) * LANE + 4)
        self.update()

    def _order(self) -> list[str]:
        return [c.id for c in self.controller.ctx.scheme.codes]

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        model = self.timeline.model
        painter.fillRect(self.rect(), QColor("#FAFAFC"))
        pending = [s.suggestion for s in self.controller.states() if s.decision is Decision.PENDING]
        if not pending:
            painter.setPen(MUTED)
            painter.drawText(4, LANE - 4, "No suggestions left")
            return
        for lane, code in enumerate(self.codes):
            top = 2 + lane * LANE
            painter.setPen(GRID)
            painter.drawLine(0, top + LANE - 1, self.width(), top + LANE - 1)
            painter.setPen(MUTED)
            label = self.controller.label(next(s for s in pending if s.code == code))
            font = painter.font()
            font.setItalic(True)
            painter.setFont(font)
            shown = QFontMetrics(font).elidedText(f"{label}?", Qt.TextElideMode.ElideMiddle, LABEL_WIDTH - 10)
            painter.drawText(QRectF(4, top, LABEL_WIDTH - 8, LANE), Qt.AlignmentFlag.AlignVCenter, shown)
            look = self.controller.ctx.scheme.code(code)
            colour = QColor(look.color) if look is not None and look.color else QColor("#7A869A")
            for suggestion in (s for s in pending if s.code == code):
                selected = suggestion == self.controller.selected
                start = self.controller.start_ms if selected and self.controller.start_ms is not None else suggestion.start_ms
                end = self.controller.end_ms if selected else suggestion.end_ms
                x0 = max(LABEL_WIDTH, model.x_of(start))
                x1 = model.x_of(end) if end is not None else x0 + 3
                if x1 < LABEL_WIDTH or x0 > self.width():
                    continue
                rect = QRectF(x0, top + 2, max(3.0, x1 - x0), LANE - 5)
                painter.setPen(QPen(colour, 2 if selected else 1))
                painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
                painter.drawRect(rect)


class SuggestionsPanel(QWidget):
    """The list of suggestions with their state, and the keys to step, adjust, accept, reject."""

    def __init__(self, controller: SuggestionsController, window: QWidget) -> None:
        super().__init__()
        self.controller = controller
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Start", "Code", "Tool", "State"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.cellClicked.connect(self._clicked)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.current = QLabel()
        self.current.setWordWrap(True)
        buttons = QGridLayout()  # three and two: the panel fits a narrow dock
        self.shortcuts: dict[str, QShortcut] = {}
        actions = {
            "next": controller.next,
            "accept": controller.accept,
            "reject": controller.reject,
            "start": controller.start_here,
            "end": controller.end_here,
        }
        for name, action in actions.items():
            text, keys = KEYS[name]
            words = text.replace(" the suggestion", "").replace("Suggestion ", "")
            button = QPushButton(words[:1].upper() + words[1:], self)
            button.setToolTip(f"{text} ({keys})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
            buttons.addWidget(button, len(self.shortcuts) // 3, len(self.shortcuts) % 3)
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self.shortcuts[name] = shortcut
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        controller.changed.connect(self.refresh)
        self.refresh()

    def _clicked(self, row: int, _column: int) -> None:
        states = self.controller.states()
        if 0 <= row < len(states):
            self.controller.select(states[row].suggestion)

    def refresh(self) -> None:
        states = self.controller.states()
        counts = {d: sum(1 for s in states if s.decision is d) for d in Decision}
        self.summary.setText(
            f"{counts[Decision.PENDING]} to decide, {counts[Decision.ACCEPTED]} accepted, "
            f"{counts[Decision.REJECTED]} rejected. Suggestions are not part of your record "
            "until you accept them."
        )
        chosen = self.controller.selected
        if chosen is None:
            self.current.setText(f"Press {KEYS['next'][1]} for the next suggestion.")
        else:
            end = self.controller.end_ms
            span = format_timecode(self.controller.start_ms or 0) + (
                f" – {format_timecode(end)}" if end is not None else ""
            )
            self.current.setText(
                f"<b>{self.controller.label(chosen)}</b> {span} "
                f"<span style='color:{MUTED.name()}'>({chosen.provenance.tool})</span>"
            )
        self.table.setRowCount(len(states))
        words = {Decision.PENDING: "to decide", Decision.ACCEPTED: "accepted", Decision.REJECTED: "rejected"}
        for row, state in enumerate(states):
            s = state.suggestion
            for column, text in enumerate(
                (format_timecode(s.start_ms), self.controller.label(s), s.provenance.tool, words[state.decision])
            ):
                item = QTableWidgetItem(text)
                if state.decision is not Decision.PENDING:
                    item.setForeground(MUTED)
                else:
                    item.setForeground(TEXT)
                self.table.setItem(row, column, item)
            if s == chosen:
                self.table.selectRow(row)
