"""The reliability view: two coders' agreement with its parameters, tables with bands and
below-threshold flags, and the selected session's disagreements.

The statistics run in the background (``run_in_background``). Until the project report of
``coder.reliability`` exists, the numbers come straight from the statistics API through
``pair_agreement``: per session, time-unit and event-based kappa per timeline row; over the
double-coded sessions, ICC(A,1) and ordinal alpha per rating item and kappa of the classification.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.gui.lead.pair_agreement import (
    AgreementRow,
    PairParameters,
    classification_rows,
    double_coded,
    rating_rows,
    session_rows,
)
from coder.gui.lead.rows_model import AgreementRowsModel
from coder.project.disagreements import Disagreement, disagreements
from coder.project.project import Project


@dataclass(frozen=True)
class ReliabilityResult:
    """Everything the view shows for one computation."""

    params: PairParameters
    session: str | None
    timed: list[AgreementRow]
    ratings: list[AgreementRow]
    classification: list[AgreementRow]
    disagreements: list[Disagreement]
    sessions: list[str]


def compute(project: Project, params: PairParameters, session: str | None) -> ReliabilityResult:
    """The view's numbers (runs on a worker thread; reads files only)."""
    timed = session_rows(project, session, params) if session else []
    found = (
        disagreements(project, session, [params.coder_a, params.coder_b], tolerance_ms=params.tolerance_ms)
        if session
        else []
    )
    return ReliabilityResult(
        params,
        session,
        timed,
        rating_rows(project, params),
        classification_rows(project, params),
        found,
        double_coded(project, params.coder_a, params.coder_b),
    )


def _table(model: AgreementRowsModel, parent: QWidget) -> QTableView:
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


class ReliabilityView(QWidget):
    """Parameters, agreement tables and disagreements for two coders."""

    computed = Signal(object)  # ReliabilityResult, or the error

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Reliability")
        self.resize(1000, 640)
        self.result: ReliabilityResult | None = None
        settings = project.data.settings
        outer = QVBoxLayout(self)

        top = QHBoxLayout()
        self.coder_a = QComboBox(self)
        self.coder_b = QComboBox(self)
        coders = [c.id for c in project.coders]
        for index, box in enumerate((self.coder_a, self.coder_b)):
            for coder in coders:
                box.addItem(coder, coder)
            box.setCurrentIndex(min(index, len(coders) - 1))
        self.session_box = QComboBox(self)
        self.unit = QSpinBox(self)
        self.unit.setRange(1, 60_000)
        self.unit.setSuffix(" ms")
        self.unit.setValue(settings.unit_ms)
        self.unit.setToolTip("Time unit of the time-unit kappa")
        self.tolerance = QSpinBox(self)
        self.tolerance.setRange(0, 60_000)
        self.tolerance.setSuffix(" ms")
        self.tolerance.setValue(settings.tolerance_ms)
        self.tolerance.setToolTip("Onset tolerance of event pairing and of the time-unit kappa")
        for label, widget in (
            ("Coder A", self.coder_a),
            ("Coder B", self.coder_b),
            ("Session", self.session_box),
            ("Unit", self.unit),
            ("Tolerance", self.tolerance),
        ):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        self.compute_button = QPushButton("Compute", self)
        self.compute_button.clicked.connect(self.start)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        outer.addLayout(top)

        self.parameters = QLabel(self)
        self.parameters.setWordWrap(True)
        self.parameters.setStyleSheet("color: gray;")
        outer.addWidget(self.parameters)

        self.timed_model = AgreementRowsModel()
        self.ratings_model = AgreementRowsModel()
        self.class_model = AgreementRowsModel()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(_table(self.timed_model, self), "Timed codes (session)")
        self.tabs.addTab(_table(self.ratings_model, self), "Ratings (all double-coded)")
        self.tabs.addTab(_table(self.class_model, self), "Classification")
        self.disagreement_list = QListWidget(self)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.disagreement_title = QLabel("Disagreements", lower)
        lower_layout.addWidget(self.disagreement_title)
        lower_layout.addWidget(self.disagreement_list)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tabs)
        split.addWidget(lower)
        split.setSizes([400, 200])
        outer.addWidget(split, 1)

        self.coder_a.currentIndexChanged.connect(lambda _i: self._fill_sessions())
        self.coder_b.currentIndexChanged.connect(lambda _i: self._fill_sessions())
        self._fill_sessions()

    def params(self) -> PairParameters:
        return PairParameters(
            str(self.coder_a.currentData()),
            str(self.coder_b.currentData()),
            self.unit.value(),
            self.tolerance.value(),
        )

    def _fill_sessions(self) -> None:
        params = self.params()
        self.session_box.clear()
        if params.coder_a == params.coder_b:
            self.compute_button.setEnabled(False)
            return
        for code in double_coded(self.project, params.coder_a, params.coder_b):
            self.session_box.addItem(code, code)
        self.compute_button.setEnabled(True)

    def choose_session(self, code: str) -> None:
        self.session_box.setCurrentIndex(max(self.session_box.findData(code), 0))

    def start(self) -> None:
        """Compute in the background with the parameters shown."""
        params = self.params()
        session = self.session_box.currentData()
        project = self.project
        self.compute_button.setEnabled(False)
        self.parameters.setText("Computing…")
        run_in_background(lambda: compute(project, params, session), self._done, self._failed)

    def _done(self, result: ReliabilityResult) -> None:
        self.result = result
        self.compute_button.setEnabled(True)
        p = result.params
        self.parameters.setText(
            f"{p.coder_a} vs {p.coder_b}; time-unit κ in {p.unit_ms} ms units with ±{p.tolerance_ms} ms "
            f"tolerance (mean of both directions); event κ pairs onsets within {p.tolerance_ms} ms; "
            f"ratings ICC({p.icc_form}) (two-way, absolute agreement, single rater) and ordinal α "
            f"over {len(result.sessions)} double-coded sessions. Rows below the project's threshold are red (▼)."
        )
        self.timed_model.set_rows(result.timed)
        self.ratings_model.set_rows(result.ratings)
        self.class_model.set_rows(result.classification)
        self.disagreement_list.clear()
        for item in result.disagreements:
            self.disagreement_list.addItem(f"{item.where} — {item.detail}")
        self.disagreement_title.setText(
            f"Disagreements in {result.session}: {len(result.disagreements)}" if result.session else "Disagreements"
        )
        self.computed.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.compute_button.setEnabled(True)
        self.parameters.setText("The computation failed: see the message.")
        dialogs.show_error(self, error, "Reliability")
        self.computed.emit(error)

    def below_threshold(self) -> list[AgreementRow]:
        """Every shown row under its threshold."""
        if self.result is None:
            return []
        rows = [*self.result.timed, *self.result.ratings, *self.result.classification]
        return [row for row in rows if row.below]

