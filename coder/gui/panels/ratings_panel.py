"""Ratings of the current segment (the one under the playhead, or one the coder picks) and of the
whole session: one scale per item, live composites and sum-constraint totals.

Every click is one ``set_rating`` command; the panel redraws from the document.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.changes import ChangeKind, DocumentChange
from coder.annotations.commands import set_rating
from coder.gui.edit_context import EditContext
from coder.gui.panels.composite_values import (
    composite_score,
    composites_for,
    constraint_status,
    constraints_for,
)
from coder.gui.panels.problem_list import ERROR_COLOR, OK_COLOR, WARNING_COLOR
from coder.gui.panels.scale_widget import ScaleWidget, value_text
from coder.scheme.model import WHOLE_SESSION

FOLLOW = ""  # selector value: follow the playhead


class ItemGroup(QGroupBox):
    """The rating items of one segment: a scale per item, composites and constraint totals."""

    def __init__(self, ctx: EditContext, segment: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.ctx = ctx
        self.segment = segment
        form = QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setVerticalSpacing(3)
        self.scales: dict[str, ScaleWidget] = {}
        for item in ctx.scheme.items_for_segment(segment):
            scale = ScaleWidget.for_item(item, self)
            scale.set_read_only(ctx.read_only)
            label = QLabel(item.label or item.id, self)
            tips = [item.id + (" (reverse-keyed)" if item.reverse else "")]
            if item.description:
                tips.append(item.description)
            label.setToolTip("\n".join(tips))
            form.addRow(label, scale)
            self.scales[item.id] = scale
            scale.value_chosen.connect(lambda value, item_id=item.id: self.rate(item_id, value))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.composites = composites_for(ctx.scheme, segment)
        self.constraints = constraints_for(ctx.scheme, segment)
        if self.composites or self.constraints:
            form.addRow(self.summary)
        self.refresh()

    def rate(self, item_id: str, value: float | None) -> None:
        doc = self.ctx.document
        current = doc.rating(item_id, self.segment)
        if (current.value if current else None) != value:
            self.ctx.execute(set_rating(doc, item_id, self.segment, value))
        self.refresh()

    def value_of(self, item_id: str) -> float | None:
        rating = self.ctx.document.rating(item_id, self.segment)
        return None if rating is None else rating.value

    def refresh(self) -> None:
        for item_id, scale in self.scales.items():
            scale.set_value(self.value_of(item_id))
        lines = []
        for composite in self.composites:
            score = composite_score(self.ctx.scheme, composite, self.value_of)
            name = html.escape(composite.label or composite.id)
            if score.value is None:
                shown = f'<span style="color:gray">NA ({score.rated} of {len(composite.items)} rated)</span>'
            else:
                shown = f"<b>{score.value:.2f}</b>".replace(".00<", "<")
            lines.append(f"{name} ({composite.method}): {shown}")
        for rule in self.constraints:
            status = constraint_status(rule, self.value_of)
            color = OK_COLOR if status.ok else (ERROR_COLOR if status.complete else WARNING_COLOR)
            mark = "✓" if status.ok else ("✖" if status.complete else "…")
            lines.append(
                f'<span style="color:{color}">{mark} {html.escape(status.name)}: '
                f"<b>{value_text(status.total)} / {value_text(rule.total)}</b></span>"
            )
        self.summary.setText("<br>".join(lines))


class RatingsPanel(QWidget):
    """The current segment's items (selector: follow the playhead or a chosen segment) and the
    whole-session items in their own group."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        top.addWidget(QLabel("Segment:", self))
        self.selector = QComboBox(self)
        self.selector.addItem("At the playhead", FOLLOW)
        self.rated_segments = [
            d for d in ctx.scheme.segments if ctx.scheme.items_for_segment(d.id)
        ]
        for definition in self.rated_segments:
            self.selector.addItem(definition.label or definition.id, definition.id)
        top.addWidget(self.selector, 1)
        outer.addLayout(top)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: gray;")
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        self.segment_group: ItemGroup | None = None
        self.segment_holder = QVBoxLayout()
        outer.addLayout(self.segment_holder)
        self.session_group: ItemGroup | None = None
        if ctx.scheme.items_for_segment(WHOLE_SESSION):
            self.session_group = ItemGroup(ctx, WHOLE_SESSION, "Whole session", self)
            outer.addWidget(self.session_group)
        outer.addStretch(1)
        self.selector.currentIndexChanged.connect(lambda _i: self.refresh())
        ctx.changed.connect(self._on_change)
        ctx.position_changed.connect(self._follow_playhead)
        self.refresh()

    def shown_segment(self) -> str | None:
        """The scheme segment whose items are shown (None when nothing rated is under the playhead)."""
        chosen = self.selector.currentData()
        if chosen:
            return str(chosen)
        marked = self.ctx.document.segment_at(self.ctx.current_ms)
        return marked.segment if marked is not None else None

    def choose_segment(self, segment: str | None) -> None:
        """Show ``segment`` (None: follow the playhead)."""
        index = self.selector.findData(segment or FOLLOW)
        self.selector.setCurrentIndex(max(index, 0))

    def _follow_playhead(self, _ms: int) -> None:
        if not self.selector.currentData():
            shown = self.segment_group.segment if self.segment_group else None
            if self.shown_segment() != shown:
                self.refresh()

    def _on_change(self, change: DocumentChange) -> None:
        # only what this panel shows: an event edit in a 10,000-event session redraws no panel
        if change.touches(ChangeKind.RATINGS, ChangeKind.SEGMENTS):
            self.refresh()

    def refresh(self) -> None:
        segment = self.shown_segment()
        has_items = segment is not None and bool(self.ctx.scheme.items_for_segment(segment))
        wanted = segment if has_items else None
        if (self.segment_group.segment if self.segment_group else None) != wanted:
            if self.segment_group is not None:
                self.segment_group.setParent(None)
                self.segment_group.deleteLater()
                self.segment_group = None
            if wanted is not None:
                definition = self.ctx.scheme.segment(wanted)
                title = definition.label or wanted if definition else wanted
                self.segment_group = ItemGroup(self.ctx, wanted, title, self)
                self.segment_holder.addWidget(self.segment_group)
        elif self.segment_group is not None:
            self.segment_group.refresh()
        if self.session_group is not None:
            self.session_group.refresh()
        self.note.setText(self._note(segment, has_items))
        self.note.setVisible(bool(self.note.text()))

    def _note(self, segment: str | None, has_items: bool) -> str:
        if not self.rated_segments:
            return ""
        if segment is None:
            return "No marked segment at the playhead: mark one, or pick a segment above."
        if not has_items:
            definition = self.ctx.scheme.segment(segment)
            return f"{definition.label if definition else segment}: nothing is rated in this segment."
        if self.ctx.document.segment_named(segment) is None:
            return "This segment is not marked yet."
        return ""


def scroll_wrapped(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, for docks that may be short."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
