"""The lead's views: reliability report, consensus, analysis export.

The main window calls ``lead_actions(window, project)`` in lead mode and puts every action it
returns in the Lead menu.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from coder.project.project import Project


def lead_actions(window: QWidget, project: Project) -> list[QAction]:
    """Menu actions of the lead's views for ``project``, parented to ``window``."""
    actions: list[QAction] = []
    return actions
