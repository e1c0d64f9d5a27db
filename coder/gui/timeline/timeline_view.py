"""The timeline widget: painted with QPainter from TimelineModel, edited by mouse through commands.

Only the visible time range is painted (bisection per row), so 10,000 events cost what the
few hundred on screen cost. A drag previews locally and becomes one ChangeEvent on release.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QScrollArea,
    QScrollBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coder.annotations.changes import DocumentChange
from coder.annotations.commands import change_event, remove_event
from coder.annotations.model import Event
from coder.gui.edit_context import EditContext
from coder.gui.style import GRID, MUTED, PLAYHEAD, SURFACE, TEXT, text_color_on
from coder.gui.timeline.still_layer import StillLayer, StillPart
from coder.gui.timeline.timeline_model import (
    LABEL_WIDTH,
    POINT_HALF,
    ROW_HEIGHT,
    RULER_HEIGHT,
    SEGMENT_HEIGHT,
    WAVE_HEIGHT,
    Hit,
    Part,
    TimelineModel,
    dragged,
)
from coder.gui.timeline.waveform import Peaks
from coder.scheme.model import CodeDef, CodeKind
from coder.timebase import format_timecode

DRAG_THRESHOLD = 3  # px before a press becomes a drag
TICK_STEPS_MS = (100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000)


SELECTED_PEN = QPen(QColor("#1F2430"), 2)
LABEL_ALIGN = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class CodeLook:
    """How a code is drawn, worked out once per code rather than per event per paint."""

    fill: QColor
    running: QColor
    border: QPen
    text: QColor
    label: str
    is_point: bool

    @classmethod
    def of(cls, code: CodeDef | None) -> CodeLook:
        fill = QColor(code.color if code is not None and code.color else "#888888")
        running = QColor(fill)
        running.setAlpha(150)  # a state still running
        return cls(
            fill, running, QPen(fill.darker(125), 1), text_color_on(fill),
            code.label if code is not None else "?", code is not None and code.kind is CodeKind.POINT,
        )


class TimelineView(QWidget):
    """Rows of the scheme with their events, segment bands, the waveform and the playhead."""

    view_changed = Signal()  # zoom or scroll changed
    selection_changed = Signal(str)  # event id ("" for none)

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = TimelineModel(ctx.scheme, ctx.duration_ms, max(self.width(), 400))
        self.peaks: Peaks | None = None
        self.selected_id = ""
        self._press: tuple[float, Hit | None] | None = None
        self._preview: Event | None = None
        self._looks = {code.id: CodeLook.of(code) for code in ctx.scheme.codes}
        self.still = StillLayer(SURFACE)  # the picture without playhead and running states
        self._row_revisions: dict[str, int] = {}  # bumped when an edit touches the row
        self._head_revision = 0  # bumped when the segments change
        self.drag_readout = ""  # the dragged edge's time, shown while dragging
        self.setMinimumHeight(self.model.height)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setMouseTracking(True)
        ctx.changed.connect(self.apply_change)
        ctx.position_changed.connect(self._on_position)
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(900, self.model.height)

    # -- model updates ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild every row's index from the document and repaint."""
        self.still.clear()
        self.model.set_events(self.ctx.document.events(), self.ctx.current_ms)
        self._after_change()

    def apply_change(self, change: DocumentChange) -> None:
        """Update only the events the change names, each in its row's index: only those rows'
        bands are drawn again (segments: the head); bands below a row that grew or shrank move."""
        if change.events:
            doc = self.ctx.document
            touched = self.model.update_events(
                {i: doc.event(i) if doc.has_event(i) else None for i in change.events}
            )
            for row in touched:
                self._row_revisions[row] = self._row_revisions.get(row, 0) + 1
        if change.segments:
            self._head_revision += 1
        if change:
            self._after_change()

    def _after_change(self) -> None:
        if self.selected_id and not self.ctx.document.has_event(self.selected_id):
            self.select("")
        if self.minimumHeight() != self.model.height:
            self.setMinimumHeight(self.model.height)
            self.updateGeometry()
        self.update()

    def set_peaks(self, peaks: Peaks) -> None:
        self.peaks = peaks
        self.update()

    def select(self, event_id: str) -> None:
        if event_id != self.selected_id:
            self.selected_id = event_id
            self.selection_changed.emit(event_id)
            self.update()

    def delete_selected(self) -> None:
        if self.selected_id and self.ctx.document.has_event(self.selected_id):
            self.ctx.execute(remove_event(self.ctx.document, self.selected_id))

    def zoom(self, factor: float, around_ms: float | None = None) -> None:
        self.model.zoom(factor, around_ms)
        self.view_changed.emit()
        self.update()

    def show_all(self) -> None:
        self.model.show_all()
        self.view_changed.emit()
        self.update()

    def scroll_to(self, start_ms: float) -> None:
        self.model.scroll_to(start_ms)
        self.update()

    def _on_position(self, ms: int) -> None:
        self.model.open_until_ms = ms
        before = self.model.start_ms
        self.model.follow(ms)
        if self.model.start_ms != before:
            self.view_changed.emit()
        self.update()

    # -- painting --------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.model.resize(event.size().width())
        self.view_changed.emit()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter)
        finally:
            painter.end()

    def paint(self, painter: QPainter) -> None:
        """Draw onto ``painter``: the still layer, then running states and the playhead.

        The still layer (ruler, segments, waveform, ended events, labels) is kept in parts drawn
        again only when what they show changes (``StillLayer``) — not as the playhead moves.
        """
        m = self.model
        still = self.still.picture(self.size(), self.devicePixelRatioF(), self._parts(), self._paint_labels)
        painter.drawImage(0, 0, still)
        painter.setClipRect(LABEL_WIDTH, 0, m.track_width, m.height)
        for i, row in enumerate(m.rows):
            index = m.index.get(row)
            for event in index.open if index is not None else ():
                if event.start_ms <= m.end_ms and event.id != getattr(self._preview, "id", None):
                    self._paint_event(painter, event, i)
        x = m.x_of(self.ctx.current_ms)
        if LABEL_WIDTH <= x <= self.width():
            painter.setPen(QPen(PLAYHEAD, 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, m.height))
        if self.drag_readout and self._preview is not None:
            self._paint_readout(painter)

    def _paint_readout(self, painter: QPainter) -> None:
        """The dragged edge's time in a small box beside it."""
        preview, press = self._preview, self._press
        assert preview is not None
        part = press[1].part if press is not None and press[1] is not None else Part.BODY
        edge_ms = preview.end_ms if part is Part.END and preview.end_ms is not None else preview.start_ms
        x = self.model.x_of(edge_ms)
        metrics = painter.fontMetrics()
        box = QRectF(0, 2, metrics.horizontalAdvance(self.drag_readout) + 10, metrics.height() + 4)
        box.moveLeft(min(max(LABEL_WIDTH, x + 6), self.width() - box.width() - 2))
        painter.setClipping(False)
        painter.setPen(QPen(QColor("#1F2430"), 1))
        painter.setBrush(QColor("#FFFBE6"))
        painter.drawRect(box)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.drag_readout)

    def _parts(self) -> list[StillPart]:
        """The still layer's parts as things stand: the head, then each row's band, each keyed by
        what it shows (the view, and for a row its edits, height, selection and dragged event)."""
        m = self.model
        view = (m.start_ms, m.ms_per_px)
        selected_row = m.row_of_event(self.selected_id)
        preview = self._preview
        preview_row = m.row_of_event(preview.id) if preview is not None else None
        parts = [StillPart(("head",), (view, id(self.peaks), self._head_revision), 0, m.rows_top, self._paint_head)]
        for i, row in enumerate(m.rows):
            key = (view, i % 2, self._row_revisions.get(row, 0),
                   self.selected_id if row == selected_row else "",
                   preview if row == preview_row else preview is not None)
            parts.append(StillPart(("row", row), key, m.row_top(i), m.row_heights[i] + 1, self._row_painter(i)))
        return parts

    def _row_painter(self, i: int) -> Callable[[QPainter], None]:
        return lambda painter: self._paint_one_row(painter, i)

    def _paint_head(self, painter: QPainter) -> None:
        self._paint_ruler(painter)
        self._paint_segments(painter)
        self._paint_wave(painter)

    def _paint_one_row(self, painter: QPainter, i: int) -> None:
        """Row number ``i``'s band of the still layer."""
        m = self.model
        row, top = m.rows[i], m.row_top(i)
        painter.save()
        painter.setClipRect(LABEL_WIDTH, top, m.track_width, m.row_heights[i] + 1)
        if i % 2:
            painter.fillRect(LABEL_WIDTH, top, m.track_width, m.row_heights[i], QColor("#FAFBFC"))
        painter.setPen(GRID)
        painter.drawLine(0, top, self.width(), top)
        if m.is_dense(row) and self._preview is None:
            self._paint_runs(painter, row, i)
        else:
            self._paint_row(painter, row, i)
        painter.restore()

    def _paint_runs(self, painter: QPainter, row: str, number: int) -> None:
        """A dense row: each code's covered pixel columns per lane, set in one image by numpy
        and drawn at once (closer than a pixel merge; what drawing a rectangle per run did)."""
        m = self.model
        keys, covered = m.index[row].coverage(m.start_ms, m.ms_per_px, m.track_width)
        if not keys:
            return
        top, height = m.row_top(number), m.row_heights[number]
        pixels = np.zeros((height, m.track_width), dtype=np.uint32)  # transparent
        for (code_id, lane), columns in zip(keys, covered, strict=True):
            look = self._looks.get(code_id) or CodeLook.of(None)
            y, h = m.lane_box(number, lane)
            pixels[int(y) - top : int(y + h) - top, columns] = look.fill.rgba()  # opaque colours
        image = QImage(pixels.data, m.track_width, height, m.track_width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        painter.drawImage(LABEL_WIDTH, top, image)

    def _paint_ruler(self, painter: QPainter) -> None:
        m = self.model
        painter.fillRect(0, 0, self.width(), RULER_HEIGHT, QColor("#F0F2F5"))
        step = next((s for s in TICK_STEPS_MS if s / m.ms_per_px >= 70), TICK_STEPS_MS[-1])
        first = int(m.start_ms // step) * step
        painter.setPen(MUTED)
        t = first
        while t <= m.end_ms:
            x = m.x_of(t)
            if x >= LABEL_WIDTH:
                painter.drawLine(QPointF(x, RULER_HEIGHT - 5), QPointF(x, RULER_HEIGHT))
                label = format_timecode(t)
                label = label[3:] if label.startswith("00:") else label
                label = label[:-4] if step >= 1000 else label[:-2]
                painter.drawText(QPointF(x + 3, RULER_HEIGHT - 7), label)
            t += step

    def _paint_segments(self, painter: QPainter) -> None:
        m = self.model
        top = RULER_HEIGHT
        painter.fillRect(LABEL_WIDTH, top, m.track_width, SEGMENT_HEIGHT, QColor("#F7F8FA"))
        for segment in self.ctx.document.segments():
            left, right = m.x_of(segment.start_ms), m.x_of(segment.end_ms)
            if right < LABEL_WIDTH or left > self.width():
                continue
            left = max(left, LABEL_WIDTH)
            rect = QRectF(left, top + 2, max(2.0, right - left), SEGMENT_HEIGHT - 4)
            painter.setPen(QColor("#9AA5B8"))
            painter.setBrush(QColor("#E4E9F2"))
            painter.drawRoundedRect(rect, 3, 3)
            definition = self.ctx.scheme.segment(segment.segment)
            painter.setPen(TEXT)
            painter.drawText(
                rect.adjusted(4, 0, -2, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                definition.label if definition is not None else segment.segment,
            )

    def _paint_wave(self, painter: QPainter) -> None:
        if self.peaks is None:
            return
        m = self.model
        top = RULER_HEIGHT + SEGMENT_HEIGHT
        middle = top + WAVE_HEIGHT / 2
        columns = self.peaks.columns(m.start_ms, m.ms_per_px, m.track_width)
        painter.setPen(QColor("#9DB4D9"))
        half = WAVE_HEIGHT / 2 - 2
        for i, peak in enumerate(columns.tolist()):
            if peak > 0.002:
                x = LABEL_WIDTH + i
                painter.drawLine(QPointF(x, middle - peak * half), QPointF(x, middle + peak * half))

    def _paint_row(self, painter: QPainter, row: str, number: int) -> None:
        m = self.model
        preview = self._preview
        skip = {e.id for e in m.index[row].open} if row in m.index else set()
        if preview is not None:
            skip.add(preview.id)
        for event in m.visible(row):
            if event.id in skip:
                continue
            self._paint_event(painter, event, number)
        if preview is not None and self.ctx.scheme.stream_of(preview.code) == row:
            self._paint_event(painter, preview, number)

    def _paint_event(self, painter: QPainter, event: Event, number: int) -> None:
        look = self._looks.get(event.code) or self._looks.setdefault(event.code, CodeLook.of(None))
        left, right = self.model.span_px(event)
        if right < LABEL_WIDTH or left > self.width():
            return
        left = max(left, LABEL_WIDTH - POINT_HALF)
        selected = event.id == self.selected_id
        top, height = self.model.lane_box(number, self.model.lane_of(event))
        rect = QRectF(left, top, right - left, height)
        running = event.end_ms is None and not look.is_point
        painter.setPen(SELECTED_PEN if selected else look.border)
        painter.setBrush(look.running if running else look.fill)
        painter.drawRect(rect)
        if right - left > 60 and not look.is_point:
            painter.setPen(look.text)
            painter.drawText(rect.adjusted(4, 0, -2, 0), LABEL_ALIGN, look.label)

    def _paint_labels(self, painter: QPainter) -> None:
        m = self.model
        painter.fillRect(0, 0, LABEL_WIDTH, m.height, QColor("#F0F2F5"))
        painter.setPen(GRID)
        painter.drawLine(LABEL_WIDTH, 0, LABEL_WIDTH, m.height)
        painter.setPen(MUTED)
        for text, top, height in (
            ("Segments", RULER_HEIGHT, SEGMENT_HEIGHT),
            ("Audio", RULER_HEIGHT + SEGMENT_HEIGHT, WAVE_HEIGHT),
        ):
            painter.drawText(QRectF(8, top, LABEL_WIDTH - 12, height), Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(TEXT)
        for i, row in enumerate(m.rows):
            stream = self.ctx.scheme.stream(row)
            code = self.ctx.scheme.code(row)
            label = stream.label if stream is not None else (code.label if code is not None else row)
            painter.drawText(
                QRectF(8, m.row_top(i), LABEL_WIDTH - 12, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, label
            )
            if m.row_heights[i] > ROW_HEIGHT:
                painter.setPen(MUTED)
                painter.drawText(QRectF(8, m.row_top(i) + ROW_HEIGHT - 6, LABEL_WIDTH - 12, ROW_HEIGHT),
                                 Qt.AlignmentFlag.AlignVCenter, f"{m.lanes(row)} overlapping")
                painter.setPen(TEXT)

    # -- mouse and keys --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        hit = self.model.hit(pos.x(), pos.y())
        self._press = (pos.x(), hit)
        if hit is not None:
            self.select(hit.event.id)
        elif pos.x() >= LABEL_WIDTH:
            self.select("")
            self.ctx.request_seek(self.model.ms_at(pos.x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None:
            hit = self.model.hit(pos.x(), pos.y())
            edge = hit is not None and hit.part is not Part.BODY
            self.setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.ArrowCursor)
            return
        x0, hit = self._press
        if hit is None or self.ctx.read_only or abs(pos.x() - x0) < DRAG_THRESHOLD:
            return
        delta = round((pos.x() - x0) * self.model.ms_per_px)
        self._preview = dragged(hit.event, hit.part, delta, self.ctx.snap)
        preview = self._preview
        edge_ms = preview.end_ms if hit.part is Part.END and preview.end_ms is not None else preview.start_ms
        label = {Part.START: "start", Part.END: "end", Part.BODY: "start"}[hit.part]
        self.drag_readout = f"{label} {format_timecode(edge_ms)}  frame {self.ctx.frame_of(edge_ms)}"
        self.ctx.request_seek(edge_ms)  # the video follows the dragged edge, frame by frame
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        preview, press = self._preview, self._press
        self._preview, self._press = None, None
        self.drag_readout = ""
        hit = press[1] if press is not None else None
        changed = preview is not None and hit is not None and preview != hit.event
        if changed and preview is not None and self.ctx.document.has_event(preview.id):
            self.ctx.execute(change_event(self.ctx.document, preview))
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25**steps, self.model.ms_at(event.position().x()))
        else:
            self.scroll_to(self.model.start_ms - steps * self.model.ms_per_px * 80)
            self.view_changed.emit()
        event.accept()


class TimelinePanel(QWidget):
    """The timeline with its zoom buttons and a scroll bar."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = TimelineView(ctx, self)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.valueChanged.connect(lambda v: self.view.scroll_to(v))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(4, 0, 4, 0)
        for text, tip, action in (
            ("−", "Zoom out (Ctrl+wheel)", lambda: self.view.zoom(1 / 1.5)),
            ("+", "Zoom in (Ctrl+wheel)", lambda: self.view.zoom(1.5)),
            ("Whole session", "Show the whole session", self.view.show_all),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addWidget(self.scrollbar, 1)
        # rows scroll when the window is short: the video keeps its room
        self.rows_scroll = QScrollArea(self)
        self.rows_scroll.setWidget(self.view)
        self.rows_scroll.setWidgetResizable(True)
        self.rows_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.rows_scroll, 1)
        layout.addLayout(buttons)
        self.view.view_changed.connect(self._sync_scrollbar)
        self._sync_scrollbar()

    def add_lanes(self, lanes: QWidget) -> None:
        """Put extra lanes (e.g. machine suggestions) under the rows, above the scroll bar."""
        self._layout.insertWidget(1, lanes)

    def sizeHint(self) -> QSize:
        return QSize(900, self.view.model.height + 30)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, min(self.view.model.height, 120) + 30)

    def _sync_scrollbar(self) -> None:
        m = self.view.model
        span = int(m.ms_per_px * m.track_width)
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, max(0, m.duration_ms - span))
        self.scrollbar.setPageStep(max(1, span))
        self.scrollbar.setSingleStep(max(1, span // 10))
        self.scrollbar.setValue(int(m.start_ms))
        self.scrollbar.blockSignals(False)
