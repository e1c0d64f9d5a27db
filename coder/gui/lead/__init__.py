"""The lead's views: reliability report, consensus, analysis export, training and drift, session plots.

The main window calls ``lead_actions(window, project)`` in lead mode and puts every action it
returns in the Lead menu. Each action opens its view as a window of its own (kept open while the
lead works in the main window); opening it again brings the same window to the front.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from coder.gui.dialogs import keep_on_screen
from coder.gui.identity_dialog import LEAD
from coder.project.project import Project


def _opener(window: QWidget, name: str, build: Callable[[], QWidget]) -> Callable[[], None]:
    def open_view() -> None:
        view = window.findChild(QWidget, name)
        if view is None:
            view = build()
            view.setObjectName(name)
            view.setParent(window, Qt.WindowType.Window)
        if getattr(view, "open_maximized", False):
            view.showMaximized()
        else:
            view.show()
            keep_on_screen(view)
        view.raise_()
        view.activateWindow()

    return open_view


def lead_actions(window: QWidget, project: Project, lead: str = LEAD) -> list[QAction]:
    """Menu actions of the lead's views for ``project``, parented to ``window``; ``lead`` is who the
    project was opened as (recorded with consensus decisions)."""
    from coder.gui.lead.analysis_view import AnalysisView
    from coder.gui.lead.consensus_view import ConsensusView
    from coder.gui.lead.export_dialog import ExportDialog
    from coder.gui.lead.reliability_view import ReliabilityView
    from coder.gui.lead.training_view import TrainingView

    views: list[tuple[str, str, str, Callable[[], QWidget]]] = [
        ("&Reliability…", "Ctrl+Shift+R", "lead-reliability", lambda: ReliabilityView(project)),
        ("&Consensus…", "Ctrl+Shift+C", "lead-consensus", lambda: ConsensusView(project, lead=lead)),
        ("&Export dataset…", "Ctrl+Shift+E", "lead-export", lambda: ExportDialog(project)),
        ("&Training and drift…", "Ctrl+Shift+T", "lead-training", lambda: TrainingView(project)),
        ("&Analysis plots…", "Ctrl+Shift+A", "lead-analysis", lambda: AnalysisView(project)),
    ]
    actions: list[QAction] = []
    for text, shortcut, name, build in views:
        action = QAction(text, window)
        action.setShortcut(shortcut)
        action.setObjectName(name + "-action")
        action.triggered.connect(_opener(window, name, build))
        actions.append(action)
    return actions
