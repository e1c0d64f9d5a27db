"""A trainee's feedback view: where their completed training session differs from the gold.

Read-only; the figures and the list come from ``coder.training.feedback`` (which decides whether
this coder may see them at all: training sessions only, complete, when the lead allows it).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.timebase import format_timecode
from coder.training.feedback import Feedback


class TrainingFeedbackDialog(QDialog):
    """The measures against the gold and every difference, in the scheme's words."""

    def __init__(self, feedback: Feedback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Training feedback — {feedback.session}")
        self.resize(760, 520)
        comparison = feedback.comparison
        assessed = comparison.assessed
        met = sum(1 for m in assessed if m.passed)
        summary = QLabel(
            f"Your record met {met} of {len(assessed)} criteria against the gold record. "
            f"{len(feedback.items)} places differ:"
        )
        summary.setWordWrap(True)
        self.table = QTableWidget(len(feedback.items), 4, self)
        self.table.setHorizontalHeaderLabels(["Time", "What", "Gold record", "Your record"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, item in enumerate(feedback.items):
            when = "—" if item.time_ms is None else format_timecode(item.time_ms)
            for column, text in enumerate((when, item.what, item.gold, item.yours)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
