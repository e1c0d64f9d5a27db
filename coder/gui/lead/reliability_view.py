"""The reliability view: the project's reliability report (``coder.reliability.report``), the same
one ``coder reliability`` prints, as tables with bands and below-threshold flags.

The report runs in the background when the view opens and again on "Compute" with the
parameters shown (unit, tolerance, bootstrap resamples, seed; defaults from the project's
settings). Sections: timed codes pooled and per session, ratings and composites, classification,
drift, the parameters a methods section cites, and the disagreement list (double-click: open the
consensus view at that session). The report can be saved as HTML, CSV tables or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.wording import code_label
from coder.assist.store import assisted_records
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.gui.lead.consensus_view import ConsensusView
from coder.gui.lead.consensus_words import where_text
from coder.gui.lead.rows_model import (
    FigureRow,
    FigureRowsModel,
    SchemeWords,
    classification_rows,
    fill_table,
    plain_table,
    rating_rows,
    rows_table,
    session_rows,
    spin_box,
    timed_rows,
    value_text,
)
from coder.project.project import Project
from coder.reliability.disagreement import Disagreement
from coder.reliability.report import (
    ReliabilityReport,
    project_report,
    report_to_html,
    report_to_json,
    write_csv_tables,
)
from coder.storage.atomic import atomic_write_json, atomic_write_text
from coder.timebase import format_timecode

FEW_SESSIONS = 5  # under this many double-coded sessions a session bootstrap says little


class _Progress(QObject):
    """Carries the report's progress from the worker thread to the view."""

    moved = Signal(float, str)


