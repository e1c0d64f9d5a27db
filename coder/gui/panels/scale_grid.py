"""Per-episode scales as a compact grid: rows = items, columns = the segments they are rated in.

Each cell is a combo of the scale's points (anchors as tooltips); a choice is one
``set_rating`` command. The column of the segment under the playhead is highlighted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from coder.annotations.changes import ChangeKind, DocumentChange
from coder.annotations.commands import set_rating
from coder.gui.edit_context import EditContext
from coder.gui.panels.scale_widget import scale_values, value_text
from coder.scheme.model import WHOLE_SESSION, RatingItemDef


class ScaleGrid(QWidget):
    """Every (item, segment) rating of the scheme's segment-wise items in one grid."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        scheme = ctx.scheme
        self.items = [i for i in scheme.ratings if any(s != WHOLE_SESSION for s in i.segments)]
        self.columns = [
            d.id for d in scheme.segments if any(d.id in item.segments for item in self.items)
        ]
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(3)
        grid.setVerticalSpacing(2)
        self.headers: dict[str, QLabel] = {}
        for column, seg_id in enumerate(self.columns, start=1):
            definition = scheme.segment(seg_id)
            header = QLabel(seg_id, self)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setToolTip(definition.label if definition else seg_id)
            grid.addWidget(header, 0, column)
            self.headers[seg_id] = header
        self.cells: dict[tuple[str, str], QComboBox] = {}
        for row, item in enumerate(self.items, start=1):
            label = QLabel(item.id, self)
            label.setToolTip(item.label or item.id)
            grid.addWidget(label, row, 0)
            for column, seg_id in enumerate(self.columns, start=1):
                if seg_id in item.segments:
                    cell = self._cell(item)
                    cell.setToolTip(f"{item.label or item.id} in {seg_id}")
                    cell.activated.connect(
                        lambda _i, c=cell, i=item.id, s=seg_id: self.rate(i, s, c.currentData())
                    )
                    grid.addWidget(cell, row, column)
                    self.cells[(item.id, seg_id)] = cell
        grid.setColumnStretch(len(self.columns) + 1, 1)
        grid.setRowStretch(len(self.items) + 1, 1)
        ctx.changed.connect(self._on_change)
        ctx.position_changed.connect(lambda _ms: self._highlight())
        self._current: str | None = "unset"
        self.refresh()

    def _cell(self, item: RatingItemDef) -> QComboBox:
        cell = QComboBox(self)
        cell.addItem("–", None)
        for value in scale_values(item.min, item.max, item.step):
            cell.addItem(value_text(value), value)
            anchor = item.anchors.get(int(value)) if float(value).is_integer() else None
            if anchor:
                cell.setItemData(cell.count() - 1, anchor, Qt.ItemDataRole.ToolTipRole)
        cell.setFixedWidth(46)
        cell.setEnabled(not self.ctx.read_only)
        return cell

    def rate(self, item: str, segment: str, value: float | None) -> None:
        current = self.ctx.document.rating(item, segment)
        if (current.value if current else None) != value:
            self.ctx.execute(set_rating(self.ctx.document, item, segment, value))
        self.refresh()

    def _on_change(self, change: DocumentChange) -> None:
        # only what this panel shows: an event edit in a 10,000-event session redraws no panel
        if change.touches(ChangeKind.RATINGS, ChangeKind.SEGMENTS):
            self.refresh()

    def refresh(self) -> None:
        doc = self.ctx.document
        for (item, segment), cell in self.cells.items():
            rating = doc.rating(item, segment)
            value = None if rating is None else rating.value
            index = cell.findData(value) if value is not None else 0
            cell.setCurrentIndex(max(index, 0))
        self._current = "unset"
        self._highlight()

    def _highlight(self) -> None:
        marked = self.ctx.document.segment_at(self.ctx.current_ms)
        current = marked.segment if marked else None
        if current == self._current:
            return
        self._current = current
        for seg_id, header in self.headers.items():
            marked_here = self.ctx.document.segment_named(seg_id) is not None
            style = "font-weight: bold; color: palette(highlight);" if seg_id == current else ""
            header.setStyleSheet(style if marked_here else style + "color: gray;")
