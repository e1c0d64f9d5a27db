"""The scheme's segments (episodes) with their actual boundaries, marked at the playhead.

One row per scheme segment, in scheme order: name (click to seek to its start), start and end
timecodes with "mark at playhead" buttons, actual vs nominal length, curtailed/extended where the
scheme allows them, and a remove button. Every click is one ``PutSegment`` command.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.changes import ChangeKind, DocumentChange
from coder.annotations.commands import PutSegment
from coder.annotations.model import Segment
from coder.annotations.validation import annotation_problems
from coder.gui.edit_context import EditContext
from coder.gui.panels.problem_list import ERROR_COLOR, WARNING_COLOR, ProblemList
from coder.gui.panels.time_text import duration_text, short_timecode
from coder.scheme.model import SegmentDef

_NAME_WIDTH = 200  # px; longer labels are elided (full text in the tooltip)
_DEFAULT_LENGTH_MS = 1000  # a new segment without a nominal length gets this much until its end is marked


class _Row:
    """The widgets of one scheme segment's row."""

    def __init__(self, panel: SegmentsPanel, definition: SegmentDef, row: int) -> None:
        grid = panel.grid
        self.definition = definition
        self.name = QPushButton(panel)
        self.name.setFlat(True)
        self.name.setStyleSheet("text-align: left; padding: 1px 0px;")
        # Long labels are clipped rather than widening the dock; the tooltip has the full name.
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.name.setMinimumWidth(_NAME_WIDTH)
        full = definition.label or definition.id
        self.name.setText(
            self.name.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, _NAME_WIDTH - 10)
        )
        self.start = QLabel(panel)
        self.end = QLabel(panel)
        for label in (self.start, self.end):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setStyleSheet("font-family: monospace;")
        self.mark_start = _tool(panel, "⇤", f"Mark the start of {definition.id} at the playhead")
        self.mark_end = _tool(panel, "⇥", f"Mark the end of {definition.id} at the playhead")
        self.length = QLabel(panel)
        self.length.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.curtailed = QCheckBox("curtailed", panel) if definition.may_curtail else None
        self.extended = QCheckBox("extended", panel) if definition.may_extend else None
        flags = QWidget(panel)
        flag_layout = QHBoxLayout(flags)
        flag_layout.setContentsMargins(8, 0, 0, 0)
        flag_layout.addStretch(1)
        for box in (self.curtailed, self.extended):
            if box is not None:
                box.setParent(flags)
                flag_layout.addWidget(box)
        self.remove = _tool(panel, "✕", f"Remove the marked {definition.id}")
        self.remove.setAutoRaise(True)
        self.remove.setStyleSheet("border: none; color: gray;")
        # Two lines per segment keep the dock narrow: name and length, then boundaries and flags.
        grid.addWidget(self.name, row, 0, 1, 4)
        grid.addWidget(self.length, row, 4)
        grid.addWidget(self.remove, row, 5)
        grid.addWidget(self.start, row + 1, 0)
        grid.addWidget(self.mark_start, row + 1, 1)
        grid.addWidget(self.end, row + 1, 2)
        grid.addWidget(self.mark_end, row + 1, 3)
        grid.addWidget(flags, row + 1, 4, 1, 2)
        seg_id = definition.id
        self.name.clicked.connect(lambda: panel.seek_to(seg_id))
        self.mark_start.clicked.connect(lambda: panel.mark_start(seg_id))
        self.mark_end.clicked.connect(lambda: panel.mark_end(seg_id))
        self.remove.clicked.connect(lambda: panel.remove(seg_id))
        if self.curtailed is not None:
            self.curtailed.clicked.connect(lambda on: panel.set_flag(seg_id, "curtailed", on))
        if self.extended is not None:
            self.extended.clicked.connect(lambda on: panel.set_flag(seg_id, "extended", on))

    def show(self, marked: Segment | None, problems: list[tuple[str, str]], current: bool) -> None:
        nominal = self.definition.nominal_ms
        self.start.setText(short_timecode(marked.start_ms) if marked else "–")
        self.end.setText(short_timecode(marked.end_ms) if marked else "–")
        actual = duration_text(marked.duration_ms) if marked else "–"
        self.length.setText(f"{actual} / {duration_text(nominal)}" if nominal is not None else actual)
        self.length.setToolTip("actual length / nominal length")
        for box, on in ((self.curtailed, marked and marked.curtailed), (self.extended, marked and marked.extended)):
            if box is not None:
                box.setChecked(bool(on))
                box.setEnabled(marked is not None)
        self.remove.setEnabled(marked is not None)
        self.name.setEnabled(marked is not None)
        color = ""
        if any(severity == "error" for severity, _ in problems):
            color = f"color: {ERROR_COLOR};"
        elif problems:
            color = f"color: {WARNING_COLOR};"
        weight = "font-weight: bold;" if current else ""
        self.name.setStyleSheet(f"text-align: left; padding: 1px 0px; {color} {weight}")
        tip = "\n".join(text for _, text in problems)
        full = self.definition.label or self.definition.id
        self.name.setToolTip(f"{full}\n{tip}" if tip else f"{full}: click to go to its start")


