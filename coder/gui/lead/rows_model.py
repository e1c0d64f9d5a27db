"""A read-only table model over rows of the reliability report's figures (no pandas), with the
below-threshold rows tinted and their estimate marked ▼; the report's sections as such rows; and
the small table helpers of the reliability view.

A ``FigureRow`` is one ``coder.reliability.report.Figure`` with what it measures: the model only
formats the report's values, it computes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coder.annotations.wording import stream_label
from coder.errors import CoderError
from coder.reliability.report.figures import Thresholds, make_figure
from coder.reliability.report.model import Figure, ReliabilityReport, TimedAgreement
from coder.scheme.model import Scheme

COLUMNS = ("What", "Statistic", "Estimate", "95% CI", "n", "Band", "Threshold", "Note")
_BELOW = QColor("#FBE3E1")
_BELOW_TEXT = QColor("#B3261E")
_MISSING_TEXT = QColor("#6B6B6B")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FigureRow:
    """One figure of the report: ``what`` it measures (e.g. "free play · Infant gaze" or a
    session code), the ``statistic`` as shown ("time-unit κ", "ICC(A,1)" …) and the ``figure``."""

    what: str
    statistic: str
    figure: Figure

    @property
    def below(self) -> bool:
        """True when the report flags the estimate as under the lab's threshold."""
        return bool(self.figure.below_threshold)


def _number(value: float | None, statistic: str, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:.{max(1, digits - 1)}f}%" if statistic == "percent" else f"{value:.{digits}f}"


def estimate_digits(figure: Figure) -> int:
    """Decimals that show an estimate on the same side of its threshold as the comparison: two,
    or more when two would round it onto the threshold (0.598 is shown 0.598, not 0.60 ▼)."""
    if figure.estimate is None or figure.threshold is None:
        return 2
    for digits in (2, 3, 4):
        shown = round(figure.estimate, digits)
        if (shown < figure.threshold) == bool(figure.below_threshold) and shown != figure.threshold:
            return digits
    return 4


