"""The list of sessions to code: a coder sees only their own, by code and status; the lead sees all."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.model import AnnotationSet, SessionStatus
from coder.errors import CoderError
from coder.project.project import Project
from coder.storage.lease import current_holder

STATUS_TEXT = {
    SessionStatus.NOT_STARTED: "not started",
    SessionStatus.IN_PROGRESS: "in progress",
    SessionStatus.COMPLETE: "complete",
}
STATUS_COLOR = {
    SessionStatus.NOT_STARTED: "#6B7280",
    SessionStatus.IN_PROGRESS: "#B7791F",
    SessionStatus.COMPLETE: "#2F855A",
}


def status_of(annotations: AnnotationSet | None) -> SessionStatus:
    """Not started (no file or nothing coded), in progress, or complete."""
    if annotations is None:
        return SessionStatus.NOT_STARTED
    if annotations.status is SessionStatus.COMPLETE:
        return SessionStatus.COMPLETE
    if annotations.status is SessionStatus.IN_PROGRESS or annotations.events or annotations.segments or any(
        r.value is not None for r in annotations.ratings
    ):
        return SessionStatus.IN_PROGRESS
    return SessionStatus.NOT_STARTED


def coder_status(project: Project, coder: str, session: str) -> SessionStatus:
    try:
        return status_of(project.load_annotations(coder, session))
    except CoderError:
        return SessionStatus.IN_PROGRESS  # a damaged file is still work begun; opening it explains


class SessionList(QWidget):
    """Sessions as rows; ``open_requested`` carries the chosen session code.

    In coder mode only the session code and the coder's own status are shown — nothing that
    could unblind (no key, arm, timepoint, file names, roles or other coders).
    """

    open_requested = Signal(str)

    def __init__(self, project: Project, coder: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.coder = coder
        lead = coder is None
        heading = QLabel("All sessions" if lead else "Your sessions", self)
        heading.setObjectName("heading")
        hint = QLabel(
            "Double-click a session to open it."
            + (" You can open any coder's record read-only, or your own." if lead else ""),
            self,
        )
        hint.setObjectName("muted")
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(["Session", "Status"] if not lead else ["Session", "Scheme", "Coded by"])
        self.tree.itemActivated.connect(lambda item, _c: self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.open_button = QPushButton("Open session", self)
        self.open_button.clicked.connect(self._open_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        self.reload()

    def sessions(self) -> list[str]:
        """Codes of the sessions listed: the coder's assignments, or every session for the lead."""
        if self.coder is None:
            return [s.code for s in self.project.sessions]
        # sorted by code: the order sessions were added could follow the original file names
        return sorted({a.session for a in self.project.assignments_of(self.coder)})

    def reload(self) -> None:
        self.tree.clear()
        for code in self.sessions():
            if self.coder is None:
                entry = self.project.session(code)
                item = QTreeWidgetItem([code, entry.scheme, ", ".join(self.project.coders_of(code))])
            else:
                status = coder_status(self.project, self.coder, code)
                open_elsewhere = current_holder(self.project.annotation_path(self.coder, code))
                item = QTreeWidgetItem([code, STATUS_TEXT[status] + (" — open elsewhere" if open_elsewhere else "")])
                item.setForeground(1, QColor(STATUS_COLOR[status]))
            item.setData(0, Qt.ItemDataRole.UserRole, code)
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, max(self.tree.columnWidth(column) + 24, 140))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def current_session(self) -> str | None:
        """The code of the selected session, if any."""
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _open_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))
