"""Several records of one session drawn one above the other, per timeline row, for comparison.

For each scheme row (stream, or a code without one) one lane per record (coder A, coder B, the
consensus); states are bars in the code's colour, points are ticks, segments are shaded at the
top. A marked interval (the selected disagreement) is highlighted across all lanes. The tracks are
drawn once into an image when the records or the size change; the playhead and the mark are drawn
over it, so a playing video costs a blit per frame, not a redraw of thousands of events.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from coder.annotations.model import AnnotationSet, Event
from coder.scheme.model import Scheme

LANE_H = 14
ROW_GAP = 6
LABEL_W = 160
SEGMENT_H = 14


class CoderTimelines(QWidget):
    """A compact painter of each record's events per row, records side by side (stacked lanes)."""

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.records: list[tuple[str, AnnotationSet]] = []
        self.duration_ms = 1
        self.mark: tuple[int, int] | None = None
        self.playhead_ms: int | None = None
        self._still: QImage | None = None
        self._still_key: tuple[object, ...] = ()
        self._lanes: dict[tuple[int, str], list[tuple[QColor, int, int | None, bool]]] = {}
        self._dirty: set[tuple[int, str]] = set()  # lanes redrawn alone into the still image
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_records(self, records: Sequence[tuple[str, AnnotationSet]], duration_ms: int) -> None:
        """Show ``(name, record)`` pairs over media time 0..``duration_ms``."""
        self.records = list(records)
        ends = [duration_ms] + [
            e.end_ms or e.start_ms for _n, r in self.records for e in r.events
        ]
        self.duration_ms = max(1, *ends)
        self._group()
        self.updateGeometry()
        self.update()

    def replace_record(self, name: str, record: AnnotationSet) -> None:
        """Show ``record`` as ``name``'s (added when new): only its lanes whose events changed
        are regrouped and redrawn (a decision changes a few events of one record)."""
        number = next((i for i, (n, _r) in enumerate(self.records) if n == name), None)
        if number is None:
            self.set_records([*self.records, (name, record)], self.duration_ms)
            return
        before = {e.id: e for e in self.records[number][1].events}
        self.records[number] = (name, record)
        if any((e.end_ms or e.start_ms) > self.duration_ms for e in record.events):
            self.set_records(self.records, self.duration_ms)
            return
        # the rows of the events that are new, changed or gone (values: unchanged ones are the same)
        changed: list[Event] = []
        for event in record.events:
            old = before.pop(event.id, None)
            if old is not event:
                changed += [event] if old is None else [event, old]
        rows = {self.scheme.stream_of(e.code) for e in [*changed, *before.values()]}
        grouped = self._grouped(record, rows)
        for row in rows:
            key = (number, row)
            lane = grouped.get(row)
            if lane != self._lanes.get(key):
                self._dirty.add(key)
                if lane is None:
                    self._lanes.pop(key, None)
                else:
                    self._lanes[key] = lane
        self.update()

    def _grouped(
        self, record: AnnotationSet, rows: set[str] | None = None
    ) -> dict[str, list[tuple[QColor, int, int | None, bool]]]:
        """One record's events per row (``rows`` only, when given), with what drawing needs
        (colour, start, end, point)."""
        looks = {c.id: (QColor(c.color or "#808080"), c.kind.value == "point", self.scheme.stream_of(c.id))
                 for c in self.scheme.codes if rows is None or self.scheme.stream_of(c.id) in rows}
        lanes: dict[str, list[tuple[QColor, int, int | None, bool]]] = {}
        for event in record.events:
            look = looks.get(event.code)
            if look is None:
                continue
            color, point, row = look
            lanes.setdefault(row, []).append((color, event.start_ms, event.end_ms, point and event.end_ms is None))
        return lanes

    def _group(self) -> None:
        """Each record's events per row."""
        self._lanes = {
            (number, row): lane
            for number, (_name, record) in enumerate(self.records)
            for row, lane in self._grouped(record).items()
        }
        self._dirty = set()
        self._still = None

    def set_mark(self, start_ms: int | None, end_ms: int | None = None) -> None:
        """Highlight media time ``start_ms``..``end_ms`` (a line when they are equal; None: none)."""
        self.mark = None if start_ms is None else (start_ms, end_ms if end_ms is not None else start_ms)
        self.update()

    def set_playhead(self, ms: int | None) -> None:
        """Where the video is (a line across the tracks)."""
        if ms != self.playhead_ms:
            self.playhead_ms = ms
            self.update()

    def rows(self) -> list[str]:
        return self.scheme.rows()

    def sizeHint(self) -> QSize:
        lanes = max(1, len(self.records))
        height = SEGMENT_H + 4 + len(self.rows()) * (lanes * LANE_H + ROW_GAP)
        return QSize(600, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def _x(self, ms: int) -> float:
        width = max(1, self.width() - LABEL_W - 6)
        return LABEL_W + width * ms / self.duration_ms

    def paintEvent(self, _event: QPaintEvent) -> None:
        key = (self.width(), self.height(), self.duration_ms, id(self.scheme), len(self.records))
        if self._still is not None and key == self._still_key and self._dirty:
            still = QPainter(self._still)
            try:
                for number, row in self._dirty:
                    self._repaint_lane(still, number, row)
            finally:
                still.end()
        self._dirty = set()
        if self._still is None or key != self._still_key:
            ratio = self.devicePixelRatioF()
            self._still = QImage(self.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            self._still.setDevicePixelRatio(ratio)
            still = QPainter(self._still)
            try:
                self._paint_tracks(still)
            finally:
                still.end()
            self._still_key = key
        painter = QPainter(self)
        painter.drawImage(0, 0, self._still)
        if self.mark is not None:
            x0, x1 = self._x(self.mark[0]), self._x(self.mark[1])
            painter.fillRect(QRectF(x0 - 1, 0, max(2.0, x1 - x0 + 2), self.height()), QColor(255, 170, 0, 60))
            painter.setPen(QPen(QColor(200, 110, 0), 1))
            painter.drawLine(int(x0), 0, int(x0), self.height())
        if self.playhead_ms is not None:
            x = self._x(self.playhead_ms)
            painter.setPen(QPen(QColor("#D7263D"), 2))
            painter.drawLine(int(x), 0, int(x), self.height())
        painter.end()

    def _paint_tracks(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), self.palette().base())
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() * 0.9))
        painter.setFont(small)
        text_color = self.palette().text().color()
        if self.records:
            self._paint_segments(painter, self.records[0][1])
        y = SEGMENT_H + 4
        for row in self.rows():
            stream = self.scheme.stream(row)
            code = self.scheme.code(row)
            label = (stream.label if stream else None) or (code.label if code else None) or row
            painter.setPen(text_color)
            painter.drawText(
                QRectF(2, y, LABEL_W - 50, LANE_H * max(1, len(self.records))),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            for lane, (name, _record) in enumerate(self.records):
                top = y + lane * LANE_H
                painter.fillRect(
                    QRectF(LABEL_W, top + 1, self.width() - LABEL_W - 6, LANE_H - 2),
                    QColor(0, 0, 0, 12 if lane % 2 == 0 else 22),
                )
                self._paint_lane(painter, lane, row, top)
                painter.setPen(QColor(120, 120, 120))
                painter.drawText(
                    QRectF(LABEL_W - 48, top, 44, LANE_H),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, 44),
                )
            y += max(1, len(self.records)) * LANE_H + ROW_GAP

    def _lane_top(self, number: int, row: str) -> int:
        return SEGMENT_H + 4 + self.rows().index(row) * (max(1, len(self.records)) * LANE_H + ROW_GAP) + number * LANE_H

    def _repaint_lane(self, painter: QPainter, number: int, row: str) -> None:
        """Record ``number``'s lane of ``row`` in the still image, wiped and drawn again."""
        top = self._lane_top(number, row)
        band = QRectF(LABEL_W, top + 1, self.width() - LABEL_W - 6, LANE_H - 2)
        painter.fillRect(band, self.palette().base())
        painter.fillRect(band, QColor(0, 0, 0, 12 if number % 2 == 0 else 22))
        painter.setClipRect(band)
        self._paint_lane(painter, number, row, top)
        painter.setClipping(False)

    def _paint_segments(self, painter: QPainter, record: AnnotationSet) -> None:
        for index, segment in enumerate(record.segments):
            x0, x1 = self._x(segment.start_ms), self._x(segment.end_ms)
            shade = QColor(70, 110, 160, 40 if index % 2 == 0 else 70)
            painter.fillRect(QRectF(x0, 1, x1 - x0, SEGMENT_H), shade)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(x0 + 2, 1, max(0.0, x1 - x0 - 4), SEGMENT_H),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                (d.label if (d := self.scheme.segment(segment.segment)) is not None and d.label else segment.segment),
            )

    def _paint_lane(self, painter: QPainter, number: int, row: str, top: int) -> None:
        width = max(1, self.width() - LABEL_W - 6)
        scale = width / self.duration_ms
        for color, start, end, point in self._lanes.get((number, row), ()):
            x0 = LABEL_W + start * scale
            if point:
                painter.setPen(QPen(color.darker(130), 2))
                painter.drawLine(int(x0), top + 1, int(x0), top + LANE_H - 1)
                continue
            x1 = LABEL_W + (end if end is not None else self.duration_ms) * scale
            painter.fillRect(QRectF(x0, top + 2, max(1.5, x1 - x0), LANE_H - 4), color)