def _tool(parent: QWidget, text: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setFixedWidth(26)
    return button


class SegmentsPanel(QWidget):
    """Segments of the scheme with their marked boundaries; edits are PutSegment commands."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        holder = QWidget(self)
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(1)
        self.rows = {d.id: _Row(self, d, 3 * i) for i, d in enumerate(ctx.scheme.segments)}
        for i in range(len(self.rows)):
            self.grid.setRowMinimumHeight(3 * i + 2, 5)  # air between segments
        self.grid.setColumnStretch(4, 1)
        outer.addWidget(holder)
        self.problems = ProblemList(self)
        outer.addWidget(self.problems)
        outer.addStretch(1)
        ctx.changed.connect(self._on_change)
        ctx.position_changed.connect(self._follow_playhead)
        self._current: str | None = None
        self.refresh()

    # --- user actions → commands ----------------------------------------------------------
    def mark_start(self, seg_id: str) -> None:
        """Set the start of ``seg_id`` at the (frame-snapped) playhead; marks it if new."""
        at = self.ctx.snap(self.ctx.current_ms)
        before = self.ctx.document.segment_named(seg_id)
        if before is None:
            after = Segment.make(seg_id, at, self._default_end(seg_id, at))
        else:
            after = replace(before, start_ms=at)
        self._put(before, after)

    def mark_end(self, seg_id: str) -> None:
        """Set the end of ``seg_id`` at the playhead; marks it (from a sensible start) if new."""
        at = self.ctx.snap(self.ctx.current_ms)
        before = self.ctx.document.segment_named(seg_id)
        if before is None:
            after = Segment.make(seg_id, self._default_start(seg_id, at), at)
        else:
            after = replace(before, end_ms=at)
        self._put(before, after)

    def set_flag(self, seg_id: str, flag: str, on: bool) -> None:
        before = self.ctx.document.segment_named(seg_id)
        if before is not None:
            if flag == "curtailed":
                self._put(before, replace(before, curtailed=bool(on)))
            else:
                self._put(before, replace(before, extended=bool(on)))

    def remove(self, seg_id: str) -> None:
        before = self.ctx.document.segment_named(seg_id)
        if before is not None:
            self._put(before, None)

    def seek_to(self, seg_id: str) -> None:
        marked = self.ctx.document.segment_named(seg_id)
        if marked is not None:
            self.ctx.request_seek(marked.start_ms)

    def _put(self, before: Segment | None, after: Segment | None) -> None:
        if before != after:
            self.ctx.execute(PutSegment(before, after))
        self.refresh()

    def _default_end(self, seg_id: str, start: int) -> int:
        definition = self.ctx.scheme.segment(seg_id)
        length = definition.nominal_ms if definition and definition.nominal_ms else _DEFAULT_LENGTH_MS
        end = start + length
        duration = self.ctx.duration_ms
        return min(end, duration) if duration and duration > start else end

    def _default_start(self, seg_id: str, end: int) -> int:
        """The end of the previous marked segment (scheme order) if it is earlier, else end − nominal."""
        order = [d.id for d in self.ctx.scheme.segments]
        index = order.index(seg_id)
        for previous_id in reversed(order[:index]):
            previous = self.ctx.document.segment_named(previous_id)
            if previous is not None:
                if previous.end_ms < end:
                    return previous.end_ms
                break
        definition = self.ctx.scheme.segment(seg_id)
        length = definition.nominal_ms if definition and definition.nominal_ms else _DEFAULT_LENGTH_MS
        return max(0, end - length)

    # --- redraw ----------------------------------------------------------------------------
    def _follow_playhead(self, ms: int) -> None:
        # Validation runs on document changes only; while playing just move the highlight.
        current = self.ctx.document.segment_at(ms)
        if (current.segment if current else None) != self._current:
            self.refresh()

    def _on_change(self, change: DocumentChange) -> None:
        # only what this panel shows: an event edit in a 10,000-event session redraws no panel
        if change.touches(ChangeKind.SEGMENTS):
            self.refresh()

    def refresh(self) -> None:
        doc = self.ctx.document
        # a segment's problems never depend on the events: the record is checked without them
        # (checking a 10,000-event session's events took a quarter of a second)
        problems = [
            p
            for p in annotation_problems(
                doc.snapshot(events=False), self.ctx.scheme, duration_ms=self.ctx.duration_ms or None
            )
            if p.where.startswith("segment ")
        ]
        current = doc.segment_at(self.ctx.current_ms)
        self._current = current.segment if current else None
        for seg_id, row in self.rows.items():
            mine = [(p.severity.value, p.message) for p in problems if p.where == f"segment {seg_id}"]
            row.show(doc.segment_named(seg_id), mine, current is not None and current.segment == seg_id)
            for widget in (row.mark_start, row.mark_end, row.remove, row.curtailed, row.extended):
                if widget is not None and self.ctx.read_only:
                    widget.setEnabled(False)
        self.problems.set_problems(
            (p.severity.value, f"{p.where.removeprefix('segment ')}: {p.message}") for p in problems
        )
