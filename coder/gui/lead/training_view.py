"""The lead's training dashboard: certification status and drift alarms per coder, and for the
selected coder their agreement with the gold over time and what they most confuse.

Everything is computed by ``coder.training.training_overview`` in the background (the same
figures ``coder certify`` and ``coder drift`` print); the view only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.project.project import Project
from coder.training.accuracy import RowAccuracy
from coder.training.overview import CoderOverview, TrainingOverview, training_overview

ALARM = QColor("#c0392b")
LINE_COLOURS = ("#2c3e50", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085")


def _item(text: str, tooltip: str = "", colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    if colour is not None:
        item.setForeground(colour)
    return item


class AccuracyChart(QWidget):
    """κ against the gold per row (lines) over the coder's scored gold sessions (x)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[RowAccuracy, ...] = ()
        self.criterion = 0.8
        self.setMinimumHeight(180)

    def show_rows(self, rows: tuple[RowAccuracy, ...], criterion: float) -> None:
        self.rows = tuple(r for r in rows if any(p.kappa is not None for p in r.points))
        self.criterion = criterion
        self.update()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(40, 12, -160, -24)
        painter.setPen(self.palette().text().color())
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No scored gold sessions")
            return
        n = max(len(r.points) for r in self.rows)

        def at(i: int, kappa: float) -> QPointF:
            x = area.left() + area.width() * (i / max(n - 1, 1))
            y = area.bottom() - area.height() * max(0.0, min(1.0, (kappa + 0.2) / 1.2))
            return QPointF(x, y)

        painter.drawRect(area)
        for value in (0.0, 0.5, 1.0):
            y = at(0, value).y()
            painter.drawText(QRectF(0, y - 8, 36, 16), Qt.AlignmentFlag.AlignRight, f"{value:.1f}")
        dashed = QPen(QColor("#e67e22"))
        dashed.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        y = at(0, self.criterion).y()
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        for index, row in enumerate(self.rows):
            colour = QColor(LINE_COLOURS[index % len(LINE_COLOURS)])
            painter.setPen(QPen(colour, 2))
            path = QPainterPath()
            started = False
            for i, point in enumerate(row.points):
                if point.kappa is None:
                    continue
                where = at(i, point.kappa)
                if started:
                    path.lineTo(where)
                else:
                    path.moveTo(where)
                    started = True
                painter.drawEllipse(where, 3, 3)
            painter.drawPath(path)
            painter.drawText(
                QRectF(area.right() + 8, area.top() + 18 * index, 150, 16),
                Qt.AlignmentFlag.AlignLeft,
                row.label,
            )


class TrainingView(QWidget):
    """Certification and drift per coder; accuracy against the gold for the selected coder."""

    computed = Signal(object)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.overview: TrainingOverview | None = None
        self.setWindowTitle("Training and drift")
        self.resize(1000, 640)
        self.rule = QLabel("Computing…")
        self.rule.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.rule, 1)
        top.addWidget(self.refresh_button)

        self.coders = QTableWidget(0, 6)
        self.coders.setHorizontalHeaderLabels(
            ["Coder", "Status", "Certified on", "Training sessions", "Drift checks", "Drift alarm"]
        )
        self.coders.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.coders.horizontalHeader().setStretchLastSection(True)
        self.coders.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.coders.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.coders.itemSelectionChanged.connect(self._show_selected)

        self.chart = AccuracyChart()
        self.confusions = QTableWidget(0, 4)
        self.confusions.setHorizontalHeaderLabels(["Row", "Gold coded", "Coder coded", "Units"])
        self.confusions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.detail = QLabel("Select a coder to see their agreement with the gold.")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart)
        split.addWidget(self.confusions)
        split.setSizes([600, 400])
        lower_layout.addWidget(split, 1)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.coders)
        body.addWidget(lower)
        body.setSizes([260, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.computed.connect(self._shown)
        self.refresh()

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.rule.setText("Computing…")
        project = self.project  # the worker must not hold the view: its last reference
        # could then be dropped on the worker thread, destroying widgets there
        run_in_background(
            lambda: training_overview(project), self.computed.emit, self.computed.emit
        )

    def _shown(self, result: object) -> None:
        self.refresh_button.setEnabled(True)
        if isinstance(result, BaseException):
            self.rule.setText("Could not compute the training overview.")
            if isinstance(result, CoderError):
                dialogs.show_error(self, result)
                return
            raise result
        assert isinstance(result, TrainingOverview)
        self.overview = result
        self.rule.setText(result.drift.rule_text)
        alarms = {c.coder: c for c in result.drift.coders}
        self.coders.setRowCount(len(result.coders))
        for row, coder in enumerate(result.coders):
            cert = coder.certification
            drift = alarms.get(cert.coder)
            alarm = drift.alarm if drift else False
            names = {c.id: c.name for c in self.project.coders}
            scored = len(cert.sessions)
            values = [
                _item(names.get(cert.coder) or cert.coder, cert.coder),
                _item(cert.status, colour=ALARM if cert.status == "lapsed" else None),
                _item((cert.certified_on or "—")[:10], cert.certified_on or ""),
                _item(f"{scored} scored, {len(cert.pending)} to do"),
                _item(str(len(drift.checks)) if drift else "0"),
                _item(
                    f"since {drift.alarm_session} ({drift.alarm_date})" if drift and alarm else "none",
                    colour=ALARM if alarm else None,
                ),
            ]
            for column, item in enumerate(values):
                self.coders.setItem(row, column, item)
        if result.coders and not self.coders.selectedItems():
            self.coders.selectRow(0)

    def _selected(self) -> CoderOverview | None:
        rows = {i.row() for i in self.coders.selectedItems()}
        if self.overview is None or not rows:
            return None
        return self.overview.coders[min(rows)]

    def _show_selected(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        accuracy = chosen.accuracy
        criterion = chosen.certification.settings.criteria.unit_kappa
        self.detail.setText(
            f"{accuracy.coder}: exact time-unit κ against the gold in {len(accuracy.sessions)} "
            f"scored gold sessions (dashed: the criterion {criterion:g}); most frequent "
            "confusions on the right."
        )
        self.chart.show_rows(accuracy.rows, criterion)
        confusions = [(r.label, c) for r in accuracy.rows for c in r.confusions]
        confusions.sort(key=lambda rc: -rc[1].units)
        self.confusions.setRowCount(len(confusions))
        for row, (label, confusion) in enumerate(confusions):
            for column, text in enumerate(
                (label, confusion.gold_label, confusion.coded_label, str(confusion.units))
            ):
                self.confusions.setItem(row, column, _item(text))
