"""Panels docked beside the video while coding: segments, ratings, Strange Situation.

The main window calls ``coding_panels(ctx)`` and docks every panel it returns; a panel is built
only when the session's scheme needs it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coder.gui.edit_context import EditContext


def coding_panels(ctx: EditContext) -> list[tuple[str, QWidget]]:
    """(title, widget) of each panel the open session's scheme calls for, in docking order."""
    panels: list[tuple[str, QWidget]] = []
    return panels
