"""The lead's analysis view: one coder's session as an ethogram, lag heat map or transition diagram,
with the session's lag table below. Figures and numbers come from the core
(``coder.analysis.plots.session_figure``), the same functions ``coder plot`` uses.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.lag_sequential import LagResult
from coder.analysis.plots.render import render, save_figure
from coder.analysis.plots.session_figure import (
    KINDS,
    default_stream,
    load_session,
    session_figure,
    session_lag,
)
from coder.errors import CoderError
from coder.gui import dialogs
from coder.project.project import Project


class AnalysisView(QWidget):
    """Pick session, coder, plot kind and stream; shows the figure and the lag table (z, n).

    ``refreshed`` is emitted each time the figure and table are redrawn.
    """

    refreshed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Analysis — session plots")
        self.session = QComboBox()
        self.session.setObjectName("analysis-session")
        self.session.addItems(sorted(s.code for s in project.sessions))
        self.coder = QComboBox()
        self.coder.setObjectName("analysis-coder")
        self.kind = QComboBox()
        self.kind.setObjectName("analysis-kind")
        self.kind.addItems(list(KINDS))
        self.stream = QComboBox()
        self.stream.setObjectName("analysis-stream")
        save = QPushButton("Save figure…")
        save.setObjectName("analysis-save")
        row = QHBoxLayout()
        for label, widget in (("Session", self.session), ("Coder", self.coder), ("Plot", self.kind),
                              ("Stream", self.stream)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(save)
        self.figure = QLabel()
        self.figure.setObjectName("analysis-figure")
        scroll = QScrollArea()
        scroll.setWidget(self.figure)
        scroll.setWidgetResizable(True)
        self.table = QTableWidget()
        self.table.setObjectName("analysis-lag-table")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(scroll, 3)
        layout.addWidget(QLabel("Lag-1 table of the stream: adjusted residual z (count)"))
        layout.addWidget(self.table, 1)
        self.session.currentTextChanged.connect(self._session_changed)
        for combo in (self.coder, self.kind, self.stream):
            combo.currentTextChanged.connect(self.refresh)
        save.clicked.connect(self._save)
        self.resize(1000, 800)
        self._session_changed()

    def _session_changed(self) -> None:
        code = self.session.currentText()
        for combo in (self.coder, self.stream):
            combo.blockSignals(True)
            combo.clear()
        if code:
            self.coder.addItems(self.project.coders_of(code))
            scheme = self.project.scheme_for(code)
            streams = [s.id for s in scheme.streams if s.exclusive] or scheme.rows()
            self.stream.addItems(streams)
            if streams:
                self.stream.setCurrentText(default_stream(scheme))
        for combo in (self.coder, self.stream):
            combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        session, coder = self.session.currentText(), self.coder.currentText()
        kind, stream = self.kind.currentText(), self.stream.currentText() or None
        if not session or not coder:
            self.figure.clear()
            self.table.clear()
            return
        # Drawn on the UI thread (0.1–0.6 s for a session): matplotlib figures drawn on worker
        # threads crashed the process now and then, and a view of one session needs no more.
        try:
            figure = session_figure(self.project, session, coder, kind, stream)
            annotations, scheme, _duration = load_session(self.project, session, coder)
            lag = session_lag(annotations, scheme, stream) if stream else None
            png = render(figure, "png", dpi=100)
        except CoderError as error:
            self.figure.setText(str(error))
            self.table.clear()
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            self.figure.setPixmap(pixmap)
            if lag is not None:
                self._show_table(lag)
        self.refreshed.emit()

    def _show_table(self, result: LagResult) -> None:
        codes = [str(c) for c in result.codes]
        z = result.adjusted_residuals.to_numpy(dtype=float)
        n = result.counts.to_numpy()
        self.table.clear()
        self.table.setRowCount(len(codes))
        self.table.setColumnCount(len(codes))
        self.table.setVerticalHeaderLabels(codes)
        self.table.setHorizontalHeaderLabels(codes)
        for i in range(len(codes)):
            for j in range(len(codes)):
                text = "—" if not np.isfinite(z[i, j]) else f"{z[i, j]:.2f} ({n[i, j]})"
                self.table.setItem(i, j, QTableWidgetItem(text))

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save figure", "", "SVG (*.svg);;PDF (*.pdf);;PNG (*.png)")
        if not path:
            return
        try:
            figure = session_figure(self.project, self.session.currentText(), self.coder.currentText(),
                                    self.kind.currentText(), self.stream.currentText() or None)
            save_figure(figure, path)
        except CoderError as error:
            dialogs.show_error(self, error)
