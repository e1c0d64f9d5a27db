"""The classification form (e.g. the Strange Situation's A/B/C/D/CC): category, subgroup, D
rating, forced alternative, notes, with the scheme's validation shown live.

Each user change is one ``set_classification`` command. The value is saved as the coder entered
it, even when invalid: the messages say what to fix. A D classification with a D rating below the
threshold is confirmed through ``dialogs.ask`` and recorded as ``low_d_confirmed``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.changes import ChangeKind, DocumentChange
from coder.annotations.classification_rules import classification_problems
from coder.annotations.commands import set_classification
from coder.annotations.model import Classification
from coder.gui import dialogs
from coder.gui.edit_context import EditContext
from coder.gui.panels.problem_list import ProblemList
from coder.gui.panels.scale_widget import ScaleWidget
from coder.scheme.model import CategoryDef, ClassificationDef

NONE = "–"


class _NotesEdit(QPlainTextEdit):
    """Notes committed when the coder leaves the field (one command per edit, not per key)."""

    committed = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


class ClassificationForm(QWidget):
    """Edits the document's classification through commands; redraws from the document."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.scheme.classification is not None
        self.ctx = ctx
        self.definition: ClassificationDef = ctx.scheme.classification
        self.categories = {c.id: c for c in self.definition.categories}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        form.setVerticalSpacing(4)

        majors = QHBoxLayout()
        self.major_group = QButtonGroup(self)
        self.major_buttons: dict[str, QRadioButton] = {}
        for index, category in enumerate(self.definition.categories):
            button = QRadioButton(category.id, self)
            button.setToolTip(category.label or category.id)
            self.major_group.addButton(button, index)
            self.major_buttons[category.id] = button
            majors.addWidget(button)
        self.clear_major = QPushButton("Clear", self)
        self.clear_major.setFlat(True)
        self.clear_major.setToolTip("No category")
        self.clear_major.clicked.connect(lambda: self.set_major(None))
        majors.addWidget(self.clear_major)
        majors.addStretch(1)
        form.addRow("Category", majors)
        self.major_group.idClicked.connect(
            lambda index: self.set_major(self.definition.categories[index].id)
        )

        self.subgroup = QComboBox(self)
        self.subgroup.activated.connect(lambda _i: self.set_subgroup(self.subgroup.currentData()))
        form.addRow("Subgroup", self.subgroup)

        self.d_scale: ScaleWidget | None = None
        d = self.definition.d_rating
        if d is not None:
            self.d_scale = ScaleWidget(d.min, d.max, d.step, high_from=d.threshold, parent=self)
            self.d_scale.setToolTip(f"{d.label}: {d.threshold:g} or more means D")
            self.d_scale.value_chosen.connect(self.set_d_rating)
            form.addRow(d.label.replace("Disorganisation", "Disorg."), self.d_scale)

        self.forced = QComboBox(self)
        self.forced.addItem(NONE, None)
        for major in self.definition.forced_from:
            forced_category = self.categories.get(major)
            self.forced.addItem(major, major)
            for sub in forced_category.subgroups if forced_category else []:
                self.forced.addItem(f"  {sub}", sub)
        self.forced.setToolTip("Best-fitting organised classification of a D case (e.g. D/B3)")
        self.forced.activated.connect(lambda _i: self.set_forced(self.forced.currentData()))
        form.addRow("Forced alternative", self.forced)

        self.notes = _NotesEdit(self)
        self.notes.setPlaceholderText("Notes on this classification")
        self.notes.setFixedHeight(54)
        self.notes.committed.connect(self.commit_notes)
        form.addRow("Notes", self.notes)

        self.problems = ProblemList(self)
        form.addRow(self.problems)
        self.confirm = QPushButton("Confirm D below threshold…", self)
        self.confirm.clicked.connect(self.confirm_low_d)
        form.addRow("", self.confirm)

        ctx.changed.connect(self._on_change)
        self.refresh()

    # --- user actions → one command each ----------------------------------------------------
    def set_major(self, major: str | None) -> None:
        value = self.ctx.document.classification
        category = self.categories.get(major or "")
        subgroup = value.subgroup if category and value.subgroup in category.subgroups else None
        forced = value.forced if category and category.requires_forced else None
        self._change(replace(value, major=major, subgroup=subgroup, forced=forced))

    def set_subgroup(self, subgroup: str | None) -> None:
        self._change(replace(self.ctx.document.classification, subgroup=subgroup or None))

    def set_d_rating(self, rating: float | None) -> None:
        self._change(replace(self.ctx.document.classification, d_rating=rating))

    def set_forced(self, forced: str | None) -> None:
        self._change(replace(self.ctx.document.classification, forced=forced or None))

    def commit_notes(self) -> None:
        text = self.notes.toPlainText()
        if text != self.ctx.document.classification.notes:
            self._change(replace(self.ctx.document.classification, notes=text))

    def confirm_low_d(self) -> None:
        value = self.ctx.document.classification
        if self._low_d(value) and self._ask_low_d(value):
            self._execute(replace(value, low_d_confirmed=True))

    def _change(self, after: Classification) -> None:
        before = self.ctx.document.classification
        if (after.major, after.d_rating) != (before.major, before.d_rating):
            # A confirmation holds for the category and rating it was given for.
            after = replace(after, low_d_confirmed=False)
            if self._low_d(after) and self._ask_low_d(after):
                after = replace(after, low_d_confirmed=True)
        self._execute(after)

    def _execute(self, after: Classification) -> None:
        if after != self.ctx.document.classification:
            self.ctx.execute(set_classification(self.ctx.document, after))
        self.refresh()

    def _low_d(self, value: Classification) -> bool:
        category = self.categories.get(value.major or "")
        d = self.definition.d_rating
        return bool(
            category is not None
            and category.disorganized
            and d is not None
            and value.d_rating is not None
            and value.d_rating < d.threshold
        )

    def _ask_low_d(self, value: Classification) -> bool:
        d = self.definition.d_rating
        assert d is not None and value.d_rating is not None
        return dialogs.ask(
            self,
            "D rating below threshold",
            f"Classify as {value.major} with a {d.label.lower()} of {value.d_rating:g}, "
            f"below the threshold of {d.threshold:g}?",
        )

    # --- redraw ----------------------------------------------------------------------------
    def _on_change(self, change: DocumentChange) -> None:
        # only what this panel shows: an event edit in a 10,000-event session redraws no panel
        if change.touches(ChangeKind.CLASSIFICATION):
            self.refresh()

    def refresh(self) -> None:
        value = self.ctx.document.classification
        category: CategoryDef | None = self.categories.get(value.major or "")
        self.major_group.setExclusive(False)
        for major, button in self.major_buttons.items():
            button.setChecked(major == value.major)
        self.major_group.setExclusive(True)

        self.subgroup.blockSignals(True)
        self.subgroup.clear()
        self.subgroup.addItem(NONE, None)
        for sub in category.subgroups if category else []:
            self.subgroup.addItem(sub, sub)
        if value.subgroup and self.subgroup.findData(value.subgroup) < 0:
            self.subgroup.addItem(f"{value.subgroup} (not in {value.major})", value.subgroup)
        self.subgroup.setCurrentIndex(max(self.subgroup.findData(value.subgroup), 0))
        self.subgroup.setEnabled(bool(category and category.subgroups) or bool(value.subgroup))
        self.subgroup.blockSignals(False)

        if self.d_scale is not None:
            self.d_scale.set_value(value.d_rating)

        self.forced.blockSignals(True)
        if value.forced and self.forced.findData(value.forced) < 0:
            self.forced.addItem(f"{value.forced} (not allowed)", value.forced)
        self.forced.setCurrentIndex(max(self.forced.findData(value.forced), 0))
        needs_forced = bool(category and category.requires_forced)
        self.forced.setEnabled(needs_forced or bool(value.forced))
        self.forced.blockSignals(False)

        if not self.notes.hasFocus() and self.notes.toPlainText() != value.notes:
            self.notes.setPlainText(value.notes)

        problems = classification_problems(value, self.ctx.scheme)
        self.problems.set_problems((p.severity, p.message) for p in problems)
        self.confirm.setVisible(self._low_d(value) and not value.low_d_confirmed)
        if value.low_d_confirmed and self._low_d(value):
            self.confirm.setVisible(False)
        if self.ctx.read_only:
            for widget in (*self.major_buttons.values(), self.subgroup, self.forced, self.notes, self.confirm):
                widget.setEnabled(False)
            if self.d_scale is not None:
                self.d_scale.set_read_only(True)
