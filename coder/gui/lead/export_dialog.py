"""The analysis export dialog: spec, formats, output folder; runs ``run_export`` in the background
with a progress bar and lists the files written, warnings and skipped sessions.

Exporting joins the unblinding key to coded data, so it is a lead-only view; ``run_export``
records every run in the project's audit log.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.dataset_variables import sequential_variables
from coder.assist.motion_variables import motion_variables
from coder.assist.store import assisted_records
from coder.errors import CoderError
from coder.export import ExportResult, load_spec, run_export
from coder.export.spec import FORMATS, ExportSpec
from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.project.project import Project
from coder.reliability.disagreements import unfinished_consensus
from coder.shipped import shipped_specs_dir


def spec_files(project: Project) -> list[Path]:
    """Shipped spec files, then the project's own ``exports/*.yaml``."""
    found: list[Path] = []
    for folder in (shipped_specs_dir(), project.root / "exports"):
        if folder.is_dir():
            found += sorted(folder.glob("*.yaml"))
    return found


class _Progress(QObject):
    """Carries ``progress(fraction, message)`` from the worker thread to the dialog (queued)."""

    moved = Signal(float, str)


class ExportDialog(QDialog):
    """Pick a spec, formats and folder; export in the background; show what was written."""

    finished_export = Signal(object)  # ExportResult, or the error

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Export analysis dataset")
        self.resize(620, 520)
        self.export_result: ExportResult | None = None
        self.spec: ExportSpec | None = None
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)

        spec_row = QHBoxLayout()
        self.spec_combo = QComboBox(self)
        for path in spec_files(project):
            self.spec_combo.addItem(path.stem, str(path))
        spec_row.addWidget(self.spec_combo, 1)
        browse_spec = QPushButton("Other…", self)
        browse_spec.clicked.connect(self._browse_spec)
        spec_row.addWidget(browse_spec)
        form.addRow("Specification", spec_row)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: gray;")
        form.addRow("", self.description)

        format_row = QHBoxLayout()
        self.format_boxes: dict[str, QCheckBox] = {}
        for fmt in FORMATS:
            box = QCheckBox(fmt, self)
            self.format_boxes[fmt] = box
            format_row.addWidget(box)
        self.raw_box = QCheckBox("raw tables", self)
        self.raw_box.setToolTip("Also write every event and rating as tidy tables joined to the key")
        format_row.addWidget(self.raw_box)
        format_row.addStretch(1)
        form.addRow("Formats", format_row)

        out_row = QHBoxLayout()
        self.out_edit = QLineEdit(self)
        out_row.addWidget(self.out_edit, 1)
        browse_out = QPushButton("Choose…", self)
        browse_out.clicked.connect(self._browse_out)
        out_row.addWidget(browse_out)
        form.addRow("Output folder", out_row)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.progress.setTextVisible(True)
        self.progress.hide()  # an empty bar reads as a text field: shown once an export starts
        outer.addWidget(self.progress)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.files = QListWidget(self)
        outer.addWidget(QLabel("Files written", self))
        outer.addWidget(self.files, 2)
        self.notes_label = QLabel("Warnings and skipped sessions", self)
        outer.addWidget(self.notes_label)
        self.notes = QListWidget(self)
        outer.addWidget(self.notes, 1)

        buttons = QDialogButtonBox(self)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        close.clicked.connect(self.reject)
        outer.addWidget(buttons)

        self._relay = _Progress(self)
        self._relay.moved.connect(self._moved)
        self.spec_combo.currentIndexChanged.connect(lambda _i: self._spec_changed())
        self._spec_changed()

    # --- choices -------------------------------------------------------------------------
    def spec_path(self) -> Path | None:
        data = self.spec_combo.currentData()
        return Path(data) if data else None

    def choose_spec(self, path: str | Path) -> None:
        """Select the spec file ``path`` (added to the list when it is not there yet)."""
        index = self.spec_combo.findData(str(path))
        if index < 0:
            self.spec_combo.addItem(Path(path).stem, str(path))
            index = self.spec_combo.count() - 1
        self.spec_combo.setCurrentIndex(index)
        self._spec_changed()

    def formats(self) -> list[str]:
        return [fmt for fmt, box in self.format_boxes.items() if box.isChecked()]

    def _spec_changed(self) -> None:
        path = self.spec_path()
        self.spec = None
        if path is None:
            self.description.setText("No export specification found: choose one with Other….")
            self.export_button.setEnabled(False)
            return
        try:
            self.spec = load_spec(path)
        except CoderError as error:
            self.description.setText(str(error))
            self.export_button.setEnabled(False)
            return
        self.description.setText(self.spec.description.strip() or f"layout: {self.spec.layout}")
        for fmt, box in self.format_boxes.items():
            box.setChecked(fmt in self.spec.formats)
        self.raw_box.setChecked(self.spec.raw)
        self.out_edit.setText(str(self.project.default_export_folder(self.spec.name)))
        self.export_button.setEnabled(True)

    def _browse_spec(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Export specification", str(shipped_specs_dir()), "Export specs (*.yaml *.yml)"
        )
        if path:
            self.choose_spec(path)

    def _browse_out(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Output folder", self.out_edit.text())
        if path:
            self.out_edit.setText(path)

    # --- running ---------------------------------------------------------------------------
    def start_export(self) -> None:
        """Run the export in the background; the dialog stays responsive and shows progress."""
        if self.spec is None:
            return
        formats = self.formats()
        if not formats:
            dialogs.inform(self, "Export", "Choose at least one format.")
            return
        spec, project, relay = self.spec, self.project, self._relay
        out_dir = Path(self.out_edit.text()) if self.out_edit.text().strip() else None
        raw = self.raw_box.isChecked()
        self.export_button.setEnabled(False)
        self.files.clear()
        self.notes.clear()
        self.summary.setText("Exporting…")
        self.progress.show()
        self._moved(0.0, "Starting")

        def work() -> ExportResult:
            return run_export(project, spec, formats, out_dir, raw=raw, progress=relay.moved.emit,
                              consensus_check=unfinished_consensus,
                              sequential=sequential_variables,
                              assisted=assisted_records(project),
                              motion=motion_variables)

        run_in_background(work, self._done, self._failed)

    def _moved(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.progress.setFormat(message)

    def _done(self, result: ExportResult) -> None:
        self.export_result = result
        self.export_button.setEnabled(True)
        self._moved(1.0, "Done")
        self.summary.setText(
            f"{len(result.sessions)} sessions exported: {result.rows} rows × {result.columns} "
            f"columns in {result.out_dir}"
        )
        for path in result.files:
            self.files.addItem(path.name)
        for warning in result.warnings:
            self.notes.addItem(f"⚠ {warning}")
        for skipped in result.skipped:
            self.notes.addItem(f"skipped {skipped.session}: {skipped.reason}")
        if not result.warnings and not result.skipped:
            self.notes.addItem("none")
        self.finished_export.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._moved(0.0, "Failed")
        self.summary.setText("The export failed: see the message.")
        dialogs.show_error(self, error, "Export")
        self.finished_export.emit(error)
