"""Panels docked beside the video while coding: segments, ratings, Strange Situation.

The main window calls ``coding_panels(ctx)`` and docks every panel it returns; a panel is built
only when the session's scheme needs it. A scheme with a classification gets the Strange
Situation panel, which holds the segments (episodes) panel as its first tab, so the segments are
not docked twice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coder.gui.edit_context import EditContext
from coder.gui.panels.ratings_panel import RatingsPanel, scroll_wrapped
from coder.gui.panels.segments_panel import SegmentsPanel
from coder.gui.panels.ssp_panel import SspPanel


def coding_panels(ctx: EditContext) -> list[tuple[str, QWidget]]:
    """(title, widget) of each panel the open session's scheme calls for, in docking order."""
    scheme = ctx.scheme
    panels: list[tuple[str, QWidget]] = []
    if scheme.classification is not None:
        panels.append((scheme.classification.label or "Classification", scroll_wrapped(SspPanel(ctx))))
    elif scheme.segments:
        panels.append(("Segments", scroll_wrapped(SegmentsPanel(ctx))))
    if scheme.ratings:
        panels.append(("Ratings", scroll_wrapped(RatingsPanel(ctx))))
    return panels
