"""The event table: every event of the session, sortable, filterable by code, editable in place.

Each cell edit becomes one ChangeEvent through ``ctx.execute``; double-click jumps the video there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.changes import DocumentChange
from coder.annotations.commands import change_event
from coder.annotations.model import Event
from coder.annotations.wording import modifier_label
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.coding_panel import swatch
from coder.gui.edit_context import EditContext
from coder.gui.panels.time_text import short_timecode
from coder.scheme.model import Scheme
from coder.timebase import parse_timecode

COLUMNS = ("Start", "End", "Code", "Modifiers", "Comment")
START, END, CODE, MODIFIERS, COMMENT = range(len(COLUMNS))
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def format_modifiers(event: Event, scheme: Scheme | None = None) -> str:
    """The event's modifiers in the scheme's words ("Tone: positive"); "?" marks one not answered."""
    if scheme is None:
        return "; ".join(f"{key}={value}" for key, value in event.modifiers)
    code = scheme.code(event.code)
    given = dict(event.modifiers)
    parts = []
    for modifier_id in code.modifiers if code is not None else list(given):
        value = given.get(modifier_id)
        parts.append(f"{modifier_label(scheme, modifier_id)}: {value if value is not None else '?'}")
    return "; ".join(parts)


class EventTableModel(QAbstractTableModel):
    """The document's events as rows, kept in the order of the sort column; edits go through
    commands.

    The model sorts itself (a key per event, Python's sort): a proxy sorting 10,000 rows asked
    for each cell's value some 240,000 times, a second and more of a frozen window on opening a
    long session. An edit moves its one row to where the order puts it.
    """

    def __init__(self, ctx: EditContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.events: list[Event] = []
        self._row_of: dict[str, int] = {}
        self._codes = {c.id: c for c in ctx.scheme.codes}  # looked up for every cell painted
        self.sort_column, self.sort_order = START, Qt.SortOrder.AscendingOrder
        self._seq: dict[str, int] = {}
        ctx.changed.connect(self.apply_change)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        events = self.ctx.document.events()
        self._seq = {e.id: i for i, e in enumerate(events)}  # ties: in the order they were coded
        self.events = sorted(events, key=self._key, reverse=self._descending)
        self._row_of = {e.id: i for i, e in enumerate(self.events)}
        self.endResetModel()

    # -- order -----------------------------------------------------------------------------
    @property
    def _descending(self) -> bool:
        return self.sort_order == Qt.SortOrder.DescendingOrder

    def _key(self, event: Event) -> tuple[Any, int, int]:
        """What rows are ordered by: the sort column's value, then start, then the order the
        events were coded in."""
        column = self.sort_column
        value: Any
        if column == START:
            value = event.start_ms
        elif column == END:
            value = -1 if event.end_ms is None else event.end_ms
        elif column == CODE:
            code = self._codes.get(event.code)
            value = code.label if code is not None else event.code
        elif column == MODIFIERS:
            value = format_modifiers(event, self.ctx.scheme)
        else:
            value = event.comment
        return (value, event.start_ms, self._seq.get(event.id, len(self._seq)))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self.events[i.row()].id, i.column()) if i.isValid() else None for i in before]
        self.sort_column, self.sort_order = column, order
        self.events.sort(key=self._key, reverse=self._descending)
        self._row_of = {e.id: i for i, e in enumerate(self.events)}
        after = [self.index(self._row_of[k[0]], k[1]) if k is not None else QModelIndex() for k in kept]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _place(self, event: Event, *, skip: int | None = None) -> int:
        """The row ``event`` goes to among the rows but row ``skip`` (its own), by bisection."""
        key, descending = self._key(event), self._descending
        lo, hi = 0, len(self.events) - (skip is not None)
        while lo < hi:
            mid = (lo + hi) // 2
            other = self._key(self.events[mid + (skip is not None and mid >= skip)])
            if (other > key) if descending else (other < key):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _renumber(self, first: int, last: int) -> None:
        for row in range(first, min(last, len(self.events) - 1) + 1):
            self._row_of[self.events[row].id] = row

    # -- changes ---------------------------------------------------------------------------
    def apply_change(self, change: DocumentChange) -> None:
        """Update only the rows of the events the change names (an edit of 10,000 events is
        one row changed, moved, added or removed, not a reset)."""
        if not change.events:
            return
        doc = self.ctx.document
        for event_id in change.events:
            row = self._row_of.get(event_id)
            if row is not None and doc.has_event(event_id):
                self._changed(row, doc.event(event_id))
            elif row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.events[row]
                del self._row_of[event_id]
                self._renumber(row, len(self.events))
                self.endRemoveRows()
            elif doc.has_event(event_id):
                event = doc.event(event_id)
                self._seq.setdefault(event_id, len(self._seq))
                row = self._place(event)
                self.beginInsertRows(QModelIndex(), row, row)
                self.events.insert(row, event)
                self._renumber(row, len(self.events))
                self.endInsertRows()

    def _changed(self, row: int, event: Event) -> None:
        """Row ``row`` now shows ``event``: moved to where the order puts it (the selection
        follows it), then redrawn."""
        place = self._place(event, skip=row)
        if place != row:  # Qt numbers the destination before the move: one more when moving down
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), place if place < row else place + 1)
            del self.events[row]
            self.events.insert(place, event)
            self._renumber(min(row, place), max(row, place))
            self.endMoveRows()
            row = place
        else:
            self.events[row] = event
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.ctx.read_only else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.events[index.row()]
        column = index.column()
        code = self._codes.get(event.code)
        if role == CODE_ROLE:
            return event.code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == START:
                return short_timecode(event.start_ms)
            if column == END:
                if event.end_ms is None:
                    return "" if code is None or code.kind.value == "point" else "running"
                return short_timecode(event.end_ms)
            if column == CODE:
                return code.label if code is not None else event.code
            if column == MODIFIERS:
                text = format_modifiers(event, self.ctx.scheme)
                return text if role == Qt.ItemDataRole.DisplayRole else "; ".join(v for _k, v in event.modifiers)
            return event.comment
        if role == Qt.ItemDataRole.DecorationRole and column == CODE and code is not None:
            return swatch(code.color)
        if role == Qt.ItemDataRole.ForegroundRole and column == END and event.end_ms is None:
            return QColor("#6B7280")
        if role == Qt.ItemDataRole.ForegroundRole and column == MODIFIERS and "?" in format_modifiers(event, self.ctx.scheme):
            return QColor("#B7791F")  # a modifier still to answer
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == MODIFIERS:
                return "Double-click or F2 to answer: type the value (e.g. positive), or name=value; ids: " + format_modifiers(event)
            return f"{event.code} · {event.id}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.ctx.read_only:
            return False
        event = self.events[index.row()]
        try:
            after = self._edited(event, index.column(), str(value).strip())
        except CoderError as error:
            dialogs.show_error(None, error)
            return False
        if after == event:
            return False
        self.ctx.execute(change_event(self.ctx.document, after))
        return True

    def _edited(self, event: Event, column: int, text: str) -> Event:
        scheme = self.ctx.scheme
        if column == START:
            return replace(event, start_ms=self.ctx.snap(parse_timecode(text)))
        if column == END:
            if text in ("", "running"):
                return replace(event, end_ms=None)
            return replace(event, end_ms=self.ctx.snap(parse_timecode(text)))
        if column == CODE:
            found = next((c for c in scheme.codes if text in (c.id, c.label)), None)
            if found is None:
                raise CoderError(f"'{text}' is not a code of this scheme", hint="type a code's name")
            return replace(event, code=found.id)
        if column == MODIFIERS:
            return replace(event, modifiers=self._modifiers(event, text))
        return replace(event, comment=text)

    def _modifiers(self, event: Event, text: str) -> tuple[tuple[str, str], ...]:
        scheme = self.ctx.scheme
        code = scheme.code(event.code)
        allowed = list(code.modifiers) if code is not None else []
        pairs: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in text.split(";"))):
            key, sep, value = part.partition("=")
            if not sep:
                key, sep, value = part.partition(":")
            if not sep and len(allowed) == 1:
                key, value = allowed[0], part
            key = next((m for m in allowed if key.strip() in (m, modifier_label(scheme, m))), key)
            key, value = key.strip(), value.strip()
            modifier = self.ctx.scheme.modifier(key)
            if key not in allowed or modifier is None or value not in modifier.values:
                raise CoderError(
                    f"'{part}' is not a modifier value of this code",
                    hint="write modifier=value, e.g. " + "; ".join(f"{m}=…" for m in allowed),
                )
            pairs[key] = value
        return tuple(sorted(pairs.items()))


class CodeFilter(QSortFilterProxyModel):
    """Shows only the events of one code ("" shows all), in the event model's own order (a sort
    asked of the filter is the model's).

    The code is matched by Qt's own filter (the whole code id, in ``CODE_ROLE``), so with no
    code chosen a row moved by an edit costs no call into Python per row of the session."""

    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self.setFilterRole(CODE_ROLE)
        self.setFilterKeyColumn(0)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_code(self, code: str) -> None:
        self.code = code
        self.setFilterRegularExpression(
            QRegularExpression(QRegularExpression.anchoredPattern(QRegularExpression.escape(code))) if code else QRegularExpression()
        )


class EventTable(QWidget):
    """Filter by code above a sortable, editable table of events."""

    event_selected = Signal(str)  # event id of the current row

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = EventTableModel(ctx)
        self.proxy = CodeFilter()
        self.proxy.setSourceModel(self.model)
        self.filter = QComboBox(self)
        self.filter.addItem("All codes", "")
        for code in ctx.scheme.codes:
            self.filter.addItem(swatch(code.color), code.label, code.id)
        self.filter.currentIndexChanged.connect(lambda i: self.proxy.set_code(self.filter.itemData(i)))
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.horizontalHeader().setSortIndicator(START, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # sorts once, by the indicator: start, earliest first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        self.view.doubleClicked.connect(self._jump)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        # columns as wide as what they show (the header's too), so a narrow dock clips none
        metrics = self.view.fontMetrics()
        time_width = metrics.horizontalAdvance("00:00.000") + 14
        labels = [c.label for c in ctx.scheme.codes] or ["Code"]
        code_width = max(metrics.horizontalAdvance(label) for label in labels) + 28
        answers = [
            f"{modifier_label(ctx.scheme, m.id)}: {value}" for m in ctx.scheme.modifiers for value in m.values
        ]
        modifiers_width = min(240, max(metrics.horizontalAdvance(text) for text in [*answers, "Modifiers"]) + 14)
        for column, width in ((START, time_width), (END, time_width), (CODE, code_width), (MODIFIERS, modifiers_width)):
            self.view.setColumnWidth(column, width)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show", self))
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def needed_width(self) -> int:
        """Width (px) that shows the start, end, code and modifiers columns whole; the comment
        column after them scrolls into view when the dock is narrower."""
        columns = sum(self.view.columnWidth(c) for c in (START, END, CODE, MODIFIERS))
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        chrome = self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth() + 4
        return columns + chrome + margins.left() + margins.right()

    def _current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.event_selected.emit(self.model.events[source.row()].id)

    def _jump(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.ctx.request_seek(self.model.events[source.row()].start_ms)