class ReliabilityView(QWidget):
    """The project's reliability report with its parameters, tables and disagreements."""

    computed = Signal(object)  # the ReliabilityReport, or the error

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Reliability")
        self.resize(1100, 720)
        self.report: ReliabilityReport | None = None
        self.running = False
        settings = project.data.settings
        outer = QVBoxLayout(self)

        top = QHBoxLayout()
        self.unit = spin_box(self, 1, 60_000, settings.unit_ms, " ms", "Time unit of time-unit κ")
        self.tolerance = spin_box(
            self, 0, 60_000, settings.tolerance_ms, " ms",
            "Tolerance of time-unit κ (floored to whole units) and onset window of event pairing",
        )
        self.bootstrap = spin_box(
            self, 0, 100_000, 1000, "", "Bootstrap resamples of sessions for the 95% CIs (0: none)"
        )
        self.seed = spin_box(self, 0, 2**31 - 1, 0, "", "Seed of the bootstrap resampling")
        self.coders = QLineEdit(self)
        self.coders.setPlaceholderText("all")
        self.coders.setToolTip("Only these coders, comma separated (empty: all)")
        self.coders.setMinimumWidth(self.coders.fontMetrics().horizontalAdvance("ana, ben") + 16)
        self.coders.setMaximumWidth(140)
        for label, widget in (
            ("Unit", self.unit),
            ("Tolerance", self.tolerance),
            ("Bootstrap B", self.bootstrap),
            ("Seed", self.seed),
            ("Coders", self.coders),
        ):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        self.compute_button = QPushButton("Compute", self)
        self.compute_button.clicked.connect(self.start)
        top.addWidget(self.compute_button)
        top.addStretch(1)
        outer.addLayout(top)
        # the save buttons beside the progress: one row of parameters fits a laptop's width
        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        progress_row.addWidget(self.progress, 1)
        self.save_buttons = []
        for text, slot in (
            ("Save HTML report…", self._ask_html),
            ("Save CSV tables…", self._ask_csv),
            ("Save JSON…", self._ask_json),
        ):
            button = QPushButton(text, self)
            button.setEnabled(False)
            button.clicked.connect(slot)
            progress_row.addWidget(button)
            self.save_buttons.append(button)
        outer.addLayout(progress_row)
        self._relay = _Progress(self)
        self._relay.moved.connect(self._moved)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.caution = QLabel(self)
        self.caution.setWordWrap(True)
        self.caution.setStyleSheet("color: #8A5300;")
        self.caution.hide()
        outer.addWidget(self.caution)

        self.timed_model = FigureRowsModel()
        self.sessions_model = FigureRowsModel()
        self.ratings_model = FigureRowsModel()
        self.class_model = FigureRowsModel()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(rows_table(self.timed_model, self), "Timed codes (pooled)")
        self.tabs.addTab(rows_table(self.sessions_model, self), "Timed codes (per session)")
        self.tabs.addTab(rows_table(self.ratings_model, self), "Ratings and composites")
        self.tabs.addTab(rows_table(self.class_model, self), "Classification")
        drift = QWidget(self)
        drift_layout = QVBoxLayout(drift)
        self.drift_text = QLabel(drift)
        self.drift_text.setWordWrap(True)
        self.drift_table = plain_table(["Session", "Coders", "Coded", "Mean κ", "Rows"], drift)
        drift_layout.addWidget(self.drift_text)
        drift_layout.addWidget(self.drift_table, 1)
        self.tabs.addTab(drift, "Drift")
        self.parameter_table = plain_table(["Parameter", "Value"], self)
        self.parameter_table.setWordWrap(True)  # the long rules wrap in a stretched column
        self.parameter_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.parameter_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(self.parameter_table, "Parameters and notes")

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.disagreement_title = QLabel("Disagreements", lower)
        self.disagreement_table = plain_table(
            ["Session", "Time", "Kind", "Row / item", "Coder A", "Coder B"], lower
        )
        self.disagreement_table.setToolTip("Double-click to open the consensus view at this session")
        self.disagreement_table.cellDoubleClicked.connect(lambda row, _c: self.open_consensus(row))
        lower_layout.addWidget(self.disagreement_title)
        lower_layout.addWidget(self.disagreement_table)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tabs)
        split.addWidget(lower)
        split.setSizes([460, 200])
        outer.addWidget(split, 1)
        self.start()

    # --- computing ---------------------------------------------------------------------------
    def chosen_coders(self) -> list[str] | None:
        coders = [c.strip() for c in self.coders.text().split(",") if c.strip()]
        return coders or None

    def start(self) -> bool:
        """Compute the report in the background with the parameters shown (False: one runs)."""
        if self.running:
            return False
        unknown = sorted(set(self.chosen_coders() or []) - {c.id for c in self.project.coders})
        if unknown:  # else an empty report, as if no one had double-coded
            dialogs.show_error(self, CoderError(
                f"no coder '{unknown[0]}' in the project",
                hint="coders: " + ", ".join(sorted(c.id for c in self.project.coders)),
            ))
            return False
        self.running = True
        project, relay = self.project, self._relay
        unit, tolerance = self.unit.value(), self.tolerance.value()
        bootstrap, seed, coders = self.bootstrap.value(), self.seed.value(), self.chosen_coders()
        self.compute_button.setEnabled(False)
        self.summary.setText("Computing the reliability report…")
        self._moved(0.0, "Starting")

        def work() -> ReliabilityReport:
            return project_report(
                project,
                unit_ms=unit,
                tolerance_ms=tolerance,
                coders=coders,
                bootstrap=bootstrap,
                seed=seed,
                progress=relay.moved.emit,
                assisted=assisted_records(project),
            )

        run_in_background(work, self._done, self._failed)
        return True

    def _moved(self, fraction: float, what: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(fraction * 1000))
        self.progress.setFormat(what)

    def _done(self, report: ReliabilityReport) -> None:
        self.running = False
        self.report = report
        self.compute_button.setEnabled(True)
        for button in self.save_buttons:
            button.setEnabled(True)
        self._moved(1.0, "Done")
        words = SchemeWords(self.project.scheme)
        self.timed_model.set_rows(timed_rows(report, words))
        self.sessions_model.set_rows(session_rows(report, words))
        self.ratings_model.set_rows(rating_rows(report, words))
        self.class_model.set_rows(classification_rows(report, words))
        self._show_summary(report)
        self._show_drift(report)
        self._show_parameters(report)
        self._show_disagreements(report)
        self.computed.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.compute_button.setEnabled(True)
        self._moved(0.0, "Failed")
        self.summary.setText("The report could not be computed: see the message.")
        dialogs.show_error(self, error, "Reliability")
        self.computed.emit(error)

    # --- showing -----------------------------------------------------------------------------
    def _show_summary(self, report: ReliabilityReport) -> None:
        p = report.parameters
        sessions = {pair.session for pair in report.pairs}
        flagged = len(self.below_threshold())
        self.summary.setText(
            f"{len(sessions)} double-coded sessions, {len(report.pairs)} coder pairs "
            f"({', '.join(p.coders) or 'no coders'}), {len(report.excluded)} excluded. "
            f"Time-unit κ in {p.unit_ms} ms units with ±{p.tolerance_ms} ms tolerance "
            f"({p.tolerance_units} units, mean of both directions); event κ pairs onsets within "
            f"±{p.tolerance_ms} ms one-to-one; ratings ICC(A,1), quadratic-weighted κ, ordinal α; "
            f"CIs: {p.ci}" + (f", B = {p.bootstrap}, seed {p.seed}" if p.bootstrap else "")
            + f". Thresholds κ {p.kappa_threshold:.2f}, ICC {p.icc_threshold:.2f}, "
            f"α {p.alpha_threshold:.2f}: {flagged} figures below (red, ▼)."
        )
        cautions = []
        by_scheme: dict[str, set[str]] = {}
        for pair in report.pairs:
            by_scheme.setdefault(pair.scheme, set()).add(pair.session)
        for scheme, codes in sorted(by_scheme.items()):
            if len(codes) < FEW_SESSIONS and p.bootstrap:
                cautions.append(
                    f"{SchemeWords(self.project.scheme).scheme(scheme)}: only {len(codes)} double-coded session(s) — the bootstrap over "
                    "sessions has too few to resample, so its CIs are degenerate or too narrow."
                )
        if report.problems:
            cautions.append(f"{len(report.problems)} problem(s): see Parameters and notes.")
        self.caution.setText("⚠ " + "\n⚠ ".join(cautions) if cautions else "")
        self.caution.setVisible(bool(cautions))

    def _show_drift(self, report: ReliabilityReport) -> None:
        d = report.drift
        r = "" if d.r is None else f", r = {d.r:.2f}"
        r += "" if d.p_value is None else f", p = {d.p_value:.3f}"
        self.drift_text.setText(
            "Too few coding dates for a trend (mean exact time-unit κ per session below)."
            if d.slope_per_30_days is None
            else f"Mean exact time-unit κ per session over coding date: trend "
            f"{d.slope_per_30_days:+.3f} κ per 30 days{r}."
        )
        fill_table(
            self.drift_table,
            [
                [pt.session, f"{pt.coder_a}/{pt.coder_b}", pt.date,
                 "–" if pt.kappa is None else f"{pt.kappa:.2f}", str(pt.n_rows)]
                for pt in d.points
            ],
        )

    def _show_parameters(self, report: ReliabilityReport) -> None:
        p = report.parameters
        rows = [
            [name.replace("_", " "), ", ".join(v) if isinstance(v, tuple) else str(v)]
            for name, v in ((name, getattr(p, name)) for name in p.__dataclass_fields__)
        ]
        rows += [["excluded", f"{e.session}: {e.reason}"] for e in report.excluded]
        rows += [["problem", text] for text in report.problems]
        fill_table(self.parameter_table, rows)

    def _show_disagreements(self, report: ReliabilityReport) -> None:
        rows = []
        for d in report.disagreements:
            when = "" if d.time_ms is None else format_timecode(d.time_ms)
            place, value_a, value_b = _in_words(self.project, d)
            rows.append([d.session, when, d.kind, place, f"{d.coder_a}: {value_a}", f"{d.coder_b}: {value_b}"])
        fill_table(self.disagreement_table, rows)
        for row, d in enumerate(report.disagreements):  # ids only in the tooltips
            for column in (3, 4, 5):
                cell = self.disagreement_table.item(row, column)
                if cell is not None:
                    cell.setToolTip(f"{d.row}: {d.coder_a} {value_text(d.value_a)} · {d.coder_b} {value_text(d.value_b)}")
        sessions = len({d.session for d in report.disagreements})
        self.disagreement_title.setText(
            f"Disagreements: {len(rows)} in {sessions} sessions (double-click to open consensus)"
        )

    def below_threshold(self) -> list[FigureRow]:
        """Every shown figure under its threshold."""
        models = (self.timed_model, self.sessions_model, self.ratings_model, self.class_model)
        return [row for model in models for row in model.rows if row.below]

    # --- consensus ---------------------------------------------------------------------------
    def open_consensus(self, index: int) -> QWidget | None:
        """Open the consensus workspace at disagreement ``index`` (a double-click means it: no
        question asked); None when there is nothing to review there."""
        if self.report is None or not 0 <= index < len(self.report.disagreements):
            return None
        item = self.report.disagreements[index]
        if len(self.project.coders_of(item.session)) < 2:
            return None
        view = self._consensus_view()
        view.choose_session(item.session)
        _select(view, item)
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def _consensus_view(self) -> ConsensusView:
        """The lead's consensus window (the Lead menu's), else one of this view's own."""
        window = self.parentWidget()
        action = window.findChild(QAction, "lead-consensus-action") if window else None
        if window is not None and action is not None:
            action.trigger()
            found = window.findChild(ConsensusView, "lead-consensus")
            if found is not None:
                return found
        own = self.findChild(ConsensusView)
        if own is None:
            own = ConsensusView(self.project)
            own.setParent(self, Qt.WindowType.Window)
        return own

    # --- saving ------------------------------------------------------------------------------
    def save_html(self, path: str | Path) -> None:
        if self.report is not None:
            atomic_write_text(Path(path), report_to_html(self.report))

    def save_csv(self, folder: str | Path) -> list[Path]:
        return [] if self.report is None else write_csv_tables(self.report, folder)

    def save_json(self, path: str | Path) -> None:
        if self.report is not None:
            atomic_write_json(Path(path), report_to_json(self.report))

    def _default(self, name: str) -> str:
        return str(self.project.default_export_folder(name))

    def _ask_html(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save HTML report", self._default("reliability.html"), "HTML (*.html)"
        )
        self._save(lambda: self.save_html(path), path)

    def _ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the CSV tables", self._default(""))
        self._save(lambda: self.save_csv(folder), folder)

    def _ask_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save JSON", self._default("reliability.json"), "JSON (*.json)"
        )
        self._save(lambda: self.save_json(path), path)

    def _save(self, write: Callable[[], object], target: str) -> None:
        if not target:
            return
        try:
            write()
        except (OSError, CoderError) as error:
            dialogs.show_error(self, error, "Reliability")
        else:
            self.progress.setFormat(f"Saved {target}")


def _in_words(project: Project, d: Disagreement) -> tuple[str, str, str]:
    """Where a report disagreement is and each coder's value, in the scheme's words."""
    try:
        scheme = project.scheme_for(d.session)
    except CoderError:
        return d.row, value_text(d.value_a), value_text(d.value_b)
    place = where_text(replace(d, time_ms=None), scheme)  # the time has its own column

    def value(raw: object) -> str:
        if d.kind == "event" and isinstance(raw, str):
            return code_label(scheme, raw)
        return value_text(raw)  # type: ignore[arg-type]

    return place, value(d.value_a), value(d.value_b)


def _select(view: ConsensusView, item: Disagreement) -> None:
    """Select the consensus view's entry for a timed disagreement, when it lists one."""
    for i, found in enumerate(view.items if item.kind == "event" else []):
        if (found.stream, found.time_ms) == (item.row, item.time_ms):
            view.select(i)
            return
