"""A read-only table model over a list of ``AgreementRow`` values (no pandas), with the
below-threshold rows marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from coder.gui.lead.pair_agreement import AgreementRow

COLUMNS = ("What", "Statistic", "Value", "95% CI", "n", "Band", "Threshold", "Notes")
_BELOW = QColor("#FBE3E1")
_BELOW_TEXT = QColor("#B3261E")

Index = QModelIndex | QPersistentModelIndex


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


class AgreementRowsModel(QAbstractTableModel):
    """Rows of statistics; cells are text, below-threshold rows are tinted red."""

    def __init__(self, rows: Sequence[AgreementRow] = ()) -> None:
        super().__init__()
        self.rows = list(rows)

    def set_rows(self, rows: Sequence[AgreementRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def text(self, row: int, column: int) -> str:
        item = self.rows[row]
        if column == 0:
            return item.what
        if column == 1:
            return item.statistic
        if column == 2:
            return _number(item.value) + ("  ▼" if item.below else "")
        if column == 3:
            return "" if item.ci is None else f"{item.ci[0]:.2f} – {item.ci[1]:.2f}"
        if column == 4:
            return "" if item.n is None else str(item.n)
        if column == 5:
            return item.band
        if column == 6:
            return "" if item.threshold is None else f"{item.threshold:.2f}"
        return item.note

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 7:
            return item.note or None
        if role == Qt.ItemDataRole.BackgroundRole and item.below:
            return QBrush(_BELOW)
        if role == Qt.ItemDataRole.ForegroundRole and item.below and index.column() == 2:
            return QBrush(_BELOW_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3, 4, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
