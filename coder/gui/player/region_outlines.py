"""Regions (mother, infant …) drawn as outlines with their names over a video frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

if TYPE_CHECKING:  # the player stays free of the measuring code (and OpenCV) at run time
    from coder.assist.motion import Region

COLOURS = ("#F28E2B", "#59A14F", "#4E79A7", "#E15759", "#B07AA1", "#EDC948")
HANDLE = 8  # px: the corner square that resizes the selected region


def region_colour(index: int) -> QColor:
    return QColor(COLOURS[index % len(COLOURS)])


def paint_outlines(painter: QPainter, target: QRectF, regions: Sequence[Region],
                   selected: str | None = None) -> None:
    """Each region as an outline with its name, inside ``target`` (where the frame is drawn)."""
    for index, region in enumerate(regions):
        rect = QRectF(target.x() + region.x * target.width(), target.y() + region.y * target.height(),
                      region.w * target.width(), region.h * target.height())
        colour = region_colour(index)
        chosen = region.name == selected
        painter.setPen(QPen(colour, 3 if chosen else 2, Qt.PenStyle.SolidLine if chosen else Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        label = QRectF(rect.x() + 2, rect.y() + 2, max(40.0, rect.width() - 4), 18)
        painter.fillRect(QRectF(label.x(), label.y(), painter.fontMetrics().horizontalAdvance(region.name) + 8, 18),
                         QColor(0, 0, 0, 150))
        painter.setPen(colour)
        painter.drawText(label.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, region.name)
        if chosen:
            painter.fillRect(QRectF(rect.right() - HANDLE, rect.bottom() - HANDLE, HANDLE, HANDLE), colour)