class FigureRowsModel(QAbstractTableModel):
    """Rows of figures; cells are text, below-threshold rows are tinted red with ▼."""

    def __init__(self, rows: Sequence[FigureRow] = ()) -> None:
        super().__init__()
        self.rows = list(rows)

    def set_rows(self, rows: Sequence[FigureRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def text(self, row: int, column: int) -> str:
        item = self.rows[row]
        f = item.figure
        if column == 0:
            return item.what
        if column == 1:
            return item.statistic
        if column == 2:
            return _number(f.estimate, f.statistic, estimate_digits(f)) + ("  ▼" if item.below else "")
        if column == 3:
            if f.ci_low is None or f.ci_high is None:
                return ""
            return f"{_number(f.ci_low, f.statistic)} – {_number(f.ci_high, f.statistic)}"
        if column == 4:
            return str(f.n)
        if column == 5:
            return f.band or ""
        if column == 6:
            return "" if f.threshold is None else f"{f.threshold:.2f}"
        return f.note

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.figure.note:
                return item.figure.note
            if item.below:
                f = item.figure
                more = estimate_digits(f) > 2
                return (
                    f"{_number(f.estimate, f.statistic, 4)} is below the lab's threshold of {f.threshold:.2f}"
                    + (" (shown with more decimals: to two it would round onto the threshold)" if more else "")
                )
            return None
        if role == Qt.ItemDataRole.BackgroundRole and item.below:
            return QBrush(_BELOW)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.below and index.column() == 2:
                return QBrush(_BELOW_TEXT)
            if item.figure.estimate is None:
                return QBrush(_MISSING_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3, 4, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- tables of the reliability view -------------------------------------------------------------


def rows_table(model: FigureRowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(22)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def plain_table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def value_text(value: str | float | None) -> str:
    if value is None:
        return "(nothing)"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def spin_box(parent: QWidget, low: int, high: int, value: int, suffix: str, tip: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setToolTip(tip)
    return box



# --- the report's sections as rows --------------------------------------------------------------


def _thresholds(report: ReliabilityReport) -> Thresholds:
    p = report.parameters
    return Thresholds(p.kappa_threshold, p.icc_threshold, p.alpha_threshold)


class SchemeWords:
    """The report's scheme and row ids in the scheme's words (the id when a scheme cannot be
    read); ids stay in the report's files and the tables' tooltips."""

    def __init__(self, scheme_of: Callable[[str], Scheme] | None = None) -> None:
        self._scheme_of = scheme_of
        self._schemes: dict[str, Scheme | None] = {}

    def scheme_of(self, scheme_id: str) -> Scheme | None:
        if scheme_id not in self._schemes:
            try:
                self._schemes[scheme_id] = self._scheme_of(scheme_id) if self._scheme_of else None
            except CoderError:
                self._schemes[scheme_id] = None
        return self._schemes[scheme_id]

    def scheme(self, scheme_id: str) -> str:
        found = self.scheme_of(scheme_id)
        return found.title if found is not None and found.title else scheme_id

    def row(self, scheme_id: str, row: str) -> str:
        found = self.scheme_of(scheme_id)
        return stream_label(found, row) if found is not None else row


def _timed_what(t: TimedAgreement, words: SchemeWords) -> str:
    scheme = words.scheme(t.scheme)
    return f"{scheme} · {t.label}" if t.code is None else f"{scheme} · {words.row(t.scheme, t.row)}: {t.label}"


def _no_units(t: TimedAgreement) -> bool:
    """A non-exclusive row as a whole: time-unit figures are given per code only."""
    return t.code is None and t.unit_exact.estimate is None and t.unit_exact.n == 0


def timed_rows(report: ReliabilityReport, words: SchemeWords | None = None) -> list[FigureRow]:
    """Pooled figures of every exclusive stream and every code of the other rows."""
    words = words or SchemeWords()
    rows = []
    for t in report.timed:
        what = _timed_what(t, words)
        if not _no_units(t):
            rows += [
                FigureRow(what, "time-unit κ", t.unit_exact),
                FigureRow(what, "time-unit κ ±tol.", t.unit_tolerant),
                FigureRow(what, "time-unit %", t.unit_percent),
            ]
        if t.code is None:
            rows.append(FigureRow(what, "event κ", t.event))
        rows.append(FigureRow(what, "event %", t.event_percent))
    return rows


def session_rows(report: ReliabilityReport, words: SchemeWords | None = None) -> list[FigureRow]:
    """Each double-coded session's time-unit and event figures (no CIs: one session)."""
    words = words or SchemeWords()
    thresholds = _thresholds(report)
    found: list[tuple[str, int, FigureRow]] = []
    for order, t in enumerate(report.timed):
        for s in t.sessions:
            what = f"{s.session} ({s.coder_a}/{s.coder_b}) · {_timed_what(t, words)}"
            figures = []
            if not _no_units(t):
                figures += [
                    ("time-unit κ", "kappa", s.unit_kappa, s.n_units),
                    ("time-unit κ ±tol.", "kappa", s.unit_kappa_tolerant, s.n_units),
                    ("time-unit %", "percent", s.unit_percent, s.n_units),
                ]
            if t.code is None:
                figures.append(("event κ", "kappa", s.event_kappa, s.n_events))
            figures.append(("event %", "percent", s.event_percent, s.n_events))
            for label, statistic, value, n in figures:
                note = "" if n else "nothing to compare"
                figure = make_figure(statistic, value, None, n, thresholds, note)
                found.append((s.session, order, FigureRow(what, label, figure)))
    found.sort(key=lambda x: (x[0], x[1]))
    return [row for _s, _o, row in found]


_KIND = {"item": "", "composite": " (composite)", "d_rating": " (D rating)"}


def rating_rows(report: ReliabilityReport, words: SchemeWords | None = None) -> list[FigureRow]:
    """Every rating item, composite and D rating: ICC, weighted κ, ordinal α, exact %."""
    words = words or SchemeWords()
    rows = []
    for r in report.ratings:
        what = f"{words.scheme(r.scheme)} · {r.label}{_KIND.get(r.kind, '')}"
        rows += [
            FigureRow(what, "ICC(A,1)", r.icc),
            FigureRow(what, "weighted κ", r.weighted_kappa),
            FigureRow(what, "α ordinal", r.alpha),
            FigureRow(what, "exact %", r.exact_percent),
        ]
    return rows


def classification_rows(report: ReliabilityReport, words: SchemeWords | None = None) -> list[FigureRow]:
    """Every reduction of each scheme's classification (SSP ABCD, forced ABC, secure, D …)."""
    words = words or SchemeWords()
    rows = []
    for c in report.classification:
        for red in c.reductions:
            what = f"{words.scheme(c.scheme)} · {red.label}"
            rows += [FigureRow(what, "κ", red.kappa), FigureRow(what, "%", red.percent)]
    return rows
