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

from coder.annotations.model import SessionStatus
from coder.annotations.status import STATUS_TEXT
from coder.errors import CoderError
from coder.project.project import Project
from coder.project.record_check import read_checked, record_status
from coder.project.role_words import RoleWords, role_words
from coder.storage.lease import current_holder

STATUS_COLOR = {
    SessionStatus.NOT_STARTED: "#6B7280",
    SessionStatus.IN_PROGRESS: "#B7791F",
    SessionStatus.COMPLETE: "#2F855A",
}
STATUS_PROBLEM = "#C53030"  # a record that fails the door check


def coder_status(project: Project, coder: str, session: str) -> tuple[SessionStatus, CoderError | None]:
    """The coder's status of ``session`` (the core's rule, ``record_status``) and what is wrong
    with their record when it fails the door check."""
    checked = read_checked(project, coder, session)
    return record_status(checked), None if checked is None else checked.problem()


class SessionList(QWidget):
    """Sessions as rows; ``open_requested`` carries the chosen session code.

    In coder mode only the session code and the coder's own status are shown — nothing that
    could unblind (no key, arm, timepoint, file names, roles or other coders). A record that fails
    the door check is flagged in its row and explained below the list (file, field, what to do),
    worded for the role at the keys.
    """

    open_requested = Signal(str)

    def __init__(
        self, project: Project, coder: str | None, parent: QWidget | None = None, *,
        words: RoleWords | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.coder = coder
        self.words = words or role_words(project, coder)
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
        self.tree.setHeaderLabels(["Session", "Scheme", "Status"] if not lead else ["Session", "Scheme", "Coded by"])
        self.tree.itemActivated.connect(lambda item, _c: self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.problems = QLabel("", self)  # records that fail the door check, and what to do
        self.problems.setStyleSheet(f"color: {STATUS_PROBLEM};")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.open_button = QPushButton("Open session", self)
        self.open_button.clicked.connect(self._open_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.problems)
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
        problems: list[str] = []
        for code in self.sessions():
            entry = self.project.session(code)
            scheme = self._scheme_title(entry.scheme)
            if self.coder is None:
                item = QTreeWidgetItem([code, scheme, ", ".join(self.project.coders_of(code))])
            else:
                status, problem = coder_status(self.project, self.coder, code)
                open_elsewhere = current_holder(self.project.annotation_path(self.coder, code))
                text = STATUS_TEXT[status] + (" — open elsewhere" if open_elsewhere else "")
                item = QTreeWidgetItem([code, scheme, text + (" — needs repair, see below" if problem else "")])
                item.setForeground(2, QColor(STATUS_COLOR[status] if problem is None else STATUS_PROBLEM))
                if problem is not None:
                    worded = str(self.words.error(problem, session=code))
                    item.setToolTip(2, worded)
                    problems.append(f"{code}: {worded}")
            item.setToolTip(1, entry.scheme)
            item.setData(0, Qt.ItemDataRole.UserRole, code)
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, max(self.tree.columnWidth(column) + 24, 140))
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _scheme_title(self, scheme_id: str) -> str:
        """The scheme's title (e.g. "Strange Situation Procedure"); its id only if it cannot be read."""
        try:
            return self.project.scheme(scheme_id).title or scheme_id
        except CoderError:
            return scheme_id

    def current_session(self) -> str | None:
        """The code of the selected session, if any."""
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def _open_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))
