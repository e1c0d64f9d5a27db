"""Who is using the workstation: one of the project's coders, or the lead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.gui import dialogs
from coder.project.project import Project

LEAD = "lead"
LEAD_TEXT = "Lead (reliability and consensus)"


class IdentityDialog(QDialog):
    """A list of active coders plus "Lead"; ``choice`` is a coder id, ``LEAD`` or None."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Coder — who are you?")
        self.choice: str | None = None
        self.list = QListWidget(self)
        for coder in project.coders:
            if coder.active:
                item = QListWidgetItem(coder.name or coder.id, self.list)
                item.setData(Qt.ItemDataRole.UserRole, coder.id)
        item = QListWidgetItem(LEAD_TEXT, self.list)
        item.setData(Qt.ItemDataRole.UserRole, LEAD)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Open “{project.name}” as:", self))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def accept(self) -> None:
        item = self.list.currentItem()
        self.choice = None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


def ask_identity(project: Project, parent: QWidget | None = None) -> str | None:
    """A coder id, ``LEAD``, or None when cancelled (through the dialogs seam in tests)."""
    if dialogs.responder is not None:
        options = [c.id for c in project.coders if c.active] + [LEAD]
        return dialogs.choose(parent, "Who are you?", "Open the project as:", options)
    dialog = IdentityDialog(project, parent)
    return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None
