"""The Strange Situation panel: episodes, per-episode interactive scales, classification.

Three tabs over the same document: the segments panel (actual episode boundaries with
curtailed/extended flags), the scale grid and the classification form.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from coder.gui.edit_context import EditContext
from coder.gui.panels.classification_form import ClassificationForm
from coder.gui.panels.scale_grid import ScaleGrid
from coder.gui.panels.segments_panel import SegmentsPanel


class SspPanel(QTabWidget):
    """Episodes, scales and classification of a scheme with a classification."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.episodes: SegmentsPanel | None = None
        self.scales: ScaleGrid | None = None
        if ctx.scheme.segments:
            self.episodes = SegmentsPanel(ctx, self)
            self.addTab(self.episodes, "Episodes")
        if any(ctx.scheme.items_for_segment(d.id) for d in ctx.scheme.segments):
            self.scales = ScaleGrid(ctx, self)
            self.addTab(self.scales, "Scales")
        self.classification = ClassificationForm(ctx, self)
        self.addTab(self.classification, ctx.scheme.classification.label if ctx.scheme.classification else "Classification")
